# C release archive: veeva-vault-auth-<version>-x86_64-linux.tar.gz, built against glibc 2.17
# with zig (cargo-zigbuild), so it runs on RHEL 7+ / Amazon Linux 2 / Ubuntu 14.04+.
# Included by the root Makefile after bindings-c/binding.mk (C_VERSION, C_SOMAJOR, C_DIR,
# c_fix_libs come from there).
#
#   make dist-c        target/dist-c/veeva-vault-auth-<version>-x86_64-linux.tar.gz
#   make test-dist-c   unpack it under a random prefix; the example via pkg-config (shared and
#                      static, system cc and zig cc for glibc 2.17) against its own bin/mock-vault;
#                      exported symbols; no GLIBC_ symbol version newer than 2.17
#
# C_DIST_CARGO_DIR (default target/dist-c/cargo) is cargo's target dir for these builds, apart
# from the normal one so that the zig-linked artefacts never replace the ones the other tests
# use, and from the Python release build's (sharing one made each recompile everything).

C_DIST_CARGO_DIR ?= $(ROOT)/target/dist-c/cargo
C_DIST_GLIBC := 2.17
C_DIST_TRIPLE := x86_64-unknown-linux-gnu
C_DIST_TDIR := $(C_DIST_CARGO_DIR)/$(C_DIST_TRIPLE)/release
C_DIST_NAME := veeva-vault-auth-$(C_VERSION)-x86_64-linux
C_DIST_OUT := $(ROOT)/target/dist-c
C_DIST_ARCHIVE := $(C_DIST_OUT)/$(C_DIST_NAME).tar.gz
C_DIST_STAGE := $(C_DIST_OUT)/$(C_DIST_NAME)
# Its own pinned venv with zig and cargo-zigbuild (both from PyPI), so a fresh clone needs
# nothing else.
C_DIST_VENV := $(ROOT)/target/venv-dist-c
C_DIST_PIP_PINS := ziglang==0.17.1 cargo-zigbuild==0.24.1
C_DIST_ENV := env -u CARGO_BUILD_TARGET PATH="$(C_DIST_VENV)/bin:$$PATH" CARGO_TARGET_DIR="$(C_DIST_CARGO_DIR)"
C_ZIGBUILD := $(C_DIST_ENV) $(C_DIST_VENV)/bin/cargo-zigbuild
C_DIST_DOC := share/doc/veeva-vault-auth

.PHONY: dist-c test-dist-c
DIST_TARGETS += dist-c
# Not in TEST_EXTRA: its zig release build adds ~5 min to a CI run, and CI runs one
# representative dist test (test-dist-python); run by hand (`make test-dist-c`).
# TEST_EXTRA += test-dist-c

# Rebuilt when this file (the pins) changes.
$(C_DIST_VENV)/.ok: $(C_DIR)/dist.mk
	rm -rf $(C_DIST_VENV)
	python3 -m venv $(C_DIST_VENV)
	$(C_DIST_VENV)/bin/pip install --quiet $(C_DIST_PIP_PINS)
	touch $@

# Same recipe as build-c (cargo rustc for native-static-libs), then the mock with the same
# linker. The stage folder becomes the archive's top directory.
dist-c: $(C_DIST_VENV)/.ok
	@mkdir -p $(C_DIST_OUT)
	set -o pipefail; $(C_ZIGBUILD) rustc --release --target $(C_DIST_TRIPLE).$(C_DIST_GLIBC) -p veeva-vault-auth-c --lib \
	  -- --print native-static-libs 2>&1 | tee $(C_DIST_OUT)/cargo.log
	@libs=$$(sed -n 's/^note: native-static-libs: //p' $(C_DIST_OUT)/cargo.log); \
	  if [ -n "$$libs" ]; then echo "$$libs" > $(C_DIST_OUT)/native-static-libs; fi; \
	  test -s $(C_DIST_OUT)/native-static-libs || { echo "dist-c: rustc printed no native-static-libs: touch bindings-c/build.rs and retry" >&2; exit 1; }
	$(C_ZIGBUILD) zigbuild --release --target $(C_DIST_TRIPLE).$(C_DIST_GLIBC) -p mock-vault
	$(call c_fix_libs,$(C_DIST_TDIR))
	rm -rf $(C_DIST_OUT)/$(C_DIST_NAME)
	install -d $(C_DIST_STAGE)/lib/pkgconfig $(C_DIST_STAGE)/include $(C_DIST_STAGE)/bin $(C_DIST_STAGE)/$(C_DIST_DOC)/examples
	install -m 0755 $(C_DIST_TDIR)/libveeva_vault_auth.so $(C_DIST_STAGE)/lib/libveeva_vault_auth.so.$(C_VERSION)
	ln -s libveeva_vault_auth.so.$(C_VERSION) $(C_DIST_STAGE)/lib/libveeva_vault_auth.so.$(C_SOMAJOR)
	ln -s libveeva_vault_auth.so.$(C_SOMAJOR) $(C_DIST_STAGE)/lib/libveeva_vault_auth.so
	objcopy --strip-debug $(C_DIST_TDIR)/libveeva_vault_auth.a $(C_DIST_STAGE)/lib/libveeva_vault_auth.a
	install -m 0644 $(C_HEADER) $(C_DIST_STAGE)/include/veeva_vault_auth.h
	install -m 0755 $(C_DIST_TDIR)/mock-vault $(C_DIST_STAGE)/bin/mock-vault
	$(C_DIR)/write-pc.sh '$${pcfiledir}/../..' '$(C_VERSION)' $(C_DIST_OUT)/native-static-libs > $(C_DIST_STAGE)/lib/pkgconfig/veeva_vault_auth.pc
	install -m 0644 $(C_DIR)/README.md $(ROOT)/LICENSE $(C_DIST_STAGE)/$(C_DIST_DOC)/
	install -m 0644 $(C_DIR)/examples/*.c $(C_DIST_STAGE)/$(C_DIST_DOC)/examples/
	printf 'veeva-vault-auth %s\nplatform: x86_64-linux-gnu\nglibc: %s\n' '$(C_VERSION)' '$(C_DIST_GLIBC)' > $(C_DIST_STAGE)/$(C_DIST_DOC)/PLATFORM
	tar -C $(C_DIST_OUT) --owner=0 --group=0 --numeric-owner --sort=name -czf $(C_DIST_ARCHIVE) $(C_DIST_NAME)
	@ls -l $(C_DIST_ARCHIVE)

test-dist-c: dist-c
	ZIG="$(C_DIST_VENV)/bin/python -m ziglang" CC=$(C_CC) $(C_DIR)/tests/dist_test.sh $(C_DIST_ARCHIVE) $(C_DIR)/tests
