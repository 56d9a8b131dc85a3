// Starts the mock Vault (tests/mock-vault) on a free loopback port for one test file and
// talks to its /__mock/* control routes.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(here, '..', '..')
export const VECTORS_DIR = process.env.VVA_VECTORS_DIR ?? path.join(ROOT, 'tests', 'vectors')
const MOCK_BIN =
  process.env.MOCK_VAULT_BIN ?? path.join(ROOT, 'target', 'x86_64-unknown-linux-gnu', 'release', 'mock-vault')

export const VAULT_DNS = 'myvault.veevavault.com'
export const ADMIN_SESSION = 'mock-session-admin-0001'
export const PASSWORD = 'mock-password'

export async function startMock() {
  // stdin stays open: the mock exits when it closes, so a crashed test run takes it along.
  const child = spawn(MOCK_BIN, ['--port', '0', '--exit-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'ignore'] })
  const failed = once(child, 'error').then(([err]) => {
    throw new Error(`cannot start the mock Vault at ${MOCK_BIN} (run make mock): ${err.message}`)
  })
  const lines = createInterface({ input: child.stdout })
  const [first] = await Promise.race([once(lines, 'line'), failed])
  lines.close()
  const url = first.trim()
  if (!url.startsWith('http://')) throw new Error(`unexpected first line from the mock: ${first}`)
  return new Mock(child, url)
}

class Mock {
  constructor(child, url) {
    this.child = child
    this.url = url
  }

  async control(method, route, body) {
    const res = await fetch(`${this.url}/__mock/${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await res.json()
    if (res.status !== 200) throw new Error(`mock ${route}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }

  reset() {
    return this.control('POST', 'reset')
  }

  script(script) {
    return this.control('POST', 'script', script)
  }

  requests() {
    return this.control('GET', 'requests')
  }

  tokens() {
    return this.control('GET', 'tokens')
  }

  /** Connections that carried API requests (control routes not counted). */
  async connections() {
    return (await this.control('GET', 'stats')).connections
  }

  async stop() {
    this.child.stdin.end()
    this.child.kill()
    await once(this.child, 'exit').catch(() => {})
  }
}
