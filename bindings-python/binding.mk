# Python binding (included by the root Makefile, which sets ROOT, VENV, PY, TDIR, MOCK_VAULT_BIN,
# VVA_VECTORS_DIR and exports CARGO_BUILD_TARGET so maturin shares target/ with cargo).
#
#   build-python  maturin builds the abi3 wheel into target/wheels, then a fresh test venv
#                 (target/py-test-venv) gets the wheel, pytest and mypy
#   test-python   pytest on bindings-python/tests against the installed wheel and the mock Vault
#                 (the README example test also installs the wheel into a venv of its own)
#   demo-python   log in to the mock Vault, generate a token, list the user's tokens, revoke it

PY_DIR := $(ROOT)/bindings-python
PY_WHEEL_DIR := $(ROOT)/target/wheels
PY_TEST_VENV := $(ROOT)/target/py-test-venv

.PHONY: build-python test-python demo-python

$(VENV)/.maturin-ok: $(VENV)/.ok
	$(VENV)/bin/pip install --quiet 'maturin>=1.9,<2'
	touch $@

build-python: $(VENV)/.maturin-ok
	rm -f $(PY_WHEEL_DIR)/veeva_vault_auth-*.whl
	cd $(PY_DIR) && $(VENV)/bin/maturin build --release --interpreter $(PY) --out $(PY_WHEEL_DIR)
	@ls -l $(PY_WHEEL_DIR)/veeva_vault_auth-*.whl | awk '{printf "build-python: wheel %s: %.2f MB\n", $$9, $$5 / 1e6}'
	rm -rf $(PY_TEST_VENV)
	python3 -m venv $(PY_TEST_VENV)
	$(PY_TEST_VENV)/bin/pip install --quiet $(PY_WHEEL_DIR)/veeva_vault_auth-*.whl 'pytest>=8' 'mypy>=1.10'

test-python: build-python mock
	cd $(PY_DIR) && VVA_WHEEL="$$(ls $(PY_WHEEL_DIR)/veeva_vault_auth-*.whl)" $(PY_TEST_VENV)/bin/pytest tests

demo-python: build-python mock
	$(PY_TEST_VENV)/bin/python $(PY_DIR)/examples/demo.py
