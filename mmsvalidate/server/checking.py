"""The HTTP side of a check: which form a body is in, reading it within the limit, checking it."""

from __future__ import annotations

import asyncio
import time

from starlette.requests import ClientDisconnect, Request
from starlette.types import Receive, Scope

from mmsvalidate.checker import Checker, CheckOptions, Suppressions
from mmsvalidate.readers import detect
from mmsvalidate.report import Report
from mmsvalidate.server.config import ServerConfig

_XML = ("application/xml", "text/xml")
_QUERY = ("application/x-www-form-urlencoded",)
_JSON = ("application/json",)
#: Bodies up to this size are checked on the event loop itself when the check is offline: handing a small
#: check to the checking thread and back costs more than the check (wake-ups, the interpreter lock changing
#: hands), while a check of a body this size takes a millisecond or two at worst. Larger bodies, and every
#: check with ``--online``, run off the loop.
INLINE_BYTES = 2048
#: Most seconds of inline checks the event loop runs before it looks at its sockets again; past it, a small
#: body waits for the loop's next turn (after the sockets, behind the bodies that waited before it), so a
#: burst of them never holds up a health check for long.
INLINE_BUDGET = 0.005
#: Most turns of the loop a small body waits for that budget; past them (a backlog of several turns' worth of
#: checks, each waiting body woken every turn) it goes to the checking thread after all.
INLINE_TURNS = 4


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


def head_values(scope: Scope) -> tuple[str, str]:
    """The request's Content-Type media type (as :func:`media_type`) and Content-Length (stripped), ``''`` for
    each it has not, read in one pass over the raw header fields (the first of each name, as Starlette reads)."""
    media = length = None
    for name, value in scope["headers"]:
        if name == b"content-type":
            if media is None:
                media = value.decode("latin-1").partition(";")[0].strip().lower()
                if length is not None:
                    break
        elif name == b"content-length" and length is None:
            length = value.decode("latin-1").strip()
            if media is not None:
                break
    return media or "", length or ""


async def read_body(request: Request, limit: int, seconds: float) -> bytes:
    """The whole body, streamed; :class:`TooLarge` as soon as it is known to pass ``limit`` bytes,
    :class:`TooSlow` when it has not all arrived within ``seconds``, ``ClientDisconnect`` when the client left."""
    return await receive_body(request.receive, request.headers.get("content-length", "").strip(), limit, seconds)


async def receive_body(receive: Receive, length: str, limit: int, seconds: float) -> bytes:
    """:func:`read_body` from the ASGI ``receive`` and the Content-Length's text (``''`` without one).

    The messages are read straight from the server under one timer (a body that came with its head, as a small
    one does, is one message that is already there)."""
    digits = length.lstrip("0")  # a length may have leading zeros (RFC 9110 8.6: 1*DIGIT)
    if length.isdigit() and (len(digits) > 19 or int(digits or "0") > limit):
        raise TooLarge
    task = asyncio.current_task()
    assert task is not None
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    timer = asyncio.get_running_loop().call_later(seconds, expire)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            message = await receive()
            if message["type"] != "http.request":  # http.disconnect
                raise ClientDisconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
    except asyncio.CancelledError:
        if expired and task.uncancel() == 0:
            raise TooSlow from None
        raise
    finally:
        timer.cancel()
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class Checkers:
    """The service's checkers, one per form and suppression policy, each built once from the configuration
    (:class:`~mmsvalidate.checker.CheckOptions`) and reused by every request. Checks run off the event loop
    (:meth:`~mmsvalidate.checker.Checker.acheck`), but for small offline ones (:meth:`check_inline`); with
    ``online``, each checker keeps one connection pool."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._made: dict[tuple[str, Suppressions], Checker] = {}
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop whose turn the budget is counted in
        self._spent = 0.0  # seconds of inline checks since that loop last looked at its sockets
        self._reset_armed = False

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

    @staticmethod
    def inline(checker: Checker, content: bytes) -> bool:
        """Whether ``content`` is checked on the event loop: small, and offline."""
        return checker.options.media is None and len(content) <= INLINE_BYTES

    def check_inline(self, checker: Checker, content: bytes) -> Report | None:
        """``content`` checked right here when it is small and the loop's inline budget is not spent, else ``None``."""
        if not self.inline(checker, content):
            return None
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a budget per loop: one closed with a reset pending holds up no other
            self._loop, self._spent, self._reset_armed = loop, 0.0, False
        elif self._spent >= INLINE_BUDGET:
            return None
        start = time.perf_counter()
        try:
            return checker.check(content)
        finally:
            self._spent += time.perf_counter() - start
            if not self._reset_armed:  # a callback scheduled now runs once the loop has polled its sockets
                self._reset_armed = True
                loop.call_soon(self._reset)

    def _reset(self) -> None:
        self._spent, self._reset_armed = 0.0, False


async def check(
    content: bytes, form: str, checkers: Checkers, *, suppressions: Suppressions = Suppressions.HONOUR
) -> Report:
    """Check one request with the service's options (and its media, with ``--online``): a small offline one on
    the event loop (:data:`INLINE_BYTES`, :data:`INLINE_BUDGET`; when this turn's budget is spent, in one of the
    next :data:`INLINE_TURNS` turns rather than on the checking thread, whose hand-off costs more than the check),
    any other off it."""
    checker = checkers.get(form, suppressions)
    if checkers.inline(checker, content):
        report = checkers.check_inline(checker, content)
        turns = 0
        while report is None and turns < INLINE_TURNS:
            turns += 1
            await asyncio.sleep(0)  # the next turn, once the loop has looked at its sockets
            report = checkers.check_inline(checker, content)
        if report is not None:
            return report
    return (await checker.acheck([content]))[0]
