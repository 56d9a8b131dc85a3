'use strict'
// Stages the release main package (make dist-node; the release workflow publishes the same
// staging): a copy of the JS, the types and the loader, README.md and the repository's LICENSE,
// with the committed package.json minus what only a source install needs. No install script
// (the addon comes from the platform package, so installing needs no Rust), no devDependencies,
// and `files` without src/, build.rs, Cargo.toml, scripts/ or *.node.
//
//   node scripts/stage-release.js <empty or new folder>

const { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } = require('node:fs')
const path = require('node:path')

const pkgDir = path.resolve(__dirname, '..')
// What the release main package holds, besides package.json, README.md and LICENSE.
const FILES = ['index.js', 'index.mjs', 'index.d.ts', 'native.js', 'native.d.ts', 'testing.js', 'testing.mjs', 'testing.d.ts', 'lib/']

function manifest() {
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
  // Every platform package is published at the main package's version: a mismatch here would
  // publish a package whose optional dependency never resolves.
  const optional = Object.entries(pkg.optionalDependencies ?? {})
  if (optional.length === 0) throw new Error('package.json: no optionalDependencies (the platform packages)')
  for (const [name, spec] of optional) {
    if (spec !== pkg.version) throw new Error(`package.json: optionalDependencies ${name} is ${spec}, want ${pkg.version}`)
  }
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
