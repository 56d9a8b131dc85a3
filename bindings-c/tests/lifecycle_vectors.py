"""The lifecycle vectors (tests/vectors/lifecycle/*.json, format in tests/vectors/README.md)
through the C runner: for each step, queue the mock scripts, send the step's fields to the C
program (`step`, see vector_steps.c), then compare the requests the mock recorded and the
result with the step's expectations. Used by run_vectors.py; standard library only.
"""

import json
import urllib.parse

from vector_common import check_error, mock_call


def step_inputs(case, mock_url, call):
    """The runner's fields for one step (the client settings, then the call's)."""
    client = case["client"]
    cred = client.get("credential", {})
    values = {
        "base_url": mock_url,
        "vault_dns": "myvault.veevavault.com",
        "api_version": client.get("api_version"),
        "client_id": client.get("client_id"),
        "body_format": client.get("body_format", "form"),
        "session_id": cred.get("session_id"),
        "access_token": cred.get("access_token"),
        "op": call["op"],
        "name": call.get("name"),
        "expiry": call.get("expiry"),
        "token_id": call.get("id"),
    }
    target = call.get("target")
    if target is not None:
        if "user_id" in target:
            values.update(target="user", target_value=target["user_id"])
        elif "sandbox" in target:
            values.update(target="sandbox", target_value=target["sandbox"])
        else:
            values.update(target="me", target_value=None)
    query = call.get("query")
    if query is not None:
        values["query_user"] = query.get("user_id")  # absent: me
        values["query_name"] = query.get("name")
        values["include_inactive"] = "1" if query.get("include_inactive") else "0"
    ids = call.get("ids", call.get("revoke", []))
    return values, ids


def parse(lines):
    """The runner's answer as {"main": {...}, "report": {...}, ...}: one dict per section."""
    sections = {"main": {}}
    current = sections["main"]
    for key, values in lines:
        if key == "section":
            current = sections.setdefault(values[0], {})
        elif key == "info":
            current.setdefault("tokens", []).append(token_info(values))
        elif key == "version":
            version, url, beta = values
            current.setdefault("versions", []).append({"version": version, "url": url, "possibly_beta": beta == "1"})
        elif key == "failed":
            current.setdefault("failed", []).append({"id": values[0], "types": values[1:]})
        elif key in ("revoked", "unknown", "not_sent", "vault_type", "vault_message", "warning_type"):
            current.setdefault(key, []).append(values[0] if values else "")
        else:
            current[key] = values[0] if values else ""
    return sections


def token_info(values):
    ident, name, user_id, status, expiry, last_used, active = values
    return {
        "id": ident, "name": name, "user_id": user_id, "status": status,
        "expiry_unix": None if expiry is None else int(expiry),
        "last_used_unix": None if last_used is None else int(last_used),
        "is_active": active == "1",
    }


def report(section):
    return {key: section.get(key, []) for key in ("revoked", "failed", "unknown", "not_sent")}


def user(section):
    keys = ("id", "username", "first_name", "last_name", "email", "timezone", "locale",
            "security_profile", "license_type")
    value = {key: section.get(key) for key in keys}
    active = section.get("active")
    value["active"] = None if active is None else active == "1"
    return value


def result(op, sections):
    """What the call returned, in the vectors' `expect.ok` shape."""
    main = sections["main"]
    if op == "generate_access_token":
        return {"token": {"id": main.get("id"), "token": main.get("token")}}
    if op in ("list_access_tokens", "find_orphaned_tokens"):
        return {"tokens": main.get("tokens", [])}
    if op == "get_access_token_info":
        tokens = main.get("tokens", [])
        return {"token_info": tokens[0] if len(tokens) == 1 else tokens}
    if op == "revoke_access_tokens":
        return {"report": report(sections.get("report", {}))}
    if op == "rotate_access_token":
        return {"token": {"id": main.get("id"), "token": main.get("token")},
                "report": report(sections.get("report", {}))}
    if op == "whoami":
        return {"user": user(sections.get("user", {}))}
    if op in ("keep_alive", "logout"):
        return {}
    if op == "api_versions":
        return {"versions": sections.get("versions", {}).get("versions", [])}
    if op == "check_api_version":
        versions = sections.get("versions", {}).get("versions", [])
        return {"version": versions[0] if len(versions) == 1 else versions}
    return {"unknown op": op}


def check_one(expected, got, problems, label):
    """One recorded request against an `expect_requests` entry."""
    path = got["path"] + (f"?{got['query']}" if got.get("query") else "")
    if got["method"] != expected["method"]:
        problems.append(f"{label}: method {got['method']!r} != {expected['method']!r}")
    if path != expected["path"]:
        problems.append(f"{label}: path {path!r} != {expected['path']!r}")
    for name, value in expected.get("headers", {}).items():
        if got["headers"].get(name) != value:
            problems.append(f"{label}: header {name}: {got['headers'].get(name)!r} != {value!r}")
    if "body" in expected and got["body"] != expected["body"]:
        problems.append(f"{label}: body {got['body']!r} != {expected['body']!r}")
    if "body_json" in expected:
        try:
            body = json.loads(got["body"])
        except ValueError:
            body = None
        if body != expected["body_json"]:
            problems.append(f"{label}: JSON body {got['body']!r} != {expected['body_json']!r}")
    if "form" in expected:
        form = dict(urllib.parse.parse_qsl(got["body"], keep_blank_values=True))
        if form != expected["form"]:
            problems.append(f"{label}: form {form!r} != {expected['form']!r}")


def run_case(runner, mock_url, case):
    """Runs every step of one case; returns the problems found (empty: passed)."""
    problems = []
    mock_call(mock_url, "POST", "/__mock/reset")
    for number, step in enumerate(case["steps"], 1):
        label = f"step {number}"
        mock_call(mock_url, "DELETE", "/__mock/requests")
        for script in step.get("responses", []):
            mock_call(mock_url, "POST", "/__mock/script", script)
        values, ids = step_inputs(case, mock_url, step["call"])
        sections = parse(runner.lines(values, ids, command="step"))
        recorded = mock_call(mock_url, "GET", "/__mock/requests")
        main = sections["main"]
        if main.get("problems") != "0":
            problems.append(f"{label}: the C runner found {main.get('problems')} API inconsistencies (see stderr)")
        expected = step["expect_requests"]
        if len(recorded) != len(expected):
            problems.append(f"{label}: {len(recorded)} requests sent, expected {len(expected)}")
        for n, (want, got) in enumerate(zip(expected, recorded), 1):
            check_one(want, got, problems, f"{label} request {n}")
        check_step(step["call"]["op"], step["expect"], sections, problems, label)
    return problems


def check_step(op, expect, sections, problems, label):
    main = sections["main"]
    if "ok" in expect:
        if main.get("stage") != "ok":
            problems.append(f"{label}: expected success, got {main.get('code')!r}: {main.get('message')!r}")
            return
        want = dict(expect["ok"])
        want_revoke_error = want.pop("revoke_error", None)
        got = result(op, sections)
        if got != want:
            problems.append(f"{label}: result {got!r} != {want!r}")
        got_revoke_error = sections.get("revoke_error")
        if want_revoke_error is None and got_revoke_error is not None:
            problems.append(f"{label}: unexpected revoke error {got_revoke_error.get('code')!r}")
        elif want_revoke_error is not None:
            if got_revoke_error is None:
                problems.append(f"{label}: expected revoke error {want_revoke_error['code']!r}, got none")
            else:
                check_error(want_revoke_error, got_revoke_error, problems, f"{label} revoke_error ")
        return
    err = expect["error"]
    if main.get("stage") == "ok":
        problems.append(f"{label}: expected error {err['code']!r}, got success")
        return
    check_error(err, main, problems, f"{label} ")
    partial = sections.get("partial_revoke")
    got_partial = None if partial is None else report(partial)
    if got_partial != err.get("partial_revoke"):
        problems.append(f"{label}: partial revoke {got_partial!r} != {err.get('partial_revoke')!r}")
