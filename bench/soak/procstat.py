"""One sample of a process from /proc: resident memory, open file descriptors, threads."""

import os


def sample(pid):
    """``{"rss_kib", "fds", "threads"}`` of ``pid``, or ``None`` once it has gone."""
    try:
        fields = {}
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.split()
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        return {"rss_kib": int(fields["VmRSS"][0]), "fds": fds, "threads": int(fields["Threads"][0])}
    except (FileNotFoundError, ProcessLookupError, KeyError, IndexError):
        return None


def load_average():
    """The machine's 1-minute load average (the cores are shared: a reader should see it)."""
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
