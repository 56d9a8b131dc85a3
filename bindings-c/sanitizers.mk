# Sanitizer builds of the C binding's tests (included by the root Makefile, which provides ROOT,
# TDIR, MOCK_VAULT_BIN, VVA_VECTORS_DIR and exports CARGO_BUILD_TARGET; binding.mk provides
# C_DIR, C_HEADER, C_TESTS, C_VECTOR_SRC, C_VERSION and C_WITH_MOCK).
#
#   make test-c-asan   the C test programs and the vector runner under AddressSanitizer +
#                      UndefinedBehaviorSanitizer (clang) with LeakSanitizer on, linked against
#                      the Rust library built with -Zsanitizer=address (static and shared), run
#                      against the mock Vault. Any report fails the target.
#   make test-c-tsan   test_capi (16 threads on one client) under ThreadSanitizer; by hand,
#                      and it FAILS (exit 66): std is not instrumented here, so TSan reports
#                      races in std-synchronised code (see bench/results/asan-2026-12-02.md).
#   make test-panic-boundary  C, Python and Node built with the test-panic hook: a panic inside
#                      the library is VVA_PANIC / InternalError / 'internal_error' (see below).
#
# The Rust side: stable rustc 1.95 ships the sanitizer runtimes (lib/rustlib/<host>/lib/
# librustc-stable_rt.{asan,tsan,...}.a) and RUSTC_BOOTSTRAP=1 unlocks -Zsanitizer. It is built in
# its own target dir, so the normal artefacts are never touched. Only our crates and their
# dependencies are instrumented: std comes precompiled (no rust-src here for -Zbuild-std); ASan
# still intercepts every malloc/free, std's included, so leaks and frees are all checked.
# The C programs link clang's runtime (libclang-rt-*-dev), which also serves the Rust
# instrumentation (same ASan ABI, __asan_version_mismatch_check_v8).

# Looked up when a recipe runs (san-tools may have just installed it).
SAN_CC := $$(command -v clang-14 || command -v clang || command -v clang-16 || echo clang)
ASAN_TARGET_DIR ?= $(ROOT)/target/asan
TSAN_TARGET_DIR ?= $(ROOT)/target/tsan
ASAN_LIB_DIR := $(ASAN_TARGET_DIR)/$(HOST)/release
TSAN_LIB_DIR := $(TSAN_TARGET_DIR)/$(HOST)/release
ASAN_OUT := $(ASAN_LIB_DIR)/ctests
TSAN_OUT := $(TSAN_LIB_DIR)/ctests
SAN_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -fno-omit-frame-pointer -D_POSIX_C_SOURCE=200809L \
  -DEXPECTED_VERSION='"$(C_VERSION)"' -I$(C_DIR)/include
ASAN_CFLAGS := $(SAN_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all
# Set for the test recipes only. Every report exits 23 (the programs' own failed checks exit 1):
# LSan's leak report at exit, ASan's errors and UBSan's (-fno-sanitize-recover) halt at once.
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:exitcode=23:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=23 LSAN_OPTIONS=report_objects=1

.PHONY: san-tools build-c-asan test-c-asan test-c-tsan

# clang and its sanitizer runtimes, installed from Debian if missing (CI runs as root).
san-tools:
	@if ! echo 'int main(void){return 0;}' | $(SAN_CC) -fsanitize=address,undefined -x c - -o /dev/null 2>/dev/null; then \
	  echo "san-tools: installing clang and libclang-rt-14-dev"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 libclang-rt-14-dev) >/dev/null; fi

# These libraries are for tests only, so they carry the test-panic hook (src/test_panic.rs) and
# test_panic.c runs under the sanitizers too: unwinding through the boundary is checked as well.
# $(1): target dir, $(2): RUSTFLAGS. Both crate types, so the static and shared tests run;
# native-static-libs is kept as in build-c (rustc prints it only when it links, so a missing
# file forces one relink). Then c_fix_libs (binding.mk), as in build-c: the .so.0 symlink the
# shared tests need, and the static library without src/symver.rs's `vva_x@@VVA_0` aliases, which
# a static link would otherwise see as a second definition of every function.
define san_cargo
	@mkdir -p $(1)
	@for attempt in 1 2; do \
	  set -o pipefail; \
	  RUSTC_BOOTSTRAP=1 RUSTFLAGS="$(2)" \
	    cargo rustc --release -p veeva-vault-auth-c --lib --features test-panic --target-dir $(1) -- --print native-static-libs 2>&1 | tee $(1)/cargo.log || exit 1; \
	  libs=$$(sed -n 's/^note: native-static-libs: //p' $(1)/cargo.log); \
	  if [ -n "$$libs" ]; then echo "$$libs" > $(1)/native-static-libs; fi; \
	  if [ -s $(1)/native-static-libs ]; then break; fi; \
	  touch $(C_DIR)/build.rs; \
	done; test -s $(1)/native-static-libs
	$(call c_fix_libs,$(1)/$(HOST)/release)
endef

build-c-asan: san-tools
	$(call san_cargo,$(ASAN_TARGET_DIR),-Zsanitizer=address)
	@mkdir -p $(ASAN_OUT)
	@clang=$(SAN_CC); libs=$$(cat $(ASAN_TARGET_DIR)/native-static-libs); \
	for t in $(C_TESTS) test_panic; do \
	  echo "$$clang -fsanitize=address,undefined tests/$$t.c -> $${t}_static, $${t}_shared"; \
	  $$clang $(ASAN_CFLAGS) $(C_DIR)/tests/$$t.c $(ASAN_LIB_DIR)/libveeva_vault_auth.a $$libs -pthread -o $(ASAN_OUT)/$${t}_static || exit 1; \
	  $$clang $(ASAN_CFLAGS) $(C_DIR)/tests/$$t.c -L$(ASAN_LIB_DIR) -lveeva_vault_auth -Wl,-rpath,$(ASAN_LIB_DIR) -pthread -o $(ASAN_OUT)/$${t}_shared || exit 1; \
	done; \
	$$clang $(ASAN_CFLAGS) $(C_VECTOR_SRC) $(ASAN_LIB_DIR)/libveeva_vault_auth.a $$libs -o $(ASAN_OUT)/vector_runner_static && \
	$$clang $(ASAN_CFLAGS) $(C_VECTOR_SRC) -L$(ASAN_LIB_DIR) -lveeva_vault_auth -Wl,-rpath,$(ASAN_LIB_DIR) -o $(ASAN_OUT)/vector_runner_shared

test-c-asan: build-c-asan mock
	@for t in $(C_TESTS) test_panic; do for kind in static shared; do \
	  echo "== C tests under ASan+UBSan+LSan: $$t, $$kind library"; \
	  $(SAN_ENV) $(C_WITH_MOCK) $(ASAN_OUT)/$${t}_$$kind || exit 1; \
	done; done
	@for kind in static shared; do \
	  echo "== shared vectors (generate and lifecycle) under ASan+UBSan+LSan, $$kind library"; \
	  $(SAN_ENV) $(C_WITH_MOCK) python3 $(C_DIR)/tests/run_vectors.py --vectors $(VVA_VECTORS_DIR) -- $(ASAN_OUT)/vector_runner_$$kind || exit 1; \
	done
	@echo "test-c-asan: 0 sanitizer reports"

# By hand only (not in TEST_EXTRA): it runs, and reports races that are artefacts of the
# uninstrumented std (see bench/results/asan-2026-12-02.md). rustc 1.95 refuses -Zsanitizer=thread
# against the precompiled std unless told -Cunsafe-allow-abi-mismatch=sanitizer. The program
# links rustc's own TSan runtime: LLVM 22's instrumentation calls __tsan_memcpy/__tsan_memset,
# which clang 14's runtime lacks; clang 14's instrumentation of the C file works with either.
SAN_RUSTLIB := $(shell rustc --print sysroot)/lib/rustlib/$(HOST)/lib
test-c-tsan: san-tools mock
	$(call san_cargo,$(TSAN_TARGET_DIR),-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer)
	@mkdir -p $(TSAN_OUT)
	$(SAN_CC) $(SAN_CFLAGS) -fsanitize=thread -c $(C_DIR)/tests/test_capi.c -o $(TSAN_OUT)/test_capi.o
	$(SAN_CC) -pie $(TSAN_OUT)/test_capi.o $(TSAN_LIB_DIR)/libveeva_vault_auth.a \
	  -Wl,--whole-archive $(SAN_RUSTLIB)/librustc-stable_rt.tsan.a -Wl,--no-whole-archive \
	  $$(cat $(TSAN_TARGET_DIR)/native-static-libs) -lstdc++ -pthread -o $(TSAN_OUT)/test_capi_static
	TSAN_OPTIONS=halt_on_error=0:exitcode=66:report_signal_unsafe=0 $(C_WITH_MOCK) $(TSAN_OUT)/test_capi_static

# ~25 s warm, 3 m 39 s cold (3 m 23 s of it the instrumented Rust build in target/asan), so CI
# runs it.
TEST_EXTRA += test-c-asan

# ---- The panic boundary (C, Python, Node) ----------------------------------------------------
#
#   make test-panic-boundary   each binding crate rebuilt with its `test-panic` feature (a
#                              generate call named "vva-test-panic" panics inside the boundary,
#                              src/test_panic.rs), the artefact copied to $(PANIC_DIR), then
#                              bindings-c/tests/test_panic.c, bindings-python/tests/test_panic.py
#                              and bindings-node/__test__/panic.test.mjs run against those copies.
#
# Same target dir, one extra feature: only the binding crates recompile (~5-30 s each). A cdylib
# or staticlib has no hash in its file name, so the test build overwrites target/<host>/release/
# libveeva_vault_auth.{so,a}: the C library is rebuilt without the feature at the end (cargo sees
# the feature change and recompiles; byte-identical to before), and every shipped artefact is
# checked for the hook's text. The Python and Node intermediates (lib*_py.so, lib*_node.so) are
# rebuilt by build-python / build-node, which always run maturin / napi; what they ship (the
# wheel in target/wheels, the .node next to index.js) is never touched here.
PANIC_DIR := $(TDIR)/panic
PANIC_MARK := test-panic hook fired

.PHONY: test-panic-boundary
test-panic-boundary: build-c build-python build-node mock
	@mkdir -p $(PANIC_DIR)/c $(PANIC_DIR)/wheels $(PANIC_DIR)/node
	@echo "== test-panic builds (C, Python, Node)"
	cargo rustc --release -p veeva-vault-auth-c --lib --features test-panic
	$(call c_fix_libs,$(TDIR))
	cp $(TDIR)/libveeva_vault_auth.a $(PANIC_DIR)/c/
	rm -f $(PANIC_DIR)/wheels/*.whl
	cd $(PY_DIR) && $(VENV)/bin/maturin build --release --features test-panic --interpreter $(PY) --out $(PANIC_DIR)/wheels
	cd $(NODE_DIR) && node_modules/.bin/napi build --platform --release --features test-panic \
		--output-dir $(PANIC_DIR)/node --js native.js --dts native.d.ts
	@echo "== restore the normal C library"
	cargo rustc --release -p veeva-vault-auth-c --lib
	$(call c_fix_libs,$(TDIR))
	@for f in $(TDIR)/libveeva_vault_auth.so $(TDIR)/libveeva_vault_auth.a $(NODE_DIR)/*.node; do \
	  if grep -aq '$(PANIC_MARK)' "$$f"; then echo "test-panic-boundary: $$f contains the test-panic hook" >&2; exit 1; fi; done
	@python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(any(b"$(PANIC_MARK)" in z.read(n) for n in z.namelist()))' \
	  $(PY_WHEEL_DIR)/veeva_vault_auth-*.whl || { echo "test-panic-boundary: the wheel contains the test-panic hook" >&2; exit 1; }
	@grep -aq '$(PANIC_MARK)' $(PANIC_DIR)/c/libveeva_vault_auth.a || { echo "the test-panic build has no hook" >&2; exit 1; }
	@echo "== C: VVA_PANIC, and the process lives on (valgrind)"
	$(C_CC) $(C_CFLAGS) -D_POSIX_C_SOURCE=200809L -I$(C_DIR)/include $(C_DIR)/tests/test_panic.c \
	  $(PANIC_DIR)/c/libveeva_vault_auth.a $$(cat $(C_STATIC_LIBS)) -pthread -o $(PANIC_DIR)/c/test_panic
	$(C_WITH_MOCK) $(C_VALGRIND) $(PANIC_DIR)/c/test_panic
	@echo "== Python: InternalError (a VaultError), sync and async"
	rm -rf $(PANIC_DIR)/py && $(PY_TEST_VENV)/bin/pip install --quiet --no-deps --target $(PANIC_DIR)/py $(PANIC_DIR)/wheels/veeva_vault_auth-*.whl
	cd $(PY_DIR) && VVA_PANIC_BUILD=1 PYTHONPATH=$(PANIC_DIR)/py $(PY_TEST_VENV)/bin/pytest -q tests/test_panic.py
	@echo "== Node: err.code === 'internal_error'"
	cd $(NODE_DIR) && VVA_PANIC_BUILD=1 NAPI_RS_NATIVE_LIBRARY_PATH=$$(ls $(PANIC_DIR)/node/*.node) node --test __test__/panic.test.mjs

# ~40 s after make test's own builds (three binding-crate recompiles and the C restore), so CI
# runs it.
TEST_EXTRA += test-panic-boundary
