# C binding: libveeva_vault_auth.{so,a}, its cbindgen header, tests, demo and install.
# Included by the root Makefile, which provides ROOT, TDIR, MOCK_VAULT_BIN, VVA_VECTORS_DIR and
# exports CARGO_BUILD_TARGET.
#
#   make build-c                 the libraries (TDIR) and the example programs
#   make test-c                  header diff-check, C tests and every vector (lifecycle too),
#                                shared + static, under valgrind; the faults-under-load test
#                                (shared, valgrind); C++ header check; install +
#                                pkg-config check, with the README's mock Vault test
#   make demo-c                  the example programs against the mock Vault
#   make install PREFIX=/opt/x   lib (.so and .a), header, veeva_vault_auth.pc and
#                                bin/mock-vault (DESTDIR too)
#   make update-header-c         copy the freshly generated header over the committed one

C_DIR := $(ROOT)/bindings-c
C_OUT := $(TDIR)/bindings-c
C_HEADER := $(C_DIR)/include/veeva_vault_auth.h
# build.rs writes the header it generates here; the committed copy must match it.
C_GEN_HEADER := $(TDIR)/include/veeva_vault_auth.h
C_STATIC_LIBS := $(C_OUT)/native-static-libs
C_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' $(ROOT)/Cargo.toml | head -n1)
C_CC ?= cc
C_CXX ?= c++
C_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic
C_CXXFLAGS := -std=c++11 -Wall -Wextra -Werror -pedantic
C_SHARED_LINK := -L$(TDIR) -lveeva_vault_auth -Wl,-rpath,$(TDIR)
C_STATIC_LINK = $(TDIR)/libveeva_vault_auth.a $$(cat $(C_STATIC_LIBS))
C_VALGRIND := valgrind -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99
C_WITH_MOCK := $(C_DIR)/tests/with-mock.sh
PREFIX ?= /usr/local

.PHONY: build-c test-c demo-c install install-c update-header-c

# After cargo: the SONAME symlink the tests' rpath needs (build.rs sets SONAME
# libveeva_vault_auth.so.$(C_SOMAJOR)), and the static library without the `vva_x@@VVA_0`
# aliases of src/symver.rs (static linking has no symbol versions, and ld would see each function
# twice). Idempotent, so a cargo run that relinks nothing leaves both as they are.
C_SOMAJOR := $(firstword $(subst ., ,$(C_VERSION)))
define c_fix_libs
ln -sf libveeva_vault_auth.so $(1)/libveeva_vault_auth.so.$(C_SOMAJOR)
objcopy --wildcard --strip-symbol='vva_*@@VVA_0' $(1)/libveeva_vault_auth.a
endef

# `cargo rustc` rather than `cargo build` so that rustc prints the system libraries the static
# library needs (they go into the .pc file's Libs.private and the static test links). It prints
# them only when it links, so they are kept in a file; a missing file forces one relink.
build-c:
	@mkdir -p $(C_OUT)
	@for attempt in 1 2; do \
	  set -o pipefail; \
	  cargo rustc --release -p veeva-vault-auth-c --lib -- --print native-static-libs 2>&1 | tee $(C_OUT)/cargo.log || exit 1; \
	  libs=$$(sed -n 's/^note: native-static-libs: //p' $(C_OUT)/cargo.log); \
	  if [ -n "$$libs" ]; then echo "$$libs" > $(C_STATIC_LIBS); fi; \
	  if [ -s $(C_STATIC_LIBS) ]; then break; fi; \
	  touch $(C_DIR)/build.rs; \
	done; test -s $(C_STATIC_LIBS)
	$(call c_fix_libs,$(TDIR))
	$(C_CC) $(C_CFLAGS) -I$(C_DIR)/include $(C_DIR)/examples/generate_token.c $(C_SHARED_LINK) -o $(C_OUT)/generate_token
	$(C_CC) $(C_CFLAGS) -I$(C_DIR)/include $(C_DIR)/examples/token_lifecycle.c $(C_SHARED_LINK) -o $(C_OUT)/token_lifecycle

update-header-c: build-c
	cp $(C_GEN_HEADER) $(C_HEADER)

# The C test programs: each is built against the shared and the static library and run under
# valgrind against its own mock.
C_TESTS := test_capi test_lifecycle test_session test_version
C_VECTOR_SRC := $(C_DIR)/tests/vector_runner.c $(C_DIR)/tests/vector_steps.c

test-c: build-c mock
	@command -v valgrind >/dev/null || (apt-get update && apt-get install -y valgrind)
	@diff -u $(C_HEADER) $(C_GEN_HEADER) || { echo "bindings-c/include/veeva_vault_auth.h differs from the generated header: run 'make update-header-c' and commit it" >&2; exit 1; }
	@for t in $(C_TESTS); do \
	  echo "$(C_CC) ... tests/$$t.c -> $${t}_shared, $${t}_static"; \
	  $(C_CC) $(C_CFLAGS) -D_POSIX_C_SOURCE=200809L -DEXPECTED_VERSION='"$(C_VERSION)"' -I$(C_DIR)/include $(C_DIR)/tests/$$t.c $(C_SHARED_LINK) -pthread -o $(C_OUT)/$${t}_shared || exit 1; \
	  $(C_CC) $(C_CFLAGS) -D_POSIX_C_SOURCE=200809L -DEXPECTED_VERSION='"$(C_VERSION)"' -I$(C_DIR)/include $(C_DIR)/tests/$$t.c $(C_STATIC_LINK) -pthread -o $(C_OUT)/$${t}_static || exit 1; \
	done
	$(C_CC) $(C_CFLAGS) -I$(C_DIR)/include $(C_VECTOR_SRC) $(C_SHARED_LINK) -o $(C_OUT)/vector_runner_shared
	$(C_CC) $(C_CFLAGS) -I$(C_DIR)/include $(C_VECTOR_SRC) $(C_STATIC_LINK) -o $(C_OUT)/vector_runner_static
	$(C_CXX) $(C_CXXFLAGS) -I$(C_DIR)/include $(C_DIR)/tests/header_cpp.cpp $(C_SHARED_LINK) -o $(C_OUT)/header_cpp
	@echo "== C header as C++"
	$(C_OUT)/header_cpp
	@for t in $(C_TESTS); do for kind in shared static; do \
	  echo "== C tests: $$t, $$kind library, valgrind"; \
	  $(C_WITH_MOCK) $(C_VALGRIND) $(C_OUT)/$${t}_$$kind || exit 1; \
	done; done
	@echo "== C faults under load: 16 threads, shared library, valgrind"
	$(C_CC) $(C_CFLAGS) -D_POSIX_C_SOURCE=200809L -I$(C_DIR)/include $(C_DIR)/tests/test_faults.c $(C_SHARED_LINK) -pthread -o $(C_OUT)/test_faults_shared
	$(C_VALGRIND) $(C_OUT)/test_faults_shared
	@echo "== shared vectors (generate and lifecycle), shared library, valgrind"
	$(C_WITH_MOCK) python3 $(C_DIR)/tests/run_vectors.py --vectors $(VVA_VECTORS_DIR) -- $(C_VALGRIND) $(C_OUT)/vector_runner_shared
	@echo "== shared vectors (generate and lifecycle), static library, valgrind"
	$(C_WITH_MOCK) python3 $(C_DIR)/tests/run_vectors.py --vectors $(VVA_VECTORS_DIR) -- $(C_VALGRIND) $(C_OUT)/vector_runner_static
	@echo "== exported symbols of the shared library: vva_* only, version VVA_0"
	$(C_DIR)/tests/check_symbols.sh $(TDIR)/libveeva_vault_auth.so $(C_HEADER)
	@echo "== make install + pkg-config + the README's mock Vault test"
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(MAKE) --no-print-directory install-c PREFIX="$$tmp" >/dev/null && \
	  CC=$(C_CC) $(C_DIR)/tests/pkgconfig_test.sh "$$tmp" $(C_DIR)/examples

demo-c: build-c mock
	@echo "== C: examples/generate_token.c and examples/token_lifecycle.c against the mock Vault (login as admin@myvault.example)"
	@VAULT_DNS=myvault.veevavault.com VAULT_USERNAME=admin@myvault.example VAULT_PASSWORD=mock-password \
	  $(C_WITH_MOCK) bash -c 'export VAULT_BASE_URL="$$VVA_MOCK_URL"; $(C_OUT)/generate_token && \
	    VAULT_TOKEN_NAME="veeva-vault-auth demo (c)" $(C_OUT)/token_lifecycle'

install: install-c

# bin/mock-vault: the mock Vault, for users' own tests (see the C README). The shared library
# is installed as .so.X.Y.Z with the usual .so.X (SONAME) and .so symlinks. The .pc keeps an
# absolute prefix here (a distribution may symlink .pc files elsewhere); the release archive's
# is relative (dist.mk).
install-c: build-c mock
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(MOCK_VAULT_BIN) $(DESTDIR)$(PREFIX)/bin/mock-vault
	install -m 0755 $(TDIR)/libveeva_vault_auth.so $(DESTDIR)$(PREFIX)/lib/libveeva_vault_auth.so.$(C_VERSION)
	ln -sf libveeva_vault_auth.so.$(C_VERSION) $(DESTDIR)$(PREFIX)/lib/libveeva_vault_auth.so.$(C_SOMAJOR)
	ln -sf libveeva_vault_auth.so.$(C_SOMAJOR) $(DESTDIR)$(PREFIX)/lib/libveeva_vault_auth.so
	install -m 0644 $(TDIR)/libveeva_vault_auth.a $(DESTDIR)$(PREFIX)/lib/libveeva_vault_auth.a
	install -m 0644 $(C_HEADER) $(DESTDIR)$(PREFIX)/include/veeva_vault_auth.h
	$(C_DIR)/write-pc.sh '$(PREFIX)' '$(C_VERSION)' $(C_STATIC_LIBS) > $(DESTDIR)$(PREFIX)/lib/pkgconfig/veeva_vault_auth.pc
	@echo "installed libveeva_vault_auth $(C_VERSION) into $(DESTDIR)$(PREFIX)"
