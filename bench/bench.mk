# Benchmarks (by hand; never part of `make test`). Included by the root Makefile.
#
#   make bench                     everything, 5 alternating rounds of 2000 calls per client
#   make bench BENCH_ARGS="--rounds 3 --calls 1000"
#
# Installs the peers it compares against: wrk and libcurl (Debian), requests/httpx/urllib3/
# aiohttp (a separate venv, .venv-bench), undici (bench/node). Writes bench/results/<date>.md.

BENCH_VENV := $(ROOT)/.venv-bench
BENCH_NODE := $(ROOT)/bench/node
BENCH_ARGS ?=

.PHONY: bench bench-deps

bench-deps: build-python build-node build-c
	@command -v wrk >/dev/null && pkg-config --exists libcurl || \
	  (apt-get update -qq && apt-get install -y -qq wrk libcurl4-openssl-dev >/dev/null)
	cargo build --release -p vva-bench
	$(CC) -O2 -std=c11 -Wall -Wextra -I$(ROOT)/bindings-c/include $(ROOT)/bench/clients/c_clients.c \
	  -L$(TDIR) -lveeva_vault_auth -Wl,-rpath,$(TDIR) $$(pkg-config --libs libcurl) -pthread -o $(TDIR)/c_clients
	test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet requests httpx urllib3 aiohttp
	$(BENCH_VENV)/bin/pip install --quiet --force-reinstall --no-deps $(ROOT)/target/wheels/veeva_vault_auth-*.whl
	cd $(BENCH_NODE) && npm ci --no-audit --no-fund --loglevel=error
	@# The addon just built, as the package a Node user would require.
	ln -sfn $(ROOT)/bindings-node $(BENCH_NODE)/node_modules/veeva-vault-auth

bench: bench-deps
	$(BENCH_VENV)/bin/python $(ROOT)/bench/run.py --tdir $(TDIR) --python $(BENCH_VENV)/bin/python \
	  --node-dir $(BENCH_NODE) $(BENCH_ARGS)

# The CLI's bulk rotation under a burst limit (issue 13's speed target): 1,000 rows against the
# in-process mock with limit 400 per 10 s and a reserve of 40; about a minute.
.PHONY: bench-cli
bench-cli: build-cli
	cargo build --release -p vva-bench --bin bench-cli-bulk
	$(TDIR)/bench-cli-bulk $(TDIR)/vva $(BENCH_CLI_ARGS)
