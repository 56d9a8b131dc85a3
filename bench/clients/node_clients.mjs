// Node runners: this library and the peers a Node user would pick (built-in fetch, undici.request).
// Each does the same per call: POST the form, parse the JSON, take data.token__sys.
// Prints one JSON result line (see bench/run.py).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
const { values: a } = parseArgs({
  options: {
    client: { type: 'string' }, url: { type: 'string' }, ca: { type: 'string', default: '' },
    mode: { type: 'string', default: 'seq' }, calls: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '64' },
  },
})
const calls = Number(a.calls)
const width = a.mode === 'conc' ? Number(a.concurrency) : 1
const url = a.url + '/api/v26.2/objects/users/12345/api_access_token__sys'
const form = 'name__v=bench&expiry_date__v=2031-12-31T12%3A00%3A00Z'
const headers = {
  authorization: 'bench-session-0001', accept: 'application/json',
  'content-type': 'application/x-www-form-urlencoded',
}
const check = (t) => { if (!t.startsWith('veeva-vault-')) throw new Error('bad token') }

let call
if (a.client === 'fetch' || a.client === 'undici') {
  const undici = require('undici')
  const dispatcher = new undici.Agent({
    connections: Math.max(width, 1), connect: a.ca ? { ca: readFileSync(a.ca) } : undefined,
  })
  if (a.client === 'fetch') {
    // Node's built-in fetch; the dispatcher only carries the CA and the pool size.
    call = async () => {
      const r = await fetch(url, { method: 'POST', headers, body: form, dispatcher })
      check((await r.json()).data.token__sys)
    }
  } else {
    call = async () => {
      const r = await undici.request(url, { method: 'POST', headers, body: form, dispatcher })
      check((await r.body.json()).data.token__sys)
    }
  }
} else if (a.client === 'vva') {
  const { VaultClient } = require('veeva-vault-auth')
  const c = new VaultClient({
    vaultDns: 'myvault.veevavault.com', baseUrl: a.url, sessionId: 'bench-session-0001',
    caFile: a.ca || undefined,
  })
  call = async () => {
    const tok = await c.generateAccessToken({ userId: '12345', name: 'bench', expiryDate: '2031-12-31T12:00:00Z' })
    check(tok.token)
  }
} else {
  throw new Error(`unknown client ${a.client}`)
}

for (let i = 0; i < 50; i++) await call()
let remaining = calls
const lat = []
const worker = async () => {
  while (remaining > 0) {
    remaining--
    const t = process.hrtime.bigint()
    await call()
    lat.push(Number(process.hrtime.bigint() - t) / 1000)
  }
}
const start = process.hrtime.bigint()
await Promise.all(Array.from({ length: width }, worker))
const seconds = Number(process.hrtime.bigint() - start) / 1e9
lat.sort((x, y) => x - y)
const pct = (p) => lat[Math.round((lat.length - 1) * p)] ?? 0
console.log(JSON.stringify({ client: a.client, mode: a.mode, calls: lat.length, seconds, p50_us: pct(0.5), p99_us: pct(0.99) }))
process.exit(0)
