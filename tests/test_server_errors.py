"""A bug met while answering /v1/check (none is known: the check turns its own into MV900) is answered 500, counted
and raised to the server, on the route the application answers itself as on the ones Starlette routes."""

from __future__ import annotations

import re
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


def test_a_request_cancelled_at_shutdown_is_answered_503_and_one_whose_client_left_is_499() -> None:
    """What the server does after the grace period (tests/test_server_shutdown.py waits it out over a real socket,
    30 s): it cancels each request still running. One whose client is still there is answered 503 with the plain
    message (docs/service.md), closing the connection; one whose client hung up is only counted 499."""
    import asyncio

    from mmsvalidate.server.service import Service

    async def endless(scope: object, receive: object, send: object) -> None:
        await asyncio.sleep(3600)

    async def cancelled(gone: bool) -> list[dict[str, object]]:
        sent: list[dict[str, object]] = []

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b""}

        scope = {"type": "http", "method": "GET", "path": "/v1/check", "headers": [], "query_string": b""}
        if gone:
            scope[application.CLIENT_GONE] = True
        observe = application.Observe(endless, state)
        task = asyncio.create_task(observe(scope, receive, send))
        await asyncio.sleep(0.01)
        task.cancel()
        await task  # the cancellation is the answer, not an error
        return sent

    state = Service(ServerConfig(access_log=False))
    stopped = b"the service stopped before this request was answered\n"
    head = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(stopped)).encode()),
        (b"connection", b"close"),
    ]
    assert asyncio.run(cancelled(gone=False)) == [
        {"type": "http.response.start", "status": 503, "headers": head},
        {"type": "http.response.body", "body": stopped},
    ]
    assert asyncio.run(cancelled(gone=True)) == []
    metrics = state.metrics.render().decode()
    for status in ("503", "499"):
        assert f'mmsvalidate_http_requests_total{{method="GET",route="/v1/check",status="{status}"}} 1.0' in metrics


def test_under_another_asgi_server_a_client_that_hangs_up_mid_body_is_counted_499() -> None:
    """create_app is an ASGI application: under a server that says a client left with ``http.disconnect`` (uvicorn's
    own h11 protocol; ``mmsvalidate serve`` cancels the request instead), a request whose client hung up while
    sending its body is counted 499 too (docs/service.md)."""
    import socket
    import threading
    import time

    import httpx
    import uvicorn

    app = application.create_app(ServerConfig(access_log=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, http="h11", log_level="error"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started
        port = server.servers[0].sockets[0].getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            client.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\naction=sendmms")
            time.sleep(0.2)  # the head is read and the body awaited
        counted = 'mmsvalidate_http_requests_total{method="POST",route="/v1/check",status="'
        metrics = ""
        while counted not in metrics and time.monotonic() < deadline:  # until the request is counted
            time.sleep(0.05)
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
        assert re.findall(re.escape(counted) + r'\d+"} [\d.]+', metrics) == [counted + '499"} 1.0']
    finally:
        server.should_exit = True
        thread.join(60)
