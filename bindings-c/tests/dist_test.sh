#!/usr/bin/env bash
# Checks the C release archive the way a user would use it: unpacked under a random prefix, found
# by pkg-config through its relative .pc, the example built against it (shared and static, with
# the system cc and with zig cc for the glibc the archive claims) and run against the archive's
# own bin/mock-vault; the shared library's symbols; and no GLIBC_ symbol version newer than the
# claimed one in the library, the mock or the zig-built programs (objdump -T).
#
#   dist_test.sh ARCHIVE TESTS_DIR      ($ZIG: a zig command, e.g. "python -m ziglang"; $CC)
set -uo pipefail
archive=$1 here=$2
CC=${CC:-cc}
CFLAGS="-std=c11 -Wall -Wextra -Werror -pedantic"
passed=0 failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $what"; fi
}
root=$(mktemp -d "${TMPDIR:-/tmp}/vva-dist.XXXXXX")
trap 'rm -rf "$root"' EXIT
name=$(basename "$archive" .tar.gz)                # veeva-vault-auth-<version>-x86_64-linux
version=${name#veeva-vault-auth-}
version=${version%-x86_64-linux}
tar -C "$root" -xzf "$archive" || { echo "FAIL unpack $archive"; exit 1; }
prefix=$root/$name
doc=$prefix/share/doc/veeva-vault-auth
lib=$prefix/lib/libveeva_vault_auth.so.$version
glibc=$(sed -n 's/^glibc: //p' "$doc/PLATFORM")
echo "archive $name: version $version, glibc $glibc, unpacked at $prefix"

for f in include/veeva_vault_auth.h lib/libveeva_vault_auth.a lib/pkgconfig/veeva_vault_auth.pc \
         bin/mock-vault share/doc/veeva-vault-auth/README.md share/doc/veeva-vault-auth/LICENSE \
         share/doc/veeva-vault-auth/examples/generate_token.c; do
    check "the archive has $f" test -s "$prefix/$f"
done
check "the archive claims a glibc version" test -n "$glibc"
check "lib/libveeva_vault_auth.so -> .so.${version%%.*} -> .so.$version" bash -c "
    [ \"\$(readlink '$prefix/lib/libveeva_vault_auth.so')\" = libveeva_vault_auth.so.${version%%.*} ] &&
    [ \"\$(readlink '$prefix/lib/libveeva_vault_auth.so.${version%%.*}')\" = libveeva_vault_auth.so.$version ] &&
    [ -f '$lib' ] && [ ! -L '$lib' ]"
check "exported symbols and SONAME" "$here/check_symbols.sh" "$lib" "$prefix/include/veeva_vault_auth.h"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"
check "pkg-config's version is the archive's" [ "$(pkg-config --modversion veeva_vault_auth)" = "$version" ]
check "pkg-config resolves the unpacked prefix" [ "$(cd "$(pkg-config --variable=libdir veeva_vault_auth)" && pwd -P)" = "$(cd "$prefix/lib" && pwd -P)" ]
check "VVA_VERSION_STRING is the archive's version" grep -qx "#define VVA_VERSION_STRING \"$version\"" "$prefix/include/veeva_vault_auth.h"

libdir=$(pkg-config --variable=libdir veeva_vault_auth)
cflags=$(pkg-config --cflags veeva_vault_auth)
shared=$(pkg-config --libs veeva_vault_auth)
static=$(pkg-config --static --libs veeva_vault_auth | sed 's/-lveeva_vault_auth\b/-l:libveeva_vault_auth.a/')
work=$root/work
mkdir -p "$work"
# shellcheck disable=SC2086
build() { # build NAME COMPILER... : the example, shared (rpath) and static
    local out=$1
    shift
    check "$out: compile shared" "$@" $CFLAGS "$doc/examples/generate_token.c" $cflags $shared -Wl,-rpath,"$libdir" -o "$work/${out}_shared"
    check "$out: compile static" "$@" $CFLAGS "$doc/examples/generate_token.c" $cflags $static -o "$work/${out}_static"
    check "$out: the shared program needs libveeva_vault_auth.so.${version%%.*}" \
        bash -c "readelf -d '$work/${out}_shared' | grep -q 'NEEDED.*\[libveeva_vault_auth.so.${version%%.*}\]'"
    check "$out: the static program needs no libveeva_vault_auth" \
        bash -c "! readelf -d '$work/${out}_static' | grep -q libveeva_vault_auth"
    check "$out: the runtime version is the header's" bash -c "
        $* $CFLAGS '$here/test_version.c' $cflags $shared -Wl,-rpath,'$libdir' -o '$work/${out}_version' && '$work/${out}_version' >/dev/null"
}
build cc $CC
# shellcheck disable=SC2086
build zig $ZIG cc -target "x86_64-linux-gnu.$glibc"

export MOCK_VAULT_BIN=$prefix/bin/mock-vault
for prog in cc_shared cc_static zig_shared zig_static; do
    check "$prog generates a token against the archive's mock-vault" bash -c "
        out=\$(VAULT_DNS=myvault.veevavault.com VAULT_USERNAME=admin@myvault.example VAULT_PASSWORD=mock-password \
            '$here/with-mock.sh' bash -c 'VAULT_BASE_URL=\$VVA_MOCK_URL exec \"$work/$prog\"') || exit 1
        grep -q '^token id: 0PI' <<<\"\$out\""
done

# The newest GLIBC_x.y each file needs must not be newer than the claimed one.
newest() { objdump -T "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1; }
for f in "$lib" "$prefix/bin/mock-vault" "$work/zig_shared" "$work/zig_static"; do
    n=$(newest "$f")
    echo "newest GLIBC_ version required by $(basename "$f"): ${n:-none}"
    check "$(basename "$f") needs nothing newer than GLIBC_$glibc (newest: $n)" \
        bash -c "[ -n '$n' ] && [ \"\$(printf '%s\n%s\n' '$n' '$glibc' | sort -V | tail -n1)\" = '$glibc' ]"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
