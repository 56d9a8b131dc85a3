'use strict'
// veeva-vault-auth for Node.js: a thin, Promise-based layer over the native addon (src/*.rs,
// loaded through the generated native.js). It checks JS types, turns native failures into
// VaultError (in toVaultError, the only place that does), keeps tokens out of every rendering
// and wires AbortSignal to the native call. All HTTP and every value rule live in the Rust core.

const { inspect } = require('node:util')
const native = require('./native.js')

const ERROR_CODES = Object.freeze(native.errorCodes())

const CLIENT_OPTIONS = {
  vaultDns: 'string',
  baseUrl: 'string',
  sessionId: 'string',
  accessToken: 'string',
  apiVersion: 'string',
  clientId: 'string',
  timeoutMs: 'number',
  connectTimeoutMs: 'number',
  caFile: 'string',
  bodyFormat: 'string',
  allowInsecureHttp: 'boolean',
  maxResponseBytes: 'number',
}
const LOGIN_OPTIONS = { ...CLIENT_OPTIONS, username: 'string', password: 'string' }
const TOKEN_OPTIONS = {
  userId: 'string',
  name: 'string',
  expiryDate: 'expiry',
  sandbox: 'string',
  signal: 'signal',
}
const ONE_OFF_OPTIONS = { ...CLIENT_OPTIONS, ...TOKEN_OPTIONS }

/** Every error of this library (except aborts, which are AbortErrors). */
class VaultError extends Error {
  constructor(message, fields = {}) {
    super(message)
    this.name = 'VaultError'
    this.code = fields.code ?? 'internal_error'
    this.vaultErrors = fields.vaultErrors ?? []
    this.httpStatus = fields.httpStatus ?? null
    this.executionId = fields.executionId ?? null
    this.outcomeUnknown = fields.outcomeUnknown ?? false
    this.metadata = fields.metadata ?? metadata(undefined)
  }
}

/** An aborted call: `name` 'AbortError', `code` 'ABORT_ERR' (as Node's own), `cause` = signal.reason. */
class AbortError extends Error {
  constructor(signal, outcomeUnknown) {
    super(
      outcomeUnknown
        ? 'The call was aborted; the request may already have reached Vault, so a token may exist (outcome unknown)'
        : 'The call was aborted before anything was sent',
      { cause: signal.reason },
    )
    this.name = 'AbortError'
    this.code = 'ABORT_ERR'
    this.outcomeUnknown = outcomeUnknown
  }
}

function metadata(m) {
  return Object.freeze({
    executionId: m?.executionId ?? null,
    burstLimit: m?.burstLimit ?? null,
    burstLimitRemaining: m?.burstLimitRemaining ?? null,
    responseDelayMs: m?.responseDelayMs ?? null,
    status: m?.status ?? null,
  })
}

function messages(list) {
  return Object.freeze(list.map((m) => Object.freeze({ type: m.type, message: m.message })))
}

// The one translation of a native failure into a VaultError.
function toVaultError(e) {
  const meta = metadata(e.metadata)
  return new VaultError(e.message, {
    code: e.code,
    vaultErrors: messages(e.vaultErrors),
    httpStatus: e.httpStatus ?? null,
    executionId: meta.executionId,
    outcomeUnknown: e.outcomeUnknown,
    metadata: meta,
  })
}

function invalid(message) {
  return new VaultError(`invalid_argument: ${message}`, { code: 'invalid_argument' })
}

function settle(outcome) {
  if (outcome !== null && typeof outcome === 'object' && outcome.error !== undefined) {
    throw toVaultError(outcome.error)
  }
  return outcome
}

function typeError(message) {
  const err = new TypeError(message)
  err.code = 'ERR_INVALID_ARG_TYPE'
  return err
}

function isAbortSignal(s) {
  return (
    s !== null &&
    typeof s === 'object' &&
    typeof s.aborted === 'boolean' &&
    typeof s.addEventListener === 'function' &&
    typeof s.removeEventListener === 'function'
  )
}

// Checks JS types (TypeError) and unknown keys (invalid_argument); values are the core's business.
function pick(what, options, schema) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(`${what} must be an object`)
  }
  const out = {}
  for (const key of Object.keys(options)) {
    const kind = schema[key]
    if (kind === undefined) throw invalid(`unknown option ${JSON.stringify(key)} in ${what}`)
    const value = options[key]
    if (value === undefined || value === null) continue
    if (kind === 'expiry') {
      if (value instanceof Date) {
        // An invalid Date goes on as text for the core to reject like any bad expiry.
        out[key] = Number.isNaN(value.getTime()) ? String(value) : value.toISOString()
      } else if (typeof value === 'string') {
        out[key] = value
      } else {
        throw typeError(`${what}.${key} must be a Date or an ISO 8601 string`)
      }
    } else if (kind === 'signal') {
      if (!isAbortSignal(value)) throw typeError(`${what}.${key} must be an AbortSignal`)
      out[key] = value
    } else if (typeof value !== kind) {
      throw typeError(`${what}.${key} must be a ${kind}`)
    } else {
      out[key] = value
    }
  }
  return out
}

function split(options, schema) {
  const part = {}
  for (const key of Object.keys(schema)) if (key in options) part[key] = options[key]
  return part
}

// The native client for the next `new VaultClient()`: set by login and the one-off function just
// before they construct one (synchronously), consumed by the constructor.
let adopting = null

/** A Vault API client. Reuse one: it keeps connections alive and serves concurrent calls. */
class VaultClient {
  #native

  constructor(options) {
    if (adopting !== null) {
      this.#native = adopting
      adopting = null
      return
    }
    const opts = pick('options', options, CLIENT_OPTIONS)
    this.#native = settle(native.NativeClient.create(opts))
  }

  /** Logs in with a user name and password and resolves to a client holding the session. */
  static async login(options) {
    const opts = pick('options', options, LOGIN_OPTIONS)
    const { username, password, ...clientOptions } = opts
    if (username === undefined) throw typeError('options.username must be a string')
    if (password === undefined) throw typeError('options.password must be a string')
    adopting = settle(await native.NativeClient.login(clientOptions, username, password))
    return new VaultClient()
  }

  /** Generates an API access token. Sent once, never retried: check err.outcomeUnknown before retrying. */
  async generateAccessToken(options) {
    const { signal, ...args } = pick('options', options, TOKEN_OPTIONS)
    if (typeof args.name !== 'string') throw typeError('options.name must be a string')
    const client = this.#native
    const data = await withSignal(signal, (cancel) => client.generateAccessToken(args, cancel))
    return new AccessToken(settle(data))
  }

  /** The API version calls use, e.g. 'v26.2'. */
  get apiVersion() {
    return this.#native.apiVersion
  }

  /** `{ userId, vaultId, vaultDns }` of the session a login made, or null. Never the session id. */
  get session() {
    const s = this.#native.session
    if (s == null) return null
    return Object.freeze({ userId: s.userId ?? null, vaultId: s.vaultId ?? null, vaultDns: s.vaultDns ?? null })
  }

  [inspect.custom](depth, options, inspectFn) {
    const shown = { apiVersion: this.apiVersion, session: this.session }
    return `VaultClient ${(inspectFn ?? inspect)(shown, options)}`
  }
}

// Rejects with an AbortError as soon as the signal fires and drops the native call.
function withSignal(signal, start) {
  if (signal === undefined) return start(null)
  if (signal.aborted) return Promise.reject(new AbortError(signal, false))
  const cancel = new native.CancelToken()
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel.cancel()
      reject(new AbortError(signal, true))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    start(cancel).then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

const REDACTED = '[REDACTED]'

/** A new API access token. Read the secret through `token`; no rendering of the object shows it. */
class AccessToken {
  #token

  constructor(data) {
    this.id = data.id
    this.#token = data.token
    this.warnings = messages(data.warnings)
    this.metadata = metadata(data.metadata)
    Object.freeze(this)
  }

  /** The token (`veeva-vault-…`): shown once by Vault, store it safely. */
  get token() {
    return this.#token
  }

  toJSON() {
    return { id: this.id, token: REDACTED, warnings: this.warnings, metadata: this.metadata }
  }

  toString() {
    return `AccessToken(${this.id})`
  }

  [inspect.custom](depth, options, inspectFn) {
    return `AccessToken ${(inspectFn ?? inspect)(this.toJSON(), options)}`
  }
}

/** One-off: builds a client from the options, generates one token. Reuse a VaultClient for more. */
async function generateAccessToken(options) {
  const opts = pick('options', options, ONE_OFF_OPTIONS)
  adopting = settle(await native.NativeClient.createAsync(split(opts, CLIENT_OPTIONS)))
  return new VaultClient().generateAccessToken(split(opts, TOKEN_OPTIONS))
}

module.exports = {
  VaultClient,
  VaultError,
  AbortError,
  AccessToken,
  generateAccessToken,
  ERROR_CODES,
}
