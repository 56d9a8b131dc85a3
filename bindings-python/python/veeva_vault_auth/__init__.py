"""Generate Veeva Vault API access tokens, safely, from Python.

A thin binding of the Rust library ``veeva-vault-auth``::

    from datetime import datetime, timezone
    from veeva_vault_auth import VaultClient

    with VaultClient("myvault.veevavault.com", session_id="...") as client:
        tok = client.generate_access_token(
            user_id="12345", name="IntegrationKey",
            expiry_date=datetime(2026, 12, 31, 12, tzinfo=timezone.utc))
        print(tok.id, tok)      # repr() and str() never show the token; read tok.token

:class:`VaultClient` blocks (and releases the GIL while it waits); :class:`AsyncVaultClient`
returns awaitables. Both also list, inspect, revoke and rotate tokens and manage the session.
Every error is a :class:`VaultError` subclass with a stable ``code``. For tests without a
live Vault: :mod:`veeva_vault_auth.testing` (and the ``mock_vault`` pytest fixture).
"""

# Names are listed explicitly here and in __all__ (not `import *` / a computed __all__): mypy
# and stubtest only see re-exports written out literally.
from ._errors import (
    AuthenticationError,
    ConnectError,
    DecodeError,
    HttpStatusError,
    InternalError,
    InvalidArgumentError,
    InvalidRequestError,
    InvalidSessionError,
    NotFoundOrUnsupportedError,
    OperationNotAllowedError,
    PermissionDeniedError,
    RateLimitedError,
    RedirectError,
    ServerError,
    TlsError,
    TransportError,
    UnknownVaultError,
    VaultError,
    VaultTimeoutError,
    WrongVaultError,
)
from ._native import (
    DEFAULT_API_VERSION,
    AccessToken,
    AsyncVaultClient,
    RevokeFailure,
    RevokeReport,
    Rotation,
    TokenInfo,
    UserInfo,
    VaultClient,
    __version__,
    generate_access_token,
)

__all__ = [
    "DEFAULT_API_VERSION",
    "AccessToken",
    "AsyncVaultClient",
    "VaultClient",
    "TokenInfo",
    "RevokeFailure",
    "RevokeReport",
    "Rotation",
    "UserInfo",
    "__version__",
    "generate_access_token",
    "VaultError",
    "InvalidArgumentError",
    "AuthenticationError",
    "InvalidSessionError",
    "WrongVaultError",
    "PermissionDeniedError",
    "InvalidRequestError",
    "OperationNotAllowedError",
    "NotFoundOrUnsupportedError",
    "RateLimitedError",
    "ServerError",
    "UnknownVaultError",
    "HttpStatusError",
    "TransportError",
    "ConnectError",
    "VaultTimeoutError",
    "TlsError",
    "DecodeError",
    "RedirectError",
    "InternalError",
]
