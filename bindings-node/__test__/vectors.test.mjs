// Runs every shared case in tests/vectors/ (see its README) through the built addon.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { inspect } from 'node:util'
import { VaultClient, VaultError } from 'veeva-vault-auth'
import { startMock, VECTORS_DIR, VAULT_DNS } from './mock.mjs'

const files = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort()
let mock

before(async () => {
  mock = await startMock()
})
after(() => mock?.stop())

test('the vectors folder has cases', () => {
  assert.ok(files.length >= 31, `found ${files.length} vectors in ${VECTORS_DIR}`)
})

function clientOptions(c) {
  const opts = { baseUrl: mock.url, vaultDns: VAULT_DNS, apiVersion: c.api_version, clientId: c.client_id, bodyFormat: c.body_format }
  if ('session_id' in c.credential) opts.sessionId = c.credential.session_id
  else opts.accessToken = c.credential.access_token
  return opts
}

function tokenOptions(call) {
  const opts = { name: call.name }
  if (call.target.me) opts.userId = 'me'
  else if ('user_id' in call.target) opts.userId = call.target.user_id
  else opts.sandbox = call.target.sandbox
  if (call.expiry !== null) opts.expiryDate = call.expiry
  return opts
}

function renderings(err) {
  return [err.message, String(err), err.stack, inspect(err), inspect(err, { showHidden: true, depth: null }), JSON.stringify(err)]
}

for (const file of files) {
  const v = JSON.parse(readFileSync(path.join(VECTORS_DIR, file), 'utf8'))
  test(`vector ${file}: ${v.description}`, async () => {
    await mock.reset()
    if (v.response !== null) await mock.script(v.response)
    let outcome
    try {
      const client = new VaultClient(clientOptions(v.client))
      outcome = { ok: await client.generateAccessToken(tokenOptions(v.call)) }
    } catch (err) {
      outcome = { err }
    }

    const seen = await mock.requests()
    if (v.expect_request === null) {
      assert.deepEqual(seen, [], 'nothing may reach the mock')
    } else {
      assert.equal(seen.length, 1, 'exactly one request')
      const [r] = seen
      const want = v.expect_request
      assert.equal(r.method, want.method)
      assert.equal(r.path, want.path)
      for (const [name, value] of Object.entries(want.headers)) {
        assert.equal(r.headers[name], value, `header ${name}`)
      }
      if ('body' in want) assert.equal(r.body, want.body)
      if ('body_json' in want) assert.deepEqual(JSON.parse(r.body), want.body_json)
    }

    if ('ok' in v.expect) {
      const want = v.expect.ok
      assert.ok(outcome.ok, `expected success, got ${outcome.err && inspect(outcome.err)}`)
      const tok = outcome.ok
      assert.equal(tok.id, want.id)
      assert.equal(tok.token, want.token)
      assert.deepEqual(tok.warnings.map((w) => w.type), want.warnings)
      if ('execution_id' in want) assert.equal(tok.metadata.executionId, want.execution_id)
      if ('burst_limit' in want) assert.equal(tok.metadata.burstLimit, want.burst_limit)
      if ('burst_limit_remaining' in want) assert.equal(tok.metadata.burstLimitRemaining, want.burst_limit_remaining)
      for (const shown of [String(tok), inspect(tok), inspect(tok, { showHidden: true, getters: true, depth: null }), JSON.stringify(tok)]) {
        assert.ok(!shown.includes(want.token), `token shown in ${shown}`)
      }
    } else {
      const want = v.expect.error
      const err = outcome.err
      assert.ok(err, 'expected an error, got success')
      assert.ok(err instanceof VaultError, `expected a VaultError, got ${inspect(err)}`)
      assert.equal(err.code, want.code, err.message)
      assert.deepEqual(err.vaultErrors.map((e) => e.type), want.vault_types)
      assert.equal(err.httpStatus, want.http_status)
      assert.equal(err.executionId, want.execution_id)
      assert.equal(err.outcomeUnknown, want.outcome_unknown)
      for (const part of want.message_contains ?? []) assert.ok(err.message.includes(part), `message lacks ${part}: ${err.message}`)
      for (const part of want.message_excludes ?? []) {
        for (const shown of renderings(err)) {
          assert.ok(!shown.toLowerCase().includes(part.toLowerCase()), `${part} shown in ${shown}`)
        }
      }
    }
  })
}
