'use strict'
// The one place a native failure becomes a JS error (toVaultError), plus the errors this layer
// raises itself: TypeError for a wrong JS type, AbortError for an aborted call.

const { metadata, messages, revokeReport } = require('./plain.js')

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
    this.partialRevoke = fields.partialRevoke ?? null
  }
}

const ABORT_MESSAGES = {
  unsent: 'The call was aborted before anything was sent',
  readOnly: 'The call was aborted; it only reads, so nothing changed',
  unknown: 'The call was aborted; the request may already have reached Vault and taken effect (outcome unknown)',
}

/**
 * An aborted call: `name` 'AbortError', `code` 'ABORT_ERR' (as Node's own), `cause` = signal.reason.
 * `when`: 'unsent' (aborted before the call), 'readOnly' (a read under way), 'unknown' (a change under way).
 */
class AbortError extends Error {
  constructor(signal, when) {
    super(ABORT_MESSAGES[when], { cause: signal.reason })
    this.name = 'AbortError'
    this.code = 'ABORT_ERR'
    this.outcomeUnknown = when === 'unknown'
  }
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
    partialRevoke: e.partialRevoke == null ? null : revokeReport(e.partialRevoke),
  })
}

function invalid(message) {
  return new VaultError(`invalid_argument: ${message}`, { code: 'invalid_argument' })
}

/** A native `{ error }` becomes a thrown VaultError; anything else is the value. */
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

module.exports = { VaultError, AbortError, toVaultError, invalid, settle, typeError }
