// Node-specific behaviour of the built addon against the mock Vault: error shape, input
// checks, login, the event loop, aborts, concurrency and secrecy.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { inspect, format } from 'node:util'
import { VaultClient, VaultError, AbortError, AccessToken, generateAccessToken, ERROR_CODES } from 'veeva-vault-auth'
import { startMock, VAULT_DNS, ADMIN_SESSION, PASSWORD } from './mock.mjs'

let mock
before(async () => {
  mock = await startMock()
})
after(() => mock?.stop())

const admin = () => new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: ADMIN_SESSION })

// Every way a value can be shown or leak into logs.
function renderings(value) {
  const out = [
    String(value),
    `${value}`,
    inspect(value),
    inspect(value, { showHidden: true, getters: true, depth: null }),
    format('%s %o %O %j', value, value, value, value),
    JSON.stringify(value),
    JSON.stringify({ ...value }),
    JSON.stringify(Object.entries(value)),
    inspect(structuredClone({ ...value })),
  ]
  if (value instanceof Error) out.push(value.message, value.stack)
  return out
}

function assertHidden(value, secrets) {
  for (const shown of renderings(value)) {
    for (const secret of secrets) assert.ok(!shown.includes(secret), `secret shown in: ${shown}`)
  }
}

async function rejects(promise) {
  try {
    await promise
  } catch (err) {
    return err
  }
  assert.fail('expected a rejection')
}

function throws(fn) {
  try {
    fn()
  } catch (err) {
    return err
  }
  assert.fail('expected a throw')
}

describe('errors', () => {
  test('a Vault failure is a VaultError with every field', async () => {
    await mock.reset()
    const client = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: 'no-such-session-4242' })
    const err = await rejects(client.generateAccessToken({ userId: 'me', name: 'k' }))
    assert.ok(err instanceof VaultError)
    assert.ok(err instanceof Error)
    assert.equal(err.name, 'VaultError')
    assert.equal(err.code, 'invalid_session')
    assert.ok(ERROR_CODES.includes(err.code))
    assert.deepEqual(
      err.vaultErrors.map((e) => Object.keys(e).sort()),
      [['message', 'type']],
    )
    assert.equal(err.vaultErrors[0].type, 'INVALID_SESSION_ID')
    assert.equal(err.httpStatus, 200)
    assert.equal(typeof err.executionId, 'string')
    assert.equal(err.executionId, err.metadata.executionId)
    assert.equal(err.outcomeUnknown, false)
    assert.match(err.message, /^invalid_session: /)
    assert.match(err.stack, /^VaultError: invalid_session/)
    // The async stack reaches the caller's frame.
    assert.match(err.stack, /client\.test\.mjs/)
    assertHidden(err, ['no-such-session-4242'])
  })

  test('no response: httpStatus and executionId are null; connect failures are not outcome-unknown', async () => {
    // A port nothing listens on: bind one, note it, close it.
    const { createServer } = await import('node:net')
    const server = createServer().listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const { port } = server.address()
    await new Promise((r) => server.close(r))
    const client = new VaultClient({ baseUrl: `http://127.0.0.1:${port}`, sessionId: 'abcdefgh' })
    const err = await rejects(client.generateAccessToken({ userId: '12345', name: 'k' }))
    assert.equal(err.code, 'connect_failed')
    assert.equal(err.httpStatus, null)
    assert.equal(err.executionId, null)
    assert.deepEqual(err.vaultErrors, [])
    assert.equal(err.outcomeUnknown, false)
  })

  test('a timeout is reported as timeout with the outcome unknown', async () => {
    await mock.reset()
    // A canned answer: the mock still completes the abandoned request later, and a real token
    // minted then would land in whichever test is running.
    await mock.script({ delay_ms: 1500, body: { responseStatus: 'SUCCESS', data: { id: '0PI1', token__sys: 'veeva-vault-zz' } } })
    const client = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: ADMIN_SESSION, timeoutMs: 200 })
    const started = Date.now()
    const err = await rejects(client.generateAccessToken({ userId: 'me', name: 'slow' }))
    assert.equal(err.code, 'timeout')
    assert.equal(err.outcomeUnknown, true)
    assert.ok(Date.now() - started < 1400, 'the deadline cut the call short')
  })

  test('ERROR_CODES lists the core codes', () => {
    assert.equal(ERROR_CODES.length, 19)
    for (const code of ['invalid_argument', 'wrong_vault', 'transport_failed', 'internal_error']) {
      assert.ok(ERROR_CODES.includes(code), code)
    }
  })
})

describe('input checks', () => {
  test('wrong JS types are TypeErrors', async () => {
    for (const bad of [undefined, null, 'x', 42, []]) {
      assert.ok(throws(() => new VaultClient(bad)) instanceof TypeError, inspect(bad))
    }
    assert.ok(throws(() => new VaultClient({ baseUrl: mock.url, sessionId: 42 })) instanceof TypeError)
    assert.ok(throws(() => new VaultClient({ baseUrl: mock.url, sessionId: 's', timeoutMs: '10' })) instanceof TypeError)
    const client = admin()
    for (const bad of [
      undefined,
      { userId: 12345, name: 'k' },
      { userId: 'me' },
      { userId: 'me', name: 'k', expiryDate: 1893456000000 },
      { userId: 'me', name: 'k', signal: {} },
    ]) {
      const err = await rejects(client.generateAccessToken(bad))
      assert.ok(err instanceof TypeError, `${inspect(bad)} gave ${inspect(err)}`)
      assert.equal(err.code, 'ERR_INVALID_ARG_TYPE')
    }
    assert.ok((await rejects(VaultClient.login({ baseUrl: mock.url, username: 'a' }))) instanceof TypeError)
  })

  test('bad values are VaultError invalid_argument, and nothing is sent', async () => {
    await mock.reset()
    const ctor = [
      { baseUrl: mock.url },
      { baseUrl: mock.url, sessionId: 's-1234567', accessToken: 't-1234567' },
      { baseUrl: mock.url, sessionId: 's-1234567', bodyFormat: 'xml' },
      { baseUrl: mock.url, sessionId: 's-1234567', timeoutMs: -1 },
      { baseUrl: mock.url, sessionId: 's-1234567', timeoutMs: 0 },
      { baseUrl: mock.url, sessionId: 's-1234567', connectTimeoutMs: Number.NaN },
      { baseUrl: mock.url, sessionId: 's-1234567', sessionID: 'typo' },
      { vaultDns: 'https://myvault.veevavault.com', sessionId: 's-1234567' },
      { baseUrl: 'http://example.com', sessionId: 's-1234567' },
      { baseUrl: mock.url, sessionId: 's-1234567', caFile: '/no/such/ca.pem' },
    ]
    for (const opts of ctor) {
      const err = throws(() => new VaultClient(opts))
      assert.ok(err instanceof VaultError, `${inspect(opts)} gave ${inspect(err)}`)
      assert.equal(err.code, 'invalid_argument', inspect(opts))
      assert.equal(err.outcomeUnknown, false)
    }
    const client = admin()
    const calls = [
      { name: 'k' },
      { userId: '12345', sandbox: 'qa-sandbox', name: 'k' },
      { userId: 'me', name: '  ' },
      { userId: 'me', name: 'k', expiryDate: new Date('not a date') },
      { userId: 'me', name: 'k', expiryDate: new Date('2020-01-01T00:00:00Z') },
      { userId: 'me', name: 'k', expiryDate: '2031-12-31T12:00:00' },
      { userId: 'me', name: 'k', extra: true },
    ]
    for (const call of calls) {
      const err = await rejects(client.generateAccessToken(call))
      assert.ok(err instanceof VaultError, `${inspect(call)} gave ${inspect(err)}`)
      assert.equal(err.code, 'invalid_argument', inspect(call))
    }
    assert.deepEqual(await mock.requests(), [])
  })

  test('expiryDate accepts a Date (sent in UTC, whole seconds) and an ISO string', async () => {
    await mock.reset()
    const client = admin()
    await client.generateAccessToken({ userId: 'me', name: 'd1', expiryDate: new Date('2031-12-31T12:00:00.750Z') })
    await client.generateAccessToken({ userId: 'me', name: 'd2', expiryDate: '2031-12-31T14:00:00+02:00' })
    await client.generateAccessToken({ userId: 'me', name: 'd3', expiryDate: '2031-06-30' })
    const bodies = (await mock.requests()).map((r) => r.body)
    assert.deepEqual(bodies, [
      'name__v=d1&expiry_date__v=2031-12-31T12%3A00%3A00Z',
      'name__v=d2&expiry_date__v=2031-12-31T12%3A00%3A00Z',
      'name__v=d3&expiry_date__v=2031-06-30',
    ])
  })
})

describe('login', () => {
  test('login, then mint a token for the session user; the default client id names the node binding', async () => {
    await mock.reset()
    const client = await VaultClient.login({ vaultDns: VAULT_DNS, baseUrl: mock.url, username: 'admin@myvault.example', password: PASSWORD })
    assert.ok(client instanceof VaultClient)
    assert.deepEqual({ ...client.session }, { userId: '12345', vaultId: '1776', vaultDns: VAULT_DNS })
    assert.equal(client.apiVersion, 'v26.2')
    const tok = await client.generateAccessToken({ userId: client.session.userId, name: 'after-login' })
    assert.ok(tok instanceof AccessToken)
    assert.match(tok.token, /^veeva-vault-/)
    const [auth, call] = await mock.requests()
    assert.equal(auth.path, '/api/v26.2/auth')
    assert.equal(call.path, '/api/v26.2/objects/users/12345/api_access_token__sys')
    assert.match(call.headers['x-vaultapi-clientid'], /^veeva-vault-auth-node-/)
    assertHidden(client, [call.headers.authorization, PASSWORD])
  })

  test('a session for another Vault is refused with wrong_vault', async () => {
    await mock.reset()
    const err = await rejects(
      VaultClient.login({ vaultDns: VAULT_DNS, baseUrl: mock.url, username: 'elsewhere@other.example', password: PASSWORD }),
    )
    assert.ok(err instanceof VaultError)
    assert.equal(err.code, 'wrong_vault')
    assert.equal(err.httpStatus, 200)
  })

  test('bad credentials are authentication_failed and never echo the password', async () => {
    await mock.reset()
    const wrong = 'Wr0ng-Passw0rd-xyz'
    const err = await rejects(VaultClient.login({ vaultDns: VAULT_DNS, baseUrl: mock.url, username: 'admin@myvault.example', password: wrong }))
    assert.equal(err.code, 'authentication_failed')
    assertHidden(err, [wrong])
    const locked = await rejects(VaultClient.login({ vaultDns: VAULT_DNS, baseUrl: mock.url, username: 'locked@myvault.example', password: PASSWORD }))
    assert.equal(locked.code, 'authentication_failed')
    assert.deepEqual(locked.vaultErrors.map((e) => e.type), ['USER_LOCKED_OUT'])
  })

  test('login rejects a credential passed along with the password', async () => {
    const err = await rejects(
      VaultClient.login({ baseUrl: mock.url, username: 'admin@myvault.example', password: PASSWORD, sessionId: ADMIN_SESSION }),
    )
    assert.equal(err.code, 'invalid_argument')
  })
})

describe('tokens', () => {
  test('a minted token then works as accessToken (sent as Bearer)', async () => {
    await mock.reset()
    const tok = await admin().generateAccessToken({ userId: 'me', name: 'first' })
    const byToken = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, accessToken: tok.token })
    const second = await byToken.generateAccessToken({ userId: 'me', name: 'second' })
    assert.notEqual(second.id, tok.id)
    const reqs = await mock.requests()
    assert.equal(reqs[1].headers.authorization, `Bearer ${tok.token}`)
    const minted = await mock.tokens()
    assert.ok(minted.length >= 2)
  })

  test('sandbox tokens go to the sandbox endpoint', async () => {
    await mock.reset()
    const tok = await admin().generateAccessToken({ sandbox: 'qa-sandbox', name: 'sbx', expiryDate: '2031-01-31' })
    assert.match(tok.token, /^veeva-vault-/)
    const [r] = await mock.requests()
    assert.equal(r.path, '/api/v26.2/objects/sandbox/qa-sandbox/users/me/api_access_token__sys')
  })

  test('module-level generateAccessToken for one-off use', async () => {
    await mock.reset()
    const tok = await generateAccessToken({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: ADMIN_SESSION, userId: '12345', name: 'one-off' })
    assert.match(tok.id, /\S/)
    const err = await rejects(generateAccessToken({ baseUrl: mock.url, userId: '12345', name: 'no-credential' }))
    assert.equal(err.code, 'invalid_argument')
  })

  test('no rendering of a token shows the secret; the accessor does', async () => {
    await mock.reset()
    const tok = await admin().generateAccessToken({ userId: 'me', name: 'secret-check' })
    assert.match(tok.token, /^veeva-vault-.{20,}/)
    assertHidden(tok, [tok.token, tok.token.slice('veeva-vault-'.length)])
    assert.deepEqual(Object.keys(tok).sort(), ['id', 'metadata', 'warnings'])
    assert.equal(JSON.parse(JSON.stringify(tok)).token, '[REDACTED]')
    assert.match(inspect(tok), /AccessToken \{[^]*id: '[^']+'[^]*\[REDACTED\]/)
    assert.ok(Object.isFrozen(tok))
  })
})

describe('the event loop and concurrency', () => {
  test('sequential calls reuse one kept-alive connection', async () => {
    await mock.reset()
    const client = admin()
    for (let i = 0; i < 10; i++) {
      await client.generateAccessToken({ userId: 'me', name: `seq${i}`, expiryDate: '2031-12-31T12:00:00Z' })
    }
    assert.equal((await mock.requests()).length, 10)
    assert.equal(await mock.connections(), 1)
  })

  test('a slow call never blocks the event loop', async () => {
    await mock.reset()
    await mock.script({ delay_ms: 500 })
    const client = admin()
    let ticks = 0
    const timer = setInterval(() => ticks++, 20)
    const started = Date.now()
    try {
      await client.generateAccessToken({ userId: 'me', name: 'slow' })
    } finally {
      clearInterval(timer)
    }
    const elapsed = Date.now() - started
    assert.ok(elapsed >= 450, `the call took ${elapsed} ms: the delay was not applied`)
    assert.ok(ticks >= 10, `only ${ticks} timer ticks in ${elapsed} ms`)
  })

  test('100 concurrent calls on one client', async () => {
    await mock.reset()
    const n = 100
    const scripts = Array.from({ length: n }, (_, i) => ({
      status: 200,
      headers: [['X-VaultAPI-ExecutionId', `exec-${i}`]],
      body: { responseStatus: 'SUCCESS', data: { id: `0PI${String(i).padStart(12, '0')}`, token__sys: `veeva-vault-concurrent-${i}` } },
    }))
    await mock.script(scripts)
    const client = admin()
    const results = await Promise.all(Array.from({ length: n }, (_, i) => client.generateAccessToken({ userId: 'me', name: `c${i}` })))
    assert.equal(new Set(results.map((t) => t.id)).size, n)
    for (const t of results) {
      // Each answer stays with its own response: id, token and execution id agree.
      const i = Number(t.id.slice(3))
      assert.equal(t.token, `veeva-vault-concurrent-${i}`)
      assert.equal(t.metadata.executionId, `exec-${i}`)
    }
    assert.equal((await mock.requests()).length, n)
  })

  test('concurrent real mints in batches of 25 (the per-user limit), reset between batches', async () => {
    const client = admin()
    for (let batch = 0; batch < 4; batch++) {
      await mock.reset()
      const toks = await Promise.all(Array.from({ length: 25 }, (_, i) => client.generateAccessToken({ userId: '12345', name: `b${batch}-${i}` })))
      assert.equal(new Set(toks.map((t) => t.token)).size, 25)
      assert.equal((await mock.tokens()).length, 25)
    }
  })
})

describe('abort', () => {
  test('aborting an in-flight call rejects at once with an AbortError (outcome unknown)', async () => {
    await mock.reset()
    await mock.script({ delay_ms: 3000, body: { responseStatus: 'SUCCESS', data: { id: '0PI1', token__sys: 'veeva-vault-zz' } } }) // canned: see the timeout test
    const client = admin()
    const ac = new AbortController()
    const started = Date.now()
    setTimeout(() => ac.abort(), 100)
    const err = await rejects(client.generateAccessToken({ userId: 'me', name: 'aborted', signal: ac.signal }))
    assert.ok(Date.now() - started < 1500, 'rejected promptly')
    assert.ok(err instanceof AbortError)
    assert.equal(err.name, 'AbortError')
    assert.equal(err.code, 'ABORT_ERR')
    assert.equal(err.outcomeUnknown, true)
    assert.equal(err.cause, ac.signal.reason)
    assert.equal((await mock.requests()).length, 1, 'the request had been sent')
    // The client is still usable after an abort.
    const tok = await client.generateAccessToken({ userId: 'me', name: 'after-abort' })
    assert.match(tok.token, /^veeva-vault-/)
  })

  test('an already-aborted signal sends nothing', async () => {
    await mock.reset()
    const reason = new Error('stop')
    const err = await rejects(admin().generateAccessToken({ userId: 'me', name: 'never', signal: AbortSignal.abort(reason) }))
    assert.ok(err instanceof AbortError)
    assert.equal(err.outcomeUnknown, false)
    assert.equal(err.cause, reason)
    assert.deepEqual(await mock.requests(), [])
  })

  test('a signal that never fires changes nothing, and a late abort is ignored', async () => {
    await mock.reset()
    const ac = new AbortController()
    const tok = await admin().generateAccessToken({ userId: 'me', name: 'with-signal', signal: ac.signal })
    ac.abort()
    assert.match(tok.token, /^veeva-vault-/)
    assert.equal((await mock.requests()).length, 1)
  })
})
