"""The panic boundary, on a wheel built with the `test-panic` feature (make test-panic-boundary
sets VVA_PANIC_BUILD=1 and installs that wheel; elsewhere this module is skipped): a generate
call named "vva-test-panic" panics inside the extension after the mock created the token
(src/test_panic.rs). Python must get InternalError, a VaultError (not pyo3's PanicException,
a BaseException), with an unknown outcome and no secret in it, and the client must keep working.
"""

import asyncio
import os

import pytest

from conftest import ADMIN_SESSION, VAULT_DNS
from veeva_vault_auth import AsyncVaultClient, InternalError, VaultClient, VaultError

pytestmark = pytest.mark.skipif(
    os.environ.get("VVA_PANIC_BUILD") != "1", reason="needs the test-panic wheel (make test-panic-boundary)"
)

TRIGGER = "vva-test-panic"
PAYLOAD = "test-panic hook fired"


def check_internal_error(error: BaseException, secrets) -> None:
    assert type(error) is InternalError
    assert isinstance(error, VaultError) and isinstance(error, Exception)
    assert error.code == "internal_error"
    assert error.outcome_unknown is True
    text = " ".join([str(error), repr(error), repr(error.args)])
    assert "panic" in str(error)
    assert PAYLOAD not in text
    for secret in secrets:
        assert secret not in text


def test_sync_panic_is_internal_error_and_the_client_lives_on(mock, capfd):
    with VaultClient(VAULT_DNS, base_url=mock.url, session_id=ADMIN_SESSION) as client:
        before = client.generate_access_token("me", name="before the panic")
        for _ in range(2):
            tokens = len(mock.tokens())
            # `except Exception` is what callers write; a PanicException would fly past it.
            try:
                client.generate_access_token("me", name=TRIGGER)
            except Exception as error:  # noqa: BLE001 - the point of the test
                check_internal_error(error, [ADMIN_SESSION, before.token])
            else:
                pytest.fail("the test-panic hook did not fire")
            # The create was sent once and the token exists: the outcome really is unknown.
            assert len(mock.tokens()) == tokens + 1
            after = client.generate_access_token("me", name="after the panic")
            assert after.id and after.id != before.id
        assert client.whoami().id
    err = capfd.readouterr().err
    # The panic really happened (the default hook printed it) and printed no secret.
    assert err.count(PAYLOAD) == 2
    assert ADMIN_SESSION not in err and before.token not in err and after.token not in err


def test_async_panic_is_internal_error_and_the_client_lives_on(mock, capfd):
    async def main():
        async with AsyncVaultClient(VAULT_DNS, base_url=mock.url, session_id=ADMIN_SESSION) as client:
            results = await asyncio.gather(
                *[client.generate_access_token("me", name=TRIGGER) for _ in range(4)],
                client.generate_access_token("me", name="beside the panics"),
                return_exceptions=True,
            )
            after = await client.generate_access_token("me", name="after the panics")
            return results, after

    results, after = asyncio.run(main())
    for error in results[:4]:
        check_internal_error(error, [ADMIN_SESSION, after.token])
    assert not isinstance(results[4], BaseException) and results[4].id
    assert after.id
    assert len(mock.tokens()) == 6
    err = capfd.readouterr().err
    assert err.count(PAYLOAD) == 4
    assert ADMIN_SESSION not in err and after.token not in err
