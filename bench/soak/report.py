"""The results file: how the run was made, then one table per binding with its PNG."""

import os

from checks import full_windows, merge, percentile_us


def summary(run):
    wins = full_windows(run["windows"])
    calls = sum(w["calls"] for w in run["windows"])
    span = run["windows"][-1]["t"] if run["windows"] else 0
    hist = merge(run["windows"])
    ops = {}
    for w in run["windows"]:
        for k, n in w["ops"].items():
            ops[k] = ops.get(k, 0) + n
    p = [percentile_us(hist, q) for q in (0.5, 0.99)]
    loads = [s["load"] for s in run["samples"] if s.get("load") is not None]
    return {
        "load": f"{min(loads):.1f}-{max(loads):.1f}" if loads else "-",
        "calls": calls, "rate": calls / span if span else 0, "windows": len(wins), "ops": ops,
        "p50_ms": p[0] / 1000 if p[0] else None, "p99_ms": p[1] / 1000 if p[1] else None,
    }


def write(path, date, d, inflight, runs, header_lines):
    lines = [f"# Soak, {date}", "", *header_lines, ""]
    verdicts = []
    for name, run in runs.items():
        verdicts.append(f"{name} **{run['verdict']}**")
    lines += ["Verdicts: " + ", ".join(verdicts) + ".", ""]
    for name, run in runs.items():
        s = summary(run)
        ops = ", ".join(f"{k} {n}" for k, n in s["ops"].items())
        p50 = f"{s['p50_ms']:.2f}" if s["p50_ms"] else "-"
        p99 = f"{s['p99_ms']:.2f}" if s["p99_ms"] else "-"
        lines += [
            f"## {name}: {run['verdict']}", "",
            f"{s['calls']} calls in {d} s with {inflight} in flight ({s['rate']:.0f}/s: {ops}); "
            f"whole-run p50 {p50} ms, p99 {p99} ms; machine load average (1 min) {s['load']}.", "",
            "| check | measured | target | result |", "| --- | --- | --- | --- |",
        ]
        for check, measured, target, ok in run["checks"]:
            lines.append(f"| {check} | {measured} | {target} | {'PASS' if ok else 'FAIL'} |")
        if run.get("first_error"):
            lines += ["", f"First error: `{run['first_error']}`"]
        lines += ["", f"![{name}]({os.path.relpath(run['png'], os.path.dirname(path))})", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))
