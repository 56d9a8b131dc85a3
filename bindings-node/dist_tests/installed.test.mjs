// Run by dist_test.sh inside a fresh project that installed the two release tarballs (no Rust
// on PATH): the package as a user gets it from npm. Not part of __test__/ (that suite tests the
// source folder).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(path.join(process.cwd(), 'package.json'))
const PLATFORM_PKG = '@veeva-vault-auth/binding-linux-x64-gnu'

test('require() and import() give the same API, loaded from the platform package', async () => {
  const cjs = require('veeva-vault-auth')
  const esm = await import('veeva-vault-auth')
  for (const name of ['VaultClient', 'VaultError', 'AbortError', 'AccessToken', 'generateAccessToken', 'ERROR_CODES']) {
    assert.ok(cjs[name], `require() lacks ${name}`)
    assert.equal(esm[name], cjs[name], `import() and require() differ on ${name}`)
  }
  const addon = require.resolve(PLATFORM_PKG)
  assert.ok(Object.keys(require.cache).includes(addon), `the loaded addon is not ${addon}`)
  const main = path.dirname(require.resolve('veeva-vault-auth/package.json'))
  assert.ok(!existsSync(path.join(main, 'src')), 'the main package carries Rust sources')
})

test('the types named by package.json exports are installed', () => {
  const main = path.dirname(require.resolve('veeva-vault-auth/package.json'))
  const pkg = require('veeva-vault-auth/package.json')
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue
    assert.ok(target.types, `exports["${entry}"] has no types`)
    assert.ok(existsSync(path.join(main, target.types)), `${target.types} is not installed`)
  }
})

test('a token lifecycle against the bundled mock Vault: generate, list, revoke', async () => {
  const { VaultClient, VaultError } = await import('veeva-vault-auth')
  const { MockVault } = await import('veeva-vault-auth/testing')
  const vault = await MockVault.start()
  try {
    const { username, password } = vault.users.find((u) => u.admin)
    const client = await VaultClient.login({ vaultDns: vault.vaultDns, baseUrl: vault.baseUrl, username, password })
    const tok = await client.generateAccessToken({ userId: 'me', name: 'dist-smoke' })
    assert.match(tok.token, /^veeva-vault-/)
    assert.doesNotMatch(JSON.stringify(tok), new RegExp(tok.token))
    const listed = await client.listAccessTokens({ name: 'dist-smoke' })
    assert.deepEqual(listed.map((t) => t.id), [tok.id])
    const report = await client.revokeAccessTokens([tok.id])
    assert.deepEqual(report.revoked, [tok.id])
    assert.ok(report.isComplete)
    assert.deepEqual(await client.listAccessTokens({ name: 'dist-smoke' }), [])
    assert.deepEqual(vault.tokens().map((t) => [t.id, t.revoked]), [[tok.id, true]])
    await assert.rejects(
      new VaultClient({ vaultDns: vault.vaultDns, baseUrl: vault.baseUrl, sessionId: 'not-a-session' }).listAccessTokens(),
      (err) => err instanceof VaultError && err.code === 'invalid_session',
    )
  } finally {
    await vault.close()
  }
})
