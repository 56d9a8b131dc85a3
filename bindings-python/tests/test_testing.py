"""veeva_vault_auth.testing.MockVault (the mock in-process) and the pytest plugin's `mock_vault`
fixture, as users would use them; and the binding README's example test, run against a fresh
install of the wheel."""

import asyncio
import os
import re
import subprocess
import sys
import venv
from datetime import datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path

import pytest

import veeva_vault_auth as vva
from veeva_vault_auth import AsyncVaultClient, VaultClient
from veeva_vault_auth.testing import MockRequest, MockToken, MockUser, MockVault

from conftest import ROOT

README = ROOT / "bindings-python" / "README.md"
FUTURE = datetime.now(timezone.utc) + timedelta(days=30)


def _client(vault, **kwargs):
    kwargs.setdefault("session_id", vault.admin_session)
    return VaultClient(vault.vault_dns, base_url=vault.base_url, **kwargs)


def test_context_manager_starts_on_a_free_loopback_port_and_stops():
    with MockVault() as vault, MockVault() as other:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", vault.base_url)
        assert vault.base_url != other.base_url
        assert _client(vault).whoami().id == "12345"
        assert repr(vault) == f"<MockVault {vault.base_url}>"
    assert vault.closed and "closed" in repr(vault)
    with pytest.raises(vva.ConnectError):
        _client(vault).whoami()
    vault.close()   # idempotent


def test_fixture_surface(mock_vault):
    assert isinstance(mock_vault, MockVault) and not mock_vault.closed
    assert mock_vault.admin_session == "mock-session-admin-0001"
    assert mock_vault.vault_dns == "myvault.veevavault.com"
    admin = mock_vault.user("admin@myvault.example")
    assert isinstance(admin, MockUser)
    assert (admin.id, admin.password, admin.admin, admin.idp_token) == ("12345", "mock-password", True, "mock-idp-token-admin")
    assert {u.id for u in mock_vault.users} >= {"12345", "12346", "12347"}
    assert mock_vault.user("limited@myvault.example").max_token_days == 90
    assert mock_vault.user("veevaid@myvault.example").veevaid
    assert mock_vault.user("locked@myvault.example").login_error == "USER_LOCKED_OUT"
    with pytest.raises(KeyError):
        mock_vault.user("nobody@example")
    with VaultClient.login(mock_vault.vault_dns, base_url=mock_vault.base_url,
                           username=admin.username, password=admin.password) as c:
        assert c.user_id == admin.id


def test_tokens_have_no_values_and_requests_are_recorded(mock_vault):
    c = _client(mock_vault)
    tok = c.generate_access_token(user_id="me", name="Recorded", expiry_date=FUTURE)
    tokens = mock_vault.tokens()
    assert tokens == [MockToken(id=tok.id, user_id="12345", name="Recorded", expiry=tokens[0].expiry,
                                active=True, revoked=False, last_used=None)]
    assert tokens[0].expiry.startswith(str(FUTURE.year))
    assert tok.token not in repr(tokens)
    (request,) = mock_vault.requests()
    assert isinstance(request, MockRequest)
    assert (request.method, request.path, request.query) == ("POST", "/api/v26.2/objects/users/me/api_access_token__sys", None)
    assert request.headers["authorization"] == mock_vault.admin_session
    assert request.form()["name__v"] == "Recorded"
    c.revoke_access_tokens([tok.id])
    assert mock_vault.tokens()[0].revoked
    assert mock_vault.connections() == 1   # both calls on one kept-alive connection


def test_fail_next(mock_vault):
    c = _client(mock_vault, timeout=0.5)
    mock_vault.fail_next("INSUFFICIENT_ACCESS", message="No tokens for you")
    with pytest.raises(vva.PermissionDeniedError) as info:
        c.generate_access_token(user_id="12346", name="k", expiry_date=FUTURE)
    assert info.value.vault_errors == [("INSUFFICIENT_ACCESS", "No tokens for you")]
    mock_vault.fail_next("drop_after")
    with pytest.raises(vva.TransportError) as info:
        c.generate_access_token(user_id="me", name="lost", expiry_date=FUTURE)
    assert info.value.outcome_unknown
    # The create happened: the orphan recipe finds it.
    assert [t.name for t in c.find_orphaned_tokens(name="lost")] == ["lost"]
    mock_vault.fail_next("drop")
    with pytest.raises(vva.TransportError):
        c.whoami()
    mock_vault.fail_next(status=503, body="Service Unavailable", times=2)
    for _ in range(2):
        with pytest.raises(vva.HttpStatusError) as info:
            c.keep_alive()
        assert info.value.http_status == 503
    mock_vault.fail_next(delay=2.0)
    with pytest.raises(vva.VaultTimeoutError):
        c.keep_alive()
    mock_vault.fail_next("INVALID_SESSION_ID")
    with pytest.raises(vva.InvalidSessionError):
        c.keep_alive()
    c.keep_alive()   # nothing scripted any more
    with pytest.raises(ValueError):
        mock_vault.fail_next("not an error type")
    with pytest.raises(TypeError):
        mock_vault.fail_next()
    with pytest.raises(ValueError):
        mock_vault.script({"no_such_field": 1})


def test_reset_add_token_and_paging(mock_vault):
    c = _client(mock_vault)
    c.generate_access_token(user_id="me", name="before reset")
    mock_vault.fail_next("drop")
    mock_vault.reset()
    assert mock_vault.tokens() == [] and mock_vault.requests() == []
    c.keep_alive()   # the scripted drop is gone too
    expired = mock_vault.add_token(12345, "expired", datetime(2020, 1, 1, tzinfo=timezone.utc))
    mock_vault.set_page_size(2)
    for i in range(4):
        mock_vault.add_token("12345", f"k{i}")
    names = [t.name for t in c.list_access_tokens(include_inactive=True)]
    assert names == ["expired", "k0", "k1", "k2", "k3"]
    assert c.get_access_token_info(expired).status == "inactive__v"
    assert sum(r.path.startswith("/api/v26.2/query") for r in mock_vault.requests()) == 3   # three pages
    with pytest.raises(ValueError):
        mock_vault.add_token(99999, "nobody")


def test_async_client_against_the_in_process_mock(mock_vault):
    async def main():
        async with AsyncVaultClient(mock_vault.vault_dns, base_url=mock_vault.base_url,
                                    session_id=mock_vault.admin_session) as c:
            tokens = await asyncio.gather(*[c.generate_access_token(user_id="me", name=f"a{i}") for i in range(10)])
            return tokens, await c.list_access_tokens()
    tokens, listed = asyncio.run(main())
    assert sorted(t.id for t in tokens) == sorted(t.id for t in listed) == sorted(t.id for t in mock_vault.tokens())


def test_the_plugin_is_registered_through_pytest11():
    entry_points = metadata.entry_points()
    group = (entry_points.select(group="pytest11") if hasattr(entry_points, "select")
             else entry_points.get("pytest11", []))
    assert any(ep.value == "veeva_vault_auth.pytest_plugin" for ep in group)


def _readme_example() -> str:
    text = README.read_text()
    section = text.split("## Testing your code against a mock Vault", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README has no example test"
    return match.group(1)


def _wheel() -> Path:
    configured = os.environ.get("VVA_WHEEL")
    if configured:
        return Path(configured)
    wheels = sorted((ROOT / "target" / "wheels").glob("veeva_vault_auth-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in target/wheels, found {wheels}"
    return wheels[0]


def test_the_readme_example_runs_against_a_fresh_install_of_the_wheel(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              str(_wheel()), "pytest>=8"], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    project = tmp_path / "my_project"
    project.mkdir()
    (project / "test_readme_example.py").write_text(_readme_example())
    # No conftest, no plugin flags: the fixture must come from the installed package alone.
    run = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project,
                         capture_output=True, text=True, timeout=300,
                         env={k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "VVA_"))})
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"\b[1-9]\d* passed\b", run.stdout), run.stdout
    assert "failed" not in run.stdout
    assert sys.executable != str(python)


def test_the_wheel_stays_within_its_size_budget():
    # Issue 12: the mock inside may grow the wheel by at most 25% over the 2.9 MB it was.
    size = _wheel().stat().st_size
    assert size <= 1.25 * 2.9e6, f"the wheel is {size / 1e6:.2f} MB"
