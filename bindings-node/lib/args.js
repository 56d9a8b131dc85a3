'use strict'
// JS arguments → native arguments: JS types are checked here (TypeError), unknown option keys
// are invalid_argument, and every value rule is left to the core. Also wires AbortSignal to
// the native call.

const native = require('./binding.js')
const { AbortError, invalid, typeError } = require('./errors.js')

const CONNECTION_OPTIONS = {
  vaultDns: 'string',
  baseUrl: 'string',
  apiVersion: 'string',
  clientId: 'string',
  timeoutMs: 'number',
  connectTimeoutMs: 'number',
  caFile: 'string',
  bodyFormat: 'string',
  allowInsecureHttp: 'boolean',
  maxResponseBytes: 'number',
}
const CLIENT_OPTIONS = { ...CONNECTION_OPTIONS, sessionId: 'string', accessToken: 'string' }
const SIGNAL_OPTIONS = { signal: 'signal' }
const SCHEMAS = {
  client: CLIENT_OPTIONS,
  login: { ...CLIENT_OPTIONS, username: 'string', password: 'string', ...SIGNAL_OPTIONS },
  oauth: {
    ...CLIENT_OPTIONS,
    profileId: 'string',
    idpAccessToken: 'string',
    oauthClientId: 'string',
    loginUrl: 'string',
    ...SIGNAL_OPTIONS,
  },
  token: { userId: 'string', name: 'string', expiryDate: 'expiry', sandbox: 'string', ...SIGNAL_OPTIONS },
  rotate: { userId: 'string', name: 'string', expiryDate: 'expiry', sandbox: 'string', revoke: 'ids', ...SIGNAL_OPTIONS },
  list: { userId: 'string', name: 'string', includeInactive: 'boolean', ...SIGNAL_OPTIONS },
  orphans: { userId: 'string', sandbox: 'string', name: 'string', ...SIGNAL_OPTIONS },
  call: SIGNAL_OPTIONS,
}
SCHEMAS.oneOff = { ...CLIENT_OPTIONS, ...SCHEMAS.token }

function isAbortSignal(s) {
  return (
    s !== null &&
    typeof s === 'object' &&
    typeof s.aborted === 'boolean' &&
    typeof s.addEventListener === 'function' &&
    typeof s.removeEventListener === 'function'
  )
}

/** Ids as an array of strings: any iterable of strings, but never a bare string (30 one-letter ids). */
function stringList(what, value) {
  if (typeof value === 'string' || value === null || typeof value !== 'object' || typeof value[Symbol.iterator] !== 'function') {
    throw typeError(`${what} must be an array (or other iterable) of strings`)
  }
  const out = Array.from(value)
  out.forEach((id, i) => {
    if (typeof id !== 'string') throw typeError(`${what}[${i}] must be a string`)
  })
  return out
}

// Checks JS types (TypeError) and unknown keys (invalid_argument); values are the core's business.
function pick(what, options, schemaName) {
  const schema = SCHEMAS[schemaName]
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
    } else if (kind === 'ids') {
      out[key] = stringList(`${what}.${key}`, value)
    } else if (typeof value !== kind) {
      throw typeError(`${what}.${key} must be a ${kind}`)
    } else {
      out[key] = value
    }
  }
  return out
}

/** The keys of `options` that a schema knows. */
function split(options, schemaName) {
  const part = {}
  for (const key of Object.keys(SCHEMAS[schemaName])) if (key in options) part[key] = options[key]
  return part
}

function required(what, value, kind) {
  if (typeof value !== kind) throw typeError(`${what} must be a ${kind}`)
  return value
}

/**
 * Runs `start(cancel)` (a native call) and rejects with an AbortError as soon as the signal
 * fires, dropping the native call. `readOnly`: the call only reads, so an abort under way
 * leaves nothing unknown (as the core says of its read-only calls).
 */
function withSignal(signal, start, readOnly = false) {
  if (signal === undefined) return start(null)
  if (signal.aborted) return Promise.reject(new AbortError(signal, 'unsent'))
  const cancel = new native.CancelToken()
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel.cancel()
      reject(new AbortError(signal, readOnly ? 'readOnly' : 'unknown'))
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

module.exports = { pick, split, required, stringList, withSignal }
