"""Runs every lifecycle case in tests/vectors/lifecycle (several steps, several requests each; the
format is in tests/vectors/README.md, the Rust runner core/tests/lifecycle_vectors/ is the
reference) through the installed wheel: blocking client and asyncio client."""

import asyncio
import json
import urllib.parse
from datetime import timedelta

import pytest

from veeva_vault_auth import AsyncVaultClient, VaultClient, VaultError

from conftest import VAULT_DNS
from test_vectors import VECTORS_DIR, _check_error, _client_kwargs

LIFECYCLE_FILES = sorted((VECTORS_DIR / "lifecycle").glob("*.json"))


def test_lifecycle_vectors_are_present():
    assert len(LIFECYCLE_FILES) >= 19, f"expected the lifecycle vectors in {VECTORS_DIR / 'lifecycle'}"


# --- results in the vectors' JSON shapes ----------------------------------------------------

def _unix(value):
    if value is None:
        return None
    assert value.utcoffset() == timedelta(0), f"{value!r} is not an aware UTC datetime"
    return int(value.timestamp() // 1)


def _token_info(t):
    return {"id": t.id, "name": t.name, "user_id": t.user_id, "status": t.status,
            "expiry_unix": _unix(t.expiry), "last_used_unix": _unix(t.last_used), "is_active": t.is_active}


def _report(r):
    return {"revoked": r.revoked,
            "failed": [{"id": f.id, "types": [kind for kind, _ in f.errors]} for f in r.failed],
            "unknown": r.unknown, "not_sent": r.not_sent}


def _token(t):
    return {"id": t.id, "token": t.token}


def _user(u):
    return {key: getattr(u, key) for key in ("id", "username", "first_name", "last_name", "email", "timezone",
                                             "locale", "security_profile", "license_type", "active")}


# --- calls ----------------------------------------------------------------------------------

def _target_kwargs(call):
    target = call.get("target", {})
    if "user_id" in target:
        return {"user_id": target["user_id"]}
    if "sandbox" in target:
        return {"sandbox": target["sandbox"]}
    return {"user_id": "me"}


def _invocation(call):
    """(method name, kwargs, result shaper) for a step's call."""
    op = call["op"]
    if op == "generate_access_token":
        kwargs = dict(_target_kwargs(call), name=call["name"], expiry_date=call.get("expiry"))
        return op, kwargs, lambda t: ({"token": _token(t)}, None)
    if op == "list_access_tokens":
        query = call["query"]
        # "me" goes as the default (None), as users write it.
        kwargs = {"user_id": query.get("user_id"), "name": query.get("name"),
                  "include_inactive": query.get("include_inactive", False)}
        return op, kwargs, lambda ts: ({"tokens": [_token_info(t) for t in ts]}, None)
    if op == "get_access_token_info":
        return op, {"token_id": call["id"]}, lambda t: ({"token_info": _token_info(t)}, None)
    if op == "revoke_access_tokens":
        # A tuple, not a list: any iterable of str is accepted.
        return op, {"token_ids": tuple(call["ids"])}, lambda r: ({"report": _report(r)}, None)
    if op == "rotate_access_token":
        kwargs = dict(_target_kwargs(call), name=call["name"], expiry_date=call.get("expiry"),
                      revoke=iter(call["revoke"]))
        return op, kwargs, lambda r: ({"token": _token(r.token), "report": _report(r.revoked)}, r)
    if op == "find_orphaned_tokens":
        kwargs = dict(_target_kwargs(call), name=call["name"])
        if kwargs.get("user_id") == "me":
            del kwargs["user_id"]
        return op, kwargs, lambda ts: ({"tokens": [_token_info(t) for t in ts]}, None)
    if op == "whoami":
        return op, {}, lambda u: ({"user": _user(u)}, None)
    if op in ("keep_alive", "logout"):
        return op, {}, lambda none: ({} if none is None else {"unexpected": repr(none)}, None)
    # Python's api_versions() is a list of names (the issue's list[str]): the vectors' versions
    # are compared by name, in order.
    if op == "api_versions":
        return op, {}, lambda names: ({"versions": names}, None)
    if op == "check_api_version":
        return op, {}, lambda name: ({"version": name}, None)
    raise AssertionError(f"unknown op {op!r}")


def _run_sync(case, mock, call):
    method, kwargs, shape = _invocation(call)
    client = VaultClient(VAULT_DNS, **_client_kwargs(case, mock))
    return shape(getattr(client, method)(**kwargs))


def _run_async(case, mock, call):
    method, kwargs, shape = _invocation(call)

    async def main():
        async with AsyncVaultClient(VAULT_DNS, **_client_kwargs(case, mock)) as client:
            return shape(await getattr(client, method)(**kwargs))
    return asyncio.run(main())


RUNNERS = {"sync": _run_sync, "async": _run_async}


def _python_view(op, want):
    """The expected result as Python returns it: API versions are plain names there."""
    if op == "api_versions":
        return {"versions": [v["version"] for v in want["versions"]]}
    if op == "check_api_version":
        return {"version": want["version"]["version"]}
    return want


# --- checks ---------------------------------------------------------------------------------

def _check_one(expected, got, where):
    assert got["method"] == expected["method"], where
    path = got["path"] + (f"?{got['query']}" if got.get("query") is not None else "")
    assert path == expected["path"], where
    for name, value in expected.get("headers", {}).items():
        assert got["headers"].get(name) == value, f"{where}: header {name}"
    if "body" in expected:
        assert got["body"] == expected["body"], where
    if "body_json" in expected:
        assert json.loads(got["body"]) == expected["body_json"], where
    if "form" in expected:
        fields = dict(urllib.parse.parse_qsl(got["body"], keep_blank_values=True))
        assert fields == expected["form"], f"{where}: form fields"


@pytest.mark.parametrize("flavour", sorted(RUNNERS))
@pytest.mark.parametrize("path", LIFECYCLE_FILES, ids=[p.stem for p in LIFECYCLE_FILES])
def test_lifecycle_vector(path, flavour, mock):
    case = json.loads(path.read_text())
    for n, step in enumerate(case["steps"], 1):
        where = f"{path.name} step {n}"
        if step["responses"]:
            mock.script(step["responses"])
        before = len(mock.requests())
        try:
            outcome, value = "ok", RUNNERS[flavour](case, mock, step["call"])
        except VaultError as error:
            outcome, value = "error", error
        sent = mock.requests()[before:]
        expected_requests = step["expect_requests"]
        assert len(sent) == len(expected_requests), f"{where}: {len(sent)} requests sent"
        for i, (got, want) in enumerate(zip(sent, expected_requests), 1):
            _check_one(want, got, f"{where} request {i}")
        (expected_outcome, expected), = step["expect"].items()
        assert outcome == expected_outcome, f"{where}: expected {expected_outcome}, got {value!r}"
        if outcome == "ok":
            got, rotation = value
            want = _python_view(step["call"]["op"], dict(expected))
            want_revoke_error = want.pop("revoke_error", None)
            assert got == want, f"{where}: result"
            if rotation is not None:
                if want_revoke_error is None:
                    assert rotation.revoke_error is None, f"{where}: {rotation.revoke_error!r}"
                else:
                    _check_error(want_revoke_error, rotation.revoke_error)
                assert rotation.token.token not in repr(rotation), f"{where}: the rotation's repr leaks"
        else:
            _check_error(expected, value)
            partial = None if value.partial_revoke is None else _report(value.partial_revoke)
            assert partial == expected.get("partial_revoke"), f"{where}: partial revoke report"
