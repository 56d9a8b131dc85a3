'use strict'
// Native results → what the API returns: the AccessToken (whose secret no rendering shows) and
// frozen plain objects for token metadata, rotations and the user.

const { inspect } = require('node:util')
const { metadata, messages, date, revokeReport } = require('./plain.js')
const { toVaultError } = require('./errors.js')

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

/** An existing token's metadata (never its value). */
function tokenInfo(t) {
  return Object.freeze({
    id: t.id,
    name: t.name,
    userId: t.userId,
    status: t.status,
    expiry: date(t.expiryMs),
    lastUsed: date(t.lastUsedMs),
    isActive: t.isActive,
  })
}

function tokenInfos(list) {
  return Object.freeze(list.map(tokenInfo))
}

/** The new token (always there once created), the old ones' report, and the revoke's error. */
function rotation(r) {
  return Object.freeze({
    token: new AccessToken(r.token),
    revoked: revokeReport(r.revoked),
    revokeError: r.revokeError == null ? null : toVaultError(r.revokeError),
    isComplete: r.isComplete,
  })
}

function userInfo(u) {
  return Object.freeze({
    id: u.id,
    username: u.username,
    firstName: u.firstName ?? null,
    lastName: u.lastName ?? null,
    email: u.email ?? null,
    timezone: u.timezone ?? null,
    locale: u.locale ?? null,
    securityProfile: u.securityProfile ?? null,
    licenseType: u.licenseType ?? null,
    active: u.active ?? null,
    metadata: metadata(u.metadata),
  })
}

module.exports = { AccessToken, tokenInfos, tokenInfo, revokeReport, rotation, userInfo }
