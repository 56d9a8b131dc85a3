// `make demo`'s Node step: log in to a Vault (the bundled mock by default), generate a token,
// print its id and a masked token, list the user's tokens, and revoke the one it made.
//
// Usage: node examples/demo.mjs [BASE_URL]. With no argument it starts the mock Vault
// ($MOCK_VAULT_BIN). Environment: VAULT_DNS (default myvault.veevavault.com), VAULT_USERNAME,
// VAULT_PASSWORD.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { VaultClient } from 'veeva-vault-auth'

function mask(token) {
  return `${token.slice(0, 14)}…(${token.length} chars)`
}

async function startMock() {
  const bin = process.env.MOCK_VAULT_BIN
  if (!bin) throw new Error('pass a base URL or set MOCK_VAULT_BIN (make demo-node does)')
  const child = spawn(bin, ['--port', '0', '--exit-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'ignore'] })
  const lines = createInterface({ input: child.stdout })
  const [url] = await Promise.race([
    once(lines, 'line'),
    once(child, 'error').then(([e]) => Promise.reject(e)),
  ])
  lines.close()
  return { url: url.trim(), stop: () => child.stdin.end() }
}

const mock = process.argv[2] ? null : await startMock()
try {
  const client = await VaultClient.login({
    vaultDns: process.env.VAULT_DNS ?? 'myvault.veevavault.com',
    baseUrl: process.argv[2] ?? mock.url,
    username: process.env.VAULT_USERNAME ?? 'admin@myvault.example',
    password: process.env.VAULT_PASSWORD ?? 'mock-password',
  })
  const expiryDate = new Date(Date.now() + 30 * 24 * 3600 * 1000)
  const tok = await client.generateAccessToken({
    userId: client.session?.userId ?? 'me',
    name: 'veeva-vault-auth demo (node)',
    expiryDate,
  })
  console.log(`node:   token id ${tok.id}  token ${mask(tok.token)}  (expires ${expiryDate.toISOString().replace(/\.\d+Z$/, 'Z')})`)
  const tokens = await client.listAccessTokens()
  console.log(`node:   ${tokens.length} active token(s) of user ${client.session?.userId ?? 'me'}:`)
  for (const t of tokens) {
    console.log(`node:     ${t.id}  ${JSON.stringify(t.name)}  expires ${t.expiry?.toISOString() ?? 'never'}  last used ${t.lastUsed?.toISOString() ?? 'never'}`)
  }
  const report = await client.revokeAccessTokens([tok.id])
  if (!report.isComplete) throw new Error(`revoke of ${tok.id} incomplete: ${JSON.stringify(report)}`)
  console.log(`node:   revoked ${report.revoked.join(', ')}`)
} finally {
  mock?.stop()
}
