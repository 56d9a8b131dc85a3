'use strict'
// Native results as frozen plain objects: field-for-field, `null` for absent, milliseconds as
// Dates. Shared by the error module and the results module; no rules live here.

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

function date(ms) {
  return ms == null ? null : new Date(ms)
}

/** What happened to each id of a revoke (every id is in exactly one list). */
function revokeReport(r) {
  return Object.freeze({
    revoked: Object.freeze([...r.revoked]),
    failed: Object.freeze(r.failed.map((f) => Object.freeze({ id: f.id, errors: messages(f.errors) }))),
    unknown: Object.freeze([...r.unknown]),
    notSent: Object.freeze([...r.notSent]),
    isComplete: r.isComplete,
  })
}

module.exports = { metadata, messages, date, revokeReport }
