# veeva-vault-auth: one Rust core, three bindings, one mock Vault.
#
#   make demo    generate a token against the bundled mock Vault from Rust, Python, Node and C,
#                then a short vva (CLI) session
#   make test    every test suite (core, mock, Python, Node, C, CLI), against the mock on loopback
#   make bench   benchmarks (by hand; never part of make test)
#   make test-live  the token lifecycle against a real Vault (opt-in; never part of make test)
#   make dist    the release artefacts (wheel + sdist, npm packages, C archive); see README, Development
#   make fuzz, make soak  hardening runs, by hand (results in bench/results/)
#
# All builds share one target/ (CARGO_BUILD_TARGET is exported because napi always passes
# --target; with it maturin and cargo land in the same folder and reuse each other's work).

SHELL := /bin/bash
.DEFAULT_GOAL := help
HOST := $(shell rustc -vV | sed -n 's/^host: //p')
export CARGO_BUILD_TARGET := $(HOST)
export CARGO_TERM_COLOR ?= never
ROOT := $(abspath .)
TDIR := $(ROOT)/target/$(HOST)/release
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python
export MOCK_VAULT_BIN := $(TDIR)/mock-vault
export VVA_VECTORS_DIR := $(ROOT)/tests/vectors

.PHONY: help demo test bench build mock test-core test-live demo-rust clean
help:
	@echo "make demo   - generate a token against the bundled mock Vault from every language"
	@echo "make test   - run every test suite"
	@echo "make bench  - run the benchmarks (slow; by hand)"
	@echo "make test-live - token lifecycle against a real Vault (needs VAULT_LIVE_DNS, _USERNAME, _PASSWORD)"
	@echo "make dist   - the release artefacts for linux-x64 (wheel, sdist, npm packages, C archive)"
	@echo "make fuzz   - every fuzz target for FUZZ_SECONDS (600) each (by hand)"
	@echo "make soak   - a SOAK_SECONDS (600) soak per binding, results in bench/results/ (by hand)"

# The mock Vault binary every language's tests start.
mock:
	cargo build --release -p mock-vault

$(VENV)/.ok:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	touch $@
venv: $(VENV)/.ok

test-core: check-deps
	cargo test --release -p veeva-vault-auth -p mock-vault

# The TLS promise: rustls with ring, reached through reqwest; no OpenSSL, native-tls or aws-lc on
# any platform of any crate in the workspace (cargo tree -i fails when a package is absent).
check-deps:
	@cargo tree -p veeva-vault-auth -e normal -i reqwest --depth 0 >/dev/null || { echo "check-deps: reqwest is not in the core" >&2; exit 1; }
	@for bad in openssl-sys openssl native-tls aws-lc-rs aws-lc-sys; do \
	  if cargo tree --workspace --target all -e all -i $$bad >/dev/null 2>&1; then \
	    echo "check-deps: $$bad is in the dependency graph" >&2; exit 1; fi; done
	@echo "check-deps: reqwest present; no openssl, native-tls or aws-lc"

# Opt-in, by hand: login, whoami, generate, list, use, revoke, list against a real Vault, with
# cleanup. Reads VAULT_LIVE_DNS, VAULT_LIVE_USERNAME, VAULT_LIVE_PASSWORD (and optionally
# VAULT_LIVE_USER_ID); without them it prints one skip line and succeeds. Not a prerequisite of test.
test-live:
	cargo run --release --quiet -p veeva-vault-auth --example live

demo-rust: mock
	cargo run --release --quiet -p veeva-vault-auth --example demo

# Each binding adds build-X, test-X and demo-X in its own fragment.
-include bindings-python/binding.mk
-include bindings-node/binding.mk
-include bindings-c/binding.mk
-include bench/bench.mk
# The vva CLI is not a binding (BINDINGS comes from bindings-*/binding.mk), so it is wired in
# by name.
-include cli/cli.mk

# Release artefacts, the API reference and the hardening targets, each in its own fragment.
# A fragment adds its artefact target to DIST_TARGETS, and the test of it that CI runs (if any)
# to TEST_EXTRA, so that `make dist` and `make test` pick it up without editing this file.
DIST_TARGETS :=
TEST_EXTRA :=
-include bindings-python/dist.mk
-include bindings-node/dist.mk
-include bindings-c/dist.mk
-include bindings-c/sanitizers.mk
-include fuzz/fuzz.mk
-include bench/soak.mk
-include docs/docs.mk

BINDINGS := $(patsubst bindings-%/binding.mk,%,$(wildcard bindings-*/binding.mk))
build: mock $(addprefix build-,$(BINDINGS)) build-cli
test: test-core $(addprefix test-,$(BINDINGS)) test-cli $(TEST_EXTRA)
.PHONY: dist
dist: $(DIST_TARGETS)
demo: demo-rust $(addprefix demo-,$(BINDINGS)) demo-cli

clean:
	cargo clean
	rm -rf $(VENV)
