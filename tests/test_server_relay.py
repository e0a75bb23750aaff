"""The proxy relays the upstream's answer whole: status, end-to-end headers, body bytes; never hop-by-hop headers.

A real upstream (an HTTP server on 127.0.0.1) redirects, sets cookies and caching headers, names headers in its
Connection header, compresses; the real service on a free port relays it to a real client.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import asyncio
import gzip
import re
import threading
from collections.abc import Iterator

import httpx

from tests.serving import VENDOR, Served, Upstream, serve
from tests.test_server_routes import EXAMPLE_QUERY, EXAMPLE_XML

#: End-to-end headers an upstream sets: each is relayed as it was sent, repeated ones each on its own line.
END_TO_END = [
    ("Location", "https://api.example/API/wxml/1.3/index.php?moved=1"),
    ("Set-Cookie", "session=a1; Path=/; HttpOnly"),
    ("Set-Cookie", "region=eu; Path=/"),
    ("Cache-Control", "no-store"),
    ("ETag", '"v1-abc"'),
    ("X-Request-Id", "req-7f3a"),
    ("Retry-After", "120"),
    ("WWW-Authenticate", 'Basic realm="api"'),
]
#: Hop-by-hop headers (RFC 9110 7.6.1, the older Trailer and Proxy-Authenticate) and one the Connection names.
HOP_BY_HOP = [
    ("Connection", "X-Hop-Secret, X-Other-Hop"),
    ("X-Hop-Secret", "for the next hop only"),
    ("X-Other-Hop", "also"),
    ("Keep-Alive", "timeout=5, max=100"),
    ("Proxy-Connection", "keep-alive"),
    ("Upgrade", "h2c"),
    ("Trailer", "X-Checksum"),
    ("Proxy-Authenticate", 'Basic realm="proxy"'),
    ("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0"),
    ("TE", "trailers"),
]
DROPPED = {name.lower() for name, _ in HOP_BY_HOP}


@pytest.fixture(scope="module")
def proxied() -> Iterator[tuple[Upstream, Served]]:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        yield upstream, served


def send(served: Served, method: str = "POST", **headers: str) -> httpx.Response:
    """A valid request to the API's path (the spec's example), redirects not followed."""
    url = served.url(VENDOR)
    if method == "POST":
        return httpx.post(url, content=EXAMPLE_XML, headers={"Content-Type": "text/xml", **headers}, timeout=30)
    return httpx.request(method, url + "?" + EXAMPLE_QUERY, headers=headers, timeout=30)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_comes_back_with_its_location_and_every_end_to_end_header(
    proxied: tuple[Upstream, Served], status: int
) -> None:
    upstream, served = proxied
    upstream.status, upstream.headers = status, (*END_TO_END, *HOP_BY_HOP)
    answer = send(served)
    assert answer.status_code == status
    assert answer.headers["location"] == "https://api.example/API/wxml/1.3/index.php?moved=1"
    for name in {n for n, _ in END_TO_END}:
        assert answer.headers.get_list(name) == [v for n, v in END_TO_END if n == name], name
    assert answer.headers["content-type"] == Upstream.content_type
    assert answer.headers["server"].startswith("BaseHTTP/")  # the upstream's, end to end
    assert DROPPED.isdisjoint(answer.headers.keys()), answer.headers
    assert len(answer.headers.get_list("date")) == 1  # the service's own, not a second one
    assert (answer.content, answer.headers["content-length"]) == (Upstream.answer, str(len(Upstream.answer)))


@pytest.mark.parametrize(
    ("status", "headers"),
    [
        (200, [("X-Request-Id", "ok-1")]),
        (201, [("Location", "/API/wxml/1.3/status/1")]),
        (404, [("X-Request-Id", "nf-2")]),
        (429, [("Retry-After", "30")]),
        (503, [("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")]),
    ],
)
def test_other_statuses_come_back_with_their_headers(
    proxied: tuple[Upstream, Served], status: int, headers: list[tuple[str, str]]
) -> None:
    upstream, served = proxied
    upstream.status, upstream.headers = status, headers
    answer = send(served, method="GET")
    assert answer.status_code == status
    for name, value in headers:
        assert answer.headers.get_list(name) == [value]
    assert answer.content == Upstream.answer


def test_no_content_and_head_keep_their_framing(proxied: tuple[Upstream, Served]) -> None:
    upstream, served = proxied
    upstream.status, upstream.headers = 204, [("Content-Length", "0"), ("X-Request-Id", "nc-3")]
    empty = send(served)
    assert (empty.status_code, empty.content, empty.headers["x-request-id"]) == (204, b"", "nc-3")
    upstream.status, upstream.headers = 200, [("X-Request-Id", "hd-4")]
    head = send(served, method="HEAD")
    assert (head.status_code, head.content, head.headers["x-request-id"]) == (200, b"", "hd-4")
    assert head.headers["content-length"] == str(len(Upstream.answer))  # what the GET would carry
    assert upstream.received[-1].method == "HEAD"


def raw_post(served: Served, extra: bytes = b"") -> tuple[bytes, bytes]:
    """A POST of the spec's example over a plain socket, with no header but Host, Content-Type, Content-Length
    and ``extra``: the answer's head and body as they arrived."""
    request = (
        f"POST {VENDOR} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
        f"Content-Length: {len(EXAMPLE_XML)}\r\nConnection: close\r\n".encode()
        + extra
        + b"\r\n"
        + EXAMPLE_XML
    )
    head, _, body = served.exchange(request).partition(b"\r\n\r\n")
    return head, body


def test_a_compressed_answer_is_relayed_as_it_came(proxied: tuple[Upstream, Served]) -> None:
    upstream, served = proxied
    packed = gzip.compress(Upstream.answer)
    upstream.status, upstream.headers = 200, [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
    upstream.answer = packed
    try:
        answer = send(served, **{"Accept-Encoding": "gzip"})
        assert upstream.received[-1].headers["accept-encoding"] == "gzip"  # the caller's own
        assert answer.headers["content-encoding"] == "gzip" and answer.headers["vary"] == "Accept-Encoding"
        assert answer.content == Upstream.answer  # decoded by the client, from the bytes the upstream sent
        head, body = raw_post(served, b"Accept-Encoding: gzip\r\n")
        assert body == packed and f"content-length: {len(packed)}".encode() in head.lower()
        upstream.headers = []
        upstream.answer = Upstream.answer
        head, body = raw_post(served)  # a caller that names no encoding
        assert upstream.received[-1].headers["accept-encoding"] == "identity"
        assert body == Upstream.answer
    finally:
        upstream.answer = Upstream.answer


def test_a_chunked_answer_is_relayed_with_one_content_length_and_lower_case_names(
    proxied: tuple[Upstream, Served],
) -> None:
    # docs/service.md: Transfer-Encoding is hop-by-hop and Content-Length the service's own: a chunked answer comes
    # back as its bytes, framed by exactly one Content-Length; the end-to-end headers in order, named in lower case
    upstream, served = proxied
    parts = (b"<RESPONSE><STATUS>Success", b"</STATUS></RESPONSE>")
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"
    upstream.status, upstream.answer = 200, chunked
    upstream.headers = [("Transfer-Encoding", "chunked"), ("X-Request-Id", "ch-5"), ("ETag", '"c1"')]
    try:
        head, body = raw_post(served)
    finally:
        upstream.answer = Upstream.answer
    whole = b"<RESPONSE><STATUS>Success</STATUS></RESPONSE>"
    assert body == whole
    lines = head.split(b"\r\n")
    assert lines[0] == b"HTTP/1.1 200 OK"
    fields = [line.partition(b": ") for line in lines[1:]]
    assert [value for name, _, value in fields if name.lower() == b"content-length"] == [str(len(whole)).encode()]
    assert [name for name, _, _ in fields if name.lower() == b"transfer-encoding"] == []
    relayed = [(name, value) for name, _, value in fields if name in (b"x-request-id", b"etag", b"content-type")]
    assert relayed == [
        (b"content-type", Upstream.content_type.encode()),
        (b"x-request-id", b"ch-5"),
        (b"etag", b'"c1"'),
    ]
    # an answer framed by its Content-Length comes back with one too, the service's (a client's parser may fold a
    # repeated one, so the bytes on the wire are read)
    upstream.headers = [("X-Request-Id", "cl-6")]
    head, body = raw_post(served)
    fields = [line.partition(b": ") for line in head.split(b"\r\n")[1:]]
    assert body == Upstream.answer
    assert [value for name, _, value in fields if name.lower() == b"content-length"] == [str(len(body)).encode()]


@pytest.mark.parametrize("status", [200, 599])
def test_every_status_from_200_to_599_is_relayed(proxied: tuple[Upstream, Served], status: int) -> None:
    upstream, served = proxied
    upstream.status, upstream.headers = status, [("X-Request-Id", f"st-{status}")]
    answer = send(served, method="GET")
    assert (answer.status_code, answer.headers["x-request-id"], answer.content) == (
        status,
        f"st-{status}",
        Upstream.answer,
    )


def invalid(served: Served) -> float:
    """The service's count of upstream answers it could not relay."""
    metrics = httpx.get(served.url("/metrics"), timeout=30).text
    found = re.search(r'^mmsvalidate_proxy_requests_total\{outcome="upstream_invalid"\} (\S+)$', metrics, re.M)
    return float(found[1]) if found else 0.0


@pytest.mark.parametrize("status", [600, 799])
def test_an_answer_that_cannot_be_relayed_is_502(proxied: tuple[Upstream, Served], status: int) -> None:
    # docs/service.md: an answer with a status outside 200-599 is 502 with a plain message
    upstream, served = proxied
    upstream.headers = []
    upstream.status = status
    before = invalid(served)
    answer = send(served)
    text = f"upstream 127.0.0.1 answered status {status}, which is not relayed\n"
    assert (answer.status_code, answer.text) == (502, text)
    assert invalid(served) == before + 1


def test_an_answer_too_large_is_502_and_8_mib_is_relayed(proxied: tuple[Upstream, Served]) -> None:
    upstream, served = proxied
    upstream.headers = []
    upstream.status = 200
    upstream.answer = b"x" * (8 * 1024 * 1024 + 1)
    before = invalid(served)
    try:
        answer = send(served)
    finally:
        upstream.answer = Upstream.answer
    assert (answer.status_code, answer.text) == (502, "upstream 127.0.0.1 answered more than 8388608 bytes\n")
    assert invalid(served) == before + 1
    upstream.answer = b"x" * (8 * 1024 * 1024)  # 8 MiB is not over 8 MiB: relayed, every byte
    try:
        answer = send(served)
    finally:
        upstream.answer = Upstream.answer
    assert (answer.status_code, len(answer.content)) == (200, 8 * 1024 * 1024)


async def _burst(served: Served, size: int) -> list[int]:
    async with httpx.AsyncClient(timeout=60) as client:
        sends = [
            client.post(served.url(VENDOR), content=EXAMPLE_XML, headers={"Content-Type": "text/xml"})
            for _ in range(size)
        ]
        return [answer.status_code for answer in await asyncio.gather(*sends)]


def test_the_proxy_keeps_32_idle_connections_to_the_upstream(proxied: tuple[Upstream, Served]) -> None:
    # docs/service.md: the proxy keeps up to 32 idle connections to the upstream for the next requests. The upstream
    # holds each request of a burst of 33 until all have arrived, so each burst has 33 connections open at once: after
    # the first, 32 are kept, and the second opens one more
    upstream, served = proxied
    upstream.status, upstream.headers = 200, []
    upstream.gate = threading.Barrier(33)
    try:
        assert asyncio.run(_burst(served, 33)) == [200] * 33
        before = upstream.connections
        assert asyncio.run(_burst(served, 33)) == [200] * 33
    finally:
        upstream.gate = None
    assert upstream.connections - before == 1
