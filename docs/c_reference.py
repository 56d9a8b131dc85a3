#!/usr/bin/env python3
"""Render the cbindgen header (bindings-c/include/veeva_vault_auth.h) as one HTML page.

cbindgen writes every item as a `/** ... */` block followed by its declaration, so a small
parser is enough: enums (with their constants), opaque struct typedefs, functions and
`#define VVA_*` macros, each with its doc comment. Usage: c_reference.py HEADER OUT.html
"""

import html
import re
import sys

DOC = r"/\*\*(?P<doc>.*?)\*/\s*"
ENUM = re.compile(DOC + r"typedef enum (?P<name>\w+) \{(?P<body>.*?)\} \w+;", re.S)
CONST = re.compile(DOC + r"(?P<name>VVA_\w+) = (?P<value>-?\d+),", re.S)
STRUCT = re.compile(DOC + r"typedef struct (?P<name>\w+) \w+;", re.S)
FUNC = re.compile(DOC + r"(?P<decl>[^;{}#/]*?\b(?P<name>vva_\w+)\((?P<args>[^)]*)\);)", re.S)
MACRO = re.compile(r"(?:" + DOC + r")?#define (?P<name>VVA_\w+)\s+(?P<value>.*)")


def clean(doc):
    lines = [re.sub(r"^\s*\* ?", "", line) for line in doc.strip().splitlines()]
    text = html.escape("\n".join(lines).strip())
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return "".join(f"<p>{p.strip()}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def section(title, items):
    body = "".join(
        f'<section id="{n}"><h3><code>{html.escape(n)}</code></h3><pre>{html.escape(sig)}</pre>{doc}{extra}</section>\n'
        for n, sig, doc, extra in items)
    toc = "".join(f'<li><a href="#{n}">{n}</a></li>' for n, *_ in items)
    return f"<h2>{title}</h2>\n<ul class=toc>{toc}</ul>\n{body}"


def main(header, out):
    text = open(header).read()
    head = re.match(r"/\*(.*?)\*/", text, re.S).group(1)
    enums = []
    for m in ENUM.finditer(text):
        consts = "".join(f'<dt><code id="{c["name"]}">{c["name"]} = {c["value"]}</code></dt><dd>{clean(c["doc"])}</dd>'
                         for c in CONST.finditer(m["body"]))
        enums.append((m["name"], f"typedef enum {m['name']} {{ … }} {m['name']};", clean(m["doc"]), f"<dl>{consts}</dl>"))
    structs = [(m["name"], f"typedef struct {m['name']} {m['name']};", clean(m["doc"]), "") for m in STRUCT.finditer(text)]
    funcs = [(m["name"], " ".join(m["decl"].split()), clean(m["doc"]), "") for m in FUNC.finditer(text)]
    macros = [(m["name"], f"#define {m['name']} {m['value']}", clean(m["doc"] or ""), "")
              for m in MACRO.finditer(text) if m["name"] != "VEEVA_VAULT_AUTH_H"]
    page = f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>veeva_vault_auth.h: C API reference</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
pre{{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}}section{{border-top:1px solid #ddd}}
ul.toc{{columns:3;font-size:13px}}dd{{margin-left:1.5rem}}</style></head><body>
<p><a href="../index.html">veeva-vault-auth API reference</a></p>
<h1>C API: <code>veeva_vault_auth.h</code></h1>
<pre>{html.escape(head.strip())}</pre>
{section("Macros", macros) if macros else ""}
{section("Enums", enums)}
{section("Types", structs)}
{section("Functions", funcs)}
</body></html>
"""
    with open(out, "w") as f:
        f.write(page)
    print(f"c_reference: {len(funcs)} functions, {len(structs)} types, {len(enums)} enums, {len(macros)} macros -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
