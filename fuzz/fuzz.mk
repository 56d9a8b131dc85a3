# make fuzz: every libFuzzer target in fuzz/ for FUZZ_SECONDS each (default 600), one after
# another; fails if any target crashes. See fuzz/README.md. Not part of make test (the proptest
# properties in core run there instead).
#
# Only stable Rust is installed: cargo-fuzz (pinned, installed under target/tools) builds with
# RUSTC_BOOTSTRAP=1, which the sanitizer flag (-Zsanitizer=address) needs.

CARGO_FUZZ_VERSION := 0.13.1
FUZZ_TOOLS := $(ROOT)/target/tools/cargo-fuzz
CARGO_FUZZ := $(FUZZ_TOOLS)/bin/cargo-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := decoders expiry vql_literal masking
FUZZ_DIR := $(ROOT)/target/fuzz
# Bounded allocations: the whole process, and any single malloc (ASan's allocator reports it).
FUZZ_FLAGS ?= -rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1
FUZZ_ENV := env -u CARGO_BUILD_TARGET RUSTC_BOOTSTRAP=1
FUZZ_BUILD := --release --debug-assertions --target $(HOST) --target-dir $(FUZZ_DIR)

.PHONY: fuzz fuzz-build fuzz-tools
$(CARGO_FUZZ):
	cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked --root $(FUZZ_TOOLS)
fuzz-tools: $(CARGO_FUZZ)

fuzz-build: $(CARGO_FUZZ)
	cd fuzz && $(FUZZ_ENV) $(CARGO_FUZZ) fuzz build $(FUZZ_BUILD)

# Each target starts from its committed seeds (fuzz/corpus/<t>, read only) and grows a working
# corpus in target/fuzz/corpus/<t>; its log is target/fuzz/logs/<t>.log.
fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/logs; failed=; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/artifacts/$$t; echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  ( cd fuzz && $(FUZZ_ENV) $(CARGO_FUZZ) fuzz run $(FUZZ_BUILD) $$t $(FUZZ_DIR)/corpus/$$t corpus/$$t -- \
	      -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ $(FUZZ_FLAGS) ) \
	    > $(FUZZ_DIR)/logs/$$t.log 2>&1 || failed="$$failed $$t"; \
	  grep -E '^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|==ERROR|panicked' $(FUZZ_DIR)/logs/$$t.log | tail -6; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in:$$failed (see $(FUZZ_DIR)/logs, $(FUZZ_DIR)/artifacts)" >&2; exit 1; fi; \
	echo "fuzz: no crash in $(FUZZ_TARGETS)"
