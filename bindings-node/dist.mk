# Node release artefacts: the napi-rs package layout (included by the root Makefile after
# bindings-node/binding.mk; ROOT, NODE_DIR and NODE_STRIP come from there, and the zig venv and
# glibc pins from bindings-c/dist.mk, which the root Makefile includes after this file).
#
#   make dist-node       target/dist-node/veeva-vault-auth-<v>.tgz (JS, types, loader; no Rust
#                        sources, no install script, no .node) and
#                        target/dist-node/veeva-vault-auth-binding-linux-x64-gnu-<v>.tgz (the
#                        addon, linked against glibc 2.17 with zig, stripped), the main package's
#                        optional dependency of the same version
#   make test-dist-node  both .tgz installed offline into a fresh project whose PATH has no cargo:
#                        require/import, types, a token lifecycle against the bundled mock Vault,
#                        no GLIBC_ symbol version newer than 2.17, and the loader's error naming
#                        the platform when only the main package is installed
#
# The release main package is the staged copy scripts/stage-release.js makes (the JS, types and
# loader; a package.json without the install script or devDependencies, `files` without src/,
# build.rs, Cargo.toml, scripts/ or *.node), so the committed package.json stays the one
# `npm install ./bindings-node` builds from source with. The release workflow publishes the same
# staging. The platform package is npm/<platform>/ (its package.json as `napi create-npm-dirs`
# writes it, with its own description, and a README) plus the addon.
#
# Times on this machine (2 cores, shared with other builds): dist-node cold 6 m 48 s (making the
# zig venv from PyPI, then the zig release build from an empty cargo dir: 6 m 31 s of it), 5 s
# warm with nothing changed; test-dist-node 10 s in all after a warm dist-node.
#
# The addon is built by cargo-zigbuild (the venv of bindings-c/dist.mk, pins C_DIST_PIP_PINS)
# into its own cargo target dir, NODE_DIST_CARGO_DIR: shared with the C or Python release build's,
# each build would recompile all crates (their flags differ), and apart from target/<host> the
# zig-linked addon never replaces the one the other tests use.

NODE_DIST_OUT := $(ROOT)/target/dist-node
NODE_DIST_CARGO_DIR ?= $(NODE_DIST_OUT)/cargo
NODE_DIST_TRIPLE := x86_64-unknown-linux-gnu
NODE_DIST_PLATFORM := linux-x64-gnu
NODE_DIST_ADDON := veeva-vault-auth.$(NODE_DIST_PLATFORM).node
NODE_DIST_STAGE := $(NODE_DIST_OUT)/stage
NODE_DIST_VERSION = $(shell node -p "require('$(NODE_DIR)/package.json').version")
NODE_DIST_MAIN_TGZ = $(NODE_DIST_OUT)/veeva-vault-auth-$(NODE_DIST_VERSION).tgz
NODE_DIST_PLATFORM_TGZ = $(NODE_DIST_OUT)/veeva-vault-auth-binding-$(NODE_DIST_PLATFORM)-$(NODE_DIST_VERSION).tgz
NODE_DIST_ZIGBUILD = env -u CARGO_BUILD_TARGET PATH="$(C_DIST_VENV)/bin:$$PATH" CARGO_TARGET_DIR="$(NODE_DIST_CARGO_DIR)" \
  $(C_DIST_VENV)/bin/cargo-zigbuild

.PHONY: dist-node test-dist-node
DIST_TARGETS += dist-node
# Not in TEST_EXTRA: its zig release build adds ~5-7 min to a fresh CI run; run by hand
# (`make test-dist-node`).
# TEST_EXTRA += test-dist-node

# The venv's rule is in bindings-c/dist.mk, read after this file: a sub-make reaches it.
dist-node:
	$(MAKE) --no-print-directory -C $(ROOT) $(C_DIST_VENV)/.ok
	$(NODE_DIST_ZIGBUILD) zigbuild --release --target $(NODE_DIST_TRIPLE).$(C_DIST_GLIBC) -p veeva-vault-auth-node --lib
	rm -rf $(NODE_DIST_STAGE) $(NODE_DIST_OUT)/*.tgz
	node $(NODE_DIR)/scripts/stage-release.js $(NODE_DIST_STAGE)/main
	install -d $(NODE_DIST_STAGE)/platform
	cp $(NODE_DIR)/npm/$(NODE_DIST_PLATFORM)/package.json $(NODE_DIR)/npm/$(NODE_DIST_PLATFORM)/README.md $(ROOT)/LICENSE \
	  $(NODE_DIST_STAGE)/platform/
	cp $(NODE_DIST_CARGO_DIR)/$(NODE_DIST_TRIPLE)/release/libveeva_vault_auth_node.so $(NODE_DIST_STAGE)/platform/$(NODE_DIST_ADDON)
	$(NODE_STRIP) $(NODE_DIST_STAGE)/platform/$(NODE_DIST_ADDON)
	cd $(NODE_DIST_STAGE)/main && npm pack --silent --pack-destination $(NODE_DIST_OUT) >/dev/null
	cd $(NODE_DIST_STAGE)/platform && npm pack --silent --pack-destination $(NODE_DIST_OUT) >/dev/null
	@ls -l $(NODE_DIST_MAIN_TGZ) $(NODE_DIST_PLATFORM_TGZ) | awk '{printf "dist-node: %s: %.2f MB\n", $$9, $$5 / 1e6}'

# node_modules for its tsc (the typings check runs against the installed package's types).
test-dist-node: dist-node $(NODE_DIR)/node_modules/.package-lock.json
	$(NODE_DIR)/dist_tests/dist_test.sh $(NODE_DIST_MAIN_TGZ) $(NODE_DIST_PLATFORM_TGZ) \
	  $(NODE_DIR)/node_modules/typescript/bin/tsc
