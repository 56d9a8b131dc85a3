#!/usr/bin/env bash
# Starts the mock Vault on a free loopback port, runs the given command with VVA_MOCK_URL set to
# its base URL, then stops the mock. Exits with the command's status.
#
#   with-mock.sh COMMAND [ARGS...]      (needs $MOCK_VAULT_BIN, set by the root Makefile)
set -euo pipefail
: "${MOCK_VAULT_BIN:?set MOCK_VAULT_BIN to the mock-vault binary (make mock)}"
# --exit-on-stdin-eof: the mock also goes away if this script dies, since its stdin (the
# coprocess pipe) closes with us.
coproc MOCK { exec "$MOCK_VAULT_BIN" --port 0 --exit-on-stdin-eof 2>/dev/null; }
mock_pid=$MOCK_PID
stop_mock() { kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; }
trap stop_mock EXIT
if ! read -r -t 30 url <&"${MOCK[0]}"; then
    echo "with-mock.sh: the mock Vault did not start" >&2
    exit 1
fi
export VVA_MOCK_URL="$url"
status=0
"$@" || status=$?
exit "$status"
