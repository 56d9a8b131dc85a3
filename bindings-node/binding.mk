# Node binding (included by the root Makefile, which sets ROOT and TDIR and exports
# CARGO_BUILD_TARGET, MOCK_VAULT_BIN and VVA_VECTORS_DIR; napi build passes --target anyway,
# so the addon shares target/<host>/release with every other build).
#
#   build-node  npm ci (once, quietly) then napi build --platform --release; the generated
#               native.js / native.d.ts go to $(TDIR)/napi-node so the tests can diff them
#               against the committed copies, and the .node is copied next to index.js,
#               without its symbol table
#   test-node   node --test on bindings-node/__test__ against the built addon and the mock Vault
#   demo-node   log in to the mock Vault, generate a token (id and a masked token), list the
#               user's tokens, revoke the new one

NODE_DIR := $(ROOT)/bindings-node
NODE_GEN := $(TDIR)/napi-node
# binutils' strip; without it the addon is shipped with its symbol table (`true` leaves it as is).
NODE_STRIP := $(shell command -v strip >/dev/null 2>&1 && echo 'strip --strip-all' || echo true)

.PHONY: build-node test-node demo-node

# npm writes node_modules/.package-lock.json on every install: reinstall when the lock changes.
# The package's own install script (a second build) is skipped; build-node builds once below.
$(NODE_DIR)/node_modules/.package-lock.json: $(NODE_DIR)/package-lock.json $(NODE_DIR)/package.json
	cd $(NODE_DIR) && VVA_SKIP_NATIVE_BUILD=1 npm ci --loglevel=error --no-audit --no-fund

build-node: $(NODE_DIR)/node_modules/.package-lock.json
	cd $(NODE_DIR) && node_modules/.bin/napi build --platform --release \
		--output-dir $(NODE_GEN) --js native.js --dts native.d.ts
	@# Replace, never rewrite in place: a running node may have the old addon mapped. The copy
	@# loses its symbol table (as napi-rs's own template does with strip = "symbols"): ~2.4 MB of
	@# names nothing reads at run time (the dynamic symbols Node loads stay). See README, Development.
	for f in $(NODE_GEN)/*.node; do t="$(NODE_DIR)/.$${f##*/}.tmp"; cp "$$f" "$$t" && $(NODE_STRIP) "$$t" && mv "$$t" "$(NODE_DIR)/$${f##*/}"; done

test-node: build-node mock
	cd $(NODE_DIR) && VVA_NODE_GENERATED_DIR=$(NODE_GEN) node --test __test__/

demo-node: build-node mock
	node $(NODE_DIR)/examples/demo.mjs
