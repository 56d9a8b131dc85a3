#!/usr/bin/env bash
# The shared library exports exactly the header's functions, all named vva_*, each with the
# symbol version VVA_0 (x86_64 Linux; see build.rs), and has the SONAME
# libveeva_vault_auth.so.<major>. Reads the dynamic symbol table (nm -D, objdump -T).
#
#   check_symbols.sh LIBRARY.so HEADER
set -uo pipefail
lib=$1 header=$2
passed=0 failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $what"; fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Defined dynamic symbols, without the version suffix; the VVA_0 node's own entry is an
# absolute symbol named like the node (nm -D lists it as "A VVA_0").
nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}' | sed 's/@.*//' | sort -u > "$work/defined"
grep -o '\bvva_[a-z0-9_]*(' "$header" | tr -d '(' | sort -u > "$work/declared"
check "every defined dynamic symbol starts with vva_ (others: $(grep -v '^vva_' "$work/defined" | tr '\n' ' '))" \
    bash -c "! grep -qv '^vva_' '$work/defined'"
check "the library exports exactly the header's functions ($(wc -l < "$work/declared") declared, $(wc -l < "$work/defined") defined)" \
    diff -u "$work/declared" "$work/defined"
# objdump -T: "... DF .text  size  VERSION  name"; every defined function carries VVA_0.
objdump -T "$lib" | awk '$4 == ".text" || $3 == ".text" {print $(NF-1), $NF}' > "$work/versions"
check "every exported function has the version VVA_0" \
    bash -c "[ -s '$work/versions' ] && ! grep -qv '^VVA_0 ' '$work/versions'"
major=$(sed -n 's/^#define VVA_VERSION_MAJOR \([0-9]*\)$/\1/p' "$header")
check "SONAME is libveeva_vault_auth.so.$major" \
    bash -c "readelf -d '$lib' | grep -q 'Library soname: \[libveeva_vault_auth.so.$major\]'"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
