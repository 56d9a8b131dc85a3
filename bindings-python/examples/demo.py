"""Demo: log in to the bundled mock Vault as admin@myvault.example, generate a token, list the
user's tokens, and revoke the one it made.

Run by `make demo` (which builds the mock and the wheel first). Starts the mock from
$MOCK_VAULT_BIN on a free port; it exits when this script does.
"""

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from veeva_vault_auth import VaultClient, VaultError


def main() -> int:
    mock = subprocess.Popen(
        [os.environ["MOCK_VAULT_BIN"], "--port", "0", "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        base_url = mock.stdout.readline().strip()
        client = VaultClient.login(
            "myvault.veevavault.com", base_url=base_url,
            username="admin@myvault.example", password="mock-password",
        )
        with client:
            tok = client.generate_access_token(
                user_id="me", name="python-demo",
                expiry_date=datetime.now(timezone.utc) + timedelta(days=30),
            )
            masked = tok.token[:16] + "…" + "*" * 8
            print(f"python: logged in as user {client.user_id}; token id {tok.id}, token {masked}")
            print(f"python: {tok!r}")
            for info in client.list_access_tokens():
                expiry = info.expiry.isoformat() if info.expiry else "never"
                print(f"python: listed {info.id} {info.name!r} {info.status}, expires {expiry}")
            report = client.revoke_access_tokens([tok.id])
            print(f"python: revoked {report.revoked}; complete: {report.is_complete}")
            left = [info.id for info in client.list_access_tokens()]
            print(f"python: tokens left: {left}")
        return 0 if report.is_complete and tok.id not in left else 1
    except VaultError as e:
        print(f"python: {type(e).__name__} [{e.code}]: {e}", file=sys.stderr)
        return 1
    finally:
        mock.stdin.close()
        mock.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
