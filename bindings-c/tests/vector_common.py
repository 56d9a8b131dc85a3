"""What run_vectors.py and lifecycle_vectors.py share: the mock's control routes, the C runner
process and its line protocol, and the comparison of an error with an `expect.error` entry.
Standard library only.
"""

import json
import subprocess
import urllib.request


def mock_call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as resp:
        text = resp.read().decode()
    return json.loads(text) if text.strip() else None


class Runner:
    """The C program, kept running across cases."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def lines(self, values, ids=(), command="run"):
        """Sends the fields (and `id` lines), then COMMAND; returns the answer as (key, [values])."""
        for key, value in values.items():
            self.proc.stdin.write(f"{key} {encode(value)}\n")
        for value in ids:
            self.proc.stdin.write(f"id {encode(value)}\n")
        self.proc.stdin.write(f"{command}\n")
        self.proc.stdin.flush()
        answer = []
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the C runner exited in the middle of a case")
            line = line.rstrip("\n")
            if line == "end":
                return answer
            key, *encoded = line.split(" ")
            answer.append((key, [decode(v) for v in encoded]))

    def run(self, values):
        """A generate case: the answer as a dict, repeated keys as lists."""
        result = {}
        for key, values_ in self.lines(values):
            value = values_[0] if values_ else ""
            if key in ("vault_type", "vault_message", "warning_type"):
                result.setdefault(key, []).append(value)
            elif key != "section":
                result[key] = value
        return result

    def finish(self):
        self.proc.stdin.close()
        tail = self.proc.stdout.read()
        code = self.proc.wait()
        return code, tail.strip()


def encode(value):
    return "-" if value is None else value.encode("utf-8").hex()


def decode(encoded):
    return None if encoded == "-" else bytes.fromhex(encoded).decode("utf-8")


def check_error(err, got, problems, label=""):
    """An error's report (the runner's keys) against an `expect.error` entry."""
    def same(what, actual, wanted):
        if actual != wanted:
            problems.append(f"{label}{what}: got {actual!r}, expected {wanted!r}")

    same("code", got.get("code"), err["code"])
    same("status_str", got.get("status_str"), err["code"])
    same("vault_types", got.get("vault_type", []), err.get("vault_types", []))
    same("http_status", int(got.get("http_status") or 0) or None, err.get("http_status"))
    same("execution_id", got.get("execution_id"), err.get("execution_id"))
    same("outcome_unknown", got.get("outcome_unknown") == "1", err["outcome_unknown"])
    message = got.get("message") or ""
    for text in err.get("message_contains", []):
        if text not in message:
            problems.append(f"{label}message lacks {text!r}: {message!r}")
    renderings = [message, got.get("code") or ""] + (got.get("vault_message") or [])
    for text in err.get("message_excludes", []):
        for rendering in renderings:
            if text.lower() in rendering.lower():
                problems.append(f"{label}{text!r} appears in the error text {rendering!r}")
