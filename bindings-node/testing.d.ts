// Typings of veeva-vault-auth/testing (hand-written; compiled by the tests under tsc --strict).

/** A user of the mock's fixtures (see the mock's README for what each can do). */
export interface MockUser {
  readonly id: string
  readonly username: string
  readonly password: string
  /** May create tokens for other users (and see and revoke every token). */
  readonly admin: boolean
  /** A VeevaID user: cannot have API access tokens. */
  readonly veevaId: boolean
  /** The Vault error type a login fails with (`'USER_LOCKED_OUT'`, …), or `null`. */
  readonly loginError: string | null
  /** Longest token lifetime in days (an expiry is then required), or `null` for no limit. */
  readonly maxTokenDays: number | null
}

/** A token the mock minted (never its value). */
export interface MockToken {
  readonly id: string
  readonly userId: string
  readonly vaultId: string
  readonly name: string
  readonly expiry: Date | null
  /** `false` once revoked. */
  readonly active: boolean
  readonly revoked: boolean
  readonly lastUsed: Date | null
}

/** An API request the mock received. */
export interface MockRequest {
  readonly method: string
  /** Percent-encoded, as sent. */
  readonly path: string
  readonly query: string | null
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** `'drop'`: close the connection unanswered. `'drop_after'`: handle the request for real, then close unanswered. */
export type MockFault = 'drop' | 'drop_after'

/** A scripted answer (the mock's `POST /__mock/script` format, with camelCase names). */
export interface MockScript {
  /** HTTP status (default 200; Vault answers 200 even on failure). */
  status?: number
  /** Response headers, exactly as written: `[['X-VaultAPI-ExecutionId', 'e-1']]`. */
  headers?: ReadonlyArray<readonly [string, string]>
  /** A JSON body, or a string sent as is. Absent: the mock answers for real (after `delayMs`). */
  body?: unknown
  fault?: MockFault
  /** Wait this long before answering. */
  delayMs?: number
  /** Answer, then close the connection without saying so. */
  closeAfter?: boolean
  /** On a query answer, set `responseDetails.next_page` to this. */
  nextPage?: string
  /** Gzip the body. */
  gzip?: boolean
  /** Repeat a string body this many times. */
  repeat?: number
}

/** The project's mock Vault, in this process on a free loopback port. */
export declare class MockVault {
  private constructor()
  /** Starts one with the default fixtures. Stop it with `close()`. */
  static start(): Promise<MockVault>
  /** `http://127.0.0.1:PORT`: pass it as `baseUrl` (and, for OAuth, `loginUrl`). */
  readonly baseUrl: string
  /** The fixed session id of the admin user (12345). */
  readonly adminSession: string
  /** The fixtures' Vault (`myvault.veevavault.com`): pass it as `vaultDns`. */
  readonly vaultDns: string
  /** The fixtures' users; every password is `'mock-password'`. */
  readonly users: readonly MockUser[]
  /** Tokens minted since the start or the last reset, revoked ones included. */
  tokens(): readonly MockToken[]
  /** API requests received since the start or the last reset. */
  requests(): readonly MockRequest[]
  /** Scripts the answer to the next API request (an array: to the next ones in turn). */
  failNext(script: MockFault | MockScript | ReadonlyArray<MockFault | MockScript>): void
  /** Back to the fixtures: no tokens, requests or scripts; ended sessions restored. */
  reset(): void
  /** Stops the mock; later calls on it throw. Idempotent. */
  close(): Promise<void>
}
