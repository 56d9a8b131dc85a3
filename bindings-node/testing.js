'use strict'
// veeva-vault-auth/testing: the mock Vault of this project (tests/mock-vault), running inside the
// addon on a free loopback port, for users' own tests (as moto is for AWS). The native side
// (src/testing.rs) is the mock crate itself; this file only shapes its answers for JS.

const native = require('./lib/binding.js')
const { settle, typeError } = require('./lib/errors.js')
const { date } = require('./lib/plain.js')

const CONSTRUCTING = Symbol('MockVault.start')

// JS spellings of the mock's script fields (POST /__mock/script); the mock's own names work too.
const SCRIPT_KEYS = { delayMs: 'delay_ms', closeAfter: 'close_after', nextPage: 'next_page' }

function script(item, what) {
  if (typeof item === 'string') return { fault: item }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw typeError(`${what} must be a fault name ('drop', 'drop_after') or a script object`)
  }
  const out = {}
  for (const [key, value] of Object.entries(item)) out[SCRIPT_KEYS[key] ?? key] = value
  return out
}

/** A mock Vault in this process. `await MockVault.start()`, then `await vault.close()`. */
class MockVault {
  #native

  constructor(token, nativeMock) {
    if (token !== CONSTRUCTING) {
      const err = new TypeError('use `await MockVault.start()`')
      err.code = 'ERR_ILLEGAL_CONSTRUCTOR' // as Node's own classes that cannot be constructed
      throw err
    }
    this.#native = nativeMock
    this.baseUrl = nativeMock.url
    this.adminSession = nativeMock.adminSession
    this.vaultDns = nativeMock.vaultDns
    this.users = Object.freeze(
      nativeMock.users().map((u) =>
        Object.freeze({
          id: u.id,
          username: u.username,
          password: u.password,
          admin: u.admin,
          veevaId: u.veevaId,
          loginError: u.loginError ?? null,
          maxTokenDays: u.maxTokenDays ?? null,
        }),
      ),
    )
    Object.freeze(this)
  }

  /** Starts a mock Vault with the default fixtures on 127.0.0.1 and a free port. */
  static async start() {
    return new MockVault(CONSTRUCTING, settle(native.NativeMockVault.start()))
  }

  /** Tokens minted since the start or the last reset, revoked ones included; never their values. */
  tokens() {
    return Object.freeze(
      settle(this.#native.tokens()).map((t) =>
        Object.freeze({
          id: t.id,
          userId: t.userId,
          vaultId: t.vaultId,
          name: t.name,
          expiry: date(t.expiry),
          active: t.active,
          revoked: t.revoked,
          lastUsed: date(t.lastUsed),
        }),
      ),
    )
  }

  /** API requests received since the start or the last reset (header names in lower case). */
  requests() {
    return Object.freeze(
      settle(this.#native.requests()).map((r) =>
        Object.freeze({
          method: r.method,
          path: r.path,
          query: r.query ?? null,
          headers: Object.freeze({ ...r.headers }),
          body: r.body,
        }),
      ),
    )
  }

  /**
   * Scripts the answer to the next API request: a fault name ('drop': close the connection
   * unanswered; 'drop_after': handle the request, then close unanswered), or a script
   * ({ status, headers, body, delayMs, closeAfter, nextPage, gzip, repeat, fault }), or an array
   * of them for the next requests in turn.
   */
  failNext(scripts) {
    const list = Array.isArray(scripts) ? scripts.map((s, i) => script(s, `scripts[${i}]`)) : [script(scripts, 'script')]
    settle(this.#native.pushScripts(JSON.stringify(list)))
  }

  /** Back to the fixtures: no tokens, no requests, no scripts, ended sessions restored. */
  reset() {
    settle(this.#native.reset())
  }

  /** Stops the mock. Calls on it afterwards fail; closing again does nothing. */
  async close() {
    await this.#native.close()
  }
}

if (typeof Symbol.asyncDispose === 'symbol') {
  MockVault.prototype[Symbol.asyncDispose] = MockVault.prototype.close
}

module.exports = { MockVault }
