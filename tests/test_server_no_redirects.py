"""A path outside the service's table is 404, a table path with a trailing slash too: never a redirect.

Starlette redirected ``/v1/check/`` and ``/API/wxml/1.3/index.php/`` (307) to the path without the slash, at the host
the client's ``Host`` named and over plain HTTP, the query string with it: behind the TLS-terminating proxy
docs/service.md recommends, a client following it sent its API key in clear (the query string, or a POST's body
again). docs/service.md's table names each route's exact path; paths outside it are the route ``other``.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from collections.abc import Iterator

import httpx

from tests.serving import VENDOR, Served, serve
from tests.test_server_routes import EXAMPLE_QUERY, EXAMPLE_XML

#: Each table path with a trailing slash.
SLASHED = ["/v1/check/", VENDOR + "/", "/healthz/", "/metrics/", "/openapi.json/", "/docs/", "/v1/explain/"]


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with serve() as served:
        yield served


def answer(served: Served, request: bytes) -> tuple[bytes, bytes]:
    """The head and body of the answer to ``request``, sent as it is."""
    head, _, body = served.exchange(request).partition(b"\r\n\r\n")
    return head, body


@pytest.mark.parametrize("path", SLASHED)
def test_a_table_path_with_a_trailing_slash_is_404_with_no_location(server: Served, path: str) -> None:
    head, body = answer(
        server, f"GET {path}?{EXAMPLE_QUERY} HTTP/1.1\r\nHost: elsewhere.example\r\nConnection: close\r\n\r\n".encode()
    )
    assert head.partition(b"\r\n")[0] == b"HTTP/1.1 404 Not Found"
    assert b"location:" not in head.lower() and b"elsewhere" not in head + body
    assert body == b"Not Found"


def test_a_post_to_the_apis_path_with_a_slash_is_not_sent_elsewhere(server: Served) -> None:
    head, body = answer(
        server,
        f"POST {VENDOR}/ HTTP/1.1\r\nHost: elsewhere.example\r\nContent-Type: text/xml\r\n"
        f"Content-Length: {len(EXAMPLE_XML)}\r\nConnection: close\r\n\r\n".encode()
        + EXAMPLE_XML,
    )
    assert head.partition(b"\r\n")[0] == b"HTTP/1.1 404 Not Found"
    assert b"location:" not in head.lower()
    assert body == b"Not Found"


def test_slashed_paths_are_counted_as_the_route_other(server: Served) -> None:
    text = httpx.get(server.url("/metrics"), timeout=30).text
    assert 'mmsvalidate_http_requests_total{method="GET",route="other",status="404"}' in text
    assert 'status="307"' not in text
