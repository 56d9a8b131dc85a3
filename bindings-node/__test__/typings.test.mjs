// The committed typings and generated files match the addon: native.js / native.d.ts are what
// `napi build` generates now, index.d.ts lists exactly the core's error codes, and a usage
// example compiles (and misuses are refused) under tsc --strict.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ERROR_CODES } from 'veeva-vault-auth'

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const read = (...p) => readFileSync(path.join(...p), 'utf8')

test('native.js and native.d.ts match what napi build generates', { timeout: 30 * 60_000 }, () => {
  // make build-node writes a fresh generation here; without it, generate one now (cargo is
  // then a no-op unless the sources changed).
  let dir = process.env.VVA_NODE_GENERATED_DIR
  let scratch
  if (!dir) {
    scratch = mkdtempSync(path.join(tmpdir(), 'vva-napi-'))
    dir = scratch
    execFileSync(
      path.join(pkg, 'node_modules', '.bin', 'napi'),
      ['build', '--platform', '--release', '--output-dir', dir, '--js', 'native.js', '--dts', 'native.d.ts'],
      { cwd: pkg, stdio: ['ignore', 'ignore', 'inherit'], env: { CARGO_BUILD_TARGET: 'x86_64-unknown-linux-gnu', ...process.env } },
    )
  }
  try {
    for (const file of ['native.d.ts', 'native.js']) {
      assert.equal(read(pkg, file), read(dir, file), `${file} drifted: run npm run build in bindings-node and commit it`)
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
})

test("index.d.ts's VaultErrorCode union is exactly the core's codes", () => {
  const dts = read(pkg, 'index.d.ts')
  const union = /export type VaultErrorCode =([^]*?)\n\n/.exec(dts)
  assert.ok(union, 'VaultErrorCode union not found')
  const codes = [...union[1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1])
  assert.deepEqual(codes, [...ERROR_CODES])
})

test('index.d.ts declares every export of index.js', async () => {
  const dts = read(pkg, 'index.d.ts')
  const mod = await import('veeva-vault-auth')
  for (const name of Object.keys(mod).filter((n) => n !== 'default')) {
    assert.match(dts, new RegExp(`export declare (class|function|const) ${name}\\b`), name)
  }
})

test('the typings compile a usage example and refuse misuse (tsc --strict)', { timeout: 120_000 }, () => {
  const tsc = path.join(pkg, 'node_modules', 'typescript', 'bin', 'tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(pkg, '__test__', 'tsconfig.json')], { cwd: pkg, encoding: 'utf8' })
  } catch (err) {
    assert.fail(`tsc failed:\n${err.stdout}${err.stderr}`)
  }
})
