#!/usr/bin/env bash
# `make demo`'s CLI step: a short vva session against the mock Vault binary, each command shown
# before it runs. The session id is the mock's fixed admin session; the token goes to a 0600
# file in a temporary folder and is never printed.
#
#   demo.sh MOCK_VAULT_BIN VVA_BIN
set -euo pipefail
mock_bin=${1:?usage: demo.sh MOCK_VAULT_BIN VVA_BIN}
vva=${2:?usage: demo.sh MOCK_VAULT_BIN VVA_BIN}
coproc MOCK { exec "$mock_bin" --port 0 --exit-on-stdin-eof 2>/dev/null; }
mock_pid=$MOCK_PID
work=$(mktemp -d)
cleanup() { kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
read -r -t 30 url <&"${MOCK[0]}" || { echo "demo.sh: the mock Vault did not start" >&2; exit 1; }

export VAULT_BASE_URL="$url" VAULT_DNS=myvault.veevavault.com VAULT_SESSION_ID=mock-session-admin-0001
step() { echo "\$ vva $*"; "$vva" "$@"; echo; }

echo "== CLI: vva against the mock Vault at $url"
step whoami
step token create --user 12346 --name "demo-$(date -u +%Y-%m)" --expires 30d --out "$work/demo.token"
step token list --user 12346
id=$("$vva" token list --user 12346 --json | sed -n 's/^ *"id": "\(0PI[0-9]*\)".*/\1/p' | head -n1)
step token show "$id"
step token revoke "$id" --yes
ls -l "$work/demo.token" | awk '{print "token file mode: " $1}'
