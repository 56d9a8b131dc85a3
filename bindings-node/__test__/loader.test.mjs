// The loader (lib/binding.js over napi's native.js): on a platform with no addon, requiring the
// package fails with an error that names the platform and what was looked for. The platform is
// faked in a child process (process.arch before the first require), so this runs anywhere.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// Prints { code, message, hasCause } of the require failure, or { loaded: true }.
const PROBE = `
Object.defineProperty(process, 'arch', { value: process.env.FAKE_ARCH })
try {
  require(${JSON.stringify(path.join(pkg, 'index.js'))})
  console.log(JSON.stringify({ loaded: true }))
} catch (err) {
  console.log(JSON.stringify({ code: err.code, message: err.message, hasCause: err.cause instanceof Error }))
}`

function probe(arch) {
  const out = execFileSync(process.execPath, ['-e', PROBE], { env: { ...process.env, FAKE_ARCH: arch }, encoding: 'utf8' })
  return JSON.parse(out)
}

test('an unsupported platform gets an error naming it, what was tried and what exists', () => {
  const r = probe('mips')
  assert.equal(r.code, 'ERR_VVA_NATIVE_ADDON_NOT_FOUND')
  assert.ok(r.hasCause, "napi's own error is kept as the cause")
  assert.match(r.message, new RegExp(`process\\.platform ${process.platform}, process\\.arch mips`))
  assert.match(r.message, /\bmips\b/)
  assert.match(r.message, /Looked for \.\/veeva-vault-auth\.[\w-]*mips[\w-]*\.node .* the package @veeva-vault-auth\/binding-[\w-]*mips/)
  assert.match(r.message, /Prebuilt addons exist for: linux-x64-gnu\./)
  assert.match(r.message, /build from source/)
})

test('the real platform loads (the faked-arch probe itself is sound)', () => {
  assert.deepEqual(probe(process.arch), { loaded: true })
})
