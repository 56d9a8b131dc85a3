"""Native part of the ``veeva_vault_auth`` package (import the package, not this module)."""

# Postponed annotations: pdoc executes stubs, and some annotations name classes defined later.
from __future__ import annotations

import asyncio
import os
from datetime import date, datetime
from typing import Iterable, Literal, NoReturn, Optional, Tuple, Union, final

from typing_extensions import Self

from ._errors import VaultError

__all__ = [
    "VaultClient",
    "AsyncVaultClient",
    "AccessToken",
    "TokenInfo",
    "RevokeFailure",
    "RevokeReport",
    "Rotation",
    "UserInfo",
    "generate_access_token",
    "error_classes",
    "_MockServer",
    "__version__",
    "_core_version",
    "DEFAULT_API_VERSION",
]

__version__: str
# The version of the Rust core the extension was built from.
_core_version: str
DEFAULT_API_VERSION: str

_UserId = Union[str, int]
_Expiry = Union[datetime, date, str, None]
_Path = Union[str, "os.PathLike[str]"]
_BodyFormat = Literal["form", "json"]
_Ids = Iterable[str]

@final
class TokenInfo:
    """An existing token's metadata (never its value)."""

    @property
    def id(self) -> str:
        """The token record's id."""
    @property
    def name(self) -> str:
        """The token's name (``name__v``)."""
    @property
    def user_id(self) -> str:
        """The owner's user id."""
    @property
    def status(self) -> str:
        """``"active__v"`` or ``"inactive__v"`` (expired)."""
    @property
    def expiry(self) -> Optional[datetime]:
        """When it expires (aware, UTC), or ``None``: never."""
    @property
    def last_used(self) -> Optional[datetime]:
        """When it was last used (aware, UTC), or ``None``: never."""
    @property
    def is_active(self) -> bool:
        """``True`` when the status is ``active__v``."""

@final
class RevokeFailure:
    """One id Vault did not revoke, with its ``(type, message)`` errors."""

    def __new__(cls, id: str, errors: list[Tuple[str, str]] = ...) -> Self: ...
    @property
    def id(self) -> str:
        """The token record id."""
    @property
    def errors(self) -> list[Tuple[str, str]]:
        """Vault's errors for this id as ``(type, message)`` pairs."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> Tuple[type[RevokeFailure], Tuple[str, list[Tuple[str, str]]]]: ...

@final
class RevokeReport:
    """What happened to each id of a revoke: every id is in exactly one list."""

    def __new__(
        cls,
        revoked: list[str] = ...,
        failed: list[RevokeFailure] = ...,
        unknown: list[str] = ...,
        not_sent: list[str] = ...,
    ) -> Self: ...
    @property
    def revoked(self) -> list[str]:
        """Ids revoked."""
    @property
    def failed(self) -> list[RevokeFailure]:
        """Ids Vault refused."""
    @property
    def unknown(self) -> list[str]:
        """Ids sent without a readable answer (may or may not be revoked)."""
    @property
    def not_sent(self) -> list[str]:
        """Ids never sent (an earlier batch failed)."""
    @property
    def is_complete(self) -> bool:
        """``True`` when every id was revoked."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(
        self,
    ) -> Tuple[type[RevokeReport], Tuple[list[str], list[RevokeFailure], list[str], list[str]]]: ...

@final
class Rotation:
    """A rotation's new token and the report of the revoke of the old ones."""

    @property
    def token(self) -> AccessToken:
        """The new token."""
    @property
    def revoked(self) -> RevokeReport:
        """What happened to the ids to revoke."""
    @property
    def revoke_error(self) -> Optional[VaultError]:
        """The error that stopped the revoke, or ``None``."""
    @property
    def is_complete(self) -> bool:
        """``True`` when the token was created and every old id revoked."""
    def __reduce__(self) -> NoReturn:
        """Always raises ``TypeError``: a token is not pickled."""

@final
class UserInfo:
    """The authenticated user."""

    @property
    def id(self) -> str:
        """The user id."""
    @property
    def username(self) -> str:
        """The user name."""
    @property
    def first_name(self) -> Optional[str]:
        """``user_first_name__v``."""
    @property
    def last_name(self) -> Optional[str]:
        """``user_last_name__v``."""
    @property
    def email(self) -> Optional[str]:
        """``user_email__v``."""
    @property
    def timezone(self) -> Optional[str]:
        """``user_timezone__v``."""
    @property
    def locale(self) -> Optional[str]:
        """``user_locale__v``."""
    @property
    def security_profile(self) -> Optional[str]:
        """``security_profile__v``."""
    @property
    def license_type(self) -> Optional[str]:
        """``license_type__v``."""
    @property
    def active(self) -> Optional[bool]:
        """``active__v``."""
    @property
    def execution_id(self) -> Optional[str]:
        """``X-VaultAPI-ExecutionId`` of the call, or ``None``."""

@final
class _MockServer:
    """The mock Vault in this process (use ``veeva_vault_auth.testing.MockVault``)."""

    def __new__(cls) -> Self: ...
    @property
    def url(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def push_scripts(self, scripts: str) -> int: ...
    def requests_json(self) -> str: ...
    def tokens_json(self) -> str: ...
    def connections(self) -> int: ...
    def add_token(self, user_id: int, name: str, expires_at: Optional[str] = None) -> str: ...
    def set_page_size(self, rows: int) -> None: ...
    @staticmethod
    def users_json() -> str: ...
    def close(self) -> None: ...

@final
class AccessToken:
    """A newly created Vault API access token; ``repr()`` and ``str()`` never show the token."""

    @property
    def id(self) -> str:
        """The token record's id (``data.id``)."""
    @property
    def token(self) -> str:
        """The token itself (a secret)."""
    @property
    def warnings(self) -> list[Tuple[str, str]]:
        """Vault's warnings as ``(type, message)`` pairs."""
    @property
    def execution_id(self) -> Optional[str]:
        """``X-VaultAPI-ExecutionId`` of the call, or ``None``."""
    @property
    def burst_limit(self) -> Optional[int]:
        """``X-VaultAPI-BurstLimit``, or ``None``."""
    @property
    def burst_limit_remaining(self) -> Optional[int]:
        """``X-VaultAPI-BurstLimitRemaining``, or ``None``."""
    @property
    def response_delay_ms(self) -> Optional[int]:
        """``X-VaultAPI-ResponseDelay`` in milliseconds, or ``None``."""
    def __reduce__(self) -> NoReturn:
        """Always raises ``TypeError``: a token is not pickled."""

@final
class VaultClient:
    """A blocking Vault client; calls release the GIL while they wait."""

    def __new__(
        cls,
        vault_dns: Optional[str] = None,
        *,
        session_id: Optional[str] = None,
        access_token: Optional[str] = None,
        base_url: Optional[str] = None,
        api_version: Optional[str] = None,
        client_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        ca_file: Optional[_Path] = None,
        body_format: Optional[_BodyFormat] = None,
        allow_insecure_http: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> Self: ...
    @staticmethod
    def login(
        vault_dns: Optional[str] = None,
        *,
        username: str,
        password: str,
        base_url: Optional[str] = None,
        api_version: Optional[str] = None,
        client_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        ca_file: Optional[_Path] = None,
        body_format: Optional[_BodyFormat] = None,
        allow_insecure_http: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> VaultClient:
        """Logs in with a user name and password; returns a client holding the session."""
    def generate_access_token(
        self,
        user_id: Optional[_UserId] = None,
        *,
        name: str,
        expiry_date: _Expiry = None,
        sandbox: Optional[str] = None,
    ) -> AccessToken:
        """Generates an API access token."""
    @staticmethod
    def login_oauth(
        vault_dns: Optional[str] = None,
        *,
        profile_id: str,
        idp_access_token: str,
        client_id: Optional[str] = None,
        login_url: Optional[str] = None,
        api_client_id: Optional[str] = None,
        base_url: Optional[str] = None,
        api_version: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        ca_file: Optional[_Path] = None,
        body_format: Optional[_BodyFormat] = None,
        allow_insecure_http: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> VaultClient:
        """Logs in with an OAuth 2.0 / OIDC access token from the identity provider."""
    def list_access_tokens(
        self,
        user_id: Optional[_UserId] = None,
        name: Optional[str] = None,
        include_inactive: bool = False,
    ) -> list[TokenInfo]:
        """Lists API access tokens (metadata only); ``user_id=None`` is the authenticated user."""
    def get_access_token_info(self, token_id: str) -> TokenInfo:
        """One token's metadata."""
    def revoke_access_tokens(self, token_ids: _Ids) -> RevokeReport:
        """Revokes tokens by id (an iterable of ``str``, not a bare ``str``)."""
    def rotate_access_token(
        self,
        *,
        revoke: _Ids,
        user_id: Optional[_UserId] = None,
        sandbox: Optional[str] = None,
        name: str,
        expiry_date: _Expiry = None,
    ) -> Rotation:
        """Creates a token, then revokes the ids in ``revoke``."""
    def find_orphaned_tokens(
        self,
        user_id: Optional[_UserId] = None,
        *,
        name: str,
        sandbox: Optional[str] = None,
    ) -> list[TokenInfo]:
        """Active, never-used tokens with exactly this name (left by a lost create)."""
    def keep_alive(self) -> None:
        """Keeps the session alive."""
    def whoami(self) -> UserInfo:
        """The authenticated user."""
    def logout(self) -> None:
        """Ends the session; later calls raise ``InvalidArgumentError``."""
    def check_api_version(self) -> str:
        """The client's API version, if this Vault offers it (else ``NotFoundOrUnsupportedError``)."""
    def api_versions(self) -> list[str]:
        """The API versions this Vault offers, oldest first."""
    @property
    def logged_out(self) -> bool:
        """``True`` after ``logout()``."""
    @property
    def api_version(self) -> str:
        """The API version calls use."""
    @property
    def user_id(self) -> Optional[str]:
        """The logged-in user's id (clients made by ``login``), else ``None``."""
    @property
    def closed(self) -> bool:
        """``True`` after ``close()``."""
    def close(self) -> None:
        """Releases the connection pool."""
    def __enter__(self) -> Self: ...
    def __exit__(self, *_exc_info: object) -> bool: ...

@final
class AsyncVaultClient:
    """An asyncio Vault client: calls return awaitables and never block the event loop."""

    def __new__(
        cls,
        vault_dns: Optional[str] = None,
        *,
        session_id: Optional[str] = None,
        access_token: Optional[str] = None,
        base_url: Optional[str] = None,
        api_version: Optional[str] = None,
        client_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        ca_file: Optional[_Path] = None,
        body_format: Optional[_BodyFormat] = None,
        allow_insecure_http: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> Self: ...
    @staticmethod
    def login(
        vault_dns: Optional[str] = None,
        *,
        username: str,
        password: str,
        base_url: Optional[str] = None,
        api_version: Optional[str] = None,
        client_id: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        ca_file: Optional[_Path] = None,
        body_format: Optional[_BodyFormat] = None,
        allow_insecure_http: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> asyncio.Future[AsyncVaultClient]:
        """Logs in; resolves to a client holding the session."""
    def generate_access_token(
        self,
        user_id: Optional[_UserId] = None,
        *,
        name: str,
        expiry_date: _Expiry = None,
        sandbox: Optional[str] = None,
    ) -> asyncio.Future[AccessToken]:
        """Generates an API access token; resolves to an ``AccessToken``."""
    @staticmethod
    def login_oauth(
        vault_dns: Optional[str] = None,
        *,
        profile_id: str,
        idp_access_token: str,
        client_id: Optional[str] = None,
        login_url: Optional[str] = None,
        api_client_id: Optional[str] = None,
        base_url: Optional[str] = None,
        api_version: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        ca_file: Optional[_Path] = None,
        body_format: Optional[_BodyFormat] = None,
        allow_insecure_http: bool = False,
        max_response_bytes: Optional[int] = None,
    ) -> asyncio.Future[AsyncVaultClient]:
        """Logs in with an OAuth 2.0 / OIDC access token from the identity provider."""
    def list_access_tokens(
        self,
        user_id: Optional[_UserId] = None,
        name: Optional[str] = None,
        include_inactive: bool = False,
    ) -> asyncio.Future[list[TokenInfo]]:
        """Lists API access tokens (metadata only); ``user_id=None`` is the authenticated user."""
    def get_access_token_info(self, token_id: str) -> asyncio.Future[TokenInfo]:
        """One token's metadata."""
    def revoke_access_tokens(self, token_ids: _Ids) -> asyncio.Future[RevokeReport]:
        """Revokes tokens by id (an iterable of ``str``, not a bare ``str``)."""
    def rotate_access_token(
        self,
        *,
        revoke: _Ids,
        user_id: Optional[_UserId] = None,
        sandbox: Optional[str] = None,
        name: str,
        expiry_date: _Expiry = None,
    ) -> asyncio.Future[Rotation]:
        """Creates a token, then revokes the ids in ``revoke``."""
    def find_orphaned_tokens(
        self,
        user_id: Optional[_UserId] = None,
        *,
        name: str,
        sandbox: Optional[str] = None,
    ) -> asyncio.Future[list[TokenInfo]]:
        """Active, never-used tokens with exactly this name (left by a lost create)."""
    def keep_alive(self) -> asyncio.Future[None]:
        """Keeps the session alive."""
    def whoami(self) -> asyncio.Future[UserInfo]:
        """The authenticated user."""
    def logout(self) -> asyncio.Future[None]:
        """Ends the session; later calls raise ``InvalidArgumentError``."""
    def check_api_version(self) -> asyncio.Future[str]:
        """The client's API version, if this Vault offers it (else ``NotFoundOrUnsupportedError``)."""
    def api_versions(self) -> asyncio.Future[list[str]]:
        """The API versions this Vault offers, oldest first."""
    @property
    def logged_out(self) -> bool:
        """``True`` after ``logout()``."""
    @property
    def api_version(self) -> str:
        """The API version calls use."""
    @property
    def user_id(self) -> Optional[str]:
        """The logged-in user's id (clients made by ``login``), else ``None``."""
    @property
    def closed(self) -> bool:
        """``True`` after ``close()``."""
    def close(self) -> None:
        """Releases the connection pool."""
    def __aenter__(self) -> asyncio.Future[Self]: ...
    def __aexit__(self, *_exc_info: object) -> asyncio.Future[bool]: ...

def generate_access_token(
    vault_dns: Optional[str] = None,
    *,
    user_id: Optional[_UserId] = None,
    name: str,
    expiry_date: _Expiry = None,
    sandbox: Optional[str] = None,
    session_id: Optional[str] = None,
    access_token: Optional[str] = None,
    base_url: Optional[str] = None,
    api_version: Optional[str] = None,
    client_id: Optional[str] = None,
    timeout: Optional[float] = None,
    connect_timeout: Optional[float] = None,
    ca_file: Optional[_Path] = None,
    body_format: Optional[_BodyFormat] = None,
    allow_insecure_http: bool = False,
    max_response_bytes: Optional[int] = None,
) -> AccessToken:
    """Generates one API access token without keeping a client (blocking)."""

def error_classes() -> list[Tuple[str, str]]:
    """``(code, exception class name)`` for every error kind the core defines."""
