"""One PNG per binding: RSS (client and mock), p50/p99 per 10 s window, and fds/threads over
time, with the warm-up shaded, so flatness shows at a glance."""

import matplotlib

matplotlib.use("Agg")  # files only; no display on CI or here
import matplotlib.pyplot as plt  # noqa: E402

from checks import WARMUP, full_windows, percentile_us  # noqa: E402


def plot(name, run, d, verdict, path):
    samples = run["samples"]
    fig, (ax_rss, ax_lat, ax_fd) = plt.subplots(3, 1, figsize=(8, 8), sharex=True)
    for ax in (ax_rss, ax_lat, ax_fd):
        ax.axvspan(0, WARMUP * d, color="0.92", label="_warm-up")
        ax.grid(alpha=0.3)
    for who, style in (("client", "-"), ("mock", "--")):
        pts = [(s["t"], s[who]["rss_kib"] / 1024) for s in samples if s.get(who)]
        if pts:
            ax_rss.plot(*zip(*pts), style, label=f"{who} RSS")
        for key, colour in (("fds", "tab:green"), ("threads", "tab:purple")):
            pts = [(s["t"], s[who][key]) for s in samples if s.get(who)]
            if pts:
                ax_fd.plot(*zip(*pts), style, color=colour, label=f"{who} {key}")
    ax_rss.set_ylabel("RSS (MiB)")
    ax_rss.set_ylim(bottom=0)
    ax_rss.legend(loc="lower right", fontsize="small")
    wins = full_windows(run["windows"])
    for p, style in ((0.5, "-"), (0.99, "-")):
        pts = [(w["mid"], percentile_us(w["hist"], p) / 1000) for w in wins if w["calls"]]
        if pts:
            ax_lat.plot(*zip(*pts), style, marker=".", label=f"p{round(p * 100)}")
    ax_lat.set_ylabel("latency per 10 s (ms)")
    ax_lat.set_ylim(bottom=0)
    ax_lat.legend(loc="lower right", fontsize="small")
    ax_fd.set_ylabel("count")
    ax_fd.set_ylim(bottom=0)
    ax_fd.set_xlabel("seconds (shaded: warm-up, not judged)")
    ax_fd.legend(loc="lower right", fontsize="small", ncol=2)
    fig.suptitle(f"soak: {name} - {verdict}")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
