// `make soak`'s Node client: --inflight concurrent workers on one VaultClient from the built
// addon (--package: the bindings-node folder), each cycling generate (for its user), list (must
// show the new id), revoke (its own token) and whoami (must be --me) until --seconds have passed.
// One JSON line per 10 s window (see bench/soak/README.md). The session id comes from
// VVA_SOAK_SESSION; no token or session id is ever printed.
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'

const { values: a } = parseArgs({
  options: {
    package: { type: 'string' }, url: { type: 'string' }, users: { type: 'string' }, me: { type: 'string' },
    seconds: { type: 'string', default: '600' }, inflight: { type: 'string', default: '64' },
  },
})
const session = process.env.VVA_SOAK_SESSION
if (!a.package || !a.url || !a.users || !a.me || !session) {
  console.error('usage: VVA_SOAK_SESSION=… node soak_node.mjs --package DIR --url URL --users ID,ID --me ID')
  process.exit(2)
}
const { VaultClient } = createRequire(import.meta.url)(a.package)
const users = a.users.split(',').filter(Boolean)
const EXPIRY = '2031-12-31T12:00:00Z'
const OPS = ['generate', 'list', 'revoke', 'whoami']
const started = process.hrtime.bigint()
const seconds = () => Number(process.hrtime.bigint() - started) / 1e9
const totals = { calls: 0, errors: 0 }
const fresh = () => ({ calls: 0, errors: 0, ops: Object.fromEntries(OPS.map((o) => [o, 0])), hist: {}, error: null })
let win = fresh()

function record (op, since, error) {
  const us = Math.max(Number(process.hrtime.bigint() - since) / 1000, 1)
  const bucket = Math.floor(Math.log(us) * 20)
  totals.calls++
  win.calls++
  win.ops[op]++
  win.hist[bucket] = (win.hist[bucket] ?? 0) + 1
  if (error != null) {
    totals.errors++
    win.errors++
    win.error ??= `${op}: ${error}`
  }
}

function emit () {
  const w = win
  win = fresh()
  process.stdout.write(JSON.stringify({ t: seconds(), ...w }) + '\n')
}

// The library's machine-readable code, never the message.
const code = (e) => e?.code ?? e?.name ?? 'Error'

async function step (op, call, check) {
  const t = process.hrtime.bigint()
  try {
    const result = await call()
    const bad = check(result)
    record(op, t, bad)
    return bad == null ? result : null
  } catch (e) {
    record(op, t, code(e))
    return null
  }
}

const client = new VaultClient({ vaultDns: 'myvault.veevavault.com', baseUrl: a.url, sessionId: session })
const deadline = Number(a.seconds)

async function worker (w) {
  const userId = users[w % users.length]
  const name = `soak-node-${w}`
  while (seconds() < deadline) {
    const tok = await step('generate', () => client.generateAccessToken({ userId, name, expiryDate: EXPIRY }),
      (t) => (t.token.startsWith('veeva-vault-') ? null : 'unexpected token shape'))
    if (tok == null) continue
    await step('list', () => client.listAccessTokens({ userId }),
      (list) => (list.some((i) => i.id === tok.id) ? null : 'new token not listed'))
    await step('revoke', () => client.revokeAccessTokens([tok.id]),
      (r) => (r.isComplete && r.revoked.length === 1 && r.revoked[0] === tok.id ? null : 'revoke report incomplete'))
    await step('whoami', () => client.whoami(), (u) => (u.id === a.me ? null : 'whoami: another user'))
  }
}

const ticker = setInterval(emit, 10_000)
await Promise.all(Array.from({ length: Number(a.inflight) }, (_, w) => worker(w)))
clearInterval(ticker)
emit()
process.stdout.write(JSON.stringify({ done: true, ...totals }) + '\n')
