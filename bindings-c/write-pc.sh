#!/usr/bin/env bash
# Writes veeva_vault_auth.pc to stdout. One writer for `make install` (an absolute prefix) and
# `make dist-c` (prefix=${pcfiledir}/../.., so the unpacked archive works under any prefix).
#
#   write-pc.sh PREFIX VERSION NATIVE_STATIC_LIBS_FILE
set -euo pipefail
prefix=$1 version=$2 libs_file=$3
cat <<PC
prefix=$prefix
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: veeva_vault_auth
Description: Veeva Vault API access tokens (C API of veeva-vault-auth)
Version: $version
Libs: -L\${libdir} -lveeva_vault_auth
Libs.private: $(cat "$libs_file")
Cflags: -I\${includedir}
PC
