"""The HTTP side of a check: which form a body is in, reading it within the limit, checking it."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from mmsvalidate.engine import validate
from mmsvalidate.readers import detect
from mmsvalidate.report import Report
from mmsvalidate.server.config import ServerConfig
from mmsvalidate.settings.selection import keep

if TYPE_CHECKING:
    from mmsvalidate.online.run import MediaChecker

#: Requests up to this size are checked on the event loop (well under a millisecond); larger
#: ones in a thread, so one big request doesn't hold up the others' answers.
INLINE_BYTES = 65_536

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


def check_now(content: bytes, form: str, config: ServerConfig, suppressions: bool = True) -> Report:
    """Check one request with the service's profile and selection of codes (and the request's own
    suppression comments, unless ``suppressions`` is false)."""
    report = validate(content, form=form, profile=config.profile, suppressions=suppressions)
    return keep(report, config.codes) if config.codes is not None else report


def warm_up(config: ServerConfig) -> None:
    """Check a request in each form once, so the schemas are built before the first real request."""
    for content, form in ((b"<REQUEST/>", "xml"), (b"{}", "json"), (b"action=sendmms", "query")):
        check_now(content, form, config)


async def check(
    content: bytes,
    form: str,
    config: ServerConfig,
    checker: MediaChecker | None = None,
    *,
    suppressions: bool = True,
) -> Report:
    """:func:`check_now`, on the event loop for a small request, in a thread for a large one; with a
    ``checker`` (``--online``), the offline check and then the request's media fetched."""
    if checker is not None:
        report = await checker.validate(content, form=form, profile=config.profile, suppressions=suppressions)
        return keep(report, config.codes) if config.codes is not None else report
    if len(content) <= INLINE_BYTES:
        return check_now(content, form, config, suppressions)
    return await run_in_threadpool(check_now, content, form, config, suppressions)
