"""``make soak``: for each binding in turn, a fresh mock Vault, the binding's soak client with
``--inflight`` calls in flight for ``--seconds``, and a sample of both processes (RSS, fds,
threads from /proc) every 10 s. Reads the client's 10 s windows from its stdout, judges the
targets (checks.py), draws a PNG per binding (plot.py) and writes the results file (report.py).
Exits 1 if any binding FAILs.

Never shows what a client prints beyond its JSON windows, and passes the session id in the
environment, so no secret reaches a log or an argv.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import threading
import time

import checks
import plot
import report
from procstat import load_average, sample

HERE = os.path.dirname(os.path.abspath(__file__))
BINDINGS = ("rust", "python-sync", "python-async", "node", "c")
SAMPLE_EVERY = 10.0


def client_command(name, a, url, users, me):
    common = ["--url", url, "--users", ",".join(users), "--me", me,
              "--seconds", str(a.seconds), "--inflight", str(a.inflight)]
    py = [a.python, os.path.join(HERE, "clients", "soak_py.py")]
    return {
        "rust": [os.path.join(a.tdir, "soak-rust")],
        "python-sync": py + ["--mode", "sync"],
        "python-async": py + ["--mode", "async"],
        "node": ["node", os.path.join(HERE, "clients", "soak_node.mjs"), "--package", a.node_package],
        "c": [os.path.join(a.tdir, "soak_c")],
    }[name] + common


def start_mock(a):
    mock = subprocess.Popen([a.mock, "--port", "0", "--config", a.fixtures, "--exit-on-stdin-eof"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = mock.stdout.readline().strip()
    if not url.startswith("http://"):
        sys.exit(f"soak: the mock Vault did not start ({a.mock})")
    return mock, url


def read_windows(stream, run):
    for line in stream:
        try:
            item = json.loads(line)
        except ValueError:
            # Not echoed: whatever it is, it is not ours to show.
            print(f"soak: {run['name']}: ignored a line that is not a JSON window", file=sys.stderr)
            continue
        if item.get("done"):
            run["done"] = item
        else:
            run["windows"].append(item)
            if item.get("error") and not run["first_error"]:
                run["first_error"] = item["error"]


def soak_one(name, a, fixtures):
    session = fixtures["sessions"][0]
    me = str(session["user_id"])
    users = [str(u["id"]) for u in fixtures["users"] if not u.get("admin")]
    mock, url = start_mock(a)
    env = {**os.environ, "VVA_SOAK_SESSION": session["session_id"], "PYTHONUNBUFFERED": "1"}
    run = {"name": name, "windows": [], "samples": [], "done": None, "first_error": None}
    started = time.monotonic()
    client = subprocess.Popen(client_command(name, a, url, users, me), stdout=subprocess.PIPE, env=env,
                              text=True, cwd=os.path.join(HERE, "clients"))
    reader = threading.Thread(target=read_windows, args=(client.stdout, run), daemon=True)
    reader.start()
    limit = started + a.seconds + 120  # a client that hangs past this FAILs
    next_sample, next_note = started, started + 60
    while client.poll() is None and time.monotonic() < limit:
        now = time.monotonic()
        if now >= next_sample:
            run["samples"].append({"t": now - started, "client": sample(client.pid), "mock": sample(mock.pid),
                                   "load": load_average()})
            next_sample += SAMPLE_EVERY
        if now >= next_note:
            s = run["samples"][-1]
            rss = s["client"]["rss_kib"] / 1024 if s["client"] else 0
            print(f"soak: {name}: {now - started:4.0f} s, {sum(w['calls'] for w in run['windows'])} calls, "
                  f"{sum(w['errors'] for w in run['windows'])} errors, client RSS {rss:.1f} MiB", flush=True)
            next_note += 60
        time.sleep(min(0.2, max(0.0, next_sample - time.monotonic())))
    if client.poll() is None:
        client.kill()
        print(f"soak: {name}: client still running {a.seconds + 120} s after start: killed", file=sys.stderr)
    client.wait()
    reader.join(timeout=5)
    mock.stdin.close()
    try:
        mock.wait(timeout=5)
    except subprocess.TimeoutExpired:
        mock.kill()
    run["exit_code"] = client.returncode
    run["checks"] = checks.evaluate(run, a.seconds)
    if client.returncode != 0:
        run["checks"].append(("client exit code", str(client.returncode), "0", False))
    run["verdict"] = "PASS" if all(ok for *_, ok in run["checks"]) else "FAIL"
    return run


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "600")))
    p.add_argument("--inflight", type=int, default=64)
    p.add_argument("--only", default=",".join(BINDINGS), help="comma-separated subset of " + ",".join(BINDINGS))
    p.add_argument("--mock", required=True)
    p.add_argument("--fixtures", default=os.path.join(HERE, "fixtures.json"))
    p.add_argument("--tdir", required=True, help="folder with soak-rust and soak_c")
    p.add_argument("--python", required=True, help="a Python with veeva_vault_auth installed")
    p.add_argument("--node-package", required=True, help="the built bindings-node folder")
    p.add_argument("--results", required=True, help="folder for soak-<date>.md and its PNGs")
    p.add_argument("--data", required=True, help="folder for the raw samples and windows (JSON)")
    p.add_argument("--note", action="append", default=[], help="a line for the results file's header")
    a = p.parse_args()
    # The clients run in bench/soak/clients (where soak_py.py finds window.py).
    for key in ("mock", "fixtures", "tdir", "python", "node_package", "results", "data"):
        setattr(a, key, os.path.abspath(getattr(a, key)))
    names = [n for n in a.only.split(",") if n]
    unknown = set(names) - set(BINDINGS)
    if unknown:
        sys.exit(f"soak: unknown binding(s) {', '.join(sorted(unknown))}")
    with open(a.fixtures) as f:
        fixtures = json.load(f)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    png_dir = os.path.join(a.results, f"soak-{date}")
    os.makedirs(png_dir, exist_ok=True)
    os.makedirs(a.data, exist_ok=True)
    runs = {}
    for name in names:
        print(f"soak: {name}: {a.seconds} s, {a.inflight} in flight", flush=True)
        run = soak_one(name, a, fixtures)
        run["png"] = os.path.join(png_dir, f"{name}.png")
        plot.plot(name, run, a.seconds, run["verdict"], run["png"])
        with open(os.path.join(a.data, f"soak-{date}-{name}.json"), "w") as f:
            json.dump({k: v for k, v in run.items() if k != "checks"}, f)
        for check, measured, target, ok in run["checks"]:
            print(f"soak: {name}: {'PASS' if ok else 'FAIL'}  {check}: {measured} (target {target})")
        print(f"soak: {name}: {run['verdict']}", flush=True)
        runs[name] = run
    header = [
        f"`make soak` (SOAK_SECONDS={a.seconds}), bindings one after another, {a.inflight} calls in flight each, "
        "every worker cycling generate (for one of 4 users), list, revoke (its own token) and whoami "
        "against a fresh mock Vault (`bench/soak/fixtures.json`: burst limit off, revoked tokens "
        "forgotten). RSS, fds and threads of the client and the mock sampled from /proc every 10 s; "
        "latency per 10 s window from the client. Warm-up (first 20 %) is shaded and not judged.",
        "",
        "The machine has 2 shared cores and the mock runs on them too: compare shapes, not absolute numbers.",
        *(["", *a.note] if a.note else []),
    ]
    out = os.path.join(a.results, f"soak-{date}.md")
    report.write(out, date, a.seconds, a.inflight, runs, header)
    print(f"soak: wrote {out}")
    failed = [n for n, r in runs.items() if r["verdict"] != "PASS"]
    if failed:
        print(f"soak: FAIL: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"soak: all {len(runs)} PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
