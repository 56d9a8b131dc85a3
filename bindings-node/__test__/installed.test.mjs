// The README's example test ("Testing your code"), copied out of the README as a user would,
// run with node --test in a fresh project that installed this package from `npm pack`'s
// tarball (the built addon inside). Proves veeva-vault-auth/testing works from an install,
// not just from this folder.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MARK = '<!-- example test: __test__/installed.test.mjs runs this block -->'

function exampleFromReadme() {
  const readme = readFileSync(path.join(pkg, 'README.md'), 'utf8')
  const at = readme.indexOf(MARK)
  assert.ok(at >= 0, 'the README marks its example test')
  const block = /```js\n([^]*?)\n```/.exec(readme.slice(at))
  assert.ok(block, 'a js block follows the mark')
  return block[1]
}

test('the README example test passes against the installed package', { timeout: 5 * 60_000 }, () => {
  const example = exampleFromReadme()
  const dir = mkdtempSync(path.join(tmpdir(), 'vva-installed-'))
  try {
    const npm = (args, cwd) =>
      execFileSync('npm', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        // The tarball carries the built addon: no build from source here.
        env: { ...process.env, VVA_SKIP_NATIVE_BUILD: '1', npm_config_loglevel: 'error' },
      })
    npm(['pack', '--silent', '--pack-destination', dir], pkg)
    const [tarball] = readdirSync(dir).filter((f) => f.endsWith('.tgz'))
    assert.ok(tarball, 'npm pack made a tarball')
    const app = path.join(dir, 'app')
    mkdirSync(path.join(app, 'test'), { recursive: true })
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
    npm(['install', '--offline', '--no-audit', '--no-fund', path.join(dir, tarball)], app)
    const installed = JSON.parse(readFileSync(path.join(app, 'node_modules', 'veeva-vault-auth', 'package.json'), 'utf8'))
    assert.ok(installed.exports['./testing'], 'the installed package exports ./testing')
    writeFileSync(path.join(app, 'test', 'vault.test.mjs'), example)
    // A plain run, as the user's own: not as a child of this test runner (NODE_TEST_CONTEXT).
    const { NODE_TEST_CONTEXT, ...env } = process.env
    void NODE_TEST_CONTEXT
    let out
    try {
      out = execFileSync(process.execPath, ['--test', '--test-reporter=tap', 'test/'], { cwd: app, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (err) {
      assert.fail(`the README example failed:\n${err.stdout}${err.stderr}`)
    }
    assert.match(out, /# fail 0/)
    assert.doesNotMatch(out, /# pass 0\b/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
