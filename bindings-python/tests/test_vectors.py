"""Runs every shared case in tests/vectors through the installed wheel, per its README:
blocking client, asyncio client and the module-level function."""

import asyncio
import json
import os
import traceback
from pathlib import Path

import pytest

import veeva_vault_auth as vva
from veeva_vault_auth import AsyncVaultClient, VaultClient, VaultError, _native

from conftest import ROOT, VAULT_DNS

VECTORS_DIR = Path(os.environ.get("VVA_VECTORS_DIR") or ROOT / "tests" / "vectors")
VECTOR_FILES = sorted(VECTORS_DIR.glob("*.json"))
CLASS_FOR_CODE = dict(_native.error_classes())


def test_vectors_are_present():
    assert len(VECTOR_FILES) >= 31, f"expected the shared vectors in {VECTORS_DIR}"


def _client_kwargs(case, mock):
    c = case["client"]
    kwargs = dict(base_url=mock.url, api_version=c["api_version"], client_id=c["client_id"],
                  body_format=c["body_format"])
    kwargs.update(c["credential"])  # session_id=... or access_token=...
    return kwargs


def _call_kwargs(case):
    call = case["call"]
    target = call["target"]
    kwargs = dict(name=call["name"], expiry_date=call["expiry"])
    if "user_id" in target:
        kwargs["user_id"] = target["user_id"]
    elif target.get("me"):
        kwargs["user_id"] = "me"
    else:
        kwargs["sandbox"] = target["sandbox"]
    return kwargs


def _run_sync(case, mock):
    client = VaultClient(VAULT_DNS, **_client_kwargs(case, mock))
    return client.generate_access_token(**_call_kwargs(case))


def _run_async(case, mock):
    async def main():
        async with AsyncVaultClient(VAULT_DNS, **_client_kwargs(case, mock)) as client:
            return await client.generate_access_token(**_call_kwargs(case))
    return asyncio.run(main())


def _run_oneshot(case, mock):
    return vva.generate_access_token(VAULT_DNS, **_client_kwargs(case, mock), **_call_kwargs(case))


RUNNERS = {"sync": _run_sync, "async": _run_async, "oneshot": _run_oneshot}


def _check_request(case, recorded):
    expected = case["expect_request"]
    if expected is None:
        assert recorded == [], "nothing may reach the mock"
        return
    assert len(recorded) == 1, f"exactly one request expected, got {len(recorded)}"
    got = recorded[0]
    assert got["method"] == expected["method"]
    assert got["path"] == expected["path"]
    for name, value in expected["headers"].items():
        assert got["headers"].get(name) == value, f"header {name}"
    if "body" in expected:
        assert got["body"] == expected["body"]
    if "body_json" in expected:
        assert json.loads(got["body"]) == expected["body_json"]


def _check_ok(expected, token):
    assert token.id == expected["id"]
    assert token.token == expected["token"]
    assert [kind for kind, _ in token.warnings] == expected["warnings"]
    for key in ("execution_id", "burst_limit", "burst_limit_remaining"):
        if key in expected:
            assert getattr(token, key) == expected[key], key
    for rendering in (repr(token), str(token)):
        assert expected["token"] not in rendering


def _check_error(expected, error):
    assert isinstance(error, VaultError)
    assert error.code == expected["code"]
    assert type(error).__name__ == CLASS_FOR_CODE[expected["code"]]
    assert [kind for kind, _ in error.vault_errors] == expected["vault_types"]
    assert error.http_status == expected["http_status"]
    assert error.execution_id == expected["execution_id"]
    assert error.outcome_unknown is expected["outcome_unknown"]
    if expected["code"] == "invalid_argument":
        assert isinstance(error, ValueError)
    text = str(error)
    for part in expected.get("message_contains", []):
        assert part in text
    renderings = [text, repr(error), repr(error.args), repr(error.vault_errors),
                  "".join(traceback.format_exception_only(type(error), error))]
    for secret in expected.get("message_excludes", []):
        for rendering in renderings:
            assert secret.lower() not in rendering.lower(), f"{secret!r} leaked into {rendering!r}"


@pytest.mark.parametrize("flavour", sorted(RUNNERS))
@pytest.mark.parametrize("path", VECTOR_FILES, ids=[p.stem for p in VECTOR_FILES])
def test_vector(path, flavour, mock):
    case = json.loads(path.read_text())
    if case["response"] is not None:
        mock.script(case["response"])
    try:
        outcome, value = "ok", RUNNERS[flavour](case, mock)
    except VaultError as error:
        outcome, value = "error", error
    _check_request(case, mock.requests())
    (expected_outcome, expected), = case["expect"].items()
    assert outcome == expected_outcome, f"expected {expected_outcome}, got {value!r}"
    if outcome == "ok":
        _check_ok(expected, value)
    else:
        _check_error(expected, value)
