// veeva-vault-auth/testing: the in-process MockVault's whole surface, used as a user would.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { VaultClient, VaultError } from 'veeva-vault-auth'
import { MockVault } from 'veeva-vault-auth/testing'

let vault
before(async () => {
  vault = await MockVault.start()
})
after(() => vault?.close())

const admin = () => new VaultClient({ vaultDns: vault.vaultDns, baseUrl: vault.baseUrl, sessionId: vault.adminSession })

describe('MockVault', () => {
  test('starts on a loopback port with the documented fixtures', () => {
    assert.match(vault.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(vault.adminSession, 'mock-session-admin-0001')
    assert.equal(vault.vaultDns, 'myvault.veevavault.com')
    assert.ok(Object.isFrozen(vault) && Object.isFrozen(vault.users))
    const adminUser = vault.users.find((u) => u.admin)
    assert.deepEqual({ ...adminUser }, {
      id: '12345', username: 'admin@myvault.example', password: 'mock-password', admin: true, veevaId: false, loginError: null, maxTokenDays: null,
    })
    assert.equal(vault.users.find((u) => u.id === '12346').maxTokenDays, 90)
    assert.equal(vault.users.find((u) => u.veevaId).username, 'veevaid@myvault.example')
    assert.throws(() => new MockVault(), (e) => e instanceof TypeError && e.code === 'ERR_ILLEGAL_CONSTRUCTOR')
    for (const bad of [undefined, 42]) assert.throws(() => vault.failNext(bad), (e) => e.code === 'ERR_INVALID_ARG_TYPE')
  })

  test('tokens() lists what was minted (no values), requests() what was sent', async () => {
    vault.reset()
    const tok = await admin().generateAccessToken({ userId: '12345', name: 'from-test', expiryDate: '2031-01-31T00:00:00Z' })
    const [t] = vault.tokens()
    assert.deepEqual(
      { ...t, expiry: t.expiry.toISOString() },
      { id: tok.id, userId: '12345', vaultId: '1776', name: 'from-test', expiry: '2031-01-31T00:00:00.000Z', active: true, revoked: false, lastUsed: null },
    )
    assert.ok(!JSON.stringify(vault.tokens()).includes(tok.token))
    const [r] = vault.requests()
    assert.equal(r.method, 'POST')
    assert.equal(r.path, '/api/v26.2/objects/users/12345/api_access_token__sys')
    assert.equal(r.query, null)
    assert.equal(r.headers.authorization, vault.adminSession)
    assert.match(r.body, /name__v=from-test/)
    await admin().revokeAccessTokens([tok.id])
    assert.equal(vault.tokens()[0].revoked, true)
    assert.equal(vault.tokens()[0].active, false)
  })

  test('failNext scripts faults and answers, in turn; reset clears everything', async () => {
    vault.reset()
    vault.failNext('drop')
    const dropped = await admin().generateAccessToken({ userId: 'me', name: 'k' }).catch((e) => e)
    assert.equal(dropped.code, 'transport_failed')
    assert.equal(dropped.outcomeUnknown, true)
    vault.failNext([
      { body: { responseStatus: 'FAILURE', errors: [{ type: 'INVALID_SESSION_ID', message: 'gone' }] }, headers: [['X-VaultAPI-ExecutionId', 'e-1']] },
      'drop_after',
    ])
    const refused = await admin().whoami().catch((e) => e)
    assert.equal(refused.code, 'invalid_session')
    assert.equal(refused.executionId, 'e-1')
    const lost = await admin().generateAccessToken({ userId: 'me', name: 'lost' }).catch((e) => e)
    assert.equal(lost.outcomeUnknown, true)
    assert.equal(vault.tokens().length, 1, 'drop_after handled the create for real')
    vault.failNext({ delayMs: 300 })
    const started = Date.now()
    await admin().keepAlive()
    assert.ok(Date.now() - started >= 250)
    vault.failNext({ status: 503, body: 'down' })
    vault.reset()
    assert.deepEqual(vault.tokens(), [])
    assert.deepEqual(vault.requests(), [])
    assert.equal((await admin().whoami()).id, '12345', 'the script was cleared too')
  })

  test('a bad script is refused and queues nothing', () => {
    vault.reset()
    for (const bad of [{ nope: 1 }, { status: 'x' }]) {
      const err = (() => { try { vault.failNext(bad) } catch (e) { return e } })()
      assert.ok(err instanceof VaultError, String(err))
      assert.equal(err.code, 'invalid_argument')
    }
    for (const bad of [undefined, null, 42]) assert.throws(() => vault.failNext(bad), TypeError)
  })

  test('close stops it; later calls throw; closing twice is fine', async () => {
    const other = await MockVault.start()
    assert.notEqual(other.baseUrl, vault.baseUrl)
    await other.close()
    await other.close()
    assert.throws(() => other.tokens(), (e) => e instanceof VaultError && e.code === 'invalid_argument')
    assert.throws(() => other.reset(), VaultError)
    const err = await new VaultClient({ baseUrl: other.baseUrl, sessionId: 'abcdefgh' }).whoami().catch((e) => e)
    assert.equal(err.code, 'connect_failed')
  })
})
