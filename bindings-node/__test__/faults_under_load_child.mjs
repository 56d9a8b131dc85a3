// The faults-under-load scenario (issue 15), run by faults_under_load.test.mjs in a process of
// its own so that the test can check the process then exits by itself (nothing left holding the
// event loop: no pending call, no stuck addon thread).
//
// 16 calls in flight on one VaultClient while the mock Vault (its binary, killable) is killed and
// restarted on the same port, stalls, resets every third connection and answers 503. Creates
// (generateAccessToken) report outcomeUnknown whenever the request was sent and no Vault answer
// came back; read-only calls (whoami, listAccessTokens) never do; a refused connection proves
// nothing was sent. After each fault, calls succeed again on fresh connections.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { VaultClient, VaultError } from 'veeva-vault-auth'
import { ROOT, VAULT_DNS, ADMIN_SESSION } from './mock.mjs'
import path from 'node:path'

const MOCK_BIN =
  process.env.MOCK_VAULT_BIN ?? path.join(ROOT, 'target', 'x86_64-unknown-linux-gnu', 'release', 'mock-vault')
const IN_FLIGHT = 16
const TIMEOUT_MS = 2000 // each call's deadline: the stall costs this much
const MARGIN_MS = 3000 // generous, for a loaded machine; a hang is still caught

async function startMock(port) {
  const child = spawn(MOCK_BIN, ['--port', String(port), '--exit-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'ignore'] })
  const lines = createInterface({ input: child.stdout })
  const [first] = await once(lines, 'line')
  lines.close()
  const url = first.trim()
  assert.ok(url.startsWith('http://'), `mock-vault did not start on port ${port}: ${first}`)
  const control = async (method, route, body) => {
    const res = await fetch(`${url}/__mock/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })
    assert.equal(res.status, 200, `mock ${route}`)
    return res.json()
  }
  return {
    url,
    port: Number(url.split(':').pop()),
    control,
    // A fault mode on a fresh state (no tokens: creates stay under the 25-token limit).
    async fault(modes) {
      await control('POST', 'reset')
      await control('POST', 'faults', modes)
    },
    recover: () => control('POST', 'reset'),
    faults: () => control('GET', 'faults'),
    async kill() {
      child.kill('SIGKILL')
      await once(child, 'exit')
    },
    async stop() {
      child.stdin.end()
      if (child.exitCode === null && child.signalCode === null) {
        child.kill()
        await once(child, 'exit')
      }
    },
  }
}

/** 16 calls at once: every 2nd a create, the others whoami or a listing. */
function batch(client) {
  return Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, i) => {
      const create = i % 2 === 0
      const started = performance.now()
      let error = null
      try {
        if (create) await client.generateAccessToken({ userId: 'me', name: `faults ${i}` })
        else if (i % 4 === 1) await client.whoami()
        else await client.listAccessTokens({ userId: '12345' })
      } catch (e) {
        assert.ok(e instanceof VaultError, `call ${i}: not a VaultError: ${e}`)
        error = e
      }
      const took = performance.now() - started
      assert.ok(took < TIMEOUT_MS + MARGIN_MS, `call ${i} took ${took} ms, past its ${TIMEOUT_MS} ms deadline`)
      return { create, error }
    }),
  )
}

function allFailed(phase, ended, code, createUnknown) {
  for (const { create, error } of ended) {
    assert.ok(error, `${phase}: a call succeeded`)
    assert.equal(error.code, code, `${phase}: ${error.message}`)
    assert.equal(error.outcomeUnknown, create && createUnknown, `${phase}: create=${create}: ${error.message}`)
  }
}

function allSucceeded(phase, ended) {
  for (const { error } of ended) assert.equal(error, null, `${phase}: a call failed after the mock recovered: ${error?.message}`)
}

let mock = await startMock(0)
try {
  const client = new VaultClient({ vaultDns: VAULT_DNS, baseUrl: mock.url, sessionId: ADMIN_SESSION, timeoutMs: TIMEOUT_MS })
  allSucceeded('warm-up', await batch(client))

  // Kill with 16 requests read and unanswered, call while it is down, restart on the port.
  await mock.fault({ stall: true })
  const inFlight = batch(client)
  while ((await mock.faults()).stalled < IN_FLIGHT) await sleep(10)
  const port = mock.port
  await mock.kill()
  // The requests were sent: a create may have been carried out.
  allFailed('killed with requests in flight', await inFlight, 'transport_failed', true)
  // A refused connection proves nothing was sent.
  allFailed('mock down', await batch(client), 'connect_failed', false)
  mock = await startMock(port)
  assert.equal(mock.port, port)
  allSucceeded('after restart', await batch(client))

  // Stall: the deadline fires with the requests sent.
  await mock.fault({ stall: true })
  allFailed('stall', await batch(client), 'timeout', true)
  await mock.recover()
  allSucceeded('after stall', await batch(client))

  // Reset every 3rd connection. Answers close their connection in this mode, so after the first
  // batch (on kept-alive connections) every call opens a fresh one.
  await mock.fault({ reset_every: 3 })
  let failed = 0
  for (let round = 0; round < 3; round++) {
    for (const { create, error } of await batch(client)) {
      if (!error) continue
      failed++
      assert.equal(error.code, 'transport_failed', `reset: ${error.message}`)
      assert.equal(error.outcomeUnknown, create, `reset: create=${create}: ${error.message}`)
    }
  }
  const { resets } = await mock.faults()
  assert.ok(resets >= 1, 'no connection was reset')
  assert.equal(failed, resets, 'one failed call per reset connection, and no other')
  await mock.recover()
  allSucceeded('after resets', await batch(client))

  // 503 to every API request: an HTTP answer without a Vault envelope.
  await mock.fault({ status: 503 })
  const ended = await batch(client)
  allFailed('503', ended, 'http_status', true)
  for (const { error } of ended) assert.equal(error.httpStatus, 503)
  await mock.recover()
  allSucceeded('after 503', await batch(client))
} finally {
  await mock.stop()
}
// No process.exit: the parent checks that nothing keeps this process alive.
console.log('faults-under-load: ok')
