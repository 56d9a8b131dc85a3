"""The soak targets of issue 15, scaled to the run's length D, and the percentiles they need.

- 0 errors (and the client finished with its ``done`` line);
- RSS, fds and threads flat after warm-up: from 20 % of D to the end, the most RSS minus the
  first sample at 20 % under 5 MiB, and not one fd or thread more (client and mock alike);
- p99 of the last tenth of D (the last minute of 10) within 1.5x of the second tenth's.

Latencies arrive as per-window histograms keyed ``floor(ln(µs) * 20)``; a percentile is the
bucket's midpoint, so it is exact to about 2.5 %.
"""

import math

RSS_LIMIT_KIB = 5 * 1024
P99_RATIO_LIMIT = 1.5
WARMUP = 0.2


def merge(windows):
    hist = {}
    for w in windows:
        for k, n in w["hist"].items():
            hist[int(k)] = hist.get(int(k), 0) + n
    return hist


def percentile_us(hist, p):
    total = sum(hist.values())
    if total == 0:
        return None
    seen = 0
    for k in sorted(hist, key=int):  # a window's keys are JSON strings, merged ones ints
        seen += hist[k]
        if seen >= p * total:
            return math.exp((int(k) + 0.5) / 20)
    return None


def full_windows(windows):
    """Windows with their start, end and midpoint; a short tail window (the in-flight calls
    finishing after the deadline) is left out of the latency comparison."""
    out, start = [], 0.0
    for w in windows:
        if w["t"] - start >= 5.0:
            out.append({**w, "start": start, "mid": (start + w["t"]) / 2})
        start = w["t"]
    return out


def phase(windows, lo, hi):
    return [w for w in full_windows(windows) if lo <= w["mid"] < hi]


def growth(samples, who, key, d):
    after = [s[who][key] for s in samples if s["t"] >= WARMUP * d and s.get(who)]
    if not after:
        return None, None
    return max(after) - after[0], after[0]


def evaluate(run, d):
    """``[(check, measured, target, passed)]`` for one binding's run."""
    windows, samples, done = run["windows"], run["samples"], run["done"]
    errors = sum(w["errors"] for w in windows)
    rows = [("errors", f"{errors} of {sum(w['calls'] for w in windows)} calls"
             + ("" if done else " (client did not finish)"), "0", errors == 0 and done is not None
             and done.get("errors") == 0 and done.get("calls", 0) > 0)]
    for who in ("client", "mock"):
        rss, start = growth(samples, who, "rss_kib", d)
        rows.append((f"{who} RSS growth after {WARMUP:.0%}", "no samples" if rss is None else
                     f"{rss / 1024:+.2f} MiB (from {start / 1024:.1f} MiB)", "< 5 MiB",
                     rss is not None and rss < RSS_LIMIT_KIB))
        for key in ("fds", "threads"):
            g, start = growth(samples, who, key, d)
            rows.append((f"{who} {key} growth after {WARMUP:.0%}", "no samples" if g is None else
                         f"{g:+d} (from {start})", "0", g == 0))
    second = phase(windows, 0.1 * d, max(0.2 * d, 0.1 * d + 10))
    last = phase(windows, 0.9 * d, d + 1e-9)
    p_second = percentile_us(merge(second), 0.99)
    p_last = percentile_us(merge(last), 0.99)
    ok = p_second is not None and p_last is not None and p_last <= P99_RATIO_LIMIT * p_second
    measured = ("missing windows" if p_second is None or p_last is None else
                f"{p_last / 1000:.2f} ms vs {p_second / 1000:.2f} ms = {p_last / p_second:.2f}x")
    rows.append(("p99 last tenth vs second tenth", measured, "<= 1.5x", ok))
    return rows
