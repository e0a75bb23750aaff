"""A bug met while answering /v1/check (none is known: the check turns its own into MV900) is answered 500, counted
and raised to the server, on the route the application answers itself as on the ones Starlette routes."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from mmsvalidate.server import app as application
from mmsvalidate.server.config import ServerConfig


async def broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug")


def test_a_bug_in_the_check_is_answered_500_counted_and_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    with warnings.catch_warnings():  # the test client's notice about the HTTP library it runs on
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    monkeypatch.setattr(application, "check", broken)  # the one way to meet a bug: put one in
    app = application.create_app(ServerConfig(access_log=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        for method in ("POST", "GET", "HEAD"):  # the application's own route, and the router's
            answer = client.request(method, "/v1/check", content=b"{}" if method == "POST" else None)
            assert answer.status_code == 500
            assert answer.headers["content-type"] == "text/plain; charset=utf-8"
            assert answer.headers["content-length"] == "21"  # len("Internal Server Error"), for HEAD too
            assert answer.text == ("" if method == "HEAD" else "Internal Server Error")
        metrics = client.get("/metrics").text
        for method in ("POST", "GET", "HEAD"):
            assert f'mmsvalidate_http_requests_total{{method="{method}",route="/v1/check",status="500"}} 1.0' in metrics
    with TestClient(app) as client, pytest.raises(RuntimeError, match="a bug"):
        client.post("/v1/check", content=b"{}")


def test_a_bug_before_any_answer_is_answered_500_and_counted_500(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug on a route Starlette answers, met before anything was sent: its error middleware answers 500, and the
    request is counted (and logged) as the 500 it was answered."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from mmsvalidate.server import vendor

    monkeypatch.setattr(vendor, "answer", broken)
    app = application.create_app(ServerConfig(access_log=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/API/wxml/1.3/index.php?action=sendmms")
        assert (answer.status_code, answer.text) == (500, "Internal Server Error")
        metrics = client.get("/metrics").text
    assert 'mmsvalidate_http_requests_total{method="GET",route="/API/wxml/1.3/index.php",status="500"} 1.0' in metrics
