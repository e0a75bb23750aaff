"""The tests' upstream answers each request with the settings it had when the request came, whole.

A test sets the upstream's next answer as soon as it has read the one before, maybe while the upstream's thread
is still writing that one: an answer made of two settings (a 204's head, then the next answer's body) leaves bytes
on the proxy's kept connection that its next request reads as its answer, a 502 the service never caused (the
rare failure of a HEAD right after a 204 under load). The upstream's settings are changed here at the worst moment,
right after an answer's head is written, as a loaded machine may do.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import http.server

import httpx

from tests.serving import VENDOR, Upstream, serve
from tests.test_server_routes import EXAMPLE_QUERY, EXAMPLE_XML

NEXT_ANSWER = b"<RESPONSE><STATUS>Success</STATUS><FROM>next</FROM></RESPONSE>"


def test_settings_changed_while_an_answer_is_written_do_not_reach_it(monkeypatch: pytest.MonkeyPatch) -> None:
    written = http.server.BaseHTTPRequestHandler.end_headers
    upstream = Upstream(status=204, headers=[("Content-Length", "0"), ("X-Request-Id", "nc-3")])

    def then_the_test_moves_on(handler: http.server.BaseHTTPRequestHandler) -> None:
        written(handler)
        upstream.status, upstream.headers, upstream.answer = 200, [("X-Request-Id", "hd-4")], NEXT_ANSWER

    monkeypatch.setattr(http.server.BaseHTTPRequestHandler, "end_headers", then_the_test_moves_on)
    with upstream, serve("--quiet", "--upstream", upstream.base) as served, httpx.Client(timeout=30) as client:
        empty = client.post(served.url(VENDOR), content=EXAMPLE_XML, headers={"Content-Type": "text/xml"})
        assert (empty.status_code, empty.content, empty.headers["x-request-id"]) == (204, b"", "nc-3")
        head = client.head(served.url(VENDOR) + "?" + EXAMPLE_QUERY)
        assert (head.status_code, head.content, head.headers["x-request-id"]) == (200, b"", "hd-4")
        assert head.headers["content-length"] == str(len(NEXT_ANSWER))
        got = client.get(served.url(VENDOR) + "?" + EXAMPLE_QUERY)
        assert (got.status_code, got.content, got.headers["x-request-id"]) == (200, NEXT_ANSWER, "hd-4")
    assert [r.method for r in upstream.received] == ["POST", "HEAD", "GET"]
