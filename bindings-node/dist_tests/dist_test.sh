#!/usr/bin/env bash
# make test-dist-node: the release packages as a user without Rust gets them.
#
#   dist_test.sh <veeva-vault-auth-X.tgz> <veeva-vault-auth-binding-linux-x64-gnu-X.tgz> [tsc]
#
# 1. the tarballs hold what they should (no Rust sources, install script or .node in the main
#    one; the addon in the platform one);
# 2. both installed into a fresh project by npm --offline with an empty cache and an unreachable
#    registry (so nothing can come from the network), under a PATH with node and npm but no
#    cargo or rustc; then installed.test.mjs there (require, import, types, a token lifecycle
#    against the bundled mock Vault), and tsc over __test__/types.check.mts when a tsc is given;
# 3. the installed addon needs no GLIBC_ symbol version newer than 2.17 and has no symbol table;
# 4. only the main package installed (as on a platform with no prebuilt addon): it installs,
#    and require() / import() fail with the loader's error naming the platform.
set -euo pipefail

main_tgz=$(realpath "$1")
platform_tgz=$(realpath "$2")
tsc=${3:-}
here=$(dirname "$(realpath "$0")")
platform=linux-x64-gnu
platform_pkg=@veeva-vault-auth/binding-$platform
addon=veeva-vault-auth.$platform.node
max_glibc=2.17

work=$(mktemp -d "${TMPDIR:-/tmp}/vva-dist-node.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "test-dist-node: FAIL: $*" >&2; exit 1; }
ok() { echo "test-dist-node: ok: $*"; }

# 1. Contents.
main_list=$(tar -tzf "$main_tgz")
for f in package/package.json package/index.js package/index.mjs package/index.d.ts package/native.js \
  package/testing.js package/testing.d.ts package/lib/binding.js package/README.md package/LICENSE; do
  grep -qx "$f" <<<"$main_list" || fail "$main_tgz lacks $f"
done
if grep -E '^package/(src/|scripts/|build\.rs$|Cargo\.toml$|npm/|__test__/)|\.node$' <<<"$main_list"; then
  fail "$main_tgz holds the files above (Rust sources, build files, scripts or an addon)"
fi
tar -xzOf "$main_tgz" package/package.json | node -e '
  const p = JSON.parse(require("fs").readFileSync(0, "utf8"))
  const bad = []
  if (p.scripts) bad.push("scripts " + JSON.stringify(p.scripts))
  if (p.devDependencies) bad.push("devDependencies")
  if (p.optionalDependencies?.[process.argv[1]] !== p.version) bad.push(`optionalDependencies ${process.argv[1]} != ${p.version}`)
  for (const k of ["exports", "engines", "files", "repository", "license", "types"]) if (!p[k]) bad.push("no " + k)
  if (bad.length) { console.error(bad.join("; ")); process.exit(1) }' "$platform_pkg" || fail "main package.json"
plat_list=$(tar -tzf "$platform_tgz")
for f in package/package.json package/$addon package/README.md package/LICENSE; do
  grep -qx "$f" <<<"$plat_list" || fail "$platform_tgz lacks $f"
done
tar -xzOf "$platform_tgz" package/package.json | node -e '
  const p = JSON.parse(require("fs").readFileSync(0, "utf8"))
  const want = { name: process.argv[1], os: ["linux"], cpu: ["x64"], libc: ["glibc"], main: process.argv[2] }
  for (const [k, v] of Object.entries(want)) if (JSON.stringify(p[k]) !== JSON.stringify(v)) { console.error(k, p[k]); process.exit(1) }' \
  "$platform_pkg" "$addon" || fail "platform package.json"
ok "tarball contents and manifests"

# 2. A user's machine: node and npm, no Rust.
mkdir -p "$work/bin"
for tool in node npm npx; do ln -s "$(command -v $tool)" "$work/bin/$tool"; done
user_path="$work/bin:/usr/bin:/bin"
if PATH=$user_path command -v cargo >/dev/null || PATH=$user_path command -v rustc >/dev/null; then
  fail "cargo or rustc is reachable on the test PATH $user_path"
fi
as_user() {
  env -i HOME="$work/home" PATH="$user_path" TMPDIR="$work" \
    npm_config_cache="$work/npm-cache" npm_config_registry=http://127.0.0.1:9/ \
    npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false "$@"
}
npm_install() { as_user npm install --offline --no-audit --no-fund --loglevel=error "$@"; }
mkdir -p "$work/home" "$work/app/test" "$work/bare"
echo '{"name":"app","private":true}' > "$work/app/package.json"
echo '{"name":"bare","private":true}' > "$work/bare/package.json"

start=$SECONDS
(cd "$work/app" && npm_install "$main_tgz" "$platform_tgz")
ok "npm install --offline of both tarballs ($((SECONDS - start)) s, no cargo on PATH)"
installed=$work/app/node_modules
test -f "$installed/$platform_pkg/$addon" || fail "$platform_pkg/$addon not installed"
if compgen -G "$installed/veeva-vault-auth/*.node" >/dev/null; then fail "an addon inside the main package"; fi

cp "$here/installed.test.mjs" "$work/app/test/"
(cd "$work/app" && as_user node --test --test-reporter=spec test/) || fail "installed.test.mjs"
if [ -n "$tsc" ]; then
  # The binding's own typings check (what must compile, what must stay an error), now against
  # the installed package's types.
  cp "$here/../__test__/types.check.mts" "$here/../__test__/tsconfig.json" "$work/app/test/"
  (cd "$work/app" && as_user node "$tsc" -p test/tsconfig.json) || fail "tsc over the installed types"
  ok "the installed types pass __test__/types.check.mts under tsc --strict"
fi

# 3. The addon as installed.
newest=$(objdump -T "$installed/$platform_pkg/$addon" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V -u | tail -n1)
[ -n "$newest" ] || fail "objdump -T shows no GLIBC_ versions (not a glibc build?)"
[ "$(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -n1)" = "$max_glibc" ] \
  || fail "the addon needs GLIBC_$newest, newer than $max_glibc"
ok "newest GLIBC_ symbol version of the addon: $newest (<= $max_glibc)"
if readelf -S "$installed/$platform_pkg/$addon" | grep -q '\.symtab'; then fail "the addon keeps its symbol table"; fi
ok "the addon is stripped"

# 4. No platform package: installs (the optional dependency is skipped), then a clear error.
(cd "$work/bare" && npm_install "$main_tgz")
test ! -e "$work/bare/node_modules/$platform_pkg" || fail "$platform_pkg came from somewhere"
# require() in one process; import() in another, judged by its exit status and stderr (Node 20
# also reports an ES module's failed CommonJS import as uncaught, even when the import()
# promise's rejection is handled).
probe='
  try { require("veeva-vault-auth") } catch (err) {
    if (err.code !== "ERR_VVA_NATIVE_ADDON_NOT_FOUND") throw err
    console.error(`code: ${err.code}\n${err.message}`)
    process.exit(3)
  }
  throw new Error("require() loaded an addon that is not installed")'
expect_loader_error() { # $1: how it was loaded, $2: exit status, $3: its stderr
  [ "$2" -ne 0 ] || fail "$1 succeeded without $platform_pkg"
  for want in "ERR_VVA_NATIVE_ADDON_NOT_FOUND" "$platform" "process.platform $(node -p process.platform)" \
    "process.arch $(node -p process.arch)" "$platform_pkg"; do
    grep -qF -- "$want" <<<"$3" || fail "$1: the error does not name '$want':"$'\n'"$3"
  done
}
set +e
err=$(cd "$work/bare" && as_user node -e "$probe" 2>&1 >/dev/null); status=$?
expect_loader_error "require()" $status "$err"
err=$(cd "$work/bare" && as_user node --input-type=module -e 'await import("veeva-vault-auth")' 2>&1 >/dev/null); status=$?
set -e
expect_loader_error "import()" $status "$err"
sed 's/^/  | /' <<<"$err" | head -n 8
ok "without $platform_pkg: require() and import() fail naming $platform"
echo "test-dist-node: all passed"
