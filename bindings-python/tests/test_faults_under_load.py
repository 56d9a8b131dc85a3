"""Faults under load (issue 15), through the wheel: 16 calls in flight, from 16 threads on one
``VaultClient`` and as 16 tasks on one ``AsyncVaultClient``, while the mock Vault (its binary, in a
process of its own) is killed and restarted on the same port, stalls, resets every third
connection and answers 503.

Every call ends within its deadline with the error class and ``outcome_unknown`` the core's
classification promises: creates (``generate_access_token``) report an unknown outcome whenever
the request was sent and no Vault answer came back (a dropped or reset connection, the deadline,
an HTTP error without a Vault envelope); read-only calls (``whoami``, ``list_access_tokens``)
never do, and a refused connection proves nothing was sent. Afterwards calls succeed again on
fresh connections, and the process has no thread more than after the warm-up.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ADMIN_SESSION, VAULT_DNS, _mock_binary
from veeva_vault_auth import (
    AsyncVaultClient,
    ConnectError,
    HttpStatusError,
    TransportError,
    VaultClient,
    VaultError,
    VaultTimeoutError,
)

IN_FLIGHT = 16
TIMEOUT = 2.0  # each call's deadline: the stall costs this much
MARGIN = 3.0  # generous, for a loaded machine; a hang is still caught


class MockProcess:
    """The mock-vault binary, killable; control routes over urllib (never through a proxy)."""

    def __init__(self, port: int = 0) -> None:
        self.process = subprocess.Popen(
            [_mock_binary(), "--port", str(port), "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        self.url = self.process.stdout.readline().strip()
        assert self.url.startswith("http://"), f"mock-vault did not start on port {port}: {self.url!r}"
        self.port = int(self.url.rsplit(":", 1)[1])
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def control(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with self._opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def fault(self, modes: dict) -> None:
        """A fault mode on a fresh state (no tokens, so creates stay under the 25-token limit)."""
        self.control("POST", "/__mock/reset", {})
        self.control("POST", "/__mock/faults", modes)

    def recover(self) -> None:
        self.control("POST", "/__mock/reset", {})

    def faults(self) -> dict:
        return self.control("GET", "/__mock/faults")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def threads() -> list[str]:
    """The names of this process's threads."""
    names = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/comm") as f:
                names.append(f.read().strip())
        except FileNotFoundError:  # ended meanwhile
            pass
    return sorted(names)


def _create(i: int) -> bool:
    return i % 2 == 0


def _ended(i: int, started: float, error: VaultError | None):
    took = time.monotonic() - started
    assert took < TIMEOUT + MARGIN, f"call {i} took {took:.2f} s, past its {TIMEOUT} s deadline"
    return _create(i), error


def sync_batch(client: VaultClient) -> list:
    """16 calls from 16 threads: every 2nd a create, the others whoami or a listing."""
    def call(i: int):
        started = time.monotonic()
        try:
            if _create(i):
                client.generate_access_token(user_id="me", name=f"faults {i}")
            elif i % 4 == 1:
                client.whoami()
            else:
                client.list_access_tokens(user_id="12345")
        except VaultError as e:
            return _ended(i, started, e)
        return _ended(i, started, None)

    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        return list(pool.map(call, range(IN_FLIGHT)))


def async_batch(client: AsyncVaultClient, loop: asyncio.AbstractEventLoop) -> list:
    """16 tasks on one event loop, the same mix."""
    async def call(i: int):
        started = time.monotonic()
        try:
            if _create(i):
                await client.generate_access_token(user_id="me", name=f"faults {i}")
            elif i % 4 == 1:
                await client.whoami()
            else:
                await client.list_access_tokens(user_id="12345")
        except VaultError as e:
            return _ended(i, started, e)
        return _ended(i, started, None)

    async def all_calls():
        return await asyncio.gather(*(call(i) for i in range(IN_FLIGHT)))

    return loop.run_until_complete(all_calls())


def all_failed(phase: str, ended: list, cls: type, create_unknown: bool) -> None:
    for create, error in ended:
        assert error is not None, f"{phase}: a call succeeded"
        assert type(error) is cls, f"{phase}: {type(error).__name__}: {error}"
        assert error.outcome_unknown is (create and create_unknown), f"{phase}: create={create}: {error}"


def all_succeeded(phase: str, ended: list) -> None:
    for _, error in ended:
        assert error is None, f"{phase}: a call failed after the mock recovered: {error!r}"


def run_faults(make_client, batch) -> None:
    mock = MockProcess()
    try:
        client = make_client(mock.url)
        all_succeeded("warm-up", batch(client))
        before = threads()

        # Kill with 16 requests read and unanswered, call while it is down, restart on the port.
        mock.fault({"stall": True})
        result: list = []
        runner = threading.Thread(target=lambda: result.extend(batch(client)))
        runner.start()
        deadline = time.monotonic() + TIMEOUT
        while mock.faults()["stalled"] < IN_FLIGHT and time.monotonic() < deadline:
            time.sleep(0.01)
        port = mock.port
        mock.kill()
        runner.join(TIMEOUT + MARGIN)
        assert not runner.is_alive(), "calls still running after the mock was killed"
        # The requests were sent: a create may have been carried out.
        all_failed("killed with requests in flight", result, TransportError, True)
        # A refused connection proves nothing was sent.
        all_failed("mock down", batch(client), ConnectError, False)
        mock = MockProcess(port)
        assert mock.port == port
        all_succeeded("after restart", batch(client))

        # Stall: the deadline fires with the requests sent.
        mock.fault({"stall": True})
        all_failed("stall", batch(client), VaultTimeoutError, True)
        mock.recover()
        all_succeeded("after stall", batch(client))

        # Reset every 3rd connection. Answers close their connection in this mode, so after the
        # first batch (on kept-alive connections) every call opens a fresh one.
        mock.fault({"reset_every": 3})
        failed = 0
        for _ in range(3):
            for create, error in batch(client):
                if error is not None:
                    failed += 1
                    assert type(error) is TransportError, f"reset: {type(error).__name__}: {error}"
                    assert error.outcome_unknown is create, f"reset: create={create}: {error}"
        resets = mock.faults()["resets"]
        assert resets >= 1, "no connection was reset"
        assert failed == resets, f"{failed} calls failed, {resets} connections were reset"
        mock.recover()
        all_succeeded("after resets", batch(client))

        # 503 to every API request: an HTTP answer without a Vault envelope.
        mock.fault({"status": 503})
        ended = batch(client)
        all_failed("503", ended, HttpStatusError, True)
        assert all(error.http_status == 503 for _, error in ended)
        mock.recover()
        all_succeeded("after 503", batch(client))

        # A joined Python thread may still be running its thread-local destructors (the core's
        # per-thread runtime and connection) for a moment: wait for it to be gone, not longer.
        settle = time.monotonic() + MARGIN
        while len(after := threads()) > len(before) and time.monotonic() < settle:
            time.sleep(0.01)
        assert len(after) <= len(before), f"threads: {before} after the warm-up, {after} at the end"
    finally:
        mock.close()


def test_sync_client_from_16_threads_survives_kill_stall_reset_and_503():
    run_faults(lambda url: VaultClient(VAULT_DNS, base_url=url, session_id=ADMIN_SESSION, timeout=TIMEOUT), sync_batch)


def test_async_client_with_16_tasks_survives_kill_stall_reset_and_503():
    loop = asyncio.new_event_loop()
    try:
        run_faults(
            lambda url: AsyncVaultClient(VAULT_DNS, base_url=url, session_id=ADMIN_SESSION, timeout=TIMEOUT),
            lambda client: async_batch(client, loop),
        )
    finally:
        loop.close()
