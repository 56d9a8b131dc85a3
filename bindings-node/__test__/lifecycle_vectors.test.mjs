// Runs every lifecycle case in tests/vectors/lifecycle/ (several steps, several requests per
// step; format in tests/vectors/README.md) through the built addon. The reference runner is the
// core's (core/tests/lifecycle_vectors/): same steps, same comparisons, in the vectors' shapes.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { inspect } from 'node:util'
import { VaultClient, VaultError } from 'veeva-vault-auth'
import { startMock, VECTORS_DIR, VAULT_DNS } from './mock.mjs'

const DIR = path.join(VECTORS_DIR, 'lifecycle')
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
let mock

before(async () => {
  mock = await startMock()
})
after(() => mock?.stop())

test('the lifecycle folder has cases', () => {
  assert.ok(files.length >= 19, `found ${files.length} lifecycle vectors in ${DIR}`)
})

function client(c) {
  const opts = { baseUrl: mock.url, vaultDns: VAULT_DNS, apiVersion: c.api_version, clientId: c.client_id, bodyFormat: c.body_format, timeoutMs: 10_000 }
  if ('session_id' in c.credential) opts.sessionId = c.credential.session_id
  else opts.accessToken = c.credential.access_token
  return new VaultClient(opts)
}

// A call's `target` as the Node options spell it.
function target(t) {
  if (t.me) return { userId: 'me' }
  if ('user_id' in t) return { userId: t.user_id }
  return { sandbox: t.sandbox }
}

function expiry(call) {
  return call.expiry === null || call.expiry === undefined ? {} : { expiryDate: call.expiry }
}

// Results in the vectors' JSON shapes, so one deepEqual covers every op.
const seconds = (d) => (d === null ? null : Math.floor(d.getTime() / 1000))
const tokenInfo = (t) => ({
  id: t.id, name: t.name, user_id: t.userId, status: t.status,
  expiry_unix: seconds(t.expiry), last_used_unix: seconds(t.lastUsed), is_active: t.isActive,
})
const report = (r) => ({
  revoked: [...r.revoked],
  failed: r.failed.map((f) => ({ id: f.id, types: f.errors.map((e) => e.type) })),
  unknown: [...r.unknown],
  not_sent: [...r.notSent],
})
const user = (u) => ({
  id: u.id, username: u.username, first_name: u.firstName, last_name: u.lastName, email: u.email,
  timezone: u.timezone, locale: u.locale, security_profile: u.securityProfile, license_type: u.licenseType, active: u.active,
})

// The vectors' API versions as Node returns them: names only.
const byName = (ok) => ('versions' in ok ? { versions: ok.versions.map((v) => v.version) } : { version: ok.version.version })

// Runs one step's call: the result in the vectors' shape, plus a rotation's revokeError.
async function run(c, call) {
  switch (call.op) {
    case 'generate_access_token': {
      const tok = await c.generateAccessToken({ ...target(call.target), name: call.name, ...expiry(call) })
      return { value: { token: { id: tok.id, token: tok.token } } }
    }
    case 'list_access_tokens': {
      const q = call.query
      const opts = { ...(q.me ? {} : { userId: q.user_id }), name: q.name, includeInactive: q.include_inactive }
      return { value: { tokens: (await c.listAccessTokens(opts)).map(tokenInfo) } }
    }
    case 'get_access_token_info':
      return { value: { token_info: tokenInfo(await c.getAccessTokenInfo(call.id)) } }
    case 'revoke_access_tokens':
      return { value: { report: report(await c.revokeAccessTokens(call.ids)) } }
    case 'rotate_access_token': {
      const r = await c.rotateAccessToken({ ...target(call.target), name: call.name, ...expiry(call), revoke: call.revoke })
      for (const shown of [inspect(r, { depth: null }), JSON.stringify(r), String(r.token)]) {
        assert.ok(!shown.includes(r.token.token), `the rotation shows its token: ${shown}`)
      }
      assert.equal(r.isComplete, r.revokeError === null && r.revoked.failed.length + r.revoked.unknown.length + r.revoked.notSent.length === 0)
      return { value: { token: { id: r.token.id, token: r.token.token }, report: report(r.revoked) }, revokeError: r.revokeError }
    }
    case 'find_orphaned_tokens':
      return { value: { tokens: (await c.findOrphanedTokens({ ...target(call.target), name: call.name })).map(tokenInfo) } }
    case 'whoami':
      return { value: { user: user(await c.whoami()) } }
    case 'keep_alive':
      assert.equal(await c.keepAlive(), undefined)
      return { value: {} }
    case 'logout':
      assert.equal(await c.logout(), undefined)
      return { value: {} }
    // Node's apiVersions() resolves to version names (as Python's list[str]): compared by name.
    case 'api_versions':
      return { value: { versions: [...(await c.apiVersions())] }, names: true }
    case 'check_api_version':
      return { value: { version: await c.checkApiVersion() }, names: true }
    default:
      throw new Error(`unknown op ${call.op}`)
  }
}

function checkRequest(got, want, name) {
  assert.equal(got.method, want.method, `${name}: method`)
  assert.equal(got.query == null ? got.path : `${got.path}?${got.query}`, want.path, `${name}: path`)
  for (const [header, value] of Object.entries(want.headers ?? {})) {
    assert.equal(got.headers[header] ?? null, value, `${name}: header ${header}`)
  }
  if ('body' in want) assert.equal(got.body, want.body, `${name}: body`)
  if ('body_json' in want) assert.deepEqual(JSON.parse(got.body), want.body_json, `${name}: JSON body`)
  if ('form' in want) assert.deepEqual(Object.fromEntries(new URLSearchParams(got.body)), want.form, `${name}: form fields`)
}

function checkError(err, want, name) {
  assert.ok(err instanceof VaultError, `${name}: expected a VaultError, got ${inspect(err)}`)
  assert.equal(err.code, want.code, `${name}: code (${err.message})`)
  assert.deepEqual(err.vaultErrors.map((e) => e.type), want.vault_types, `${name}: vault types`)
  assert.equal(err.httpStatus, want.http_status, `${name}: http status`)
  assert.equal(err.executionId, want.execution_id, `${name}: execution id`)
  assert.equal(err.outcomeUnknown, want.outcome_unknown, `${name}: outcome unknown`)
  for (const part of want.message_contains ?? []) assert.ok(err.message.includes(part), `${name}: message lacks ${part}: ${err.message}`)
  for (const part of want.message_excludes ?? []) {
    for (const shown of [err.message, String(err), err.stack, inspect(err, { depth: null }), JSON.stringify(err)]) {
      assert.ok(!shown.includes(part), `${name}: ${part} shown in ${shown}`)
    }
  }
}

for (const file of files) {
  const v = JSON.parse(readFileSync(path.join(DIR, file), 'utf8'))
  test(`lifecycle vector ${file}: ${v.description}`, async () => {
    await mock.reset()
    for (const [i, step] of v.steps.entries()) {
      const name = `${file} step ${i + 1}`
      if (step.responses.length > 0) await mock.script(step.responses)
      const before = (await mock.requests()).length
      let outcome
      try {
        outcome = await run(client(v.client), step.call)
      } catch (err) {
        outcome = { err }
      }
      const sent = (await mock.requests()).slice(before)
      assert.equal(sent.length, step.expect_requests.length, `${name}: number of requests`)
      sent.forEach((got, n) => checkRequest(got, step.expect_requests[n], `${name} request ${n + 1}`))

      if ('ok' in step.expect) {
        assert.ok(!outcome.err, `${name}: expected success, got ${outcome.err && inspect(outcome.err)}`)
        const { revoke_error: wantRevokeError = null, ...want } = outcome.names ? byName(step.expect.ok) : step.expect.ok
        assert.deepEqual(outcome.value, want, `${name}: result`)
        if (wantRevokeError === null) assert.equal(outcome.revokeError ?? null, null, `${name}: revokeError`)
        else checkError(outcome.revokeError, wantRevokeError, `${name} revokeError`)
      } else {
        const want = step.expect.error
        assert.ok(outcome.err, `${name}: expected an error, got ${inspect(outcome.value)}`)
        checkError(outcome.err, want, name)
        const partial = outcome.err.partialRevoke === null ? undefined : report(outcome.err.partialRevoke)
        assert.deepEqual(partial, want.partial_revoke, `${name}: partial revoke report`)
      }
    }
  })
}
