"""pytest plugin of ``veeva-vault-auth`` (registered through the ``pytest11`` entry point, so
installing the package is enough): the ``mock_vault`` fixture.

::

    def test_my_integration(mock_vault):
        client = VaultClient(mock_vault.vault_dns, base_url=mock_vault.base_url,
                             session_id=mock_vault.admin_session)
        ...

Each test gets a fresh :class:`~veeva_vault_auth.testing.MockVault`, stopped when the test ends.
The package itself is imported only when a test asks for the fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from .testing import MockVault

__all__ = ["mock_vault"]


@pytest.fixture
def mock_vault() -> Iterator[MockVault]:
    """A fresh mock Vault on a loopback port for this test (see ``veeva_vault_auth.testing``)."""
    from .testing import MockVault

    with MockVault() as vault:
        yield vault
