"""`python -m veeva_vault_auth`: --version, --help and bad arguments; and the one version.

The version is set once, in the workspace Cargo.toml (`[workspace.package] version`); the
extension's `__version__`, the core version it reports and the installed distribution's metadata
must all be that one.
"""

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import veeva_vault_auth

ROOT = Path(__file__).resolve().parents[2]


def _workspace_version() -> str:
    text = (ROOT / "Cargo.toml").read_text()
    section = text.split("[workspace.package]", 1)[1].split("\n[", 1)[0]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M)
    assert match, "no version in [workspace.package]"
    return match.group(1)


def _run(*args: str) -> subprocess.CompletedProcess:
    # Run outside the source tree, so that only the installed package can be imported.
    return subprocess.run([sys.executable, "-m", "veeva_vault_auth", *args], cwd=os.path.expanduser("~"),
                          capture_output=True, text=True, timeout=60)


def test_every_version_is_the_workspace_version():
    version = _workspace_version()
    assert veeva_vault_auth.__version__ == version
    assert veeva_vault_auth._native._core_version == version
    assert metadata.version("veeva-vault-auth") == version


def test_the_package_declares_no_version_of_its_own():
    pyproject = (ROOT / "bindings-python" / "pyproject.toml").read_text()
    project = pyproject.split("[project]", 1)[1].split("\n[", 1)[0]
    assert re.search(r'^dynamic\s*=\s*\[[^\]]*"version"', project, re.M)
    assert not re.search(r"^version\s*=", project, re.M)
    cargo = (ROOT / "bindings-python" / "Cargo.toml").read_text()
    assert re.search(r"^version\.workspace\s*=\s*true", cargo, re.M)


def test_the_project_urls_are_the_workspace_repository():
    text = (ROOT / "Cargo.toml").read_text()
    repository = re.search(r'^repository\s*=\s*"([^"]+)"', text, re.M).group(1)
    urls = dict(entry.split(", ", 1) for entry in metadata.metadata("veeva-vault-auth").get_all("Project-URL"))
    assert urls["Repository"] == repository
    assert all(url.startswith(repository) for url in urls.values()), urls


def test_version_names_the_package_the_core_and_the_wheel():
    run = _run("--version")
    assert run.returncode == 0, run.stderr
    version = re.escape(_workspace_version())
    match = re.fullmatch(rf"veeva-vault-auth {version} \(core veeva-vault-auth {version}, abi3 cp39, (\S+)\)\n",
                         run.stdout)
    assert match, run.stdout
    wheel = os.environ.get("VVA_WHEEL")
    if wheel:
        # The platform part comes from the wheel that was installed.
        assert match.group(1) in Path(wheel).name


def test_help_and_no_arguments_exit_zero():
    for args in (("--help",), ()):
        run = _run(*args)
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("usage: python -m veeva_vault_auth")
        assert "--version" in run.stdout


def test_unknown_arguments_exit_two():
    for args in (("--bogus",), ("generate",)):
        run = _run(*args)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert "unrecognized arguments" in run.stderr
        assert run.stdout == ""
