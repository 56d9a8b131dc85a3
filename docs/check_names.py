#!/usr/bin/env python3
"""Check that every public name of each binding appears in its reference under target/docs.

Run with the project's Python that has veeva_vault_auth installed (it imports the package):

    check_names.py ROOT DOCS [--extra NAME]

Public names: the Rust crate root's `pub use`/`pub mod`/`pub const` items (core/src/lib.rs); Python's
`__all__` of veeva_vault_auth and veeva_vault_auth.testing plus the public methods and properties
of their classes; Node's exports from index.d.ts and testing.d.ts; C's `vva_*` functions and
types and `VVA_*` constants and macros from the header. `--extra NAME` adds a name that does not
exist to every language, to show the check fails.
"""

import glob
import html
import importlib
import inspect
import os
import re
import sys


def text_of(pattern):
    return "\n".join(html.unescape(open(p, errors="replace").read()) for p in glob.glob(pattern, recursive=True))


def rust_names(root):
    src = open(os.path.join(root, "core", "src", "lib.rs")).read()
    src = re.sub(r"//.*", "", src)
    # `#[doc(hidden)]` items (the fuzzing entry points) are not public API and have no page.
    src = re.sub(r"#\[doc\(hidden\)\]\s*pub ", "", src)
    names = re.findall(r"^pub (?:mod|const|static|fn|struct|enum|trait|type) (\w+)", src, re.M)
    for use in re.findall(r"^pub use ([^;]+);", src, re.M | re.S):
        inner = re.search(r"\{(.*)\}", use, re.S)
        items = inner.group(1).split(",") if inner else [use]
        names += [re.split(r"::| as ", i.strip())[-1].strip() for i in items if i.strip()]
    return names


def python_names():
    names = []
    for modname in ("veeva_vault_auth", "veeva_vault_auth.testing"):
        mod = importlib.import_module(modname)
        for name in mod.__all__:
            names.append(name)
            obj = getattr(mod, name)
            if inspect.isclass(obj):
                names += [f"{name}.{m}" for m in vars(obj) if not m.startswith("_")]
    return names


def node_names(root):
    names = []
    for f in ("index.d.ts", "testing.d.ts"):
        src = open(os.path.join(root, "bindings-node", f)).read()
        names += re.findall(r"^export (?:declare )?(?:abstract )?(?:class|function|const|let|interface|type|enum) (\w+)", src, re.M)
        for block in re.findall(r"^export \{([^}]*)\}", src, re.M):
            names += [re.split(r"\s+as\s+", n.strip())[-1] for n in block.split(",") if n.strip()]
    return names


def c_names(root):
    src = open(os.path.join(root, "bindings-c", "include", "veeva_vault_auth.h")).read()
    names = re.findall(r"\b(vva_\w+)\(", src)
    names += re.findall(r"typedef (?:struct|enum) (vva_\w+)", src)
    names += re.findall(r"^\s*(VVA_\w+) = ", src, re.M)
    names += [n for n in re.findall(r"^#define (VVA_\w+)", src, re.M)]
    return sorted(set(names))


def main(root, docs, extra=None):
    crate = os.path.join(docs, "rust", "veeva_vault_auth")
    crate_index = text_of(os.path.join(crate, "index.html"))
    py_text = text_of(os.path.join(docs, "python", "**", "*.html"))
    c_text = text_of(os.path.join(docs, "c", "index.html"))
    languages = [
        # Rust: rustdoc gives each root item a page (struct.Client.html, blocking/index.html) and
        # each inlined-elsewhere re-export an anchor in the crate's index.html.
        ("rust", rust_names(root), lambda n: glob.glob(os.path.join(crate, f"*.{n}.html"))
         or os.path.exists(os.path.join(crate, n, "index.html")) or f'id="reexport.{n}"' in crate_index),
        # Python: pdoc gives every documented object an id of its qualified name.
        ("python", python_names(), lambda n: f'id="{n}"' in py_text),
        # Node: TypeDoc writes one page per export (classes/index.VaultClient.html, ...).
        ("node", node_names(root), lambda n: glob.glob(os.path.join(docs, "node", "*", f"*.{n}.html"))),
        ("c", c_names(root), lambda n: f'id="{n}"' in c_text),
    ]
    missing = 0
    for lang, names, found in languages:
        if extra:
            names = names + [extra]
        absent = [n for n in names if not found(n)]
        print(f"{lang}: {len(names) - len(absent)}/{len(names)} public names in the reference"
              + (f"; missing: {', '.join(absent)}" if absent else ""))
        missing += len(absent) + (0 if names else 1)
    print(f"check_names: {missing} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    extra = args[args.index("--extra") + 1] if "--extra" in args else None
    sys.exit(main(args[0], args[1], extra))
