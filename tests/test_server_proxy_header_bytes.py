"""The proxy forwards the caller's header values as their bytes, a byte past ASCII too.

HTTP allows a byte past ASCII in a field value (RFC 9110 5.5, obs-text), and the service takes one; the proxy
handed the caller's ``Accept-Encoding`` and ``Content-Type`` to its HTTP client as text, which the client refused
to encode: a valid request was answered 500, a traceback in the log, and never forwarded.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from collections.abc import Iterator

from tests.serving import VENDOR, Served, Upstream, serve
from tests.test_server_routes import EXAMPLE_QUERY


@pytest.fixture(scope="module")
def proxied() -> Iterator[tuple[Upstream, Served]]:
    with Upstream() as upstream, serve("--upstream", upstream.base) as served:
        yield upstream, served


def test_an_accept_encoding_past_ascii_is_forwarded_as_its_bytes(proxied: tuple[Upstream, Served]) -> None:
    upstream, served = proxied
    received = served.exchange(
        f"GET {VENDOR}?{EXAMPLE_QUERY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n".encode()
        + b"Accept-Encoding: gzip;q=1, x-\xe9\r\n\r\n",
    )
    assert received.partition(b"\r\n")[0] == b"HTTP/1.1 200 OK"
    assert received.endswith(b"\r\n\r\n" + Upstream.answer)
    assert upstream.received[-1].headers["accept-encoding"] == "gzip;q=1, x-\xe9"  # the byte, read as Latin-1


def test_a_content_type_past_ascii_is_forwarded_as_its_bytes(proxied: tuple[Upstream, Served]) -> None:
    upstream, served = proxied
    body = EXAMPLE_QUERY.encode()
    received = served.exchange(
        f"POST {VENDOR} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\nConnection: close\r\n".encode()
        + b"Content-Type: application/x-www-form-urlencoded; note=\xe9\xff\r\n\r\n"
        + body,
    )
    assert received.partition(b"\r\n")[0] == b"HTTP/1.1 200 OK"
    last = upstream.received[-1]
    assert (last.headers["content-type"], last.body) == ("application/x-www-form-urlencoded; note=\xe9\xff", body)


def test_no_traceback(proxied: tuple[Upstream, Served]) -> None:
    _, served = proxied
    assert "Traceback" not in served.stderr()
