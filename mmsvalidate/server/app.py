"""The ASGI application: routes as a list, one function each, and one middleware that observes them."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import re
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mmsvalidate.formats.json import finding_text
from mmsvalidate.formats.jsontext import json_safe, json_scalar
from mmsvalidate.server import docs, playground, vendor
from mmsvalidate.server.accesslog import ACCESS
from mmsvalidate.server.checking import (
    Checkers,
    TooLarge,
    TooSlow,
    check,
    form_of,
    head_values,
    read_body,
    receive_body,
)
from mmsvalidate.server.config import VENDOR_PATH, ServerConfig
from mmsvalidate.server.service import Service

#: Where a route's handler leaves the first error for the access log.
FIRST_ERROR = "mmsvalidate.first_error"
#: The route label of each path, for metrics; any other path is "other".
ROUTES = {p: p for p in ("/v1/check", VENDOR_PATH, "/healthz", "/metrics", "/openapi.json", "/docs")}
ROUTES.update({p: p for p in (*playground.ASSETS, "/v1/playground", "/v1/explain")})
#: Most characters of a request's path written to the access log.
LOGGED_PATH = 200


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


def too_large(limit: int) -> Response:
    """413, closing the connection so the rest of the body is never read."""
    return PlainTextResponse(f"request body over {limit} bytes\n", 413, headers={"Connection": "close"})


def too_slow(seconds: float) -> Response:
    """408, closing the connection: the body did not arrive in time."""
    return PlainTextResponse(f"request body not received within {seconds:g} s\n", 408, headers={"Connection": "close"})


async def body(request: Request, config: ServerConfig) -> bytes | Response:
    """The request's body, or the answer refusing it (413 too large, 408 too slow)."""
    try:
        return await read_body(request, config.max_request_bytes, config.body_timeout)
    except TooLarge:
        return too_large(config.max_request_bytes)
    except TooSlow:
        return too_slow(config.body_timeout)


#: The answer to a request whose handling failed (a bug): Starlette's own, as its error middleware writes it.
SERVER_ERROR = b"Internal Server Error"
_SERVER_ERROR_HEAD = [(b"content-length", b"21"), (b"content-type", b"text/plain; charset=utf-8")]


async def check_route(scope: Scope, receive: Receive, send: Send) -> None:
    """``GET /v1/check?<query>`` or ``POST /v1/check`` (a request in any form): the findings as JSON.

    Its answer is written as two ASGI messages, with no response object. :class:`Application` calls
    :func:`answer_check` itself for ``GET`` and ``POST``; this route's endpoint answers what else the router
    sends here (``HEAD``)."""
    await answer_check(scope["app"].state.service, scope, receive, send)


async def answer_check(state: Service, scope: Scope, receive: Receive, send: Send) -> None:
    """:func:`check_route` for the service ``state``; a bug met on the way is answered 500 (and raised on)."""
    try:
        answer = await _checked(state, scope, receive)
    except ClientDisconnect:
        raise
    except Exception:
        await send({"type": "http.response.start", "status": 500, "headers": _SERVER_ERROR_HEAD})
        await send({"type": "http.response.body", "body": SERVER_ERROR})
        raise
    if isinstance(answer, Response):
        await answer(scope, receive, send)
        return
    headers = [(b"content-length", str(len(answer)).encode()), (b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer})


#: The methods whose request is the query string (``HEAD`` answers the headers ``GET`` would).
_QUERY_METHODS = frozenset({"GET", "HEAD"})


async def _checked(state: Service, scope: Scope, receive: Receive) -> bytes | Response:
    """The JSON answer's bytes, or the response refusing the request (413 too large, 408 too slow)."""
    config = state.config
    if scope["method"] in _QUERY_METHODS:  # a HEAD is answered as its GET, less the body
        content, form = scope["query_string"], "query"
    else:
        media, length = head_values(scope)
        try:
            content = await receive_body(receive, length, config.max_request_bytes, config.body_timeout)
        except TooLarge:
            return too_large(config.max_request_bytes)
        except TooSlow:
            return too_slow(config.body_timeout)
        form = form_of(media, config.form)
    assert state.checkers is not None
    report = await check(content, form, state.checkers)
    first_error = report.first_error
    first = first_error.code if first_error is not None else None
    scope[FIRST_ERROR] = first
    state.metrics.checked("/v1/check", first)
    # the document json_text writes (compact), written at once; as check --format json, json_safe escapes a lone
    # surrogate a request quotes (JSON's "\ud800") rather than failing on it
    findings = ",".join([finding_text(f) for f in report.findings])
    text = (
        f'{{"ok":{"true" if first_error is None else "false"},"form":{json_scalar(report.form)},'
        f'"first_error":{json_scalar(first)},"findings":[{findings}]}}'
    )
    return json_safe(text).encode()


class AsgiEndpoint:
    """An ASGI function as a route's endpoint (a route wraps a plain function as a request handler)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


async def vendor_route(request: Request) -> Response:
    """The API's own path: the mock's answer, or the proxy's."""
    state = service(request)
    content = await body(request, state.config) if request.method == "POST" else b""
    if isinstance(content, Response):
        return content
    answer = await vendor.answer(request, content, state)
    request.scope[FIRST_ERROR] = answer.first_error
    return answer.response


async def healthz(request: Request) -> Response:
    """``GET /healthz``: 200 while the service is up."""
    return PlainTextResponse("ok\n")


async def metrics(request: Request) -> Response:
    """``GET /metrics``: Prometheus text exposition."""
    found = service(request).metrics
    return Response(found.render(), media_type=found.content_type)


async def openapi(request: Request) -> Response:
    """``GET /openapi.json``: the service's OpenAPI 3.1 document."""
    return Response(docs.document_bytes(), media_type="application/json")


async def docs_page(request: Request) -> Response:
    """``GET /docs``: the document as a page, nothing loaded from elsewhere."""
    headers = {"Content-Security-Policy": docs.CSP, "X-Content-Type-Options": "nosniff"}
    return Response(docs.page(), media_type="text/html; charset=utf-8", headers=headers)


ROUTE_TABLE = [
    Route("/v1/check", AsgiEndpoint(check_route), methods=["GET", "POST"]),
    Route(VENDOR_PATH, vendor_route, methods=["GET", "POST"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/metrics", metrics, methods=["GET"]),
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/docs", docs_page, methods=["GET"]),
    # the playground: its page and assets, and the routes the page calls
    *(Route(path, playground.page, methods=["GET"]) for path in playground.ASSETS),
    Route("/v1/playground", playground.playground, methods=["GET", "POST"]),
    Route("/v1/explain", playground.explain, methods=["GET"]),
]


#: A path that the access log writes as it is: printable ASCII but the space, ``"`` and ``\\``, within the length kept.
_PLAIN_PATH = re.compile(rf"[!#-\[\]-~]{{0,{LOGGED_PATH}}}")


def _escaped(c: str) -> str:
    """One character as the access log writes it: itself when printable ASCII (but the space, ``"`` and the
    backslash that starts an escape), else ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN`` (so ``\\xfffd`` is never
    both U+FFFD and ``\\xff`` then ``fd``, nor ``\\x22`` both a quote and those four characters)."""
    if " " < c < "\x7f" and c not in '"\\':
        return c
    code = ord(c)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _printable(text: str) -> str:
    """``text`` with anything but printable ASCII escaped, and cut to :data:`LOGGED_PATH` characters."""
    if _PLAIN_PATH.fullmatch(text):  # nearly every path
        return text
    escaped = "".join(_escaped(c) for c in text[:LOGGED_PATH])
    return escaped + ("..." if len(text) > LOGGED_PATH else "")


def _logged(path: str) -> str:
    """The path as the access log writes it: :func:`_printable`, and cut at a ``?`` it holds (``%3F`` in the
    request, as a client that encodes a whole URL sends its query string), so no API key is logged that way."""
    if "?" not in path:
        return _printable(path)
    return _printable(path.partition("?")[0]) + "?..."


#: Set in a request's scope by the protocol when its client hung up before the answer (then its task is cancelled).
CLIENT_GONE = "mmsvalidate.client_gone"
#: The answer to a request cancelled at shutdown, once the grace period is over.
STOPPED = b"the service stopped before this request was answered\n"


class Observe:
    """Times each request, counts it by route and status, and writes its access-log line.

    The query string is never logged: it carries the API key. A request cancelled because its client
    hung up is 499; one cancelled at shutdown, after the grace period, is answered 503 if it can
    still be; neither is an error of the application (no traceback).
    """

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        started = False

        async def observed(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, observed)
        except ClientDisconnect:
            status = 499  # the client went away before its request was read
        except asyncio.CancelledError:
            if scope.get(CLIENT_GONE):
                status = 499  # the client went away before its answer: its work is stopped
            elif not started:  # stopped at shutdown, the grace period over
                status = 503
                headers = [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(STOPPED)).encode()),
                    (b"connection", b"close"),
                ]
                with contextlib.suppress(Exception):
                    await send({"type": "http.response.start", "status": 503, "headers": headers})
                    await send({"type": "http.response.body", "body": STOPPED})
        finally:
            elapsed = time.perf_counter() - start
            route = ROUTES.get(scope["path"], "other")
            self.service.metrics.observe(route, scope["method"], status, elapsed)
            if self.service.config.access_log:
                client = scope.get("client")
                ACCESS.write(
                    f'{f"{client[0]}:{client[1]}" if client else "-"} "{scope["method"]} {_logged(scope["path"])} '
                    f'HTTP/{scope.get("http_version", "1.1")}" {status} {scope.get(FIRST_ERROR) or "-"} '
                    f"{elapsed * 1000:.1f}ms"
                )


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The service's ASGI application for ``config`` (the defaults when ``None``)."""
    state = Service(config or ServerConfig())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.checkers = checkers = Checkers(state.config)
        checkers.warm_up()
        # what the worker has loaded (modules, schemas, the phone metadata) lives as long as it does: set aside,
        # so that no full collection walks it again (about 20 ms each, a request's latency), until it stops
        gc.freeze()
        async with contextlib.AsyncExitStack() as stack:
            stack.callback(gc.unfreeze)
            stack.push_async_callback(checkers.aclose)
            if state.config.upstream is not None:
                state.client = await stack.enter_async_context(vendor.upstream_client(state.config))
            try:
                yield
            finally:
                state.client = state.checkers = None

    app = Application(state, routes=ROUTE_TABLE, middleware=[Middleware(Observe, service=state)], lifespan=lifespan)
    # a path outside the table is 404, "/v1/check/" too: Starlette would redirect it to the path without the slash,
    # at the host the client named and over plain HTTP, the query string (its API key) with it, which a client
    # behind a TLS-terminating proxy would then send in clear
    app.router.redirect_slashes = False
    app.state.service = state
    return app


#: The methods of ``/v1/check`` that :class:`Application` answers itself.
CHECK_METHODS = frozenset({"GET", "POST"})


class Application(Starlette):
    """The service's application: Starlette's, but for ``GET`` and ``POST /v1/check``, the busiest route, which
    go straight to :func:`answer_check`, observed as every route is (metrics, access log, 499 and 503), without
    the router and the middleware layers around it. Anything else goes through Starlette: routes, 404, 405."""

    def __init__(self, service: Service, **kwargs: Any) -> None:
        super().__init__(**kwargs)

        async def check(scope: Scope, receive: Receive, send: Send) -> None:
            await answer_check(service, scope, receive, send)

        self._check = Observe(check, service)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/v1/check" and scope["method"] in CHECK_METHODS:
            scope["app"] = self
            await self._check(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
