#!/usr/bin/env python3
"""Version drift test: every place a release carries its version must match Cargo.toml.

The single source is `[workspace.package] version` in the root Cargo.toml. Each check reads one
artefact; a check whose artefact is absent fails unless it is listed in --optional (built
artefacts such as the wheel are optional: they are checked when present). Usage:

    check_versions.py [--root DIR] [--pc FILE] [--vva BIN] [--python PY] [--optional NAME,...]

Exit status 1 and one line per mismatch on drift; each check prints what it compared.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile


def workspace_version(root):
    with open(os.path.join(root, "Cargo.toml"), "rb") as f:
        return tomllib.load(f)["workspace"]["package"]["version"]


def npm_versions(root):
    """bindings-node/package.json, its npm/*/package.json platform packages, and any
    @veeva-vault-auth/* optionalDependencies."""
    out = []
    path = os.path.join(root, "bindings-node", "package.json")
    with open(path) as f:
        pkg = json.load(f)
    out.append(("bindings-node/package.json version", pkg.get("version")))
    prefix = pkg.get("napi", {}).get("packageName", "") + "-"
    platform = sorted(glob.glob(os.path.join(root, "bindings-node", "npm", "*", "package.json")))
    # The platform packages (issue #14). The release manifest lists them as optionalDependencies
    # (scripts/stage-release.js writes them from these files, as napi pre-publish does), so the
    # committed package.json normally has none; any it has must name one of these, at its version.
    if not platform:
        out.append(("bindings-node/npm/*/package.json (the platform packages)", None))
    names = {}
    for p in platform:
        with open(p) as f:
            manifest = json.load(f)
        rel = os.path.relpath(p, root)
        name = manifest.get("name", "")
        names[name] = manifest.get("version")
        out.append((rel + " version", manifest.get("version")))
        # napi's loader looks for <napi.packageName>-<platform>, and the folder is the platform.
        ok = name == prefix + os.path.basename(os.path.dirname(p))
        out.append((f"{rel} name {name} is napi.packageName-<folder>", manifest.get("version") if ok else None))
    for name, spec in sorted(pkg.get("optionalDependencies", {}).items()):
        if name.startswith(prefix):
            out.append((f"optionalDependencies {name} (a platform package)", spec if names.get(name) == spec else None))
    return out


def header_versions(root):
    """VVA_VERSION_MAJOR/MINOR/PATCH and VVA_VERSION_STRING in the committed C header."""
    with open(os.path.join(root, "bindings-c", "include", "veeva_vault_auth.h")) as f:
        text = f.read()
    macro = {m[0]: m[1] for m in re.findall(r"^#define\s+(VVA_VERSION_\w+)\s+(.+?)\s*$", text, re.M)}
    parts = [macro.get(f"VVA_VERSION_{p}") for p in ("MAJOR", "MINOR", "PATCH")]
    triple = ".".join(parts) if all(p and p.isdigit() for p in parts) else None
    string = macro.get("VVA_VERSION_STRING", "").strip('"') or None
    return [("header VVA_VERSION_MAJOR.MINOR.PATCH", triple), ("header VVA_VERSION_STRING", string)]


def pc_version(pc):
    with open(pc) as f:
        m = re.search(r"^Version:\s*(\S+)", f.read(), re.M)
    return [(f"{os.path.basename(pc)} Version:", m and m.group(1))]


def command_version(label, argv):
    """The first x.y.z[-pre] word of a --version output (e.g. 'vva 0.1.0' or 'veeva_vault_auth 0.1.0 (core 0.1.0)')."""
    try:
        run = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except OSError as e:
        return [(label, f"<{e.strerror}>")]
    text = run.stdout + run.stderr
    found = re.findall(r"\b(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\b", text)
    if run.returncode != 0 or not found:
        return [(label, f"<exit {run.returncode}: {text.strip()[:80]!r}>")]
    # Every version printed (library and core) must be the one version.
    return [(f"{label} [{i}]", v) for i, v in enumerate(found)]


def changelog_version(root):
    """The first released heading; an [Unreleased] section above it is fine."""
    with open(os.path.join(root, "CHANGELOG.md")) as f:
        m = re.search(r"^## \[(\d+\.\d+\.\d+[^\]]*)\]", f.read(), re.M)
    return [("CHANGELOG.md top release heading", m and m.group(1))]


def wheel_versions(root):
    out = []
    for whl in sorted(glob.glob(os.path.join(root, "target", "wheels", "veeva_vault_auth-*.whl"))):
        name = os.path.basename(whl)
        out.append((f"{name} filename", name.split("-")[1]))
        with zipfile.ZipFile(whl) as z:
            meta = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
            text = z.read(meta[0]).decode() if meta else ""
        m = re.search(r"^Version:\s*(\S+)", text, re.M)
        out.append((f"{name} METADATA Version", m and m.group(1)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--pc", help="an installed veeva_vault_auth.pc")
    ap.add_argument("--vva", help="the vva binary")
    ap.add_argument("--python", help="a Python with veeva_vault_auth installed")
    ap.add_argument("--optional", default="", help="comma-separated checks that may be absent")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    optional = set(filter(None, args.optional.split(",")))
    want = workspace_version(root)
    checks = {
        "npm": lambda: npm_versions(root),
        "header": lambda: header_versions(root),
        "changelog": lambda: changelog_version(root),
        "wheel": lambda: wheel_versions(root),
    }
    if args.pc:
        checks["pc"] = lambda: pc_version(args.pc)
    if args.vva:
        checks["vva"] = lambda: command_version("vva --version", [args.vva, "--version"])
    if args.python:
        checks["python"] = lambda: command_version(
            "python -m veeva_vault_auth --version", [args.python, "-m", "veeva_vault_auth", "--version"])
    bad = 0
    print(f"workspace version (Cargo.toml [workspace.package]): {want}")
    for name, check in checks.items():
        try:
            results = check()
        except FileNotFoundError as e:
            results = [(os.path.relpath(e.filename, root), None)]
        for label, got in results:
            if got == want:
                print(f"  ok      {name}: {label} = {got}")
            elif name in optional and (got is None or str(got).startswith("<")):
                print(f"  absent  {name}: {label} = {got} (optional)")
            else:
                print(f"  DRIFT   {name}: {label} = {got}, want {want}")
                bad += 1
    print(f"check_versions: {bad} mismatch(es)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
