'use strict'
// `npm install` hook: builds the native addon from source (needs Rust/cargo on PATH).
//
// With @napi-rs/cli available (a devDependency: present in `npm install` / `npm ci` inside this
// folder) it runs `napi build --platform --release`. Without it (this folder installed as a
// dependency elsewhere, where devDependencies are not installed) it runs the same cargo build
// and copies the library to the file name the loader looks for.
// Set VVA_SKIP_NATIVE_BUILD=1 to skip (the Makefile does, then builds once itself).

const { spawnSync } = require('node:child_process')
const { copyFileSync, existsSync, readdirSync } = require('node:fs')
const path = require('node:path')

const pkgDir = path.resolve(__dirname, '..')

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: pkgDir, stdio: 'inherit', ...options })
  if (r.error) {
    console.error(`veeva-vault-auth: cannot run ${cmd}: ${r.error.message} (building from source needs Rust: https://rustup.rs)`)
    process.exit(1)
  }
  if (r.status !== 0) process.exit(r.status ?? 1)
  return r
}

function hostTriple() {
  const r = spawnSync('rustc', ['-vV'], { encoding: 'utf8' })
  const m = /^host: (\S+)$/m.exec(r.stdout ?? '')
  return m ? m[1] : undefined
}

function napiCli() {
  try {
    const manifest = require.resolve('@napi-rs/cli/package.json', { paths: [pkgDir] })
    return path.join(path.dirname(manifest), require(manifest).bin.napi)
  } catch {
    return undefined
  }
}

// Drops the symbol table, as `make build-node` does (names nothing reads at run time, ~2.4 MB);
// without binutils' strip the addon stays as built.
function strip(file) {
  spawnSync('strip', ['--strip-all', file], { stdio: 'ignore' })
}

function main() {
  if (process.env.VVA_SKIP_NATIVE_BUILD) return
  const triple = process.env.CARGO_BUILD_TARGET || hostTriple()
  // Same target/ subfolder as `napi build` (which always passes --target) and the Makefile.
  const env = triple ? { ...process.env, CARGO_BUILD_TARGET: triple } : process.env
  const cli = napiCli()
  if (cli && existsSync(cli)) {
    run(process.execPath, [cli, 'build', '--platform', '--release', '--js', 'native.js', '--dts', 'native.d.ts'], { env })
    for (const f of readdirSync(pkgDir)) if (f.endsWith('.node')) strip(path.join(pkgDir, f))
    return
  }
  if (process.platform !== 'linux' || !triple) {
    console.error('veeva-vault-auth: @napi-rs/cli is not installed; run `npm install` inside bindings-node to build')
    process.exit(1)
  }
  run('cargo', ['build', '--release', '--lib', '-p', 'veeva-vault-auth-node'], { env })
  const meta = spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: pkgDir, encoding: 'utf8', maxBuffer: 64 << 20 })
  const targetDir = JSON.parse(meta.stdout).target_directory
  const lib = path.join(targetDir, triple, 'release', 'libveeva_vault_auth_node.so')
  const abi = triple.endsWith('-musl') ? 'musl' : 'gnu'
  const arch = { x86_64: 'x64', aarch64: 'arm64' }[triple.split('-')[0]] ?? process.arch
  const addon = path.join(pkgDir, `veeva-vault-auth.linux-${arch}-${abi}.node`)
  copyFileSync(lib, addon)
  strip(addon)
}

main()
