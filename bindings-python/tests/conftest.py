"""Fixtures: the mock Vault binary (started once per session on a free port) and its control
routes. (`mock_vault`, the in-process mock of `veeva_vault_auth.testing`, comes from the
package's own pytest plugin; see test_testing.py.)"""

import json
import os
import platform
import subprocess
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VAULT_DNS = "myvault.veevavault.com"
ADMIN_SESSION = "mock-session-admin-0001"
PASSWORD = "mock-password"


def _mock_binary() -> str:
    configured = os.environ.get("MOCK_VAULT_BIN")
    if configured:
        return configured
    host = f"{platform.machine()}-unknown-linux-gnu"
    for candidate in (ROOT / "target" / host / "release" / "mock-vault", ROOT / "target" / "release" / "mock-vault"):
        if candidate.is_file():
            return str(candidate)
    raise RuntimeError("mock-vault not found: run `make mock` or set MOCK_VAULT_BIN")


class MockVault:
    """Talks to the mock's /__mock control routes (stdlib only, never through a proxy)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with self._opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def reset(self) -> None:
        self._call("POST", "/__mock/reset", {})

    def script(self, script) -> None:
        """Queues a canned answer (a dict) or several (a list) for the next API requests."""
        answer = self._call("POST", "/__mock/script", script)
        assert answer.get("ok"), answer

    def requests(self) -> list:
        return self._call("GET", "/__mock/requests")

    def tokens(self) -> list:
        return self._call("GET", "/__mock/tokens")

    def connections(self) -> int:
        """Connections that carried API requests so far (reset by ``reset``)."""
        return self._call("GET", "/__mock/stats")["connections"]


@pytest.fixture(scope="session")
def mock_process():
    process = subprocess.Popen(
        [_mock_binary(), "--port", "0", "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://"), f"mock-vault printed {url!r}"
        yield MockVault(url)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def mock(mock_process):
    """The mock Vault, reset to its fixtures (no tokens, scripts or recorded requests)."""
    mock_process.reset()
    return mock_process
