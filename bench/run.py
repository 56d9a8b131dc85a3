"""Runs every benchmark client against the loopback bench server and writes a markdown report.

Run by hand through `make bench` (which builds and installs everything first). Figures are
medians of several alternating rounds on a shared 2-core machine: read the ratios, which compare
clients measured in the same run, rather than the absolute numbers.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_server(binary, tls_ca=None):
    args = [binary, "--port", "0", "--workers", "1"]
    if tls_ca:
        args += ["--tls-ca-out", tls_ca]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        raise SystemExit(f"bench server did not start: {url!r}")
    return proc, url


def run_measured(cmd, env=None, timeout=600):
    """Runs a command; returns (stdout, wall seconds, peak RSS in MiB of that process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): {err.strip()[-500:]}")
    return out, wall, usage.ru_maxrss / 1024


def wrk(url, connections, seconds):
    out, _, _ = run_measured(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
                              "-s", str(ROOT / "bench/post.lua"), url])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return 0.0
        return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)]

    return {"calls_per_s": rps, "p50_us": latency(50), "p99_us": latency(99), "rss_mib": None}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tdir", required=True, help="cargo release dir with bench-server, bench-rust, c_clients")
    p.add_argument("--python", required=True, help="python with the peers and veeva_vault_auth installed")
    p.add_argument("--node-dir", required=True, help="folder whose node_modules has undici and veeva-vault-auth")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--out", default=str(ROOT / "bench/results"))
    p.add_argument("--only", default="", help="comma-separated languages to run (floor,rust,python,node,c); "
                   "a partial run is printed, not written to --out")
    p.add_argument("--schemes", default="http,https", help="http, https or both")
    a = p.parse_args()
    only = set(filter(None, a.only.split(",")))
    tdir = Path(a.tdir)
    node_env = dict(os.environ, NODE_PATH=str(Path(a.node_dir) / "node_modules"))
    node_script = str(ROOT / "bench/clients/node_clients.mjs")
    py_script = str(ROOT / "bench/clients/py_clients.py")

    def rust(client, mode):
        return [str(tdir / "bench-rust"), "--client", client, "--mode", mode]

    def py(client, mode):
        return [a.python, py_script, "--client", client, "--mode", mode]

    def node(client, mode):
        return ["node", node_script, "--client", client, "--mode", mode]

    def c(client, mode):
        return [str(tdir / "c_clients"), "--client", client]

    # (language, label, mode, command)
    clients = [
        ("floor", "hyper (minimal Rust client)", "seq", rust("hyper", "seq")),
        ("floor", "hyper (minimal Rust client)", "conc", rust("hyper", "conc")),
        ("rust", "veeva-vault-auth core", "seq", rust("core", "seq")),
        ("rust", "veeva-vault-auth core", "conc", rust("core", "conc")),
        ("python", "veeva_vault_auth VaultClient", "seq", py("vva-sync", "seq")),
        ("python", "veeva_vault_auth AsyncVaultClient", "conc", py("vva-async", "conc")),
        ("python", "requests.Session", "seq", py("requests", "seq")),
        ("python", "httpx.Client", "seq", py("httpx", "seq")),
        ("python", "urllib3", "seq", py("urllib3", "seq")),
        ("python", "aiohttp", "conc", py("aiohttp", "conc")),
        ("node", "veeva-vault-auth", "seq", node("vva", "seq")),
        ("node", "veeva-vault-auth", "conc", node("vva", "conc")),
        ("node", "fetch (built-in)", "seq", node("fetch", "seq")),
        ("node", "fetch (built-in)", "conc", node("fetch", "conc")),
        ("node", "undici.request", "seq", node("undici", "seq")),
        ("node", "undici.request", "conc", node("undici", "conc")),
        ("c", "libveeva_vault_auth", "seq", c("vva-seq", "seq")),
        ("c", "libveeva_vault_auth (64 threads)", "conc", c("vva-threads", "conc")),
        ("c", "libcurl easy (reused)", "seq", c("curl-easy", "seq")),
        ("c", "libcurl multi (64 in flight)", "conc", c("curl-multi", "conc")),
    ]
    if only:
        clients = [c for c in clients if c[0] in only]
    schemes = [s for s in ("http", "https") if s in a.schemes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="vva-bench-"))
    ca = str(tmp / "ca.pem")
    results = {}
    servers = {}
    try:
        servers["http"] = start_server(str(tdir / "bench-server"))
        servers["https"] = start_server(str(tdir / "bench-server"), ca)
        for scheme in schemes:
            url = servers[scheme][1]
            for rnd in range(a.rounds):
                print(f"[{scheme}] round {rnd + 1}/{a.rounds}", file=sys.stderr, flush=True)
                if scheme == "http" and shutil.which("wrk") and (not only or "floor" in only):
                    for conns, mode in ((1, "seq"), (64, "conc")):
                        r = wrk(url, conns, 2)
                        results.setdefault((scheme, "floor", "wrk", mode), []).append(r)
                for lang, label, mode, cmd in clients:
                    full = cmd + ["--url", url, "--calls", str(a.calls)] + (["--ca", ca] if scheme == "https" else [])
                    out, _, rss = run_measured(full, env=node_env if lang == "node" else None)
                    line = json.loads(out.strip().splitlines()[-1])
                    results.setdefault((scheme, lang, label, mode), []).append({
                        "calls_per_s": line["calls"] / line["seconds"],
                        "p50_us": line["p50_us"], "p99_us": line["p99_us"], "rss_mib": rss})
        cold = [] if only else cold_starts(a, servers["http"][1], tdir, node_env)
    finally:
        for proc, _ in servers.values():
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    report = render(results, cold, [] if only else artefact_sizes(tdir), a)
    if only or len(schemes) < 2:
        print(report)
        return
    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{datetime.date.today().isoformat()}.md"
    path.write_text(report)
    print(report)
    print(f"written to {path}", file=sys.stderr)


def cold_starts(a, url, tdir, node_env, runs=7):
    """Process start + import + one call, median wall time of several runs."""
    session = "bench-session-0001"
    form_path = "/api/v26.2/objects/users/12345/api_access_token__sys"
    py_vva = ("import veeva_vault_auth as v; c=v.VaultClient(vault_dns='myvault.veevavault.com', "
              f"base_url='{url}', session_id='{session}'); "
              "c.generate_access_token(user_id='12345', name='cold', expiry_date='2031-12-31T12:00:00Z')")
    py_requests = ("import requests; requests.post('" + url + form_path + "', data={'name__v':'cold'}, "
                   f"headers={{'Authorization':'{session}'}}).json()['data']['token__sys']")
    node_vva = ("const {VaultClient}=require('veeva-vault-auth'); new VaultClient({vaultDns:'myvault.veevavault.com',"
                f"baseUrl:'{url}',sessionId:'{session}'}}).generateAccessToken({{userId:'12345',name:'cold'}})"
                ".then(t=>{if(!t.id)process.exit(1)})")
    node_fetch = (f"fetch('{url}{form_path}',{{method:'POST',headers:{{authorization:'{session}',"
                  "'content-type':'application/x-www-form-urlencoded'},body:'name__v=cold'}).then(r=>r.json())"
                  ".then(j=>{if(!j.data.token__sys)process.exit(1)})")
    cases = [
        ("python", "import veeva_vault_auth + 1 call", [a.python, "-c", py_vva], None),
        ("python", "import requests + 1 call", [a.python, "-c", py_requests], None),
        ("python", "python -c pass (interpreter alone)", [a.python, "-c", "pass"], None),
        ("node", "require('veeva-vault-auth') + 1 call", ["node", "-e", node_vva], node_env),
        ("node", "fetch + 1 call", ["node", "-e", node_fetch], node_env),
        ("node", "node -e 0 (runtime alone)", ["node", "-e", "0"], node_env),
        ("c", "libveeva_vault_auth, 1 call", [str(tdir / "c_clients"), "--client", "vva-seq", "--url", url, "--calls", "1"], None),
        ("c", "libcurl, 1 call", [str(tdir / "c_clients"), "--client", "curl-easy", "--url", url, "--calls", "1"], None),
    ]
    out = []
    for lang, label, cmd, env in cases:
        walls, rss = [], []
        try:
            for _ in range(runs):
                _, wall, r = run_measured(cmd, env=env)
                walls.append(wall)
                rss.append(r)
        except RuntimeError as e:
            print(f"cold start {label!r} failed: {e}", file=sys.stderr)
            continue
        out.append((lang, label, statistics.median(walls) * 1000, max(rss)))
    return out


def artefact_sizes(tdir):
    sizes = []
    wheels = sorted((ROOT / "target/wheels").glob("veeva_vault_auth-*.whl")) + \
        sorted((ROOT / "bindings-python/dist").glob("veeva_vault_auth-*.whl"))
    if wheels:
        sizes.append(("Python wheel", wheels[-1].name, wheels[-1].stat().st_size))
    for node_file in sorted((ROOT / "bindings-node").glob("*.node")):
        sizes.append(("Node addon", node_file.name, node_file.stat().st_size))
    for name in ("libveeva_vault_auth.so", "libveeva_vault_auth.a"):
        f = tdir / name
        if f.exists():
            sizes.append(("C library", name, f.stat().st_size))
            stripped = Path(tempfile.mkdtemp()) / name
            shutil.copy(f, stripped)
            if subprocess.run(["strip", "--strip-unneeded", str(stripped)], capture_output=True).returncode == 0:
                sizes.append(("C library", name + " (stripped)", stripped.stat().st_size))
    return sizes


def render(results, cold, sizes, a):
    med = {k: {m: statistics.median(r[m] for r in v) if v[0][m] is not None else None
               for m in ("calls_per_s", "p50_us", "p99_us", "rss_mib")}
           for k, v in results.items()}

    def rate(scheme, lang, label, mode):
        return med.get((scheme, lang, label, mode), {}).get("calls_per_s")

    lines = [
        f"# Benchmark results, {datetime.date.today().isoformat()}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} shared cores, {platform.platform()}; "
        f"client and server share the cores. Medians of {a.rounds} alternating rounds of {a.calls} calls "
        "(after 50 warm-up calls). Same request everywhere: POST the form to the token endpoint, parse "
        "the JSON, take `data.token__sys`. Ratios compare clients measured in the same run; the absolute "
        "numbers say little about another machine.",
        "",
    ]
    for scheme in ("http", "https"):
        floor_seq = rate(scheme, "floor", "hyper (minimal Rust client)", "seq")
        floor_conc = rate(scheme, "floor", "hyper (minimal Rust client)", "conc")
        lines += [f"## {scheme.upper()} on loopback" + (" (test CA passed to every client)" if scheme == "https" else ""), "",
                  "| language | client | mode | calls/s | p50 µs | p99 µs | peak RSS MiB | × floor (hyper) |",
                  "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
        for (s, lang, label, mode), m in sorted(med.items(), key=lambda kv: (kv[0][1] != "floor", kv[0][1], kv[0][3], kv[0][2])):
            if s != scheme:
                continue
            floor = floor_seq if mode == "seq" else floor_conc
            ratio = f"{m['calls_per_s'] / floor:.2f}" if floor else "–"
            rss = f"{m['rss_mib']:.0f}" if m["rss_mib"] else "–"
            lines.append(f"| {lang} | {label} | {'sequential' if mode == 'seq' else '64 in flight'} | "
                         f"{m['calls_per_s']:.0f} | {m['p50_us']:.0f} | {m['p99_us']:.0f} | {rss} | {ratio} |")
        lines.append("")
        targets = [
            ("Python sync ≥ 3× urllib3", ("python", "veeva_vault_auth VaultClient", "seq"), ("python", "urllib3", "seq"), 3.0),
            ("Python sync ≥ 8× requests", ("python", "veeva_vault_auth VaultClient", "seq"), ("python", "requests.Session", "seq"), 8.0),
            ("Python async (64) ≥ 3× aiohttp", ("python", "veeva_vault_auth AsyncVaultClient", "conc"), ("python", "aiohttp", "conc"), 3.0),
            ("Node sequential ≥ 1.5× undici.request", ("node", "veeva-vault-auth", "seq"), ("node", "undici.request", "seq"), 1.5),
            ("Node 64 in flight ≥ 1.5× undici.request", ("node", "veeva-vault-auth", "conc"), ("node", "undici.request", "conc"), 1.5),
            ("C sequential ≥ 0.9× libcurl easy", ("c", "libveeva_vault_auth", "seq"), ("c", "libcurl easy (reused)", "seq"), 0.9),
            ("C 64 threads ≥ 1× libcurl multi", ("c", "libveeva_vault_auth (64 threads)", "conc"), ("c", "libcurl multi (64 in flight)", "conc"), 1.0),
            ("Rust core ≥ 1/1.3 of the floor", ("rust", "veeva-vault-auth core", "seq"), ("floor", "hyper (minimal Rust client)", "seq"), 1 / 1.3),
            ("Python sync ≥ ½ of the floor", ("python", "veeva_vault_auth VaultClient", "seq"), ("floor", "hyper (minimal Rust client)", "seq"), 0.5),
            ("Node sequential ≥ ½ of the floor", ("node", "veeva-vault-auth", "seq"), ("floor", "hyper (minimal Rust client)", "seq"), 0.5),
            ("C sequential ≥ ½ of the floor", ("c", "libveeva_vault_auth", "seq"), ("floor", "hyper (minimal Rust client)", "seq"), 0.5),
        ]
        lines += [f"### Targets ({scheme})", "", "| target | ratio | met? |", "| --- | ---: | --- |"]
        for name, ours, peer, want in targets:
            x, y = rate(scheme, *ours), rate(scheme, *peer)
            if x and y:
                lines.append(f"| {name} | {x / y:.2f} | {'yes' if x / y >= want else '**no**'} |")
        lines.append("")
    lines += ["## Cold start: process start + import + one call (median of 7)", "",
              "| language | what | ms | peak RSS MiB |", "| --- | --- | ---: | ---: |"]
    lines += [f"| {l} | {w} | {ms:.0f} | {rss:.0f} |" for l, w, ms, rss in cold]
    lines += ["", "## Artefact sizes", "", "| artefact | file | bytes |", "| --- | --- | ---: |"]
    lines += [f"| {k} | {n} | {s:,} |" for k, n, s in sizes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
