'use strict'
// Stages the release main package (make dist-node; the release workflow publishes the same
// staging): a copy of the JS, the types and the loader, README.md and the repository's LICENSE,
// with the committed package.json minus what only a source install needs, plus the platform
// packages as optionalDependencies (from npm/*/package.json, see manifest()). No install script
// (the addon comes from the platform package, so installing needs no Rust), no devDependencies,
// and `files` without src/, build.rs, Cargo.toml, scripts/ or *.node.
//
//   node scripts/stage-release.js <empty or new folder>

const { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } = require('node:fs')
const path = require('node:path')

const pkgDir = path.resolve(__dirname, '..')
// What the release main package holds, besides package.json, README.md and LICENSE.
const FILES = ['index.js', 'index.mjs', 'index.d.ts', 'native.js', 'native.d.ts', 'testing.js', 'testing.mjs', 'testing.d.ts', 'lib/']

// The platform packages, from npm/*/package.json: name -> version. Each must be published at the
// main package's version, or the optional dependency never resolves.
function platformPackages(version) {
  const npmDir = path.join(pkgDir, 'npm')
  const out = {}
  for (const dir of existsSync(npmDir) ? readdirSync(npmDir).sort() : []) {
    const p = JSON.parse(readFileSync(path.join(npmDir, dir, 'package.json'), 'utf8'))
    if (p.version !== version) throw new Error(`npm/${dir}/package.json: version ${p.version}, want ${version}`)
    out[p.name] = p.version
  }
  if (Object.keys(out).length === 0) throw new Error('npm/: no platform packages')
  return out
}

// The optional dependencies exist only in the release manifest, as `napi pre-publish` adds them at
// publish time: in the committed package.json they would make every source install and `npm ci`
// here ask the registry for packages that are not published yet (a 404 at best; at worst, while
// the scope is unclaimed, someone else's package of that name).
function manifest() {
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
  const platforms = platformPackages(pkg.version)
  // After `napi pre-publish` (the release workflow) package.json has them too: they must agree.
  for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
    if (platforms[name] !== spec) throw new Error(`package.json: optionalDependencies ${name}@${spec} is not npm/'s ${platforms[name]}`)
  }
  pkg.optionalDependencies = platforms
  delete pkg.scripts
  delete pkg.devDependencies
  pkg.files = FILES
  return pkg
}

function main(out) {
  if (!out) throw new Error('usage: stage-release.js <folder>')
  mkdirSync(out, { recursive: true })
  if (readdirSync(out).length > 0) throw new Error(`${out} is not empty`)
  const pkg = manifest()
  for (const f of FILES) cpSync(path.join(pkgDir, f), path.join(out, f), { recursive: true })
  cpSync(path.join(pkgDir, 'README.md'), path.join(out, 'README.md'))
  cpSync(path.join(pkgDir, '..', 'LICENSE'), path.join(out, 'LICENSE'))
  writeFileSync(path.join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n')
}

main(process.argv[2])
