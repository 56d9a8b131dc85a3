// Faults under load (issue 15): see faults_under_load_child.mjs. The scenario runs in a child
// process, which must then exit by itself, with status 0, well before the test's own deadline.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const child = fileURLToPath(new URL('./faults_under_load_child.mjs', import.meta.url))

test('16 calls in flight survive kill/restart, stall, resets and 503; the process then exits cleanly', async () => {
  const run = spawn(process.execPath, [child], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  run.stdout.on('data', (d) => (out += d))
  run.stderr.on('data', (d) => (out += d))
  // A hang (a call that never ends, or a handle that keeps the process alive) fails here.
  const hang = setTimeout(() => run.kill('SIGKILL'), 45_000)
  const [code, signal] = await once(run, 'exit')
  clearTimeout(hang)
  assert.equal(signal, null, `the scenario did not exit by itself (killed: ${signal}):\n${out}`)
  assert.equal(code, 0, out)
  assert.match(out, /faults-under-load: ok/)
})
