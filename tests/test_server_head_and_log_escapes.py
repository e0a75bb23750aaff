"""The real service: a HEAD gets the headers its GET would (RFC 9110 9.3.2), and the access log escapes a path so
that two different paths are never one line.

``HEAD /v1/check?QUERY`` was answered as a POST of no body (the length and findings of an empty request, counted as
such), and ``HEAD /v1/playground`` as a check of no body rather than as its GET; the access log wrote U+FFFD as
``\\xfffd`` (also ``\\xff`` then ``fd``) and a backslash as itself (so the text ``\\x22`` read as a quote).
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import re
from collections.abc import Iterator

import httpx

from tests.serving import VENDOR, Served, serve
from tests.test_server_routes import EXAMPLE_QUERY

#: The headers a HEAD must share with its GET (``date`` aside, which is the moment's).
SHARED = ("content-type", "content-length", "x-content-type-options", "referrer-policy")


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with serve() as served:
        yield served


def shared(answer: httpx.Response) -> dict[str, str | None]:
    return {name: answer.headers.get(name) for name in SHARED}


@pytest.mark.parametrize(
    "target",
    [
        "/v1/check?" + EXAMPLE_QUERY,
        "/v1/check?action=sendmms&to=1",
        "/v1/check",
        "/v1/playground",
        VENDOR + "?" + EXAMPLE_QUERY,
        VENDOR + "?action=sendmms&to=1",
    ],
)
def test_a_head_gets_the_status_and_headers_of_its_get_and_no_body(server: Served, target: str) -> None:
    with httpx.Client(timeout=30) as client:
        got = client.get(server.url(target))
        head = client.head(server.url(target))
    assert (head.status_code, shared(head), head.content) == (got.status_code, shared(got), b"")
    assert int(got.headers["content-length"]) == len(got.content)


def test_a_head_of_a_check_is_counted_as_its_get() -> None:
    with serve("--quiet") as alone:
        httpx.head(alone.url("/v1/check?action=sendmms&api_key=k&to=abc&from=60856&name=n&subject=s"), timeout=30)
        text = httpx.get(alone.url("/metrics"), timeout=30).text
    assert 'mmsvalidate_http_requests_total{method="HEAD",route="/v1/check",status="200"} 1.0' in text
    # its first error is the query's (E110, the number), not an empty body's (E100)
    assert 'mmsvalidate_checks_total{first_error="E110",route="/v1/check"} 1.0' in text
    assert 'first_error="E100",route="/v1/check"' not in text


def raw_get(server: Served, target: bytes) -> bytes:
    """The first line of the answer to ``GET target`` sent as it is."""
    return server.exchange(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").partition(b"\r\n")[
        0
    ]


def test_two_different_paths_are_never_logged_alike(server: Served) -> None:
    # a quote and the text \x22; U+FFFD (what an invalid byte decodes to) and U+00FF then "fd"; a character past
    # U+FFFF
    targets = {
        b"/q%22": r"/q\\x22",
        b"/q\\x22": r"/q\\x5cx22",
        b"/r%FF": r"/r\\ufffd",
        b"/r%EF%BF%BD": r"/r\\ufffd",
        b"/r%C3%BFfd": r"/r\\xfffd",
        b"/s%F0%9F%98%80": r"/s\\U0001f600",
        # each escape's first and last character: U+0100 and U+FFFF are \u, U+10000 is \U
        b"/t%C4%80": r"/t\\u0100",
        b"/t%EF%BF%BF": r"/t\\uffff",
        b"/t%F0%90%80%80": r"/t\\U00010000",
    }
    for target in targets:
        assert raw_get(server, target) == b"HTTP/1.1 404 Not Found", target
    lines = [rf'^127\.0\.0\.1:\d+ "GET {logged} HTTP/1\.1" 404 - \d+\.\dms$' for logged in targets.values()]
    log = server.logged(*lines)
    for line in lines:
        assert len(re.findall(line, log, re.M)) == (2 if "ufffd" in line else 1), line
