"""Exceptions raised by :mod:`veeva_vault_auth`.

Every exception is a :class:`VaultError` with the core library's stable ``code``. The native
module picks the class from the error's kind (one class per kind) and fills in the attributes;
nothing here parses messages. Messages never contain a credential, a token or a raw response body.
"""

from __future__ import annotations

# No `typing` import (it would triple the package's import time): annotations stay strings
# and use builtin types only. mypy treats any `TYPE_CHECKING` name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._native import RevokeReport

__all__ = [
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


class VaultError(Exception):
    """Base class of every error this library raises.

    Attributes:
        code: the core's stable error code (for example ``"invalid_session"``); branch on it or
            on the class, never on the message.
        vault_errors: every ``errors[]`` entry Vault sent, as ``(type, message)`` pairs, in
            order (messages have any echoed credential masked).
        http_status: the HTTP status of the response, or ``None`` if none arrived.
        execution_id: ``X-VaultAPI-ExecutionId`` of the failed call (quote it in support
            tickets), or ``None``.
        outcome_unknown: ``True`` when the request may have been carried out although no
            result came back: a token may exist that you do not hold. Look it up before
            creating another.
        partial_revoke: for a revoke (or a rotation's revoke) that failed midway, the
            :class:`RevokeReport` so far: what was revoked before the failure, what failed,
            what is unknown and what was never sent. ``None`` for every other error.
    """

    code: str = "vault_error"
    vault_errors: list[tuple[str, str]]
    http_status: int | None
    execution_id: str | None
    outcome_unknown: bool
    partial_revoke: RevokeReport | None

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        vault_errors: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
        http_status: int | None = None,
        execution_id: str | None = None,
        outcome_unknown: bool = False,
        partial_revoke: RevokeReport | None = None,
    ) -> None:
        # Only the message goes into args: pickling re-creates the instance from args and
        # restores the attributes from __dict__.
        super().__init__(message)
        self.code = code if code is not None else type(self).code
        self.vault_errors = [(str(t), str(m)) for t, m in vault_errors]
        self.http_status = http_status
        self.execution_id = execution_id
        self.outcome_unknown = outcome_unknown
        self.partial_revoke = partial_revoke

    @property
    def vault_types(self) -> list[str]:
        """The ``type`` of every ``errors[]`` entry, in order."""
        return [t for t, _ in self.vault_errors]


class InvalidArgumentError(VaultError, ValueError):
    """An argument was rejected before anything was sent (also a ``ValueError``)."""

    code = "invalid_argument"


class AuthenticationError(VaultError):
    """Login failed (wrong user name or password, locked or inactive user). Never retried."""

    code = "authentication_failed"


class InvalidSessionError(AuthenticationError):
    """The session id or access token was not accepted (``INVALID_SESSION_ID``)."""

    code = "invalid_session"


class WrongVaultError(AuthenticationError):
    """Login returned a session for another Vault than the one asked for; it was not used."""

    code = "wrong_vault"


class PermissionDeniedError(VaultError):
    """The user may not do this (``INSUFFICIENT_ACCESS``, ``CONFIGURATION_MODE_ENABLED``)."""

    code = "permission_denied"


class InvalidRequestError(VaultError):
    """Vault rejected the request's data (``INVALID_DATA``, ``PARAMETER_REQUIRED``, ...)."""

    code = "invalid_request"


class OperationNotAllowedError(VaultError):
    """Vault's rules forbid it (``OPERATION_NOT_ALLOWED``): the 25-token limit, a VeevaID
    user, or an expiry beyond the security profile's maximum."""

    code = "operation_not_allowed"


class NotFoundOrUnsupportedError(VaultError):
    """The endpoint does not exist in this API version (``MALFORMED_URL``,
    ``METHOD_NOT_SUPPORTED``); token calls need v26.2 or later."""

    code = "not_found_or_unsupported"


class RateLimitedError(VaultError):
    """A Vault rate limit was hit (``API_LIMIT_EXCEEDED``)."""

    code = "rate_limited"


class ServerError(VaultError):
    """Vault reported a system error (``EXCEPTION``, ``UNEXPECTED_ERROR``, ``RACE_CONDITION``)."""

    code = "server_error"


class UnknownVaultError(VaultError):
    """Vault answered ``FAILURE`` with an error type this library does not know (kept verbatim
    in ``vault_errors``)."""

    code = "vault_error"


class HttpStatusError(VaultError):
    """A non-200 HTTP answer without a Vault envelope (typically a proxy or load balancer)."""

    code = "http_status"


class TransportError(VaultError):
    """The connection failed after the request may have been sent (see ``outcome_unknown``).

    Also the base class of :class:`ConnectError`, :class:`VaultTimeoutError` and
    :class:`TlsError`, so ``except TransportError`` catches every network failure.
    """

    code = "transport_failed"


class ConnectError(TransportError):
    """The connection could not be made; nothing was sent."""

    code = "connect_failed"


class VaultTimeoutError(TransportError, TimeoutError):
    """The connect timeout or the total deadline passed (also a builtin ``TimeoutError``)."""

    code = "timeout"


class TlsError(TransportError):
    """The TLS handshake failed (untrusted certificate, wrong host name, not TLS)."""

    code = "tls_failed"


class DecodeError(VaultError):
    """A response arrived that is not a Vault response this library can read."""

    code = "decode_failed"


class RedirectError(VaultError):
    """The server answered with a redirect, which is never followed."""

    code = "redirect_refused"


class InternalError(VaultError):
    """A bug in this library (a panic was caught). The outcome is unknown."""

    code = "internal_error"


# Pickles (and tracebacks) name the public package, where every class is re-exported.
for _cls in [VaultError] + [globals()[_name] for _name in __all__[1:]]:
    _cls.__module__ = "veeva_vault_auth"
del _cls
