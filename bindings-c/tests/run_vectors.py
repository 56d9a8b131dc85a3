#!/usr/bin/env python3
"""Runs every shared test vector (tests/vectors/*.json, and the multi-step lifecycle cases in
tests/vectors/lifecycle/*.json through lifecycle_vectors.py) through the C library.

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
import sys

import lifecycle_vectors
from vector_common import Runner, check_error, mock_call


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
    check_error(err, got, problems)


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
    lifecycle_dir = pathlib.Path(args.vectors) / "lifecycle"
    lifecycle_files = sorted(lifecycle_dir.glob("*.json"))
    if not lifecycle_files:
        parser.error(f"no lifecycle vectors in {lifecycle_dir}")
    for path in lifecycle_files:
        problems = lifecycle_vectors.run_case(runner, args.mock, json.loads(path.read_text()))
        if problems:
            failed += 1
            print(f"FAIL lifecycle/{path.name}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   lifecycle/{path.name}")
    code, tail = runner.finish()
    if tail:
        print(f"runner: {tail}")
    if code != 0:
        print(f"the C runner exited with status {code} (valgrind reports 99)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
