"""The proxy's relay of the upstream's answer: its status, its end-to-end headers, its body bytes as they came.

Hop-by-hop headers are not relayed: those RFC 9110 section 7.6.1 names (Connection, Proxy-Connection,
Keep-Alive, TE, Transfer-Encoding, Upgrade), those of RFC 2616 section 13.5.1 still seen
(Trailer, Proxy-Authenticate, Proxy-Authorization), and every header the upstream's Connection
names. Content-Length is the service's own framing and Date its own stamp, so neither is copied
(a second Date would be a duplicate). The body is relayed undecoded, so its Content-Encoding still
holds; an answer over :data:`MAX_ANSWER_BYTES`, or with a status outside 100-599 or an informational
one, is not relayed (502).
"""

from __future__ import annotations

import asyncio
import re

import httpx
from starlette.responses import PlainTextResponse, Response

#: Hop-by-hop fields: meaningful for one connection only, never relayed.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "proxy-connection",
        "keep-alive",
        "te",
        "transfer-encoding",
        "upgrade",
        "trailer",
        "proxy-authenticate",
        "proxy-authorization",
    }
)
#: Fields the service writes itself: its own framing and its own Date.
OWN = frozenset({"content-length", "date"})
#: Most bytes of an upstream's answer relayed (the API answers a few hundred bytes of XML).
MAX_ANSWER_BYTES = 8 * 1024 * 1024
#: What an HTTP/1.1 field value may not hold (RFC 9110 section 5.5): controls other than tab.
_BAD_VALUE = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def end_to_end(headers: httpx.Headers) -> list[tuple[bytes, bytes]]:
    """The upstream's end-to-end headers, in order, repeated ones kept (Set-Cookie), names in lower case."""
    named = {token.strip().lower() for value in headers.get_list("connection") for token in value.split(",")}
    dropped = HOP_BY_HOP | OWN | named
    return [
        (name.lower(), value)
        for name, value in headers.raw
        if name.lower().decode("latin-1") not in dropped and not _BAD_VALUE.search(value)
    ]


async def _read(answer: httpx.Response) -> bytes | None:
    """The answer's raw bytes, ``None`` when they pass :data:`MAX_ANSWER_BYTES`."""
    chunks, size = [], 0
    async for chunk in answer.aiter_raw():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def relay(client: httpx.AsyncClient, request: httpx.Request, seconds: float) -> tuple[Response, str]:
    """Send ``request`` and build the answer relaying the upstream's, within ``seconds`` in all;
    with the outcome for metrics (``forwarded``, ``upstream_timeout``,
    ``upstream_unreachable``, ``upstream_invalid``)."""
    host = request.url.host
    try:
        async with asyncio.timeout(seconds):
            answer = await client.send(request, stream=True)
            try:
                body = await _read(answer)
            finally:
                await answer.aclose()
    except (httpx.TimeoutException, TimeoutError):
        return PlainTextResponse(f"upstream {host} did not answer within {seconds:g} s\n", 504), "upstream_timeout"
    except httpx.HTTPError as exc:
        return PlainTextResponse(f"upstream {host} unreachable: {type(exc).__name__}\n", 502), "upstream_unreachable"
    if body is None:
        text = f"upstream {host} answered more than {MAX_ANSWER_BYTES} bytes\n"
        return PlainTextResponse(text, 502), "upstream_invalid"
    if not 200 <= answer.status_code <= 599:
        text = f"upstream {host} answered status {answer.status_code}, which is not relayed\n"
        return PlainTextResponse(text, 502), "upstream_invalid"
    response = Response(body, status_code=answer.status_code)
    own = response.raw_headers
    if request.method == "HEAD":  # no body, but the length a GET would have
        own = [(b"content-length", value.encode("latin-1")) for value in answer.headers.get_list("content-length")[:1]]
    response.raw_headers = [*own, *end_to_end(answer.headers)]
    return response, "forwarded"
