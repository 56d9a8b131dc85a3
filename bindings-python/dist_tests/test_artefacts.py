"""The artefacts of `make dist-python` as files: the manylinux tag (auditwheel), the metadata
(twine, and field by field), and what the wheel and the sdist contain."""

import re
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from conftest import PY_DIR, ROOT

# The policy dist.mk builds for (maturin --compatibility manylinux2014), and its glibc.
POLICY = "manylinux2014_x86_64"
PEP600_POLICY = "manylinux_2_17_x86_64"
GLIBC_MAX = (2, 17)
TOOLS = Path(sys.prefix) / "bin"


def _platform_tags(wheel: Path) -> set:
    # name-version-python-abi-platform.whl, the platform part possibly compressed (a.b).
    return set(wheel.name[: -len(".whl")].split("-")[4].split("."))


def test_the_wheel_carries_the_manylinux2014_tag(wheel):
    name = wheel.name
    assert re.fullmatch(r"veeva_vault_auth-[^-]+-cp39-abi3-[^-]+\.whl", name), name
    assert _platform_tags(wheel) == {POLICY, PEP600_POLICY}, name
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/WHEEL"))
        tags = {line.split(":", 1)[1].strip() for line in archive.read(info).decode().splitlines()
                if line.startswith("Tag:")}
    assert tags == {f"cp39-abi3-{POLICY}", f"cp39-abi3-{PEP600_POLICY}"}, tags


def test_auditwheel_reports_the_wheel_consistent_with_its_tag(wheel):
    result = subprocess.run([TOOLS / "auditwheel", "show", wheel], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    text = " ".join(result.stdout.split())     # auditwheel wraps its lines
    match = re.search(r'is consistent with the following platform tag: "([^"]+)"', text)
    assert match, result.stdout
    # The tag auditwheel derives from the binary must be one the wheel carries (manylinux2014 is
    # the legacy alias of manylinux_2_17), so the wheel claims no more than it is.
    assert match.group(1) in _platform_tags(wheel), (match.group(1), wheel.name)
    assert match.group(1) == PEP600_POLICY, result.stdout
    versions = {tuple(int(x) for x in v) for v in re.findall(r"GLIBC_(\d+)\.(\d+)", text)}
    assert versions, result.stdout
    assert max(versions) <= GLIBC_MAX, f"symbols newer than glibc 2.17: {sorted(versions)}"
    assert "does not look like a platform wheel" not in text
    assert "libpython" not in text      # abi3: the extension must not link libpython


def test_twine_check_passes(wheel, sdist):
    result = subprocess.run([TOOLS / "twine", "check", "--strict", wheel, sdist],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


def _check_metadata(raw: str, version: str) -> None:
    message = Parser().parsestr(raw)
    assert message["Name"] == "veeva-vault-auth"
    assert message["Version"] == version
    assert message["License-Expression"] == "Apache-2.0"
    assert message.get_all("License-File") == ["LICENSE"]
    assert message["Requires-Python"] == ">=3.9"
    classifiers = message.get_all("Classifier")
    assert "Typing :: Typed" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")], "PEP 639: no license classifiers"
    repository = re.search(r'^repository\s*=\s*"([^"]+)"', (ROOT / "Cargo.toml").read_text(), re.M).group(1)
    assert f"Repository, {repository}" in message.get_all("Project-URL")
    assert message["Description-Content-Type"].startswith("text/markdown")
    # The long description is the binding's README, whole.
    assert message.get_payload().strip() == (PY_DIR / "README.md").read_text().strip()


def test_the_wheel_holds_the_package_the_license_and_the_metadata(wheel, version):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"veeva_vault_auth-{version}.dist-info"
        assert archive.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
        _check_metadata(archive.read(f"{info}/METADATA").decode(), version)
        assert "pytest11" in archive.read(f"{info}/entry_points.txt").decode()
    package = {n.split("/", 1)[1] for n in names if n.startswith("veeva_vault_auth/")}
    expected = {p.name for p in (PY_DIR / "python" / "veeva_vault_auth").iterdir() if p.is_file()}
    assert expected <= package, expected - package
    assert {"py.typed", "_native.pyi", "__main__.py", "testing.py", "_native.abi3.so"} <= package
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_sdist_holds_everything_a_source_build_needs(sdist, version):
    top = f"veeva_vault_auth-{version}"
    with tarfile.open(sdist) as archive:
        names = {m.name[len(top) + 1:] for m in archive.getmembers() if m.isfile()}
        read = lambda name: archive.extractfile(f"{top}/{name}").read()  # noqa: E731
        assert read("LICENSE") == (ROOT / "LICENSE").read_bytes()
        assert read("Cargo.lock") == (ROOT / "Cargo.lock").read_bytes()
        _check_metadata(read("PKG-INFO").decode(), version)
        members = re.search(r"^members\s*=\s*\[([^\]]*)\]", read("Cargo.toml").decode(), re.M).group(1)
    # Every source file of the three crates the extension is built from (the binding, the core
    # and the mock it bundles), and of the Python package, is in the sdist.
    for folder in ("bindings-python/src", "core/src", "tests/mock-vault/src"):
        files = {str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert files and files <= names, (folder, files - names)
    for crate in ("bindings-python", "core", "tests/mock-vault"):
        assert f"{crate}/Cargo.toml" in names
    package = {f"python/veeva_vault_auth/{p.name}" for p in (PY_DIR / "python" / "veeva_vault_auth").iterdir()
               if p.is_file()}
    assert package <= names, package - names
    assert {"pyproject.toml", "bindings-python/README.md"} <= names
    # The workspace in the sdist lists only the crates it carries, and nothing built is inside.
    assert sorted(m.strip().strip('"') for m in members.split(",") if m.strip()) == \
        ["bindings-python", "core", "tests/mock-vault"]
    assert not [n for n in names if n.startswith(("target/", "bindings-node/", "bindings-c/", "cli/"))
                or n.endswith((".so", ".whl", ".pyc"))]
