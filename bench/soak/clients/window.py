"""The 10 s window every soak client reports (see bench/soak/README.md): calls, errors, calls per
operation and a latency histogram keyed by ``floor(ln(µs) * 20)`` (buckets about 5 % wide, so the
driver can merge windows into percentiles). Thread-safe; counts and times only."""

import json
import math
import sys
import threading
import time

OPS = ("generate", "list", "revoke", "whoami")


class Counter:
    def __init__(self):
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.calls = 0
        self.errors = 0
        self._fresh()

    def _fresh(self):
        self._w = {"calls": 0, "errors": 0, "ops": dict.fromkeys(OPS, 0), "hist": {}, "error": None}

    def record(self, op, seconds, error=None):
        bucket = str(math.floor(math.log(max(seconds * 1e6, 1.0)) * 20))
        with self._lock:
            w = self._w
            self.calls += 1
            w["calls"] += 1
            w["ops"][op] += 1
            w["hist"][bucket] = w["hist"].get(bucket, 0) + 1
            if error is not None:
                self.errors += 1
                w["errors"] += 1
                if w["error"] is None:
                    w["error"] = f"{op}: {error}"

    def emit(self):
        """Prints the window so far and starts a new one."""
        with self._lock:
            w = self._w
            self._fresh()
        w["t"] = time.monotonic() - self.started
        sys.stdout.write(json.dumps(w) + "\n")
        sys.stdout.flush()

    def done(self):
        sys.stdout.write(json.dumps({"done": True, "calls": self.calls, "errors": self.errors}) + "\n")
        sys.stdout.flush()


def error_code(exc):
    """The library's machine-readable code (never the message, which a careless peer might fill
    with request data)."""
    return getattr(exc, "code", None) or type(exc).__name__
