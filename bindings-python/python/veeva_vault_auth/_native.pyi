"""Native part of the ``veeva_vault_auth`` package (import the package, not this module)."""

import asyncio
import os
from datetime import date, datetime
from typing import Literal, NoReturn, Optional, Tuple, Union, final

from typing_extensions import Self

__all__ = [
    "VaultClient",
    "AsyncVaultClient",
    "AccessToken",
    "generate_access_token",
    "error_classes",
    "__version__",
    "DEFAULT_API_VERSION",
]

__version__: str
DEFAULT_API_VERSION: str

_UserId = Union[str, int]
_Expiry = Union[datetime, date, str, None]
_Path = Union[str, "os.PathLike[str]"]
_BodyFormat = Literal["form", "json"]

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
