"""A mock Veeva Vault for your own tests, running inside this process (no live Vault needed).

::

    from veeva_vault_auth import VaultClient
    from veeva_vault_auth.testing import MockVault

    with MockVault() as vault:
        client = VaultClient(vault.vault_dns, base_url=vault.base_url,
                             session_id=vault.admin_session)
        token = client.generate_access_token(user_id="me", name="CI key")
        assert [t.name for t in vault.tokens()] == ["CI key"]

With pytest, the ``mock_vault`` fixture (this package's pytest plugin, loaded automatically)
gives each test a fresh one. The mock is the project's own ``mock-vault`` (the Rust crate the
library is tested against), built into the extension: it answers like Vault does (HTTP 200 with
a ``FAILURE`` envelope for API errors), enforces the token rules (25 active tokens per user,
security-profile expiry limits, VeevaID users), pages query results and records every request.
Its fixtures (users, sessions, the OAuth profile) are in :attr:`MockVault.users` and described in
the mock's README.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, Optional, Union

from ._native import _MockServer

__all__ = ["MockVault", "MockUser", "MockToken", "MockRequest"]

_ERROR_TYPE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")


@dataclass(frozen=True)
class MockUser:
    """A user of the mock's fixtures. Log in with ``username`` and ``password`` (unless
    ``login_error`` says how that fails), or through the OAuth profile with ``idp_token``."""

    id: str
    username: str
    password: str
    admin: bool
    veevaid: bool
    login_error: Optional[str]
    max_token_days: Optional[int]
    idp_token: Optional[str]


@dataclass(frozen=True)
class MockToken:
    """A token the mock minted (never its value). ``expiry`` and ``last_used`` are RFC 3339
    text or ``None``; ``revoked`` tokens stay listed here (they are gone from the API)."""

    id: str
    user_id: str
    name: str
    expiry: Optional[str]
    active: bool
    revoked: bool
    last_used: Optional[str]


@dataclass(frozen=True)
class MockRequest:
    """An API request the mock received: header names are lower case, ``path`` is as sent
    (percent-encoded), ``query`` the text after ``?`` or ``None``."""

    method: str
    path: str
    query: Optional[str]
    headers: dict[str, str]
    body: str

    def form(self) -> dict[str, str]:
        """The body's form fields (``application/x-www-form-urlencoded``), decoded."""
        return dict(urllib.parse.parse_qsl(self.body, keep_blank_values=True))


class MockVault:
    """A mock Vault on a free loopback port of this process, until :meth:`close` (or the end of
    its ``with`` block). Point a client at it with ``base_url=vault.base_url``.

    Fixtures: the Vault ``myvault.veevavault.com`` (:attr:`vault_dns`) with the sandbox
    ``qa-sandbox``; the session :attr:`admin_session` of the admin user 12345; the users in
    :attr:`users` (password ``mock-password``); the OAuth profile :attr:`oauth_profile`.
    """

    vault_dns = "myvault.veevavault.com"
    admin_session = "mock-session-admin-0001"
    oauth_profile = "mock-oauth-profile"

    def __init__(self) -> None:
        self._server = _MockServer()
        self._base_url: str = self._server.url
        self._users = tuple(MockUser(**u) for u in json.loads(_MockServer.users_json()))
        # Control routes are always reached directly, whatever the proxy variables say.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: pass it as the client's ``base_url``."""
        return self._base_url

    @property
    def users(self) -> tuple[MockUser, ...]:
        """The fixture users: admin 12345, limited 12346 (expiry required, at most 90 days),
        VeevaID 12347 (no tokens), and users whose login fails or defaults to another Vault."""
        return self._users

    def user(self, username: str) -> MockUser:
        """The fixture user with this user name (``KeyError`` if none)."""
        for user in self._users:
            if user.username == username:
                return user
        raise KeyError(username)

    def tokens(self) -> list[MockToken]:
        """Every token minted so far, in order, revoked ones included; never their values."""
        rows = json.loads(self._server.tokens_json())
        return [
            MockToken(
                id=r["id"], user_id=str(r["user_id"]), name=r["name"], expiry=r["expiry"],
                active=r["active"], revoked=r["revoked"], last_used=r["last_used"],
            )
            for r in rows
        ]

    def requests(self) -> list[MockRequest]:
        """Every API request received so far, in order (control traffic not included)."""
        return [MockRequest(**r) for r in json.loads(self._server.requests_json())]

    def fail_next(
        self,
        error: Optional[str] = None,
        *,
        message: str = "Scripted failure",
        status: Optional[int] = None,
        body: Union[str, dict[str, Any], None] = None,
        delay: Optional[float] = None,
        times: int = 1,
    ) -> None:
        """Scripts the answer to the next API request (or the next ``times`` ones).

        - ``fail_next("INSUFFICIENT_ACCESS", message="...")``: a Vault ``FAILURE`` with that
          error type (any upper-case Vault type: ``INVALID_SESSION_ID``, ``API_LIMIT_EXCEEDED``,
          ``OPERATION_NOT_ALLOWED``, ...).
        - ``fail_next("drop")``: the connection closes before anything is done.
        - ``fail_next("drop_after")``: the request is carried out (a token minted, records
          deleted), then the connection closes without an answer: the client sees an error
          with ``outcome_unknown`` set.
        - ``fail_next(status=503, body="Service Unavailable")``: this HTTP answer instead.
        - ``fail_next(delay=2.0)``: the real answer, two seconds late (for timeouts).
        """
        script: dict[str, Any] = {}
        if error in ("drop", "drop_after"):
            script["fault"] = error
        elif error is not None:
            if not error or not set(error) <= _ERROR_TYPE_CHARS:
                raise ValueError(f"{error!r} is neither 'drop', 'drop_after' nor a Vault error type")
            script["body"] = {"responseStatus": "FAILURE",
                              "errors": [{"type": error, "message": message}]}
        if status is not None:
            script["status"] = status
            script.setdefault("body", "")
        if body is not None:
            script["body"] = body
        if delay is not None:
            script["delay_ms"] = round(delay * 1000)
        if not script:
            raise TypeError("fail_next needs an error, a status, a body or a delay")
        if times < 1:
            raise ValueError("times must be at least 1")
        self.script([script] * times)

    def script(self, script: Union[dict[str, Any], list[dict[str, Any]]]) -> None:
        """Queues raw mock scripts (the ``/__mock/script`` format in the mock's README), one
        per coming API request: canned answers, faults, delays, ``next_page`` overrides."""
        self._server.push_scripts(json.dumps(script))

    def add_token(self, user_id: Union[str, int], name: str,
                  expiry: Union[datetime, str, None] = None) -> str:
        """Mints a token directly, skipping every check (to set up a state: an already expired
        token, another user's, many of them); returns its id. ``expiry``: an aware datetime
        or RFC 3339 text, may be in the past."""
        if isinstance(expiry, datetime):
            if expiry.utcoffset() is None:
                raise ValueError("expiry must be an aware datetime")
            expiry = expiry.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return self._server.add_token(int(user_id), name, expiry)

    def set_page_size(self, rows: int) -> None:
        """Rows per query answer page (Vault's is 1000), to exercise paging with few tokens."""
        self._server.set_page_size(rows)

    def connections(self) -> int:
        """Connections that carried API requests (to check keep-alive reuse)."""
        return self._server.connections()

    def reset(self) -> None:
        """Back to the fixtures: tokens, sessions, scripts and recorded requests cleared."""
        request = urllib.request.Request(self._base_url + "/__mock/reset", data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
        with self._opener.open(request, timeout=10) as answer:
            answer.read()

    @property
    def closed(self) -> bool:
        """``True`` after :meth:`close`."""
        return self._server.closed

    def close(self) -> None:
        """Stops the mock; clients pointed at it get connection errors from then on."""
        self._server.close()

    def __enter__(self) -> MockVault:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = ", closed" if self.closed else ""
        return f"<MockVault {self._base_url}{state}>"
