'use strict'
// veeva-vault-auth for Node.js: a thin, Promise-based layer over the native addon (src/*.rs,
// loaded by lib/binding.js through the generated native.js). lib/args.js checks JS types and
// wires AbortSignal, lib/errors.js turns native failures into VaultError (the only place that
// does), lib/results.js shapes results and keeps tokens out of every rendering. All HTTP and
// every value rule live in the Rust core.

const { inspect } = require('node:util')
const native = require('./lib/binding.js')
const { VaultError, AbortError, settle, typeError } = require('./lib/errors.js')
const { pick, split, required, stringList, withSignal } = require('./lib/args.js')
const { AccessToken, tokenInfos, tokenInfo, revokeReport, rotation, userInfo } = require('./lib/results.js')

const ERROR_CODES = Object.freeze(native.errorCodes())
const READ_ONLY = true

// The native client for the next `new VaultClient()`: set by the logins and the one-off function
// just before they construct one (synchronously), consumed by the constructor.
let adopting = null

function adopt(nativeClient) {
  adopting = nativeClient
  return new VaultClient()
}

/** A Vault API client. Reuse one: it keeps connections alive and serves concurrent calls. */
class VaultClient {
  #native

  constructor(options) {
    if (adopting !== null) {
      this.#native = adopting
      adopting = null
      return
    }
    const opts = pick('options', options, 'client')
    this.#native = settle(native.NativeClient.create(opts))
  }

  /** Logs in with a user name and password and resolves to a client holding the session. */
  static async login(options) {
    const { username, password, signal, ...clientOptions } = pick('options', options, 'login')
    required('options.username', username, 'string')
    required('options.password', password, 'string')
    const start = (cancel) => native.NativeClient.login(clientOptions, username, password, cancel)
    return adopt(settle(await withSignal(signal, start)))
  }

  /** Logs in with an identity provider's OAuth 2.0 / OIDC access token. */
  static async loginOAuth(options) {
    const { profileId, idpAccessToken, oauthClientId, loginUrl, signal, ...clientOptions } = pick('options', options, 'oauth')
    required('options.profileId', profileId, 'string')
    required('options.idpAccessToken', idpAccessToken, 'string')
    const args = { profileId, idpAccessToken, oauthClientId, loginUrl }
    const start = (cancel) => native.NativeClient.loginOauth(clientOptions, args, cancel)
    return adopt(settle(await withSignal(signal, start)))
  }

  /** Generates an API access token. Sent once, never retried: check err.outcomeUnknown before retrying. */
  async generateAccessToken(options) {
    const { signal, ...args } = pick('options', options, 'token')
    required('options.name', args.name, 'string')
    const data = await withSignal(signal, (cancel) => this.#native.generateAccessToken(args, cancel))
    return new AccessToken(settle(data))
  }

  /** One user's tokens (default: yours), active ones unless `includeInactive`; every page. */
  async listAccessTokens(options = {}) {
    const { signal, ...args } = pick('options', options, 'list')
    const data = await withSignal(signal, (cancel) => this.#native.listAccessTokens(args, cancel), READ_ONLY)
    return tokenInfos(settle(data))
  }

  /** One token's metadata by record id. */
  async getAccessTokenInfo(id, options = {}) {
    required('id', id, 'string')
    const { signal } = pick('options', options, 'call')
    const data = await withSignal(signal, (cancel) => this.#native.getAccessTokenInfo(id, cancel), READ_ONLY)
    return tokenInfo(settle(data))
  }

  /** Revokes tokens by record id; per-id outcomes in the report. A failure midway: err.partialRevoke. */
  async revokeAccessTokens(ids, options = {}) {
    const list = stringList('ids', ids)
    const { signal } = pick('options', options, 'call')
    const data = await withSignal(signal, (cancel) => this.#native.revokeAccessTokens(list, cancel))
    return revokeReport(settle(data))
  }

  /** Creates a token, then revokes `revoke`; resolves with the new token even if the revoke fails. */
  async rotateAccessToken(options) {
    const { signal, revoke, ...args } = pick('options', options, 'rotate')
    required('options.name', args.name, 'string')
    if (revoke === undefined) throw typeError('options.revoke must be an array of token ids ([] to revoke none)')
    const data = await withSignal(signal, (cancel) => this.#native.rotateAccessToken(args, revoke, cancel))
    return rotation(settle(data))
  }

  /** Active, never-used tokens of that user (default: you) named exactly `name`: what a lost create may have left. */
  async findOrphanedTokens(options) {
    const { signal, ...args } = pick('options', options, 'orphans')
    required('options.name', args.name, 'string')
    const data = await withSignal(signal, (cancel) => this.#native.findOrphanedTokens(args, cancel), READ_ONLY)
    return tokenInfos(settle(data))
  }

  /** Keeps the session alive. */
  async keepAlive(options = {}) {
    const { signal } = pick('options', options, 'call')
    settle(await withSignal(signal, (cancel) => this.#native.keepAlive(cancel)))
  }

  /** The authenticated user. */
  async whoami(options = {}) {
    const { signal } = pick('options', options, 'call')
    return userInfo(settle(await withSignal(signal, (cancel) => this.#native.whoami(cancel), READ_ONLY)))
  }

  /** Ends the session; afterwards this client refuses every call (invalid_argument, nothing sent). */
  async logout(options = {}) {
    const { signal } = pick('options', options, 'call')
    settle(await withSignal(signal, (cancel) => this.#native.logout(cancel)))
  }

  /** The API versions this Vault offers, oldest first (e.g. ['v25.3', 'v26.1', 'v26.2']). */
  async apiVersions(options = {}) {
    const { signal } = pick('options', options, 'call')
    const data = await withSignal(signal, (cancel) => this.#native.apiVersions(cancel), READ_ONLY)
    return Object.freeze([...settle(data)])
  }

  /** The client's API version (e.g. 'v26.2') if this Vault offers it; else a not_found_or_unsupported VaultError. */
  async checkApiVersion(options = {}) {
    const { signal } = pick('options', options, 'call')
    return settle(await withSignal(signal, (cancel) => this.#native.checkApiVersion(cancel), READ_ONLY))
  }

  /** The API version calls use, e.g. 'v26.2'. */
  get apiVersion() {
    return this.#native.apiVersion
  }

  /** `true` once `logout` succeeded. */
  get isLoggedOut() {
    return this.#native.isLoggedOut
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

/** One-off: builds a client from the options, generates one token. Reuse a VaultClient for more. */
async function generateAccessToken(options) {
  const opts = pick('options', options, 'oneOff')
  const client = adopt(settle(await native.NativeClient.createAsync(split(opts, 'client'))))
  return client.generateAccessToken(split(opts, 'token'))
}

module.exports = {
  VaultClient,
  VaultError,
  AbortError,
  AccessToken,
  generateAccessToken,
  ERROR_CODES,
}
