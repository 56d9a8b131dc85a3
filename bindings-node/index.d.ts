// Typings of veeva-vault-auth (hand-written over the generated native.d.ts; the tests check
// them against the addon and compile a usage example with tsc).

/** The core's stable error codes (`err.code`). */
export type VaultErrorCode =
  | 'invalid_argument'
  | 'authentication_failed'
  | 'invalid_session'
  | 'permission_denied'
  | 'invalid_request'
  | 'operation_not_allowed'
  | 'not_found_or_unsupported'
  | 'rate_limited'
  | 'server_error'
  | 'vault_error'
  | 'wrong_vault'
  | 'http_status'
  | 'connect_failed'
  | 'timeout'
  | 'transport_failed'
  | 'decode_failed'
  | 'redirect_refused'
  | 'tls_failed'
  | 'internal_error'

/** Every code of {@link VaultErrorCode}, in the core's order. */
export declare const ERROR_CODES: readonly VaultErrorCode[]

/** Where Vault is and how calls behave. Give `vaultDns` or `baseUrl` (or both). */
export interface ConnectionOptions {
  /** The Vault's DNS name, e.g. `myvault.veevavault.com`; login checks the session is for it. */
  vaultDns?: string
  /** Send calls to this origin instead (a proxy, a mock): `{baseUrl}/api/{version}/…`. */
  baseUrl?: string
  /** `v<major>.<minor>`; default `v26.2` (token calls need v26.2 or later). */
  apiVersion?: string
  /** `X-VaultAPI-ClientID`: 1–100 of `[A-Za-z0-9._-]`; default `veeva-vault-auth-node-<version>`. */
  clientId?: string
  /** Total deadline per call in milliseconds (default 60000). */
  timeoutMs?: number
  /** Connect timeout in milliseconds (default 10000). */
  connectTimeoutMs?: number
  /** A PEM file of extra CA certificates to trust (the system store stays trusted). */
  caFile?: string
  /** How token requests are encoded (default `'form'`). */
  bodyFormat?: 'form' | 'json'
  /** Allow `http://` to non-loopback hosts (credentials then travel in clear text). */
  allowInsecureHttp?: boolean
  /** Largest response body read, in bytes (default 1 MiB). */
  maxResponseBytes?: number
}

/** Options of `new VaultClient(...)`: a connection and one credential. */
export type ClientOptions = ConnectionOptions &
  (
    | { /** A Vault session id. */ sessionId: string; accessToken?: undefined }
    | { /** An API access token (`veeva-vault-…`), sent as `Bearer`. */ accessToken: string; sessionId?: undefined }
  )

/** Options of `VaultClient.login(...)`. */
export interface LoginOptions extends ConnectionOptions {
  username: string
  password: string
}

/** What to create. `userId: 'me'` means the authenticated user; `sandbox` is always for them. */
export interface TokenOptions {
  /** A user id, or `'me'`. Required unless `sandbox` is given. */
  userId?: string
  /** `name__v` of the token. */
  name: string
  /** When the token expires: a `Date`, an ISO 8601 instant with `Z` or an offset, or `YYYY-MM-DD`. Omit for never. */
  expiryDate?: Date | string
  /** A sandbox name (as on *My Vaults*): create a token for the authenticated user there. */
  sandbox?: string
  /** Aborts the call (the promise rejects with an {@link AbortError}). */
  signal?: AbortSignal
}

/** One `{ type, message }` entry of Vault's `errors[]` or `warnings[]`. */
export interface VaultMessage {
  readonly type: string
  readonly message: string
}

/** Vault's `X-VaultAPI-*` response headers (`null` when absent). */
export interface ResponseMetadata {
  readonly executionId: string | null
  readonly burstLimit: number | null
  readonly burstLimitRemaining: number | null
  readonly responseDelayMs: number | null
  readonly status: string | null
}

/** The session a login made (never the session id). */
export interface SessionInfo {
  readonly userId: string | null
  readonly vaultId: string | null
  readonly vaultDns: string | null
}

/** A new API access token. `util.inspect`, `String()` and `JSON.stringify` never show the secret. */
export declare class AccessToken {
  private constructor()
  /** The token record's id. */
  readonly id: string
  /** The token (`veeva-vault-…`): shown once by Vault, store it safely. */
  get token(): string
  /** Vault's warnings (and `CLIENT_UNEXPECTED_TOKEN_FORMAT` if the token looks unusual). */
  readonly warnings: readonly VaultMessage[]
  readonly metadata: ResponseMetadata
  /** `{ id, token: '[REDACTED]', warnings, metadata }` */
  toJSON(): { id: string; token: '[REDACTED]'; warnings: readonly VaultMessage[]; metadata: ResponseMetadata }
  toString(): string
}

/** Every failure of this library except aborts. Branch on `code`, never on `message`. */
export declare class VaultError extends Error {
  readonly name: 'VaultError'
  readonly code: VaultErrorCode
  /** Every `errors[]` entry Vault sent, in order (echoed secrets masked). */
  readonly vaultErrors: readonly VaultMessage[]
  /** HTTP status of the response, or `null` when none arrived. */
  readonly httpStatus: number | null
  /** `X-VaultAPI-ExecutionId`: quote it in support tickets. */
  readonly executionId: string | null
  /**
   * `true` when the request may have reached Vault and a token may exist that you do not hold:
   * look it up before you create another.
   */
  readonly outcomeUnknown: boolean
  readonly metadata: ResponseMetadata
}

/**
 * A call aborted through its `signal`. `cause` is `signal.reason`. `outcomeUnknown` is `true` when
 * the call was already under way: the request may have reached Vault and created a token.
 */
export declare class AbortError extends Error {
  readonly name: 'AbortError'
  readonly code: 'ABORT_ERR'
  readonly outcomeUnknown: boolean
}

/** A Vault API client. Reuse one: it keeps connections alive and serves concurrent calls. */
export declare class VaultClient {
  /** @throws {VaultError} `invalid_argument` for a bad option; `TypeError` for a wrong JS type. */
  constructor(options: ClientOptions)
  /** Logs in (`POST /api/{version}/auth`); rejects with `wrong_vault` if Vault picks another Vault. */
  static login(options: LoginOptions): Promise<VaultClient>
  /** Generates an API access token. Sent once, never retried. */
  generateAccessToken(options: TokenOptions): Promise<AccessToken>
  /** The API version calls use, e.g. `'v26.2'`. */
  readonly apiVersion: string
  /** The session a login made, or `null` for a client built from a credential. */
  readonly session: SessionInfo | null
}

/** One-off: a client from the options, one token. Reuse a {@link VaultClient} for more. */
export declare function generateAccessToken(options: ClientOptions & TokenOptions): Promise<AccessToken>
