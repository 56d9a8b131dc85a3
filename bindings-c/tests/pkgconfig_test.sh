#!/usr/bin/env bash
# Checks an installed copy of the library the way a user would use it: pkg-config finds it, the
# example compiles against the installed header and links against the installed shared library
# and, separately, the static one (with Libs.private), and both programs get a token from the
# mock Vault. Then the README's own test (examples/mock_vault_test.c), built the same two ways,
# starts the installed PREFIX/bin/mock-vault from PATH and passes.
#
#   pkgconfig_test.sh PREFIX EXAMPLES_DIR      (after `make install PREFIX=PREFIX`; needs
#                                              $MOCK_VAULT_BIN, runs the mock via with-mock.sh)
set -uo pipefail
prefix=$1
example=$2/generate_token.c
readme_test=$2/mock_vault_test.c
here=$(cd "$(dirname "$0")" && pwd)
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"   # only the copy under test
CC=${CC:-cc}
CFLAGS="-std=c11 -Wall -Wextra -Werror -pedantic"
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $what"; fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check "pkg-config knows veeva_vault_auth" pkg-config --exists veeva_vault_auth
check "Cflags point at the installed header" test -f "$(pkg-config --variable=includedir veeva_vault_auth)/veeva_vault_auth.h"
check "Libs.private lists the native static libraries" \
    bash -c '[[ " $(pkg-config --static --libs veeva_vault_auth) " == *" -lpthread "* ]]'

# Shared: the plain pkg-config line (plus an rpath, since PREFIX is not on the loader's path).
libdir=$(pkg-config --variable=libdir veeva_vault_auth)
# shellcheck disable=SC2046
check "compile and link against the shared library" \
    $CC $CFLAGS "$example" $(pkg-config --cflags --libs veeva_vault_auth) -Wl,-rpath,"$libdir" -o "$work/shared"
check "the program uses the installed shared library" \
    bash -c "ldd '$work/shared' | grep -q '$libdir/libveeva_vault_auth.so'"

# Static: --static adds Libs.private; -l:libveeva_vault_auth.a makes the linker take the archive
# although the shared library sits next to it.
static_libs=$(pkg-config --static --libs veeva_vault_auth | sed 's/-lveeva_vault_auth\b/-l:libveeva_vault_auth.a/')
# shellcheck disable=SC2046,SC2086
check "compile and link against the static library" \
    $CC $CFLAGS "$example" $(pkg-config --cflags veeva_vault_auth) $static_libs -o "$work/static"
check "the static program needs no libveeva_vault_auth.so" \
    bash -c "! ldd '$work/static' | grep -q libveeva_vault_auth"

for kind in shared static; do
    check "$kind program generates a token against the mock" bash -c "
        out=\$(VAULT_DNS=myvault.veevavault.com VAULT_USERNAME=admin@myvault.example VAULT_PASSWORD=mock-password \
            '$here/with-mock.sh' bash -c 'VAULT_BASE_URL=\$VVA_MOCK_URL exec \"$work/$kind\"') || exit 1
        grep -q '^token id: 0PI' <<<\"\$out\" && grep -Eq '^token: +veeva-vault-.{4}\.\.\. \([0-9]+ characters, masked\)$' <<<\"\$out\""
done

check "make install put the mock Vault into PREFIX/bin" test -x "$prefix/bin/mock-vault"
# shellcheck disable=SC2046
check "the README's mock Vault test compiles (shared)" \
    $CC $CFLAGS "$readme_test" $(pkg-config --cflags --libs veeva_vault_auth) -Wl,-rpath,"$libdir" -o "$work/readme_shared"
# shellcheck disable=SC2046,SC2086
check "the README's mock Vault test compiles (static)" \
    $CC $CFLAGS "$readme_test" $(pkg-config --cflags veeva_vault_auth) $static_libs -o "$work/readme_static"
for kind in shared static; do
    check "the README's mock Vault test passes ($kind), with the installed mock-vault from PATH" \
        bash -c "export PATH='$prefix/bin':\$PATH; [ \"\$(command -v mock-vault)\" = '$prefix/bin/mock-vault' ] &&
                 env -u MOCK_VAULT '$work/readme_$kind' | grep -qx ok"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
