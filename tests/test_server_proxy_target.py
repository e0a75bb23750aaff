"""The proxy forwards the request target as the caller sent it: the path and the query string byte for byte.

The characters HTTP servers take in a query string as they are (``"``, ``<``, ``>``, ``{``, ``|``, a backslash, a
backtick) were re-encoded on the way (``%22``, ``%3C``): the same parameters to PHP, but not the bytes the check
passed, which docs/service.md promises are what is forwarded.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from collections.abc import Iterator

from tests.serving import Served, Upstream, serve

#: A valid request whose subject holds each character a server may take unencoded in a query string.
QUERY = (
    b"action=sendmms&api_key=k&to=15551234888&from=60856&name=n&slide_text_value_0=Hi"
    b'&subject=a"b<c>d{e}f|g\\h^i`j%22k%3cl+m'
)


@pytest.fixture(scope="module")
def proxied() -> Iterator[tuple[Upstream, Served]]:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base + "/base/") as served:
        yield upstream, served


def raw(served: Served, request: bytes) -> bytes:
    """The status line of the answer to ``request``, sent as it is."""
    return served.exchange(request).partition(b"\r\n")[0]


@pytest.mark.parametrize("method", [b"GET", b"HEAD", b"POST"])
def test_the_query_string_reaches_the_upstream_byte_for_byte(proxied: tuple[Upstream, Served], method: bytes) -> None:
    upstream, served = proxied
    before = len(upstream.received)
    path = b"/API/wxml/1.3/index%2Ephp"  # the path too, as it came
    head = method + b" " + path + b"?" + QUERY + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    assert raw(served, head + (b"Content-Length: 0\r\n" if method == b"POST" else b"") + b"\r\n") == (
        b"HTTP/1.1 200 OK"
    )
    assert len(upstream.received) == before + 1
    received = upstream.received[-1]
    assert (received.method, received.target.encode("latin-1")) == (method.decode(), b"/base" + path + b"?" + QUERY)
