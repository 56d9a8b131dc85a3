"""The sdist installed the way a user without a wheel for their platform installs it:
`pip install veeva_vault_auth-<v>.tar.gz` in a fresh venv (pip fetches maturin, cargo builds
everything from the sdist's sources: this needs Rust on PATH and takes minutes), then the
binding's suite against that install. Run by `make test-dist-python-sdist`, not by make test."""

from conftest import TEST_PACKAGES, assert_suite_passed, fresh_venv, pip_install, run, run_suite, user_env


def test_the_sdist_builds_installs_and_passes_the_suite(tmp_path, sdist, version):
    env = user_env(rust=True)
    python = fresh_venv(tmp_path / "venv", env)
    # A cache of its own, where pip keeps the wheel it builds from the sdist: the suite installs
    # that wheel once more into a venv of its own (and checks its size).
    cache = tmp_path / "pip-cache"
    pip_install(python, "--cache-dir", cache, sdist, env=env, timeout=1800)
    built = sorted(cache.rglob("veeva_vault_auth-*.whl"))
    assert len(built) == 1, built
    result = run([python, "-m", "veeva_vault_auth", "--version"], env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"veeva-vault-auth {version} (core veeva-vault-auth {version}, abi3 cp39, ")
    pip_install(python, *TEST_PACKAGES, env=env)
    assert_suite_passed(run_suite(python, wheel=built[0], env=env))
