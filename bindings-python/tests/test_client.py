"""Python-specific behaviour of the installed wheel, against the mock Vault over real HTTP."""

import asyncio
import builtins
import os
import pickle
import socket
import subprocess
import sys
import threading
import time
import traceback
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import veeva_vault_auth as vva
from veeva_vault_auth import (
    AccessToken,
    AsyncVaultClient,
    InvalidArgumentError,
    VaultClient,
    VaultError,
    _native,
)

from conftest import ADMIN_SESSION, PASSWORD, ROOT, VAULT_DNS

FUTURE = datetime.now(timezone.utc) + timedelta(days=30)


def client(mock, **kwargs):
    kwargs.setdefault("session_id", ADMIN_SESSION)
    return VaultClient(VAULT_DNS, base_url=mock.url, **kwargs)


def renderings(obj):
    out = [str(obj), repr(obj)]
    if isinstance(obj, BaseException):
        out += [repr(obj.args), "".join(traceback.format_exception_only(type(obj), obj))]
    return out


# --- the package itself ---------------------------------------------------------------------

def test_imports_the_installed_wheel_not_the_source_tree():
    package = Path(vva.__file__).resolve()
    assert "site-packages" in package.parts
    assert not package.is_relative_to(ROOT / "bindings-python")
    assert Path(_native.__file__).name.endswith(".abi3.so")
    assert (package.parent / "py.typed").is_file()
    assert (package.parent / "_native.pyi").is_file()


def test_every_public_name_has_a_docstring():
    for name in vva.__all__:
        if name in ("__version__", "DEFAULT_API_VERSION"):
            continue
        obj = getattr(vva, name)
        assert (obj.__doc__ or "").strip(), name
        if isinstance(obj, type) and not issubclass(obj, BaseException):
            for attr, value in vars(obj).items():
                if not attr.startswith("_"):
                    assert (value.__doc__ or "").strip(), f"{name}.{attr}"


def test_version_and_default_api_version():
    assert vva.__version__.count(".") == 2
    assert vva.DEFAULT_API_VERSION.startswith("v")


def test_stubs_match_the_runtime(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "veeva_vault_auth"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_usage_type_checks(tmp_path):
    import subprocess
    import sys

    (tmp_path / "use.py").write_text(
        "import asyncio\n"
        "from datetime import datetime, timezone\n"
        "from veeva_vault_auth import AccessToken, AsyncVaultClient, VaultClient, VaultError\n"
        "def sync(c: VaultClient) -> str:\n"
        "    t: AccessToken = c.generate_access_token(user_id=1, name='n',\n"
        "        expiry_date=datetime(2031, 1, 1, tzinfo=timezone.utc))\n"
        "    return t.token\n"
        "async def run() -> str:\n"
        "    async with AsyncVaultClient('v.example.com', session_id='s') as c:\n"
        "        t = await c.generate_access_token(user_id='me', name='n')\n"
        "    try:\n"
        "        pass\n"
        "    except VaultError as e:\n"
        "        print(e.code, e.vault_errors, e.http_status, e.execution_id, e.outcome_unknown)\n"
        "    return t.id\n"
        "bad: int = VaultClient('v', session_id='s').generate_access_token(user_id='me', name='n')\n"
    )
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "use.py"], cwd=tmp_path,
                            capture_output=True, text=True)
    # Exactly the deliberate mistake on the last line is reported.
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'use.py:16: error: Incompatible types in assignment (expression has type "AccessToken"' in result.stdout
    assert "Found 1 error" in result.stdout, result.stdout


# --- exceptions -----------------------------------------------------------------------------

def test_every_core_error_code_has_its_own_class():
    pairs = _native.error_classes()
    assert len(pairs) == 19
    classes = set()
    for code, name in pairs:
        cls = getattr(vva, name)
        assert name in vva.__all__
        assert issubclass(cls, VaultError) and cls is not VaultError, name
        assert cls.code == code
        assert cls.__module__ == "veeva_vault_auth"
        classes.add(cls)
    assert len(classes) == len(pairs)
    assert issubclass(vva.InvalidArgumentError, ValueError)
    assert issubclass(vva.VaultTimeoutError, builtins.TimeoutError)
    assert issubclass(vva.VaultTimeoutError, vva.TransportError)
    assert issubclass(vva.ConnectError, vva.TransportError)
    assert issubclass(vva.InvalidSessionError, vva.AuthenticationError)
    assert issubclass(VaultError, Exception)


def test_error_attributes_and_pickling_from_a_real_failure(mock):
    mock.script({"status": 200, "headers": [["X-VaultAPI-ExecutionId", "exec-42"]],
                 "body": {"responseStatus": "FAILURE", "errors": [
                     {"type": "INSUFFICIENT_ACCESS", "message": "No."},
                     {"type": "SOMETHING_NEW", "message": "Also."}]}})
    with pytest.raises(vva.PermissionDeniedError) as info:
        client(mock).generate_access_token(user_id="12346", name="k")
    error = info.value
    assert (error.code, error.http_status, error.execution_id, error.outcome_unknown) == (
        "permission_denied", 200, "exec-42", False)
    assert error.vault_errors == [("INSUFFICIENT_ACCESS", "No."), ("SOMETHING_NEW", "Also.")]
    assert error.vault_types == ["INSUFFICIENT_ACCESS", "SOMETHING_NEW"]
    assert "exec-42" in str(error)
    assert error.args == (str(error),)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is vva.PermissionDeniedError
    assert (copy.code, copy.vault_errors, copy.http_status, copy.execution_id, copy.outcome_unknown, str(copy)) == (
        error.code, error.vault_errors, error.http_status, error.execution_id, error.outcome_unknown, str(error))


def test_every_error_class_pickles():
    for code, name in _native.error_classes():
        cls = getattr(vva, name)
        error = cls("boom", code=code, vault_errors=[("T", "m")], http_status=503,
                    execution_id="e", outcome_unknown=True)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls
        assert copy.__dict__ == error.__dict__ and copy.args == ("boom",)


def test_unknown_vault_type_and_timeout_classes(mock):
    mock.script({"delay_ms": 2000})
    c = client(mock, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(builtins.TimeoutError) as info:
        c.generate_access_token(user_id="me", name="k")
    assert time.monotonic() - started < 1.9
    assert isinstance(info.value, vva.VaultTimeoutError) and info.value.code == "timeout"


def test_connect_error_when_nothing_listens():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = VaultClient(VAULT_DNS, base_url=f"http://127.0.0.1:{port}", session_id=ADMIN_SESSION)
    with pytest.raises(vva.ConnectError) as info:
        c.generate_access_token(user_id="me", name="k")
    assert info.value.code == "connect_failed"
    assert info.value.outcome_unknown is False and info.value.http_status is None


# --- arguments --------------------------------------------------------------------------------

def test_expiry_conversions_reach_the_wire(mock):
    c = client(mock)
    plus2 = timezone(timedelta(hours=2))
    c.generate_access_token(user_id=12345, name="a", expiry_date=datetime(2031, 12, 31, 14, 0, 0, 250000, tzinfo=plus2))
    c.generate_access_token(user_id="12345", name="b", expiry_date=date(2031, 6, 30))
    c.generate_access_token(user_id="me", name="c", expiry_date="2031-12-31T12:00:00Z")
    c.generate_access_token(user_id="me", name="d")
    bodies = [(r["path"], r["body"]) for r in mock.requests()]
    assert bodies == [
        ("/api/v26.2/objects/users/12345/api_access_token__sys", "name__v=a&expiry_date__v=2031-12-31T12%3A00%3A00Z"),
        ("/api/v26.2/objects/users/12345/api_access_token__sys", "name__v=b&expiry_date__v=2031-06-30"),
        ("/api/v26.2/objects/users/me/api_access_token__sys", "name__v=c&expiry_date__v=2031-12-31T12%3A00%3A00Z"),
        ("/api/v26.2/objects/users/me/api_access_token__sys", "name__v=d"),
    ]


def test_naive_datetime_is_a_value_error_and_nothing_is_sent(mock):
    with pytest.raises(ValueError) as info:
        client(mock).generate_access_token(user_id="me", name="k", expiry_date=datetime(2031, 12, 31, 12))
    assert isinstance(info.value, InvalidArgumentError) and info.value.code == "invalid_argument"
    assert "offset" in str(info.value)
    assert mock.requests() == []


def test_argument_shapes(mock):
    c = client(mock)
    with pytest.raises(TypeError):
        c.generate_access_token(name="k")  # no target
    with pytest.raises(TypeError):
        c.generate_access_token(user_id="12345", name="k", sandbox="qa-sandbox")
    with pytest.raises(TypeError):
        c.generate_access_token(user_id=True, name="k")
    with pytest.raises(TypeError):
        c.generate_access_token(user_id="me", name="k", expiry_date=1234567890)
    with pytest.raises(TypeError):
        VaultClient(VAULT_DNS, base_url=mock.url, session_id="a", access_token="b")
    for bad in (dict(timeout=-1.0), dict(timeout=float("nan")), dict(timeout=0), dict(body_format="xml"),
                dict(api_version="v1"), dict(client_id="has space")):
        with pytest.raises(InvalidArgumentError):
            client(mock, **bad)
    with pytest.raises(InvalidArgumentError):
        VaultClient(VAULT_DNS, base_url=mock.url)  # no credential
    with pytest.raises(InvalidArgumentError):
        VaultClient("https://not-a-dns/", session_id="s")
    assert mock.requests() == []


def test_sandbox_and_int_user_id_against_the_real_endpoints(mock):
    c = client(mock)
    tok = c.generate_access_token(sandbox="qa-sandbox", name="sb", expiry_date=FUTURE)
    assert tok.token.startswith("veeva-vault-")
    tok2 = c.generate_access_token(12346, name="limited", expiry_date=FUTURE)
    assert tok2.id != tok.id
    with pytest.raises(vva.OperationNotAllowedError):
        c.generate_access_token(12346, name="no expiry")  # the user's profile needs an expiry
    with pytest.raises(vva.OperationNotAllowedError):
        c.generate_access_token(12347, name="veevaid")


# --- secrets ----------------------------------------------------------------------------------

def test_no_secret_in_any_rendering(mock):
    c = client(mock)
    tok = c.generate_access_token(user_id="me", name="k", expiry_date=FUTURE)
    assert tok.token.startswith("veeva-vault-") and len(tok.token) > 20
    for text in renderings(tok) + [repr(tok.warnings), repr(c)]:
        assert tok.token not in text and ADMIN_SESSION not in text
    assert "redacted" in repr(tok) and tok.id in repr(tok)
    with pytest.raises(TypeError):
        pickle.dumps(tok)
    bearer = VaultClient(VAULT_DNS, base_url=mock.url, access_token=tok.token)
    assert tok.token not in repr(bearer)
    mock.script({"body": {"responseStatus": "FAILURE", "errors": [
        {"type": "INVALID_SESSION_ID", "message": f"Token {tok.token} and session {ADMIN_SESSION} rejected"}]}})
    with pytest.raises(vva.InvalidSessionError) as info:
        bearer.generate_access_token(user_id="me", name="k2")
    for text in renderings(info.value) + [repr(info.value.vault_errors), repr(info.value.__dict__)]:
        assert tok.token not in text


def test_password_never_in_a_login_error(mock):
    secret = "Sup3r-S3cret-pw"
    with pytest.raises(vva.AuthenticationError) as info:
        VaultClient.login(VAULT_DNS, base_url=mock.url, username="admin@myvault.example", password=secret)
    assert info.value.code == "authentication_failed"
    assert info.value.vault_types == ["USERNAME_OR_PASSWORD_INCORRECT"]
    for text in renderings(info.value) + [repr(info.value.__dict__)]:
        assert secret not in text


# --- login ------------------------------------------------------------------------------------

def test_login_then_generate(mock):
    with VaultClient.login(VAULT_DNS, base_url=mock.url, username="admin@myvault.example", password=PASSWORD) as c:
        assert c.user_id == "12345"
        tok = c.generate_access_token(user_id="me", name="after-login", expiry_date=FUTURE)
    assert tok.id.startswith("0PI")
    login, create = mock.requests()
    assert login["path"] == "/api/v26.2/auth" and "vaultDNS=myvault.veevavault.com" in login["body"]
    assert create["headers"]["authorization"] not in (None, ADMIN_SESSION)
    assert create["headers"]["x-vaultapi-clientid"].startswith("veeva-vault-auth-python-")


def test_login_auth_defaulting_is_refused(mock):
    with pytest.raises(vva.WrongVaultError) as info:
        VaultClient.login(VAULT_DNS, base_url=mock.url, username="elsewhere@other.example", password=PASSWORD)
    assert info.value.code == "wrong_vault"
    assert "other.veevavault.com" in str(info.value)
    assert len(mock.requests()) == 1  # the session was never used


def test_locked_user(mock):
    with pytest.raises(vva.AuthenticationError) as info:
        VaultClient.login(VAULT_DNS, base_url=mock.url, username="locked@myvault.example", password=PASSWORD)
    assert info.value.vault_types == ["USER_LOCKED_OUT"]


def test_async_login_and_defaulting(mock):
    async def main():
        c = await AsyncVaultClient.login(VAULT_DNS, base_url=mock.url, username="admin@myvault.example", password=PASSWORD)
        async with c:
            tok = await c.generate_access_token(user_id="me", name="async-login", expiry_date=FUTURE)
        with pytest.raises(vva.WrongVaultError):
            await AsyncVaultClient.login(VAULT_DNS, base_url=mock.url, username="elsewhere@other.example", password=PASSWORD)
        return c, tok
    c, tok = asyncio.run(main())
    assert c.user_id == "12345" and c.closed and tok.token.startswith("veeva-vault-")


def test_real_token_is_usable_as_bearer(mock):
    tok = client(mock).generate_access_token(user_id="me", name="first", expiry_date=FUTURE)
    second = VaultClient(VAULT_DNS, base_url=mock.url, access_token=tok.token).generate_access_token(
        user_id="me", name="second", expiry_date=FUTURE)
    assert second.token != tok.token
    assert mock.requests()[1]["headers"]["authorization"] == f"Bearer {tok.token}"
    assert [t["name"] for t in mock.tokens()] == ["first", "second"]
    oneshot = vva.generate_access_token(VAULT_DNS, base_url=mock.url, access_token=second.token,
                                        user_id="me", name="third", expiry_date=FUTURE)
    assert oneshot.token.startswith("veeva-vault-")


# --- lifecycle --------------------------------------------------------------------------------

def test_context_manager_closes(mock):
    with client(mock) as c:
        assert not c.closed and "closed" not in repr(c)
    assert c.closed and "closed" in repr(c)
    with pytest.raises(InvalidArgumentError):
        c.generate_access_token(user_id="me", name="k")

    async def main():
        async with AsyncVaultClient(VAULT_DNS, base_url=mock.url, session_id=ADMIN_SESSION) as ac:
            assert not ac.closed
        assert ac.closed
        with pytest.raises(InvalidArgumentError):
            await ac.generate_access_token(user_id="me", name="k")
    asyncio.run(main())
    assert mock.requests() == []


# --- concurrency ------------------------------------------------------------------------------

def test_blocking_call_releases_the_gil(mock):
    mock.script({"delay_ms": 500})
    c = client(mock)
    counter = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            counter[0] += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        time.sleep(0.05)
        before = counter[0]
        started = time.monotonic()
        c.generate_access_token(user_id="me", name="slow", expiry_date=FUTURE)
        elapsed = time.monotonic() - started
        during = counter[0] - before
    finally:
        stop.set()
        spinner.join()
    assert elapsed >= 0.45
    # Holding the GIL for 0.5 s would leave the spinner at (almost) zero.
    assert during > 10_000, during


def test_sequential_calls_reuse_one_connection(mock):
    c = client(mock)
    for i in range(10):
        c.generate_access_token(user_id="me", name=f"seq{i}", expiry_date=FUTURE)
    assert len(mock.requests()) == 10
    assert mock.connections() == 1


def test_one_client_shared_by_threads(mock):
    c = client(mock)
    results, errors = [], []

    def work(i):
        try:
            for j in range(3):
                results.append(c.generate_access_token(user_id="me", name=f"t{i}-{j}", expiry_date=FUTURE))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({t.id for t in results}) == 24
    assert len(mock.tokens()) == 24
    # Each thread drives its own calls and keeps its connection alive between them: at most one
    # connection per thread, never one per request.
    assert 1 <= mock.connections() <= 8


def test_asyncio_50_calls_in_flight_without_blocking_the_loop(mock):
    # Each of the 50 requests is held 300 ms by the mock: sequentially that is 15 s.
    mock.script([{"delay_ms": 300}] * 50)

    async def main():
        ticks = 0
        done = asyncio.Event()

        async def ticker():
            nonlocal ticks
            while not done.is_set():
                await asyncio.sleep(0.01)
                ticks += 1

        tick_task = asyncio.ensure_future(ticker())
        async with AsyncVaultClient(VAULT_DNS, base_url=mock.url, session_id=ADMIN_SESSION) as c:
            # The admin may hold 25 active tokens; half go to user 12348.
            calls = [c.generate_access_token(user_id="me" if i % 2 else 12348, name=f"a{i}", expiry_date=FUTURE)
                     for i in range(50)]
            started = time.monotonic()
            tokens = await asyncio.gather(*calls)
            elapsed = time.monotonic() - started
        done.set()
        await tick_task
        return tokens, elapsed, ticks

    tokens, elapsed, ticks = asyncio.run(main())
    assert all(isinstance(t, AccessToken) for t in tokens)
    assert len({t.token for t in tokens}) == 50
    assert elapsed < 5, f"50 calls took {elapsed:.1f} s: they did not run concurrently"
    assert ticks >= 20, f"the event loop only ticked {ticks} times in {elapsed:.2f} s"
    assert len(mock.tokens()) == 50


def test_async_errors_are_the_same_classes(mock):
    async def main():
        c = AsyncVaultClient(VAULT_DNS, base_url=mock.url, session_id="not-a-session")
        with pytest.raises(vva.InvalidSessionError) as info:
            await c.generate_access_token(user_id="me", name="k")
        assert info.value.http_status == 200 and info.value.execution_id.startswith("mock-")
        with pytest.raises(InvalidArgumentError):
            c.generate_access_token(user_id="me", name="k", expiry_date="2031-12-31T12:00:00")
        mock.script({"fault": "drop"})
        with pytest.raises(vva.TransportError) as info:
            await c.generate_access_token(user_id="me", name="k")
        assert info.value.outcome_unknown is True
    asyncio.run(main())


def test_cancelling_an_awaitable_stops_waiting_at_once(mock):
    # A canned answer: the mock still completes the abandoned request 3 s later, and a real
    # token minted then would land in whichever test runs at that moment.
    mock.script({"delay_ms": 3000, "body": {"responseStatus": "SUCCESS",
                                            "data": {"id": "0PI1", "token__sys": "veeva-vault-zz"}}})

    async def main():
        async with AsyncVaultClient(VAULT_DNS, base_url=mock.url, session_id=ADMIN_SESSION) as c:
            started = time.monotonic()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(c.generate_access_token(user_id="me", name="slow"), 0.2)
            waited = time.monotonic() - started
            token = await c.generate_access_token(user_id="me", name="after", expiry_date=FUTURE)
        return waited, token

    waited, token = asyncio.run(main())
    assert waited < 2, f"cancelling took {waited:.1f} s"
    assert isinstance(token, AccessToken)


# Finishes as soon as the last result is in, so the interpreter starts shutting down while the
# runtime's threads are still busy: the window where a thread taking the GIL kills the process.
_EXIT_RIGHT_AFTER_ASYNC_CALLS = """
import asyncio, sys
import veeva_vault_auth as vva

async def main():
    c = vva.AsyncVaultClient("myvault.veevavault.com", base_url=sys.argv[1], session_id="not-a-session")
    for _ in range(4):
        await asyncio.gather(*[c.generate_access_token(user_id="me", name="x") for _ in range(30)],
                             return_exceptions=True)

asyncio.run(main())
"""


def test_the_process_exits_cleanly_right_after_async_calls(mock):
    # The crash this guards against (pyo3-async-runtimes' completion threads retaking the GIL
    # during finalisation) hit 11 of 30 runs of this script, so 15 runs all but surely catch it.
    # 15 x 120 calls stay under the mock's burst limit (2000), past which it slows every answer.
    for _ in range(15):
        run = subprocess.run([sys.executable, "-c", _EXIT_RIGHT_AFTER_ASYNC_CALLS, mock.url],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr[-2000:]


async def _one_token(client, name):
    return await client.generate_access_token(user_id="me", name=name, expiry_date=FUTURE)


def _child_after_fork(sync, async_client, url):
    """Runs in a forked child; returns what happened, as words."""
    results = []
    # Blocking: the client opens a connection of its own in this process.
    token = sync.generate_access_token(user_id="me", name="child-sync", expiry_date=FUTURE)
    results.append("sync-ok" if token.id.startswith("0PI") else "sync-bad")
    # The parent's async client has pooled connections that belong to the parent: refused,
    # before anything is sent, rather than hung or sharing a socket.
    try:
        asyncio.run(asyncio.wait_for(_one_token(async_client, "child-async"), 10))
        results.append("async-used")
    except InvalidArgumentError as e:
        results.append("async-refused" if "fork()" in str(e) else f"async-other: {e}")
    # A client made in the child works (its own runtime and delivery thread).
    fresh = AsyncVaultClient(VAULT_DNS, base_url=url, session_id=ADMIN_SESSION)
    token = asyncio.run(asyncio.wait_for(_one_token(fresh, "child-fresh"), 10))
    results.append("fresh-ok" if token.id.startswith("0PI") else "fresh-bad")
    return results


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_clients_across_fork(mock):
    sync = VaultClient(VAULT_DNS, base_url=mock.url, session_id=ADMIN_SESSION)
    async_client = AsyncVaultClient(VAULT_DNS, base_url=mock.url, session_id=ADMIN_SESSION)
    # Live connections and a running async machinery in the parent before the fork.
    sync.generate_access_token(user_id="me", name="parent-1", expiry_date=FUTURE)
    asyncio.run(_one_token(async_client, "parent-2"))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            words = _child_after_fork(sync, async_client, mock.url)
        except BaseException as e:  # reported to the parent, which fails the test
            words = [f"error: {type(e).__name__}: {e}"]
        os.write(write_end, ",".join(words).encode())
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + 60
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            pytest.fail("the forked child hung")
        time.sleep(0.05)
    said = os.read(read_end, 4096).decode()
    os.close(read_end)
    assert said == "sync-ok,async-refused,fresh-ok"
    # The parent's clients are untouched by what the child did.
    sync.generate_access_token(user_id="me", name="parent-3", expiry_date=FUTURE)
    asyncio.run(_one_token(async_client, "parent-4"))
    names = sorted(t["name"] for t in mock.tokens())
    assert names == ["child-fresh", "child-sync", "parent-1", "parent-2", "parent-3", "parent-4"]


_CHILD_EXITS_AT_ONCE = r"""
import os, sys
import veeva_vault_auth as vva
url, session = sys.argv[1], sys.argv[2]
sync = vva.VaultClient("myvault.veevavault.com", base_url=url, session_id=session, timeout=5)
sync.generate_access_token(user_id="me", name="before fork")
pid = os.fork()
if pid == 0:
    # Exits without a call: interpreter shutdown and thread-local destructors run here.
    sys.exit(0)
_, status = os.waitpid(pid, 0)
assert os.waitstatus_to_exitcode(status) == 0, status
sync.generate_access_token(user_id="me", name="after the child exited")
print("parent-ok")
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_child_that_exits_at_once_leaves_the_parents_connection_working(mock):
    # In a fresh process, so that this thread's kept-alive connection is the one the child
    # inherits: the child's exit used to deregister it from the epoll instance both share, and
    # the parent's next call then waited for its deadline.
    run = subprocess.run([sys.executable, "-c", _CHILD_EXITS_AT_ONCE, mock.url, ADMIN_SESSION],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "parent-ok"
