# The vva command-line tool (cli/). Included by the root Makefile, which provides ROOT, TDIR and
# MOCK_VAULT_BIN and exports CARGO_BUILD_TARGET.
#
#   make build-cli   the vva binary (TDIR/vva)
#   make test-cli    unit tests, then the real vva against the mock Vault (in-process mock)
#   make demo-cli    a short session against the mock Vault binary: whoami, create, list, revoke

CLI_DIR := $(ROOT)/cli
CLI_BIN := $(TDIR)/vva

.PHONY: build-cli test-cli demo-cli

build-cli:
	cargo build --release -p veeva-vault-auth-cli

test-cli:
	cargo test --release -p veeva-vault-auth-cli

demo-cli: build-cli mock
	@$(CLI_DIR)/demo.sh $(MOCK_VAULT_BIN) $(CLI_BIN)
