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

/** Options of every call: an `AbortSignal` (the promise rejects with an {@link AbortError}). */
export interface CallOptions {
  signal?: AbortSignal
}

/** Options of `VaultClient.login(...)`. */
export interface LoginOptions extends ConnectionOptions, CallOptions {
  username: string
  password: string
}

/** Options of `VaultClient.loginOAuth(...)`. */
export interface OAuthLoginOptions extends ConnectionOptions, CallOptions {
  /** The OAuth 2.0 / OIDC profile's id in Vault. */
  profileId: string
  /** The identity provider's access token (a secret: never shown in errors). */
  idpAccessToken: string
  /** The OAuth client id Vault introspects the token with (not the `X-VaultAPI-ClientID` of `clientId`). */
  oauthClientId?: string
  /** The login host (default `https://login.veevavault.com`); same rules as `baseUrl`. */
  loginUrl?: string
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

/** What `rotateAccessToken` creates (as for {@link TokenOptions}, but no `userId` means `'me'`) and revokes. */
export interface RotateOptions extends Omit<TokenOptions, 'userId'> {
  /** A user id, or `'me'` (the default). */
  userId?: string
  /** Record ids of the tokens to revoke once the new one exists (`[]`: none). Any iterable but a string. */
  revoke: Iterable<string>
}

/** Which tokens `listAccessTokens` returns. */
export interface ListOptions extends CallOptions {
  /** A user id, or `'me'` (the default). */
  userId?: string
  /** Only tokens named exactly this. */
  name?: string
  /** Also list inactive (expired) tokens; revoked ones no longer exist. Default `false`. */
  includeInactive?: boolean
}

/** Whose orphans `findOrphanedTokens` looks for. */
export interface OrphanOptions extends CallOptions {
  /** A user id, or `'me'` (the default). A `sandbox` is refused: its tokens live in the sandbox. */
  userId?: string
  sandbox?: string
  /** The exact name the lost create used. */
  name: string
}

/** An existing token's metadata (never its value). */
export interface TokenInfo {
  /** The record id, as `revokeAccessTokens` takes it. */
  readonly id: string
  readonly name: string
  readonly userId: string
  /** `status__v`, e.g. `'active__v'` or `'inactive__v'` (expired). */
  readonly status: string
  /** `null`: never expires. */
  readonly expiry: Date | null
  /** `null`: never used. */
  readonly lastUsed: Date | null
  readonly isActive: boolean
}

/** One id Vault did not revoke, and why. */
export interface RevokeFailure {
  readonly id: string
  readonly errors: readonly VaultMessage[]
}

/** What happened to each id of a revoke: every id is in exactly one list, in the order given. */
export interface RevokeReport {
  /** Revoked: these tokens no longer work. */
  readonly revoked: readonly string[]
  /** Refused by Vault (per row or as a batch): unchanged. */
  readonly failed: readonly RevokeFailure[]
  /** Sent, but no readable answer came back: list or retrieve them to know. */
  readonly unknown: readonly string[]
  /** Never sent, because an earlier batch failed: unchanged. */
  readonly notSent: readonly string[]
  /** Every id revoked. */
  readonly isComplete: boolean
}

/** A rotation. Store `token` first: it is there even when the revoke failed. */
export interface Rotation {
  readonly token: AccessToken
  readonly revoked: RevokeReport
  /** What stopped the revoke, if something did (a refused row is not an error: see `revoked.failed`). */
  readonly revokeError: VaultError | null
  /** Created, and every old id revoked. */
  readonly isComplete: boolean
}

/** The authenticated user (`GET /objects/users/me`); `null` where Vault gave no value. */
export interface UserInfo {
  readonly id: string
  readonly username: string
  readonly firstName: string | null
  readonly lastName: string | null
  readonly email: string | null
  readonly timezone: string | null
  readonly locale: string | null
  readonly securityProfile: string | null
  readonly licenseType: string | null
  readonly active: boolean | null
  readonly metadata: ResponseMetadata
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
  /**
   * For a revoke that failed after its ids were checked: what happened to every id, including
   * those earlier batches revoked. `null` for other errors.
   */
  readonly partialRevoke: RevokeReport | null
}

/**
 * A call aborted through its `signal`. `cause` is `signal.reason`. `outcomeUnknown` is `true` when
 * a call that changes something was already under way: the request may have reached Vault and
 * taken effect (created a token, revoked some). Aborted reads (list, get, orphans, whoami,
 * versions) are never outcome-unknown.
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
  /** Logs in with an identity provider's OAuth 2.0 / OIDC access token (`POST {loginUrl}/auth/oauth/session/{profileId}`). */
  static loginOAuth(options: OAuthLoginOptions): Promise<VaultClient>
  /** Generates an API access token. Sent once, never retried. */
  generateAccessToken(options: TokenOptions): Promise<AccessToken>
  /** One user's tokens (default: yours), active ones unless `includeInactive`, every page followed. */
  listAccessTokens(options?: ListOptions): Promise<readonly TokenInfo[]>
  /** One token's metadata by record id; an unknown id is `invalid_request`. */
  getAccessTokenInfo(id: string, options?: CallOptions): Promise<TokenInfo>
  /**
   * Revokes tokens by record id (batches of 500). Refused rows are in `failed`, not an error; a
   * batch that fails as a whole rejects with a {@link VaultError} whose `partialRevoke` says
   * what happened to every id. An empty list sends nothing; a repeated id is `invalid_argument`.
   */
  revokeAccessTokens(ids: Iterable<string>, options?: CallOptions): Promise<RevokeReport>
  /** Creates a token, then revokes `revoke`. Once created, the token is always returned. */
  rotateAccessToken(options: RotateOptions): Promise<Rotation>
  /** Active, never-used tokens named exactly `name`: what a create with an unknown outcome may have left. */
  findOrphanedTokens(options: OrphanOptions): Promise<readonly TokenInfo[]>
  /** Keeps the session alive. */
  keepAlive(options?: CallOptions): Promise<void>
  /** The authenticated user. */
  whoami(options?: CallOptions): Promise<UserInfo>
  /** Ends the session; afterwards every call on this client is refused locally (`invalid_argument`). */
  logout(options?: CallOptions): Promise<void>
  /** The API versions this Vault offers, oldest first; the newest may be a Beta. */
  apiVersions(options?: CallOptions): Promise<readonly string[]>
  /** The client's API version (e.g. `'v26.2'`) if this Vault offers it; else `not_found_or_unsupported`. */
  checkApiVersion(options?: CallOptions): Promise<string>
  /** The API version calls use, e.g. `'v26.2'`. */
  readonly apiVersion: string
  /** `true` once `logout` succeeded. */
  readonly isLoggedOut: boolean
  /** The session a login made, or `null` for a client built from a credential. */
  readonly session: SessionInfo | null
}

/** One-off: a client from the options, one token. Reuse a {@link VaultClient} for more. */
export declare function generateAccessToken(options: ClientOptions & TokenOptions): Promise<AccessToken>
