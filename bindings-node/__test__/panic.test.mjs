// The panic boundary, on an addon built with the `test-panic` feature (make test-panic-boundary
// loads it through NAPI_RS_NATIVE_LIBRARY_PATH and sets VVA_PANIC_BUILD=1; elsewhere this file is
// skipped): a generate call named "vva-test-panic" panics inside the addon's async work after the
// mock created the token (src/test_panic.rs). JS must get a VaultError with
// code 'internal_error' and an unknown outcome, no secret in it, and the client keeps working.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { VaultClient, VaultError } from 'veeva-vault-auth'
import { startMock, VAULT_DNS, ADMIN_SESSION } from './mock.mjs'

const skip = process.env.VVA_PANIC_BUILD === '1' ? false : 'needs the test-panic addon (make test-panic-boundary)'
const TRIGGER = 'vva-test-panic'
const PAYLOAD = 'test-panic hook fired'

let mock
before(async () => {
  if (!skip) mock = await startMock()
})
after(() => mock?.stop())

function checkInternalError(err, secrets) {
  assert.ok(err instanceof VaultError, `not a VaultError: ${inspect(err)}`)
  assert.equal(err.code, 'internal_error')
  assert.equal(err.outcomeUnknown, true)
  assert.match(err.message, /panic/)
  for (const shown of [err.message, err.stack, inspect(err, { showHidden: true, depth: null }), JSON.stringify(err)]) {
    assert.ok(!shown.includes(PAYLOAD), `the panic payload reached JS: ${shown}`)
    for (const secret of secrets) assert.ok(!shown.includes(secret), `a secret reached JS: ${shown}`)
  }
}

test('a panic in the addon rejects with internal_error and the client lives on', { skip }, async () => {
  await mock.reset()
  const client = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: ADMIN_SESSION })
  const before = await client.generateAccessToken({ userId: 'me', name: 'before the panic' })
  for (let i = 0; i < 2; i++) {
    const tokens = (await mock.tokens()).length
    const err = await client.generateAccessToken({ userId: 'me', name: TRIGGER }).then(
      () => assert.fail('the test-panic hook did not fire'),
      (e) => e,
    )
    checkInternalError(err, [ADMIN_SESSION, before.token])
    // Sent once, and the token exists: the outcome really is unknown.
    assert.equal((await mock.tokens()).length, tokens + 1)
    const again = await client.generateAccessToken({ userId: 'me', name: 'after the panic' })
    assert.ok(again.id && again.id !== before.id)
  }
  assert.ok((await client.whoami()).id)
})

test('panics among concurrent calls reject only their own calls', { skip }, async () => {
  await mock.reset()
  const client = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: ADMIN_SESSION })
  const names = [TRIGGER, 'a', TRIGGER, 'b', TRIGGER, 'c', TRIGGER, 'd']
  const settled = await Promise.allSettled(names.map((name) => client.generateAccessToken({ userId: 'me', name })))
  settled.forEach((outcome, i) => {
    if (names[i] === TRIGGER) {
      assert.equal(outcome.status, 'rejected')
      checkInternalError(outcome.reason, [ADMIN_SESSION])
    } else {
      assert.equal(outcome.status, 'fulfilled', inspect(outcome.reason))
      assert.ok(outcome.value.id)
    }
  })
  assert.equal((await mock.tokens()).length, names.length)
  assert.ok((await client.generateAccessToken({ userId: 'me', name: 'after' })).id)
})
