"""The release wheel installed the way a user installs it: into a fresh venv, from the file,
with no cargo or rustc on PATH (so nothing could fall back to a source build), then used."""

import re

import pytest

from conftest import PY_DIR, TEST_PACKAGES, assert_suite_passed, fresh_venv, pip_install, run, run_suite, user_env


@pytest.fixture(scope="module")
def installed(tmp_path_factory, wheel):
    env = user_env(rust=False)
    python = fresh_venv(tmp_path_factory.mktemp("fresh") / "venv", env)
    # --no-index: the wheel file alone, nothing from a registry; then the test tools, as wheels.
    pip_install(python, "--no-index", wheel, env=env)
    pip_install(python, "--only-binary", ":all:", *TEST_PACKAGES, env=env)
    return python, env


def test_version_reports_the_package_the_core_and_the_wheel(installed, version):
    python, env = installed
    result = run([python, "-m", "veeva_vault_auth", "--version"], env=env, cwd=PY_DIR.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"veeva-vault-auth {version} (core veeva-vault-auth {version}, "
                             "abi3 cp39, manylinux2014_x86_64)\n")


def test_the_mock_backed_smoke_test_passes(installed):
    python, env = installed
    result = run([python, PY_DIR / "dist_tests" / "smoke.py"], env=env, cwd=PY_DIR.parent, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"smoke: ok \(\S+, 2 tokens minted and revoked\)\n", result.stdout), result.stdout


def test_the_binding_suite_passes_against_the_release_wheel(installed, wheel):
    python, env = installed
    assert_suite_passed(run_suite(python, wheel=wheel, env=env))
