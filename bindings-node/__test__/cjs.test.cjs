// CommonJS entry: require() works and gives the very objects the ESM entry exports.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const cjs = require('veeva-vault-auth')

const NAMES = ['VaultClient', 'VaultError', 'AbortError', 'AccessToken', 'generateAccessToken', 'ERROR_CODES']

test('require() exposes the API', () => {
  for (const name of NAMES) assert.ok(cjs[name] !== undefined, name)
  assert.equal(typeof cjs.VaultClient.login, 'function')
  assert.equal(typeof cjs.VaultClient.prototype.generateAccessToken, 'function')
  for (const method of ['listAccessTokens', 'getAccessTokenInfo', 'revokeAccessTokens', 'rotateAccessToken', 'findOrphanedTokens', 'keepAlive', 'whoami', 'logout', 'apiVersions']) {
    assert.equal(typeof cjs.VaultClient.prototype[method], 'function', method)
  }
  assert.equal(typeof cjs.VaultClient.loginOAuth, 'function')
  assert.ok(Object.isFrozen(cjs.ERROR_CODES))
})

test('import() gives the same objects (one module instance, one addon)', async () => {
  const esm = await import('veeva-vault-auth')
  for (const name of NAMES) assert.equal(esm[name], cjs[name], name)
  assert.equal(esm.default, cjs)
  const err = new cjs.VaultError('x')
  assert.ok(err instanceof esm.VaultError)
})

test('a VaultError thrown through require() keeps its code', () => {
  let caught
  try {
    new cjs.VaultClient({ baseUrl: 'http://127.0.0.1:9', sessionId: 'has space' })
  } catch (err) {
    caught = err
  }
  assert.ok(caught instanceof cjs.VaultError)
  assert.equal(caught.code, 'invalid_argument')
})

test('veeva-vault-auth/testing: require() and import() give the same MockVault, and it runs', async () => {
  const { MockVault } = require('veeva-vault-auth/testing')
  const esm = await import('veeva-vault-auth/testing')
  assert.equal(esm.MockVault, MockVault)
  const vault = await MockVault.start()
  try {
    const client = new cjs.VaultClient({ vaultDns: vault.vaultDns, baseUrl: vault.baseUrl, sessionId: vault.adminSession })
    assert.equal((await client.whoami()).id, '12345')
    assert.equal(vault.requests().length, 1)
  } finally {
    await vault.close()
  }
})
