"""The token lifecycle and session helpers through the installed wheel, against the mock Vault
over real HTTP: argument shapes, result types, partial revokes, OAuth login, logout, and
cancelling an async listing between pages."""

import asyncio
import pickle
import time
from datetime import datetime, timedelta, timezone

import pytest

import veeva_vault_auth as vva
from veeva_vault_auth import (
    AsyncVaultClient,
    InvalidArgumentError,
    RevokeFailure,
    RevokeReport,
    Rotation,
    TokenInfo,
    UserInfo,
    VaultClient,
)

from conftest import ADMIN_SESSION, VAULT_DNS

FUTURE = datetime.now(timezone.utc) + timedelta(days=30)


def client(mock, **kwargs):
    kwargs.setdefault("session_id", ADMIN_SESSION)
    return VaultClient(VAULT_DNS, base_url=mock.url, **kwargs)


def aclient(mock, **kwargs):
    kwargs.setdefault("session_id", ADMIN_SESSION)
    return AsyncVaultClient(VAULT_DNS, base_url=mock.url, **kwargs)


# --- the whole lifecycle, blocking and async -------------------------------------------------

def test_lifecycle_blocking(mock):
    c = client(mock)
    old = c.generate_access_token(user_id="me", name="Key", expiry_date=FUTURE)
    listed = c.list_access_tokens()
    assert [t.id for t in listed] == [old.id]
    info = c.get_access_token_info(old.id)
    assert isinstance(info, TokenInfo)
    assert (info.id, info.name, info.user_id, info.status, info.is_active) == (old.id, "Key", "12345", "active__v", True)
    assert info.expiry is not None and info.expiry.utcoffset() == timedelta(0)
    assert abs(info.expiry - FUTURE) < timedelta(seconds=1)
    assert info.last_used is None
    assert c.find_orphaned_tokens(name="Key")[0].id == old.id

    rotation = c.rotate_access_token(revoke=[old.id], user_id="me", name="Key", expiry_date=FUTURE)
    assert isinstance(rotation, Rotation) and rotation.is_complete
    assert rotation.revoked == RevokeReport(revoked=[old.id])
    assert rotation.revoke_error is None
    assert [t.id for t in c.list_access_tokens("12345", "Key")] == [rotation.token.id]

    # Used once as a credential: no longer an orphan, and last_used is an aware UTC datetime.
    VaultClient(VAULT_DNS, base_url=mock.url, access_token=rotation.token.token).keep_alive()
    used = c.get_access_token_info(rotation.token.id)
    assert used.last_used is not None and used.last_used.tzinfo is not None
    assert abs(used.last_used - datetime.now(timezone.utc)) < timedelta(minutes=1)
    assert c.find_orphaned_tokens(12345, name="Key") == []

    me = c.whoami()
    assert isinstance(me, UserInfo)
    assert (me.id, me.username, me.first_name, me.last_name) == ("12345", "admin@myvault.example", "Ada", "Admin")
    assert me.active is True and me.execution_id
    assert c.api_versions() == ["v25.3", "v26.1", "v26.2"]
    c.keep_alive()
    report = c.revoke_access_tokens(t.id for t in c.list_access_tokens())   # a generator
    assert report.revoked == [rotation.token.id] and report.is_complete
    assert [t["revoked"] for t in mock.tokens()] == [True, True]


def test_lifecycle_async(mock):
    async def main():
        async with aclient(mock) as c:
            first = await c.generate_access_token(user_id="me", name="AsyncKey", expiry_date=FUTURE)
            listed = await c.list_access_tokens(name="AsyncKey")
            info = await c.get_access_token_info(first.id)
            orphans = await c.find_orphaned_tokens(name="AsyncKey")
            rotation = await c.rotate_access_token(revoke=(first.id,), name="AsyncKey", user_id=12345,
                                                   expiry_date=FUTURE)
            report = await c.revoke_access_tokens([rotation.token.id])
            me = await c.whoami()
            versions = await c.api_versions()
            alive = await c.keep_alive()
            out = await c.logout()
            return first, listed, info, orphans, rotation, report, me, versions, alive, out, c
    first, listed, info, orphans, rotation, report, me, versions, alive, out, c = asyncio.run(main())
    assert [t.id for t in listed] == [first.id] == [info.id] == [t.id for t in orphans]
    assert rotation.revoked.revoked == [first.id]
    assert report.revoked == [rotation.token.id]
    assert me.id == "12345" and versions[-1] == "v26.2"
    assert alive is None and out is None
    assert mock.requests()[-1]["method"] == "DELETE" and mock.requests()[-1]["path"] == "/api/v26.2/session"


# --- argument shapes ---------------------------------------------------------------------------

def test_a_bare_str_is_a_type_error_and_nothing_is_sent(mock):
    c = client(mock)
    with pytest.raises(TypeError, match="not a single str"):
        c.revoke_access_tokens("0PI000000000101")
    with pytest.raises(TypeError, match="not a single str"):
        c.rotate_access_token(revoke="0PI000000000101", user_id="me", name="k")
    for bad in ([b"0PI1"], [1], ["0PI1", None]):
        with pytest.raises(TypeError, match=r"\[\d\] must be a str"):
            c.revoke_access_tokens(bad)
    with pytest.raises(TypeError, match="iterable"):
        c.revoke_access_tokens(42)
    with pytest.raises(TypeError):
        c.list_access_tokens(user_id=True)

    async def main():
        async with aclient(mock) as ac:
            # Raised at the call, before anything is awaited.
            with pytest.raises(TypeError, match="not a single str"):
                ac.revoke_access_tokens("0PI000000000101")
            with pytest.raises(TypeError, match="not a single str"):
                ac.rotate_access_token(revoke="0PI1", user_id="me", name="k")
    asyncio.run(main())
    assert mock.requests() == []


def test_bad_values_are_invalid_argument_before_sending(mock):
    c = client(mock)
    with pytest.raises(InvalidArgumentError):
        c.revoke_access_tokens(["0PI1", "0PI1"])   # the same id twice
    with pytest.raises(InvalidArgumentError):
        c.revoke_access_tokens(["0PI1", ""])
    with pytest.raises(InvalidArgumentError):
        c.list_access_tokens(name="two\nlines")
    with pytest.raises(InvalidArgumentError):
        c.find_orphaned_tokens(sandbox="qa-sandbox", name="k")
    with pytest.raises(InvalidArgumentError):
        c.rotate_access_token(revoke=["0PI1"], sandbox="qa-sandbox", name="k", expiry_date=FUTURE)
    assert c.revoke_access_tokens([]) == RevokeReport()   # nothing to do, nothing sent
    assert mock.requests() == []


# --- result types ------------------------------------------------------------------------------

def test_results_are_frozen_with_a_useful_repr_and_no_secret(mock):
    c = client(mock)
    old = c.generate_access_token(user_id="me", name="Frozen", expiry_date=FUTURE)
    rotation = c.rotate_access_token(revoke=[old.id, "0PI999999999999"], user_id="me", name="Frozen")
    info = c.list_access_tokens(name="Frozen")[0]
    me = c.whoami()
    failure = rotation.revoked.failed[0]
    for obj, attr in ((info, "name"), (rotation, "token"), (rotation.revoked, "revoked"), (failure, "id"),
                      (me, "id")):
        with pytest.raises(AttributeError):
            setattr(obj, attr, "x")
    assert repr(info).startswith(f"TokenInfo(id='{info.id}', name='Frozen', user_id='12345', status='active__v'")
    assert "expiry=None" in repr(info) and "last_used=None" in repr(info)
    assert repr(rotation.revoked) == (f"RevokeReport(revoked=['{old.id}'], failed=[RevokeFailure(id='0PI999999999999', "
                                      f"errors=[('INVALID_DATA', {failure.errors[0][1]!r})])], unknown=[], not_sent=[])")
    assert not rotation.is_complete and rotation.revoke_error is None
    text = repr(rotation)
    assert text.startswith("Rotation(token=AccessToken(id=") and "<redacted>" in text
    assert rotation.token.token not in text and rotation.token.token not in str(rotation)
    with pytest.raises(TypeError):
        pickle.dumps(rotation)
    assert repr(me).startswith("UserInfo(id='12345', username='admin@myvault.example'")
    # Reports and failures are values: equal by content, picklable, constructible for tests.
    assert pickle.loads(pickle.dumps(rotation.revoked)) == rotation.revoked
    assert RevokeFailure("0PI1", [("INVALID_DATA", "m")]) == RevokeFailure("0PI1", [("INVALID_DATA", "m")])
    assert RevokeReport(revoked=["a"]).is_complete and not RevokeReport(not_sent=["a"]).is_complete


def test_a_failed_revoke_carries_its_partial_report(mock):
    c = client(mock)
    tokens = [c.generate_access_token(user_id="me", name=f"p{i}", expiry_date=FUTURE) for i in range(2)]
    mock.script({"fault": "drop"})
    with pytest.raises(vva.TransportError) as info:
        c.revoke_access_tokens([t.id for t in tokens])
    error = info.value
    assert error.outcome_unknown
    assert error.partial_revoke == RevokeReport(unknown=[t.id for t in tokens])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.partial_revoke == error.partial_revoke and type(copy) is type(error)
    # Any other error has none.
    with pytest.raises(InvalidArgumentError) as info:
        c.revoke_access_tokens(["0PI1", "0PI1"])
    assert info.value.partial_revoke is None


def test_a_rotation_whose_revoke_fails_still_returns_the_new_token(mock):
    c = client(mock)
    old = c.generate_access_token(user_id="me", name="R", expiry_date=FUTURE)
    mock.script([{}, {"fault": "drop"}])   # the create answers for real; the revoke's connection drops
    rotation = c.rotate_access_token(revoke=[old.id], user_id="me", name="R", expiry_date=FUTURE)
    assert rotation.token.token.startswith("veeva-vault-")
    assert isinstance(rotation.revoke_error, vva.TransportError) and rotation.revoke_error.outcome_unknown
    assert rotation.revoked.unknown == [old.id] and not rotation.is_complete
    assert rotation.revoke_error.partial_revoke == rotation.revoked


# --- sessions ----------------------------------------------------------------------------------

def test_logout_then_every_call_refuses_locally(mock):
    c = VaultClient.login(VAULT_DNS, base_url=mock.url, username="admin@myvault.example", password="mock-password")
    assert not c.logged_out
    c.logout()
    assert c.logged_out and "logged out" in repr(c)
    sent = len(mock.requests())
    with pytest.raises(InvalidArgumentError):
        c.list_access_tokens()
    with pytest.raises(InvalidArgumentError):
        c.keep_alive()
    assert len(mock.requests()) == sent


def test_login_oauth_blocking_and_async(mock):
    options = dict(base_url=mock.url, login_url=mock.url, profile_id="mock-oauth-profile")
    with VaultClient.login_oauth(VAULT_DNS, idp_access_token="mock-idp-token-admin", client_id="my-oauth-client",
                                 api_client_id="my-app", **options) as c:
        assert c.user_id == "12345"
        assert c.whoami().username == "admin@myvault.example"
    login = mock.requests()[0]
    assert login["path"] == "/auth/oauth/session/mock-oauth-profile"
    assert login["headers"]["authorization"] == "Bearer mock-idp-token-admin"
    assert "client_id=my-oauth-client" in login["body"] and "vaultDNS=myvault.veevavault.com" in login["body"]
    assert login["headers"]["x-vaultapi-clientid"] == "my-app"

    async def main():
        c = await AsyncVaultClient.login_oauth(VAULT_DNS, idp_access_token="mock-idp-token-limited", **options)
        async with c:
            return c.user_id, (await c.whoami()).id
    assert asyncio.run(main()) == ("12346", "12346")

    secret = "not-a-known-idp-token-5551"
    with pytest.raises(vva.AuthenticationError) as info:
        VaultClient.login_oauth(VAULT_DNS, idp_access_token=secret, **options)
    for text in (str(info.value), repr(info.value), repr(info.value.__dict__)):
        assert secret not in text


# --- async cancellation during a paged listing ---------------------------------------------------

def test_cancelling_a_paged_async_listing_stops_between_pages(mock_vault):
    # The in-process mock (the package's own pytest fixture): one row per page, three pages,
    # the second page held back 1.5 s.
    mock_vault.set_page_size(1)
    for i in range(3):
        mock_vault.add_token(12345, f"paged{i}")
    mock_vault.script([{}, {"delay_ms": 1500}])

    async def main():
        async with AsyncVaultClient(mock_vault.vault_dns, base_url=mock_vault.base_url,
                                    session_id=mock_vault.admin_session) as c:
            started = time.monotonic()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(c.list_access_tokens(user_id="12345"), 0.3)
            waited = time.monotonic() - started
            # The loop and the client still work at once.
            whoami = await c.whoami()
            return waited, whoami
    waited, whoami = asyncio.run(main())
    assert waited < 1.0, f"cancelling took {waited:.1f} s"
    assert whoami.id == "12345"
    time.sleep(1.7)   # past the held-back page: a listing still running would now ask for page 3
    paths = [r.path for r in mock_vault.requests()]
    assert paths[0] == "/api/v26.2/query" and paths[1].startswith("/api/v26.2/query/")
    assert paths[2:] == ["/api/v26.2/objects/users/me"], paths


# --- typing ------------------------------------------------------------------------------------

_TYPED_USE = '''
import asyncio
from datetime import datetime
from typing import Optional
from veeva_vault_auth import (AsyncVaultClient, RevokeFailure, RevokeReport, Rotation, TokenInfo,
                              UserInfo, VaultClient, VaultError)
from veeva_vault_auth.testing import MockRequest, MockToken, MockVault

def sync(c: VaultClient) -> Optional[datetime]:
    tokens: list[TokenInfo] = c.list_access_tokens(name="k", include_inactive=True)
    report: RevokeReport = c.revoke_access_tokens(t.id for t in tokens)
    failures: list[RevokeFailure] = report.failed
    errors: list[tuple[str, str]] = failures[0].errors
    rotation: Rotation = c.rotate_access_token(revoke={"a", "b"}, user_id=1, name="n")
    secret: str = rotation.token.token
    error: Optional[VaultError] = rotation.revoke_error
    me: UserInfo = c.whoami()
    versions: list[str] = c.api_versions()
    c.keep_alive()
    c.logout()
    try:
        c.revoke_access_tokens(["x"])
    except VaultError as e:
        partial: Optional[RevokeReport] = e.partial_revoke
    print(errors, secret, error, me.username, versions, c.logged_out)
    return c.get_access_token_info("0PI1").expiry

async def run() -> list[TokenInfo]:
    c = await AsyncVaultClient.login_oauth("v.example.com", profile_id="p", idp_access_token="t")
    orphans = await c.find_orphaned_tokens(name="k")
    report = await c.revoke_access_tokens([t.id for t in orphans])
    print(report.revoked, (await c.whoami()).email)
    return orphans

with MockVault() as vault:
    tokens: list[MockToken] = vault.tokens()
    requests: list[MockRequest] = vault.requests()
    vault.fail_next("drop", times=2)
    client = VaultClient.login_oauth(vault.vault_dns, profile_id=vault.oauth_profile,
                                     idp_access_token="t", login_url=vault.base_url)
bad: str = VaultClient("v", session_id="s").whoami()
'''


def test_typed_lifecycle_usage_type_checks(tmp_path):
    import subprocess
    import sys

    (tmp_path / "use.py").write_text(_TYPED_USE)
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "use.py"], cwd=tmp_path,
                            capture_output=True, text=True)
    # Exactly the deliberate mistake on the last line is reported.
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'Incompatible types in assignment (expression has type "UserInfo"' in result.stdout, result.stdout
    assert "Found 1 error" in result.stdout, result.stdout
