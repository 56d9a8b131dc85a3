"""Shared helpers of the dist tests (bindings-python/dist.mk runs them with target/dist-venv's
pytest): where the artefacts are, the workspace version, and fresh venvs, with or without a
Rust toolchain on PATH."""

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Dict, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
PY_DIR = ROOT / "bindings-python"
# Test-only packages for the fresh venvs: the same ranges binding.mk gives test-python.
TEST_PACKAGES = ["pytest>=8", "mypy>=1.10"]


def dist_dir() -> Path:
    return Path(os.environ.get("VVA_DIST_DIR", ROOT / "dist"))


def _one(pattern: str) -> Path:
    found = sorted(dist_dir().glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {dist_dir()}, found {found}: run `make dist-python`"
    return found[0]


@pytest.fixture(scope="session")
def wheel() -> Path:
    return _one("veeva_vault_auth-*.whl")


@pytest.fixture(scope="session")
def sdist() -> Path:
    return _one("veeva_vault_auth-*.tar.gz")


@pytest.fixture(scope="session")
def version() -> str:
    section = (ROOT / "Cargo.toml").read_text().split("[workspace.package]", 1)[1].split("\n[", 1)[0]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M)
    assert match, "no version in [workspace.package]"
    return match.group(1)


def user_env(*, rust: bool) -> Dict[str, str]:
    """The environment of a user's shell: none of the Makefile's cargo settings or of the
    calling venv; with ``rust=False`` also no directory on PATH that holds cargo or rustc."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CARGO_", "RUSTUP_", "RUSTC", "PYTEST_", "VVA_")) and k != "VIRTUAL_ENV"}
    # Whatever venv runs these tests leads PATH (make puts it there): drop it.
    own_bin = str(Path(sys.prefix) / "bin")
    path = [d for d in env.get("PATH", "").split(os.pathsep) if d and d != own_bin]
    if not rust:
        path = [d for d in path if not any((Path(d) / tool).exists() for tool in ("cargo", "rustc"))]
        for tool in ("cargo", "rustc", "rustup"):
            assert shutil.which(tool, path=os.pathsep.join(path)) is None, f"{tool} still on PATH"
    env["PATH"] = os.pathsep.join(path)
    return env


def fresh_venv(where: Path, env: Dict[str, str]) -> Path:
    """A new venv (with pip) at ``where``; returns its python."""
    venv.create(where, with_pip=True, clear=True)
    python = where / "bin" / "python"
    assert python.is_file()
    return python


def run(args, *, env: Dict[str, str], cwd: Optional[Path] = None, timeout: float = 900) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=timeout)
    return result


def pip_install(python: Path, *args, env: Dict[str, str], timeout: float = 900) -> None:
    result = run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args],
                 env=env, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr


def run_suite(python: Path, *, wheel: Path, env: Dict[str, str]) -> subprocess.CompletedProcess:
    """The binding's whole pytest suite (bindings-python/tests) against what ``python`` has
    installed; ``wheel`` is the file that install came from (the suite installs it once more
    into a venv of its own, and checks its size)."""
    env = dict(env, VVA_WHEEL=str(wheel))
    mock = os.environ.get("MOCK_VAULT_BIN")
    if mock:
        env["MOCK_VAULT_BIN"] = mock
    return run([python, "-m", "pytest", "-q", "tests"], env=env, cwd=PY_DIR, timeout=1200)


def assert_suite_passed(result: subprocess.CompletedProcess) -> None:
    tail = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, tail
    summary = result.stdout.strip().splitlines()[-1]
    assert re.search(r"\b[1-9]\d* passed\b", summary), tail
    assert not re.search(r"\b(failed|error|errors)\b", summary), tail
