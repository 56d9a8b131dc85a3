"""``python -m veeva_vault_auth --version``: what is installed, and what it was built from.

Prints one line, e.g. ``veeva-vault-auth 0.1.0 (core veeva-vault-auth 0.1.0, abi3 cp39,
manylinux2014_x86_64)``: the package's version and the Rust core's, both compiled into the
extension (so they describe the binary that is actually loaded), then the ABI, the oldest
CPython and the platform of the wheel it came from (its ``WHEEL`` metadata; left out when the
package was not installed from a wheel).
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from typing import Optional, Sequence

from ._native import __version__, _core_version

DISTRIBUTION = "veeva-vault-auth"
CORE = "veeva-vault-auth"


def _wheel_tag() -> Optional[str]:
    """``abi3 cp39, manylinux2014_x86_64`` from the first ``Tag:`` of the installed wheel."""
    try:
        wheel = metadata.distribution(DISTRIBUTION).read_text("WHEEL")
    except metadata.PackageNotFoundError:
        return None
    for line in (wheel or "").splitlines():
        key, _, value = line.partition(":")
        parts = value.strip().split("-")
        if key.strip() == "Tag" and len(parts) == 3:
            python, abi, platform = parts
            return f"{abi} {python}, {platform}"
    return None


def version_line() -> str:
    built = [f"core {CORE} {_core_version}"]
    tag = _wheel_tag()
    if tag:
        built.append(tag)
    return f"{DISTRIBUTION} {__version__} ({', '.join(built)})"


class _Version(argparse.Action):
    """argparse's own ``version`` action wraps the line at the terminal's width: print it whole."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: object, values: object,
                 option_string: Optional[str] = None) -> None:
        print(version_line())
        parser.exit()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m veeva_vault_auth",
        description="Generate Veeva Vault API access tokens safely (a binding of the Rust "
        "library veeva-vault-auth). This entry point only reports versions; use the package "
        "from Python, or the vva command-line tool.",
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="print the package's version and the core's it was built from, then exit")
    parser.parse_args(argv)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
