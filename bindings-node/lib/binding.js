'use strict'
// Loads the native addon through napi's generated loader (../native.js): a local
// `veeva-vault-auth.<platform>.node` (a build from source) first, then the platform package
// `@veeva-vault-auth/binding-<platform>` (an optional dependency of the release package only).
// napi's own error says neither which platform this is nor what to install, so a failure is
// rethrown here with both; napi's error, with each attempt's reason, stays as `cause`.

const pkg = require('../package.json')

const PACKAGE_PREFIX = `${pkg.napi.packageName}-`

// napi's name for this platform (its "platformArchABI"): linux-x64-gnu, darwin-arm64, ...
function platformName(platform, arch, libc) {
  if (platform === 'linux') {
    const abi = libc === 'musl' ? 'musl' : arch === 'arm' ? 'gnueabihf' : 'gnu'
    return `linux-${arch}-${abi}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

// napi's platform name for a Rust target triple of package.json's napi.targets (the platforms
// the release workflow builds addons for).
function targetPlatform(triple) {
  const [cpu, ...rest] = triple.split('-')
  const arch = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm', universal: 'universal' }[cpu] ?? cpu
  const sys = rest.join('-')
  if (sys.includes('darwin')) return `darwin-${arch}`
  if (sys.includes('windows')) return `win32-${arch}-msvc`
  return platformName('linux', arch, sys.endsWith('musl') ? 'musl' : 'gnu')
}

// 'glibc <version>' or 'musl' on Linux, from Node's own report (no child process); else null.
function libcOf(platform) {
  if (platform !== 'linux') return null
  try {
    const header = process.report.getReport().header
    return header.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : 'musl'
  } catch {
    return 'unknown'
  }
}

// One line per attempt napi made, oldest first (napi chains them through `cause`).
function attempts(err) {
  const lines = []
  for (let e = err?.cause; e && lines.length < 20; e = e.cause) {
    lines.unshift(String(e.message ?? e).split('\n')[0])
  }
  return lines
}

function notFound(cause) {
  const { platform, arch } = process
  const libc = libcOf(platform)
  const name = platformName(platform, arch, libc?.split(' ')[0])
  const prebuilt = (pkg.napi.targets ?? []).map(targetPlatform)
  // Only the release manifest lists the platform packages (scripts/stage-release.js).
  const release = Object.keys(pkg.optionalDependencies ?? {}).some((dep) => dep.startsWith(PACKAGE_PREFIX))
  const tried = attempts(cause)
  const lines = [
    `veeva-vault-auth: no native addon could be loaded for this platform, ${name} ` +
      `(process.platform ${platform}, process.arch ${arch}${libc ? `, libc ${libc}` : ''}).`,
    `Looked for ./${pkg.napi.binaryName}.${name}.node (a build from source) and the package ${PACKAGE_PREFIX}${name}.`,
    ...(tried.length ? ['napi loader said:', ...tried.map((t) => `  - ${t}`)] : []),
    `Prebuilt addons exist for: ${prebuilt.join(', ') || 'none'}.`,
    !prebuilt.includes(name)
      ? `No prebuilt addon for ${name}: build from source (needs Rust and cargo), npm install <path to bindings-node>.`
      : release
        ? `Reinstall veeva-vault-auth with optional dependencies (not --omit=optional or --no-optional): npm installs ${PACKAGE_PREFIX}${name} as one.`
        : `This is a source install, whose addon is built on install: run npm install (or make build-node) in bindings-node (needs Rust and cargo).`,
  ]
  const err = new Error(lines.join('\n'), { cause })
  err.code = 'ERR_VVA_NATIVE_ADDON_NOT_FOUND'
  return err
}

function load() {
  try {
    return require('../native.js')
  } catch (err) {
    throw notFound(err)
  }
}

module.exports = load()
