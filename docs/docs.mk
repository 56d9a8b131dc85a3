# API reference, release checks and the workflow lint (included by the root Makefile, which sets
# ROOT, HOST, TDIR, PY_TEST_VENV (bindings-python/binding.mk) and CLI_BIN (cli/cli.mk)).
#
#   make docs           one static site under target/docs/: rustdoc for the core, pdoc for the
#                       installed Python package (with the stubs' types), TypeDoc for the Node
#                       typings, a page generated from the C header, and an index linking them
#   make test-docs      every public name of each binding appears in its reference
#   make docs-check     headless Chromium renders each index page (installs chromium if missing)
#   make lint-workflows .github/workflows/*.yml against the GitHub workflow schema
#   make test-versions  one version everywhere (tests/release/check_versions.py)

DOCS_DIR := $(ROOT)/docs
DOCS_OUT := $(ROOT)/target/docs
DOCS_VENV := $(ROOT)/target/docs-venv
DOCS_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' $(ROOT)/Cargo.toml | head -n1)
# Pinned tools: pdoc renders the Python package, check-jsonschema carries GitHub's workflow schema
# (vendor.github-workflows) offline. TypeDoc and TypeScript are pinned in docs/package-lock.json.
DOCS_PIP := 'pdoc==15.0.4' 'check-jsonschema==0.34.1'
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync

.PHONY: docs docs-rust docs-python docs-node docs-c test-docs docs-check lint-workflows test-versions

$(DOCS_VENV)/.ok:
	python3 -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/pip install --quiet $(DOCS_PIP)
	touch $@

$(DOCS_DIR)/node_modules/.package-lock.json: $(DOCS_DIR)/package-lock.json $(DOCS_DIR)/package.json
	cd $(DOCS_DIR) && npm ci --loglevel=error --no-audit --no-fund

docs: docs-rust docs-python docs-node docs-c
	sed 's/@VERSION@/$(DOCS_VERSION)/' $(DOCS_DIR)/index.html > $(DOCS_OUT)/index.html
	@echo "docs: $(DOCS_OUT)/index.html"

docs-rust:
	cargo doc --no-deps -p veeva-vault-auth
	rm -rf $(DOCS_OUT)/rust && mkdir -p $(DOCS_OUT) && cp -r $(ROOT)/target/$(HOST)/doc $(DOCS_OUT)/rust

# pdoc reads the package installed by build-python (from a copy of it: the committed _native.pyi
# uses forward references that only a stub checker accepts, and pdoc executes stubs, so the copy
# gets `from __future__ import annotations`; a no-op once the stub has it). _native is documented
# too, because pdoc applies stub types only to the module the stub belongs to.
docs-python: build-python $(DOCS_VENV)/.ok
	rm -rf $(DOCS_OUT)/python $(DOCS_OUT)/.py-site && mkdir -p $(DOCS_OUT)/.py-site
	cp -r "$$($(PY_TEST_VENV)/bin/python -c 'import veeva_vault_auth, os; print(os.path.dirname(veeva_vault_auth.__file__))')" $(DOCS_OUT)/.py-site/
	grep -q '^from __future__ import annotations' $(DOCS_OUT)/.py-site/veeva_vault_auth/_native.pyi || \
	  sed -i '1a from __future__ import annotations' $(DOCS_OUT)/.py-site/veeva_vault_auth/_native.pyi
	PYTHONPATH=$(DOCS_OUT)/.py-site $(DOCS_VENV)/bin/pdoc --no-show-source -o $(DOCS_OUT)/python \
	  veeva_vault_auth veeva_vault_auth._native veeva_vault_auth.testing 2>&1 | { grep -v 'Cannot determine where' || true; }

docs-node: $(DOCS_DIR)/node_modules/.package-lock.json
	rm -rf $(DOCS_OUT)/node
	$(DOCS_DIR)/node_modules/.bin/typedoc --tsconfig $(DOCS_DIR)/tsconfig.json \
	  --entryPoints $(ROOT)/bindings-node/index.d.ts --entryPoints $(ROOT)/bindings-node/testing.d.ts \
	  --name 'veeva-vault-auth $(DOCS_VERSION) (Node.js)' --readme none --disableSources --logLevel Warn \
	  --out $(DOCS_OUT)/node

docs-c:
	mkdir -p $(DOCS_OUT)/c
	python3 $(DOCS_DIR)/c_reference.py $(ROOT)/bindings-c/include/veeva_vault_auth.h $(DOCS_OUT)/c/index.html

test-docs: docs
	$(PY_TEST_VENV)/bin/python $(DOCS_DIR)/check_names.py $(ROOT) $(DOCS_OUT)

# Each index page through headless Chromium: the DOM it renders must hold the expected text,
# and a screenshot of the site's index goes to target/docs-check/ for a person to look at.
docs-check: docs
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@rm -rf $(ROOT)/target/docs-check && mkdir -p $(ROOT)/target/docs-check
	@set -e; cd $(ROOT)/target/docs-check; \
	for page in 'index.html:Rust' 'rust/veeva_vault_auth/index.html:Client' \
	  'python/veeva_vault_auth.html:VaultClient' 'node/modules/index.html:VaultClient' 'c/index.html:vva_generate_access_token'; do \
	  file=$${page%%:*}; want=$${page##*:}; out=$$(echo $$file | tr / _).dom; \
	  chromium $(CHROMIUM_FLAGS) --user-data-dir=$$(mktemp -d) --dump-dom "file://$(DOCS_OUT)/$$file" > $$out 2>/dev/null; \
	  grep -q "$$want" $$out || { echo "docs-check: $$file rendered without '$$want'" >&2; exit 1; }; \
	  echo "docs-check: $$file renders ($$(wc -c < $$out) bytes of DOM, has '$$want')"; \
	done; \
	chromium $(CHROMIUM_FLAGS) --user-data-dir=$$(mktemp -d) --window-size=1200,900 \
	  --screenshot=$(ROOT)/target/docs-check/index.png "file://$(DOCS_OUT)/index.html" 2>/dev/null; \
	chromium $(CHROMIUM_FLAGS) --user-data-dir=$$(mktemp -d) --window-size=1200,1600 \
	  --screenshot=$(ROOT)/target/docs-check/node.png "file://$(DOCS_OUT)/node/index.html" 2>/dev/null; \
	echo "docs-check: screenshots in target/docs-check/"

lint-workflows: $(DOCS_VENV)/.ok
	$(DOCS_VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows $(ROOT)/.github/workflows/*.yml

# The .pc file comes from a real `make install-c`; the wheel is checked when target/wheels has one.
test-versions: build-python build-cli
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(MAKE) --no-print-directory install-c PREFIX="$$tmp" >/dev/null && \
	  python3 $(ROOT)/tests/release/check_versions.py --root $(ROOT) \
	    --pc "$$tmp/lib/pkgconfig/veeva_vault_auth.pc" --vva $(CLI_BIN) --python $(PY_TEST_VENV)/bin/python \
	    --optional wheel

TEST_EXTRA += test-docs lint-workflows test-versions
