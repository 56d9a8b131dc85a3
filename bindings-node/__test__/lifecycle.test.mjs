// The lifecycle and session calls through the built addon against the mock Vault: JS shapes
// (Dates, frozen results, reports), partial revokes, rotations that keep their token, the
// orphan recipe, OAuth, logout, aborts (also in the middle of paging) and TypeErrors.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { VaultClient, VaultError, AbortError, AccessToken } from 'veeva-vault-auth'
import { startMock, VAULT_DNS, ADMIN_SESSION, PASSWORD } from './mock.mjs'

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock?.stop())

const admin = () => new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: ADMIN_SESSION })
const fakeId = (n) => `0PI${String(n).padStart(12, '0')}`

async function rejects(promise) {
  try {
    await promise
  } catch (err) {
    return err
  }
  assert.fail('expected a rejection')
}

describe('list and get', () => {
  test('tokens come back with Dates, frozen, and get returns the same record', async () => {
    await mock.reset()
    const client = admin()
    const a = await client.generateAccessToken({ userId: '12345', name: 'list-a', expiryDate: '2031-12-31T12:00:00Z' })
    const b = await client.generateAccessToken({ userId: '12345', name: 'list-b' })
    const list = await client.listAccessTokens({ userId: '12345' })
    assert.ok(Object.isFrozen(list))
    assert.deepEqual(list.map((t) => t.id).sort(), [a.id, b.id].sort())
    const ta = list.find((t) => t.id === a.id)
    assert.ok(Object.isFrozen(ta))
    assert.deepEqual(Object.keys(ta), ['id', 'name', 'userId', 'status', 'expiry', 'lastUsed', 'isActive'])
    assert.equal(ta.name, 'list-a')
    assert.equal(ta.userId, '12345')
    assert.equal(ta.status, 'active__v')
    assert.equal(ta.isActive, true)
    assert.ok(ta.expiry instanceof Date)
    assert.equal(ta.expiry.toISOString(), '2031-12-31T12:00:00.000Z')
    assert.equal(ta.lastUsed, null)
    assert.equal(list.find((t) => t.id === b.id).expiry, null)
    assert.deepEqual(await client.getAccessTokenInfo(a.id), ta)
    // The default is the session's own user; a name filter is exact.
    assert.deepEqual((await client.listAccessTokens()).map((t) => t.id).sort(), [a.id, b.id].sort())
    assert.deepEqual((await client.listAccessTokens({ name: 'list-b' })).map((t) => t.id), [b.id])
  })

  test('a used token shows lastUsed as a Date; an unknown id is invalid_request', async () => {
    await mock.reset()
    const tok = await admin().generateAccessToken({ userId: 'me', name: 'used' })
    const byToken = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, accessToken: tok.token })
    const before = Date.now()
    const info = await byToken.getAccessTokenInfo(tok.id)
    assert.ok(info.lastUsed instanceof Date)
    assert.ok(Math.abs(info.lastUsed.getTime() - before) < 60_000)
    const err = await rejects(admin().getAccessTokenInfo(fakeId(999)))
    assert.ok(err instanceof VaultError)
    assert.equal(err.code, 'invalid_request')
    assert.equal(err.outcomeUnknown, false)
    assert.equal(err.partialRevoke, null)
  })
})

describe('revoke', () => {
  test('per-id outcomes; revoked tokens stop working; any iterable of ids', async () => {
    await mock.reset()
    const client = admin()
    const tok = await client.generateAccessToken({ userId: 'me', name: 'to-revoke' })
    const report = await client.revokeAccessTokens(new Set([tok.id, fakeId(42)]))
    assert.ok(Object.isFrozen(report))
    assert.deepEqual(report.revoked, [tok.id])
    assert.deepEqual(report.failed.map((f) => [f.id, f.errors.map((e) => e.type)]), [[fakeId(42), ['INVALID_DATA']]])
    assert.deepEqual(report.unknown, [])
    assert.deepEqual(report.notSent, [])
    assert.equal(report.isComplete, false)
    assert.equal((await mock.tokens()).find((t) => t.id === tok.id).revoked, true)
    const gone = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, accessToken: tok.token })
    assert.equal((await rejects(gone.whoami())).code, 'invalid_session')
  })

  test('an empty list sends nothing; a repeated id is invalid_argument before sending', async () => {
    await mock.reset()
    const client = admin()
    const empty = await client.revokeAccessTokens([])
    assert.deepEqual({ ...empty }, { revoked: [], failed: [], unknown: [], notSent: [], isComplete: true })
    const err = await rejects(client.revokeAccessTokens([fakeId(1), fakeId(1)]))
    assert.equal(err.code, 'invalid_argument')
    assert.equal(err.partialRevoke, null)
    assert.deepEqual(await mock.requests(), [])
  })

  test('a batch failing after an earlier one revoked tokens: err.partialRevoke accounts for every id', async () => {
    await mock.reset()
    const client = admin()
    const tok = await client.generateAccessToken({ userId: 'me', name: 'first-batch' })
    const ids = [tok.id, ...Array.from({ length: 500 }, (_, i) => fakeId(10_000 + i))]
    // The first batch (500 ids) is answered for real; the second (1 id) is refused as a whole.
    await mock.script([{}, { body: { responseStatus: 'FAILURE', errors: [{ type: 'INSUFFICIENT_ACCESS', message: 'no' }] } }])
    const err = await rejects(client.revokeAccessTokens(ids))
    assert.ok(err instanceof VaultError)
    assert.equal(err.code, 'permission_denied')
    const partial = err.partialRevoke
    assert.ok(partial && Object.isFrozen(partial))
    assert.deepEqual(partial.revoked, [tok.id])
    assert.equal(partial.failed.length, 500)
    assert.deepEqual(partial.failed.at(-1).errors.map((e) => e.type), ['INSUFFICIENT_ACCESS'])
    const accounted = [...partial.revoked, ...partial.failed.map((f) => f.id), ...partial.unknown, ...partial.notSent]
    assert.deepEqual(accounted.sort(), [...ids].sort())
    assert.equal(partial.isComplete, false)
  })
})

describe('rotate and orphans', () => {
  test('rotate creates, then revokes the old token (default user: me)', async () => {
    await mock.reset()
    const client = admin()
    const old = await client.generateAccessToken({ userId: 'me', name: 'key-v1' })
    const r = await client.rotateAccessToken({ name: 'key-v2', expiryDate: new Date('2031-06-30T00:00:00Z'), revoke: [old.id] })
    assert.ok(Object.isFrozen(r))
    assert.ok(r.token instanceof AccessToken)
    assert.match(r.token.token, /^veeva-vault-/)
    assert.deepEqual(r.revoked.revoked, [old.id])
    assert.equal(r.revokeError, null)
    assert.equal(r.isComplete, true)
    const create = (await mock.requests()).find((q) => q.body.includes('key-v2'))
    assert.equal(create.path, '/api/v26.2/objects/users/me/api_access_token__sys')
    for (const shown of [inspect(r, { depth: null }), JSON.stringify(r)]) assert.ok(!shown.includes(r.token.token), shown)
  })

  test('a revoke that drops keeps the new token; revokeError says why', async () => {
    await mock.reset()
    const client = admin()
    const old = await client.generateAccessToken({ userId: 'me', name: 'key-v1' })
    await mock.script([{}, { fault: 'drop' }])
    const r = await client.rotateAccessToken({ userId: '12345', name: 'key-v2', revoke: [old.id] })
    assert.match(r.token.token, /^veeva-vault-/)
    assert.ok(r.revokeError instanceof VaultError)
    assert.equal(r.revokeError.code, 'transport_failed')
    assert.equal(r.revokeError.outcomeUnknown, true)
    assert.deepEqual(r.revoked.unknown, [old.id])
    assert.equal(r.isComplete, false)
  })

  test('the orphan recipe: a lost create, find it, revoke it, create again', async () => {
    await mock.reset()
    const client = admin()
    const name = 'Key-2026-12'
    await mock.script({ fault: 'drop_after' })
    const lost = await rejects(client.generateAccessToken({ userId: '12345', name }))
    assert.equal(lost.outcomeUnknown, true)
    const orphans = await client.findOrphanedTokens({ userId: '12345', name })
    assert.equal(orphans.length, 1)
    assert.equal(orphans[0].name, name)
    assert.deepEqual((await client.findOrphanedTokens({ name })).map((t) => t.id), [orphans[0].id])
    const report = await client.revokeAccessTokens(orphans.map((t) => t.id))
    assert.equal(report.isComplete, true)
    await client.generateAccessToken({ userId: '12345', name })
    assert.equal((await mock.tokens()).filter((t) => t.active).length, 1)
  })

  test('a sandbox target for orphans is refused before sending', async () => {
    await mock.reset()
    const err = await rejects(admin().findOrphanedTokens({ sandbox: 'qa-sandbox', name: 'k' }))
    assert.equal(err.code, 'invalid_argument')
    assert.deepEqual(await mock.requests(), [])
  })
})

describe('session helpers and OAuth', () => {
  test('whoami, keepAlive, apiVersions', async () => {
    await mock.reset()
    const client = admin()
    const me = await client.whoami()
    assert.ok(Object.isFrozen(me))
    assert.equal(me.id, '12345')
    assert.equal(me.username, 'admin@myvault.example')
    assert.equal(me.firstName, 'Ada')
    assert.equal(me.active, true)
    assert.equal(typeof me.metadata.executionId, 'string')
    assert.equal(await client.keepAlive(), undefined)
    const versions = await client.apiVersions()
    assert.ok(Object.isFrozen(versions))
    assert.deepEqual(versions, ['v25.3', 'v26.1', 'v26.2'])
  })

  test('logout ends the session; the client then refuses every call locally', async () => {
    await mock.reset()
    const client = await VaultClient.login({ vaultDns: VAULT_DNS, baseUrl: mock.url, username: 'admin@myvault.example', password: PASSWORD })
    assert.equal(client.isLoggedOut, false)
    await client.logout()
    assert.equal(client.isLoggedOut, true)
    const sent = (await mock.requests()).length
    for (const call of [() => client.whoami(), () => client.listAccessTokens(), () => client.revokeAccessTokens([fakeId(1)]), () => client.generateAccessToken({ userId: 'me', name: 'k' })]) {
      const err = await rejects(call())
      assert.equal(err.code, 'invalid_argument', err.message)
    }
    assert.equal((await mock.requests()).length, sent)
  })

  test('loginOAuth trades an IdP token for a session; a bad one never shows in the error', async () => {
    await mock.reset()
    const base = { vaultDns: VAULT_DNS, baseUrl: mock.url, loginUrl: mock.url, profileId: 'mock-oauth-profile' }
    const client = await VaultClient.loginOAuth({ ...base, idpAccessToken: 'mock-idp-token-admin', oauthClientId: 'my-app' })
    assert.ok(client instanceof VaultClient)
    assert.equal(client.session.userId, '12345')
    const [req] = await mock.requests()
    assert.equal(req.path, '/auth/oauth/session/mock-oauth-profile')
    assert.equal(req.headers.authorization, 'Bearer mock-idp-token-admin')
    assert.deepEqual(Object.fromEntries(new URLSearchParams(req.body)), { vaultDNS: VAULT_DNS, client_id: 'my-app' })
    assert.equal((await client.whoami()).id, '12345')
    const secret = 'idp-secret-4242-zz'
    const err = await rejects(VaultClient.loginOAuth({ ...base, idpAccessToken: secret }))
    assert.equal(err.code, 'authentication_failed')
    for (const shown of [err.message, err.stack, inspect(err, { depth: null }), JSON.stringify(err)]) assert.ok(!shown.includes(secret), shown)
    const both = await rejects(VaultClient.loginOAuth({ ...base, idpAccessToken: 'x', sessionId: ADMIN_SESSION }))
    assert.equal(both.code, 'invalid_argument')
  })
})

describe('abort', () => {
  const page = (ids, next) => ({
    body: {
      responseStatus: 'SUCCESS',
      responseDetails: { pagesize: 1, pageoffset: 0, size: ids.length, total: 3, ...(next ? { next_page: next } : {}) },
      data: ids.map((id) => ({ id, name__v: 'k', user__sys: '12345', status__v: ['active__v'], expiry_date__sys: null, last_used_date__sys: null })),
    },
  })

  test('an AbortSignal fired during paging rejects at once; a read is never outcome-unknown', async () => {
    await mock.reset()
    const next = '/api/v26.2/query/q-1?pagesize=1&pageoffset=1'
    await mock.script([page([fakeId(1)], next), { delay_ms: 3000, ...page([fakeId(2)], '/api/v26.2/query/q-1?pagesize=1&pageoffset=2') }])
    const client = admin()
    const ac = new AbortController()
    const started = Date.now()
    const listing = client.listAccessTokens({ userId: '12345', signal: ac.signal })
    // Abort once the second page has been asked for.
    while ((await mock.requests()).length < 2) await new Promise((r) => setTimeout(r, 10))
    ac.abort()
    const err = await rejects(listing)
    assert.ok(Date.now() - started < 2000, 'rejected promptly')
    assert.ok(err instanceof AbortError)
    assert.equal(err.code, 'ABORT_ERR')
    assert.equal(err.outcomeUnknown, false)
    assert.equal(err.cause, ac.signal.reason)
    const [, second] = await mock.requests()
    assert.equal(`${second.path}?${second.query}`, next)
    // No third page was asked for, and the client still works.
    await new Promise((r) => setTimeout(r, 100))
    assert.equal((await mock.requests()).length, 2)
    assert.equal((await client.whoami()).id, '12345')
  })

  test('an aborted revoke under way is outcome-unknown', async () => {
    await mock.reset()
    await mock.script({ delay_ms: 3000 })
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 100)
    const err = await rejects(admin().revokeAccessTokens([fakeId(7)], { signal: ac.signal }))
    assert.ok(err instanceof AbortError)
    assert.equal(err.outcomeUnknown, true)
  })

  test('every call takes a signal; an already-aborted one sends nothing', async () => {
    await mock.reset()
    const client = admin()
    const signal = AbortSignal.abort()
    const calls = [
      () => client.listAccessTokens({ signal }),
      () => client.getAccessTokenInfo(fakeId(1), { signal }),
      () => client.revokeAccessTokens([fakeId(1)], { signal }),
      () => client.rotateAccessToken({ name: 'k', revoke: [], signal }),
      () => client.findOrphanedTokens({ name: 'k', signal }),
      () => client.keepAlive({ signal }),
      () => client.whoami({ signal }),
      () => client.logout({ signal }),
      () => client.apiVersions({ signal }),
      () => VaultClient.login({ baseUrl: mock.url, username: 'admin@myvault.example', password: PASSWORD, signal }),
      () => VaultClient.loginOAuth({ baseUrl: mock.url, loginUrl: mock.url, profileId: 'p', idpAccessToken: 't', signal }),
    ]
    for (const call of calls) {
      const err = await rejects(call())
      assert.ok(err instanceof AbortError, `${call}: ${inspect(err)}`)
      assert.equal(err.outcomeUnknown, false)
    }
    assert.deepEqual(await mock.requests(), [])
  })
})

describe('input checks', () => {
  test('wrong JS types are TypeErrors with ERR_INVALID_ARG_TYPE, and nothing is sent', async () => {
    await mock.reset()
    const client = admin()
    const bad = [
      () => client.listAccessTokens(null),
      () => client.listAccessTokens({ userId: 12345 }),
      () => client.listAccessTokens({ includeInactive: 'yes' }),
      () => client.listAccessTokens({ signal: {} }),
      () => client.getAccessTokenInfo(),
      () => client.getAccessTokenInfo(42),
      () => client.getAccessTokenInfo(fakeId(1), 'signal'),
      () => client.revokeAccessTokens(fakeId(1)),
      () => client.revokeAccessTokens(),
      () => client.revokeAccessTokens([fakeId(1), 2]),
      () => client.revokeAccessTokens({ length: 1, 0: fakeId(1) }),
      () => client.rotateAccessToken({ name: 'k' }),
      () => client.rotateAccessToken({ name: 'k', revoke: fakeId(1) }),
      () => client.rotateAccessToken({ revoke: [] }),
      () => client.rotateAccessToken({ name: 'k', revoke: [], expiryDate: 1 }),
      () => client.findOrphanedTokens(),
      () => client.findOrphanedTokens({}),
      () => client.findOrphanedTokens({ name: 7 }),
      () => client.keepAlive(null),
      () => client.whoami('now'),
      () => client.logout({ signal: true }),
      () => client.apiVersions(1),
      () => VaultClient.loginOAuth({ baseUrl: mock.url, idpAccessToken: 't' }),
      () => VaultClient.loginOAuth({ baseUrl: mock.url, profileId: 'p', idpAccessToken: 42 }),
      () => VaultClient.loginOAuth({ baseUrl: mock.url, profileId: 'p', idpAccessToken: 't', loginUrl: new URL(mock.url) }),
    ]
    for (const call of bad) {
      const err = await rejects(call())
      assert.ok(err instanceof TypeError, `${call} gave ${inspect(err)}`)
      assert.equal(err.code, 'ERR_INVALID_ARG_TYPE', `${call}`)
    }
    assert.deepEqual(await mock.requests(), [])
  })

  test('unknown option keys and bad values are invalid_argument, and nothing is sent', async () => {
    await mock.reset()
    const client = admin()
    const bad = [
      () => client.listAccessTokens({ user: '12345' }),
      () => client.listAccessTokens({ userId: ' 12345' }),
      () => client.getAccessTokenInfo(''),
      () => client.revokeAccessTokens(['']),
      () => client.rotateAccessToken({ name: 'k', revoke: [fakeId(1)], sandbox: 'qa-sandbox' }),
      () => client.findOrphanedTokens({ name: 'k', revoke: [] }),
      () => client.whoami({ timeoutMs: 5 }),
      () => VaultClient.loginOAuth({ baseUrl: mock.url, loginUrl: mock.url, profileId: 'p', idpAccessToken: 'has space' }),
    ]
    for (const call of bad) {
      const err = await rejects(call())
      assert.ok(err instanceof VaultError, `${call} gave ${inspect(err)}`)
      assert.equal(err.code, 'invalid_argument', `${call}`)
    }
    assert.deepEqual(await mock.requests(), [])
  })
})
