#!/usr/bin/env python3
"""Runs every shared test vector (tests/vectors/*.json) through the C library.

The calls are made by a C program linked against libveeva_vault_auth (tests/vector_runner.c);
this script only does what C has no library for: reading the JSON cases, driving the mock
Vault's control routes (reset, script, recorded requests) and comparing.

    run_vectors.py [--mock URL] [--vectors DIR] -- RUNNER [ARGS...]

RUNNER is the command to start, e.g. `valgrind ... ./vector_runner_shared`. The mock URL
defaults to $VVA_MOCK_URL, the vectors folder to $VVA_VECTORS_DIR. Standard library only.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import urllib.request


def mock_call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode())


class Runner:
    """The C program, kept running across cases."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, values):
        for key, value in values.items():
            encoded = "-" if value is None else value.encode("utf-8").hex()
            self.proc.stdin.write(f"{key} {encoded}\n")
        self.proc.stdin.write("run\n")
        self.proc.stdin.flush()
        result = {}
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the C runner exited in the middle of a case")
            line = line.rstrip("\n")
            if line == "end":
                return result
            key, _, encoded = line.partition(" ")
            value = None if encoded == "-" else bytes.fromhex(encoded).decode("utf-8")
            if key in ("vault_type", "vault_message", "warning_type"):
                result.setdefault(key, []).append(value)
            else:
                result[key] = value

    def finish(self):
        self.proc.stdin.close()
        tail = self.proc.stdout.read()
        code = self.proc.wait()
        return code, tail.strip()


def case_inputs(case, mock_url):
    client, call = case["client"], case["call"]
    cred = client.get("credential", {})
    target = call["target"]
    if target.get("me"):
        kind, value = "me", None
    elif "sandbox" in target:
        kind, value = "sandbox", target["sandbox"]
    else:
        kind, value = "user", target["user_id"]
    return {
        "base_url": mock_url,
        "vault_dns": "myvault.veevavault.com",
        "api_version": client.get("api_version"),
        "client_id": client.get("client_id"),
        "body_format": client.get("body_format", "form"),
        "session_id": cred.get("session_id"),
        "access_token": cred.get("access_token"),
        "target": kind,
        "target_value": value,
        "name": call["name"],
        "expiry": call.get("expiry"),
    }


def check_request(expected, recorded, problems):
    if expected is None:
        if recorded:
            problems.append(f"expected no request to reach the mock, got {len(recorded)}")
        return
    if len(recorded) != 1:
        problems.append(f"expected exactly one request, got {len(recorded)}")
        return
    got = recorded[0]
    if got["method"] != expected["method"]:
        problems.append(f"method {got['method']!r} != {expected['method']!r}")
    if got["path"] != expected["path"]:
        problems.append(f"path {got['path']!r} != {expected['path']!r}")
    for name, value in expected.get("headers", {}).items():
        if got["headers"].get(name) != value:
            problems.append(f"header {name}: {got['headers'].get(name)!r} != {value!r}")
    if "body" in expected and got["body"] != expected["body"]:
        problems.append(f"body {got['body']!r} != {expected['body']!r}")
    if "body_json" in expected:
        try:
            body = json.loads(got["body"])
        except ValueError:
            body = None
        if body != expected["body_json"]:
            problems.append(f"JSON body {got['body']!r} != {expected['body_json']!r}")


def check_outcome(expect, got, problems):
    def same(label, actual, wanted):
        if actual != wanted:
            problems.append(f"{label}: got {actual!r}, expected {wanted!r}")

    if "ok" in expect:
        ok = expect["ok"]
        if got.get("stage") != "ok":
            problems.append(f"expected success, got {got.get('code')!r}: {got.get('message')!r}")
            return
        same("id", got.get("id"), ok["id"])
        same("token", got.get("token"), ok["token"])
        same("warnings", got.get("warning_type", []), ok.get("warnings", []))
        if "execution_id" in ok:
            same("execution_id", got.get("execution_id"), ok["execution_id"])
        for key in ("burst_limit", "burst_limit_remaining"):
            if key in ok:
                value = got.get(key)
                same(key, None if value is None else int(value), ok[key])
        return

    err = expect["error"]
    if got.get("stage") == "ok":
        problems.append(f"expected error {err['code']!r}, got success")
        return
    same("code", got.get("code"), err["code"])
    same("status_str", got.get("status_str"), err["code"])
    same("vault_types", got.get("vault_type", []), err.get("vault_types", []))
    same("http_status", int(got.get("http_status") or 0) or None, err.get("http_status"))
    same("execution_id", got.get("execution_id"), err.get("execution_id"))
    same("outcome_unknown", got.get("outcome_unknown") == "1", err["outcome_unknown"])
    message = got.get("message") or ""
    for text in err.get("message_contains", []):
        if text not in message:
            problems.append(f"message lacks {text!r}: {message!r}")
    renderings = [message, got.get("code") or ""] + (got.get("vault_message") or [])
    for text in err.get("message_excludes", []):
        for rendering in renderings:
            if text.lower() in rendering.lower():
                problems.append(f"{text!r} appears in the error text {rendering!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mock", default=os.environ.get("VVA_MOCK_URL"))
    parser.add_argument("--vectors", default=os.environ.get("VVA_VECTORS_DIR"))
    parser.add_argument("runner", nargs="+")
    args = parser.parse_args()
    if not args.mock or not args.vectors:
        parser.error("need --mock/$VVA_MOCK_URL and --vectors/$VVA_VECTORS_DIR")
    files = sorted(pathlib.Path(args.vectors).glob("*.json"))
    if not files:
        parser.error(f"no vectors in {args.vectors}")

    runner = Runner(args.runner)
    passed = failed = 0
    for path in files:
        case = json.loads(path.read_text())
        mock_call(args.mock, "POST", "/__mock/reset")
        if case.get("response") is not None:
            mock_call(args.mock, "POST", "/__mock/script", case["response"])
        got = runner.run(case_inputs(case, args.mock))
        recorded = mock_call(args.mock, "GET", "/__mock/requests")
        problems = []
        if got.get("problems") != "0":
            problems.append(f"the C runner found {got.get('problems')} API inconsistencies (see stderr)")
        check_request(case.get("expect_request"), recorded, problems)
        check_outcome(case["expect"], got, problems)
        if problems:
            failed += 1
            print(f"FAIL {path.name}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   {path.name}")
    code, tail = runner.finish()
    if tail:
        print(f"runner: {tail}")
    if code != 0:
        print(f"the C runner exited with status {code} (valgrind reports 99)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
