# Soak (issue 15): by hand, never part of `make test`. Included by the root Makefile.
#
#   make soak                        every binding for 600 s, one after another (about 50 min)
#   make soak SOAK_SECONDS=60        a short run (the targets scale with the length)
#   make soak SOAK_ONLY=rust,c       a subset of rust,python-sync,python-async,node,c
#
# Writes $(SOAK_RESULTS)/soak-<date>.md and soak-<date>/<binding>.png (default bench/results;
# point SOAK_RESULTS elsewhere for a trial run) and the raw samples to target/soak/. Exits
# non-zero if any binding FAILs. See bench/soak/README.md.

SOAK_SECONDS ?= 600
SOAK_ONLY ?= rust,python-sync,python-async,node,c
SOAK_RESULTS ?= $(ROOT)/bench/results
SOAK_ARGS ?=
SOAK_DIR := $(ROOT)/bench/soak
# Its own venv (matplotlib and the wheel), so the soak neither needs nor disturbs .venv-bench.
SOAK_VENV := $(ROOT)/target/soak-venv
SOAK_MATPLOTLIB := matplotlib==3.11.2

.PHONY: soak soak-deps

soak-deps: mock build-python build-node build-c
	cargo build --release -p vva-bench --bin soak-rust
	$(C_CC) $(C_CFLAGS) -I$(C_DIR)/include $(SOAK_DIR)/clients/soak_c.c $(C_SHARED_LINK) -pthread -lm -o $(TDIR)/soak_c
	test -x $(SOAK_VENV)/bin/python || python3 -m venv $(SOAK_VENV)
	$(SOAK_VENV)/bin/pip install --quiet '$(SOAK_MATPLOTLIB)'
	$(SOAK_VENV)/bin/pip install --quiet --force-reinstall --no-deps $(PY_WHEEL_DIR)/veeva_vault_auth-*.whl

soak: soak-deps
	$(SOAK_VENV)/bin/python $(SOAK_DIR)/driver.py --seconds $(SOAK_SECONDS) --only $(SOAK_ONLY) \
	  --mock $(MOCK_VAULT_BIN) --tdir $(TDIR) --python $(SOAK_VENV)/bin/python \
	  --node-package $(ROOT)/bindings-node --results $(SOAK_RESULTS) --data $(ROOT)/target/soak $(SOAK_ARGS)
