"""The HTTP side of a check: which form a body is in, reading it within the limit, checking it."""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from mmsvalidate.checker import Checker, CheckOptions, Suppressions
from mmsvalidate.readers import detect
from mmsvalidate.report import Report
from mmsvalidate.server.config import ServerConfig

_XML = ("application/xml", "text/xml")
_QUERY = ("application/x-www-form-urlencoded",)
_JSON = ("application/json",)


class TooLarge(Exception):
    """A request body over the limit: answered 413 without reading the rest."""


class TooSlow(Exception):
    """A request body that did not arrive in time: answered 408 without waiting for the rest."""


def media_type(request: Request) -> str:
    """The Content-Type's media type, lower case, without parameters ('' when there is none)."""
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


def form_of(media: str, default: str) -> str:
    """The form a body of this media type is in: XML, form-encoded (query), JSON, else ``default``."""
    if media in _XML or media.endswith("+xml"):
        return "xml"
    if media in _QUERY:
        return "query"
    if media in _JSON or media.endswith("+json"):
        return "json"
    return default


def vendor_form(media: str, body: bytes) -> str:
    """The form of a body sent to the API's path, which takes XML and form bodies (no JSON): XML when
    the Content-Type says so or the body starts with ``<`` (as a form body never does), else a form body."""
    return "xml" if form_of(media, "auto") == "xml" or detect(body) == "xml" else "query"


async def read_body(request: Request, limit: int, seconds: float) -> bytes:
    """The whole body, streamed; :class:`TooLarge` as soon as it is known to pass ``limit`` bytes,
    :class:`TooSlow` when it has not all arrived within ``seconds``."""
    length = request.headers.get("content-length", "").strip()
    if length.isdigit() and (len(length) > 19 or int(length) > limit):
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise TooLarge
                chunks.append(chunk)
    except TimeoutError:
        raise TooSlow from None
    return b"".join(chunks)


class Checkers:
    """The service's checkers, one per form and suppression policy, each built once from the configuration
    (:class:`~mmsvalidate.checker.CheckOptions`) and reused by every request. Checks run off the event loop
    (:meth:`~mmsvalidate.checker.Checker.acheck`); with ``online``, each checker keeps one connection pool."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._made: dict[tuple[str, Suppressions], Checker] = {}

    def get(self, form: str, suppressions: Suppressions = Suppressions.HONOUR) -> Checker:
        """The checker for requests in ``form`` (``auto`` tells each by its content)."""
        key = (form, suppressions)
        made = self._made.get(key)
        if made is None:
            config = self.config
            options = CheckOptions(
                profile=config.profile, form=form, codes=config.codes, suppressions=suppressions, media=config.online
            )
            made = self._made[key] = Checker(options)
        return made

    def warm_up(self) -> None:
        """Check a request in each form once, offline, so schemas are built before the first real request."""
        for content, form in ((b"<REQUEST/>", "xml"), (b"{}", "json"), (b"action=sendmms", "query")):
            self.get(form).finish(self.get(form).examine(content))

    async def aclose(self) -> None:
        """Close the media stages' connections."""
        for checker in self._made.values():
            await checker.aclose()


async def check(
    content: bytes, form: str, checkers: Checkers, *, suppressions: Suppressions = Suppressions.HONOUR
) -> Report:
    """Check one request with the service's options (and its media, with ``--online``), off the event loop."""
    return (await checkers.get(form, suppressions).acheck([content]))[0]
