"""Mock-backed smoke test of an installed veeva_vault_auth (run by the dist tests with the
Python of a fresh venv): the in-process MockVault that the package bundles, a login, one token
through each client, its listing and its revocation. Exits non-zero on any failure."""

import asyncio
import sys
from pathlib import Path

import veeva_vault_auth
from veeva_vault_auth import AsyncVaultClient, VaultClient
from veeva_vault_auth.testing import MockVault


def main() -> None:
    # The package must come from the venv, never from a source tree.
    assert Path(veeva_vault_auth.__file__).resolve().is_relative_to(Path(sys.prefix).resolve()), \
        veeva_vault_auth.__file__
    with MockVault() as vault:
        user = vault.user("admin@myvault.example")
        client = VaultClient.login(vault.vault_dns, base_url=vault.base_url,
                                   username=user.username, password=user.password)
        token = client.generate_access_token(user_id="me", name="smoke", expiry_date="2031-01-01")
        assert token.token and token.token not in repr(token), repr(token)
        listed = client.list_access_tokens(name="smoke")
        assert [t.id for t in listed] == [token.id], listed

        async def async_part() -> str:
            async with AsyncVaultClient(vault.vault_dns, base_url=vault.base_url,
                                        session_id=vault.admin_session) as aclient:
                return (await aclient.generate_access_token(user_id="me", name="smoke-async")).id

        async_id = asyncio.run(async_part())
        report = client.revoke_access_tokens([token.id, async_id])
        assert report.is_complete and sorted(report.revoked) == sorted([token.id, async_id]), report
        minted = [(t.name, t.revoked) for t in vault.tokens()]
        assert minted == [("smoke", True), ("smoke-async", True)], minted
    print(f"smoke: ok ({veeva_vault_auth.__version__}, {len(minted)} tokens minted and revoked)")


if __name__ == "__main__":
    main()
