# Python release artefacts (included by the root Makefile after binding.mk; ROOT, PY_DIR, TDIR,
# MOCK_VAULT_BIN and CARGO_BUILD_TARGET come from there).
#
#   dist-python              dist/veeva_vault_auth-<v>-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#                            (maturin --zig: links against glibc 2.17, so it installs on RHEL 8,
#                            Amazon Linux 2, Ubuntu 20.04, ...) and dist/veeva_vault_auth-<v>.tar.gz
#   test-dist-python         (in make test) auditwheel, twine and the artefacts' contents; then the
#                            wheel in a fresh venv whose PATH has no cargo or rustc: --version,
#                            dist_tests/smoke.py (the bundled MockVault), and the whole pytest suite
#   test-dist-python-sdist   (by hand, a full source build: needs Rust) pip install of the sdist
#                            in a fresh venv, then the pytest suite against that install
#
# Times on this machine (2 cores): dist-python cold 3 m 41 s (idle machine), 22 s after a
# change to the binding only; test-dist-python 77 s of tests on top of the build (the whole suite
# against the release wheel is 45 s of that, and it is what proves the zig/glibc 2.17 build works).
#
# Not shared with the Node and C release builds (each has its own cargo target dir): when /work/target-dist
# was shared during development, each of this target's builds recompiled all 117 crates (5-6 min;
# presumably their other flags or zig wrappers change cargo's fingerprints, not its file names).
#
# The tools (maturin, ziglang, auditwheel, twine, pytest) are pinned in dist-requirements.txt
# and live in target/dist-venv. The release build goes to PY_DIST_CARGO_DIR, apart from target/<host>,
# so it never replaces the artefacts of the normal (host glibc) build.

PY_DIST_CARGO_DIR ?= $(ROOT)/target/dist
PY_DIST_OUT ?= $(ROOT)/dist
PY_DIST_VENV := $(ROOT)/target/dist-venv
PY_DIST_REQ := $(PY_DIR)/dist-requirements.txt
# The manylinux policy the wheel is built for and checked against.
PY_DIST_COMPAT := manylinux2014

.PHONY: dist-python dist-python-wheel dist-python-sdist test-dist-python test-dist-python-sdist

# Recreated when the pins change.
$(PY_DIST_VENV)/.ok: $(PY_DIST_REQ)
	rm -rf $(PY_DIST_VENV)
	python3 -m venv $(PY_DIST_VENV)
	$(PY_DIST_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(PY_DIST_REQ)
	touch $@

# The venv's bin/ leads PATH so that maturin finds ziglang's zig (`python -m ziglang`).
dist-python-wheel: $(PY_DIST_VENV)/.ok
	mkdir -p $(PY_DIST_OUT)
	rm -f $(PY_DIST_OUT)/veeva_vault_auth-*.whl
	cd $(PY_DIR) && PATH="$(PY_DIST_VENV)/bin:$$PATH" CARGO_TARGET_DIR=$(PY_DIST_CARGO_DIR) \
	  maturin build --release --zig --compatibility $(PY_DIST_COMPAT) --out $(PY_DIST_OUT)

# Sources only (no compiling): a second or so.
dist-python-sdist: $(PY_DIST_VENV)/.ok
	mkdir -p $(PY_DIST_OUT)
	rm -f $(PY_DIST_OUT)/veeva_vault_auth-*.tar.gz
	cd $(PY_DIR) && $(PY_DIST_VENV)/bin/maturin sdist --out $(PY_DIST_OUT)

dist-python: dist-python-wheel dist-python-sdist
	@ls -l $(PY_DIST_OUT)/veeva_vault_auth-* | awk '{printf "dist-python: %s: %.2f MB\n", $$9, $$5 / 1e6}'

DIST_TARGETS += dist-python

# Both run the dist tests with target/dist-venv's pytest (auditwheel and twine are there too);
# the fresh venvs they make get a user's PATH (see dist_tests/conftest.py).
PY_DIST_PYTEST = cd $(PY_DIR) && VVA_DIST_DIR=$(PY_DIST_OUT) PATH="$(PY_DIST_VENV)/bin:$$PATH" pytest -v

test-dist-python: dist-python mock
	$(PY_DIST_PYTEST) dist_tests/test_artefacts.py dist_tests/test_wheel_install.py

# Only the sdist: pip builds the wheel from it (in a temporary target dir of its own).
test-dist-python-sdist: dist-python-sdist mock
	$(PY_DIST_PYTEST) dist_tests/test_sdist_install.py

# The one representative dist test CI runs (issue 14: one, if dist is slow): the most installed
# artefact, and the only dist test that runs a binding's whole suite against the release build.
# 9 m 08 s from cold on a busy machine (4 m 22 s CPU: the zig release build and 65 s of tests);
# test-dist-c and test-dist-node are by hand (README, Development).
TEST_EXTRA += test-dist-python
