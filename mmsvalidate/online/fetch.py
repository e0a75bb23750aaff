"""Fetch a media URL as the API would, and never anywhere it must not go.

A plain ``GET`` of the URL without its query string, redirects followed by hand (each hop
checked again), at most ``limit + 1`` bytes read. Host names are resolved here, every address is
checked (see :mod:`mmsvalidate.online.addresses`), and the connection goes to the address that was
checked: the name is never resolved again, so DNS rebinding cannot slip past. TLS still verifies
the certificate against the host name (SNI), and the ``Host`` header is the URL's.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

import attrs
import httpcore

from mmsvalidate.model import SPACE
from mmsvalidate.online.addresses import refusal
from mmsvalidate.online.options import OnlineOptions

REDIRECTS = frozenset({301, 302, 303, 307, 308})
MISSING = frozenset({404, 410})
#: Whole bodies are kept (for decoding and ZIP listings) up to this size; larger ones only sniffed.
KEEP = 20 * 1024 * 1024
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_NOT_FOUND = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class NoSuchHost(Exception):
    """The host name does not resolve."""


class Refused(Exception):
    """The host resolves to an address a fetch may not reach."""


class Unreachable(Exception):
    """No checked address of the host accepted a connection."""


@attrs.frozen
class Target:
    """A URL ready to fetch: where to connect and what to ask for."""

    scheme: str
    host: str
    port: int
    target: str

    @property
    def authority(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.authority}{self.target}"


def target(url: str, *, strip_query: bool = True) -> Target | str:
    """The :class:`Target` of ``url`` (its query dropped, as the API does), or why there is none."""
    try:
        parts = urlsplit(url.strip(SPACE))
        port = parts.port
    except ValueError as exc:
        return f"not a URL that can be fetched: {exc}"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return f"not an http(s) URL: {scheme or 'no'} scheme"
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return "no host name"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return f"'{host}' is not a valid host name"
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    if not strip_query and parts.query:
        path += "?" + quote(parts.query, safe=_SAFE_PATH + "?")
    return Target(scheme, host, port if port is not None else (443 if scheme == "https" else 80), path)


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that resolves, checks every address, then connects to a checked one."""

    def __init__(self, options: OnlineOptions) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._options = options

    def _allows_private(self, host: str) -> bool:
        return self._options.allow_private or host.lower() in self._options.allow_hosts

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if not self._options.fetches_from(host):
            raise Refused(f"{host} is not one of the media hosts allowed here")
        loop = asyncio.get_running_loop()
        try:
            found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            if exc.errno in _NOT_FOUND:
                raise NoSuchHost(f"host name '{host}' does not resolve") from None
            raise httpcore.ConnectError(f"host name '{host}' could not be resolved: {exc.strerror}") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))
        for address in addresses:
            reason = refusal(address, allow_private=self._allows_private(host))
            if reason is not None:
                shown = f"{host} is" if _literal(host) == address else f"{host} resolves to {address},"
                raise Refused(f"{shown} {reason}; the API cannot fetch from it either")
        said = "no address"
        for address in addresses:
            try:
                return await self._inner.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                said = failure(exc, timeout or 0)[1]
        raise Unreachable(said)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise Refused("a unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@attrs.frozen
class Media:
    """What fetching one URL gave: the verdict every slot using that URL shares.

    ``outcome`` is ``ok`` (bytes were served), ``missing`` (404/410, or the host does not resolve)
    or ``failed`` (anything else; ``detail`` says what). ``size`` is the bytes read, or the
    declared ``Content-Length`` when the body was not read at all (``read`` false).
    """

    url: str
    outcome: str
    detail: str = ""
    status: int | None = None
    hops: tuple[str, ...] = ()
    size: int = 0
    read: bool = True
    complete: bool = True
    declared: int | None = None
    chunked: bool = False
    content_type: str | None = None
    kind: str | None = None
    description: str = ""
    image_problem: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def length(value: str | None) -> int | None:
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < 8:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _tls(error: ssl.SSLError) -> str:
    reason = getattr(error, "reason", None) or "handshake failed"
    said = getattr(error, "verify_message", None)
    return f"TLS failed ({reason}: {said})" if said else f"TLS failed ({reason})"


def failure(exc: BaseException, timeout: float) -> tuple[str, str]:
    """(outcome, detail) for an exception met while fetching, in words that do not vary by platform."""
    if isinstance(exc, NoSuchHost):
        return "missing", str(exc)
    if isinstance(exc, Refused):
        return "failed", f"refused: {exc}"
    if isinstance(exc, Unreachable):
        return "failed", str(exc)
    if isinstance(exc, TimeoutError | httpcore.TimeoutException):
        return "failed", f"no complete answer within {timeout:g} s"
    chain = _chain(exc)
    for cause in chain:
        if isinstance(cause, ssl.SSLError):
            return "failed", _tls(cause)
        if isinstance(cause, ConnectionRefusedError):
            return "failed", "connection refused"
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return "failed", "connection reset"
    if isinstance(exc, httpcore.RemoteProtocolError | httpcore.ReadError):
        return "failed", "the server closed the connection before the whole answer"
    if isinstance(exc, httpcore.ConnectError):
        return "failed", f"could not connect: {exc}"
    return "failed", f"connection failed ({type(exc).__name__}): {exc}"


#: Exceptions that are a failed fetch, not a bug.
FETCH_ERRORS = (
    NoSuchHost,
    Refused,
    Unreachable,
    TimeoutError,
    OSError,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.TimeoutException,
    httpcore.UnsupportedProtocol,
)
