// The addon stays lean: issue 12 allows the .node file at most 25% over the 6.5 MB it had
// before the lifecycle calls and the built-in mock Vault were added.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BUDGET = 6.5e6 * 1.25

test('the .node file is within its size budget', () => {
  const addons = readdirSync(pkg).filter((f) => f.endsWith('.node'))
  assert.ok(addons.length > 0, 'no built addon next to index.js')
  for (const f of addons) {
    const { size } = statSync(path.join(pkg, f))
    assert.ok(size <= BUDGET, `${f} is ${size} bytes; the budget is ${BUDGET}`)
  }
})
