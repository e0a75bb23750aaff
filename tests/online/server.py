"""A real HTTP server on 127.0.0.1 for the online tests: routes of generated files, and counts.

Each route says what to answer (status, body, headers) and how: with a Content-Length, chunked,
until the connection closes, cut short, slowly, or endlessly. The server counts every request by
path, the requests in flight at once, and the conditional ones; a request still being answered when
a test ends (its client gave up) is not counted in the next test's figures.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import attrs

#: The most an endless answer writes before giving up (the client stops far sooner).
ENDLESS_CAP = 64 * 1024 * 1024
#: The longest the routes with ``hold`` of one test wait for company, from the first request on (seconds): a
#: bound, never reached when all is well.
HOLD_CAP = 30.0


@attrs.frozen
class Route:
    """What a path answers. ``mode``: length, chunked, close (no length), cut (shorter than said), endless.

    ``hold``: answer only once that many requests have been in flight at once (or after :data:`HOLD_CAP`),
    so a test of how many fetches run at once does not depend on how fast the client starts them.
    """

    body: bytes = b""
    status: int = 200
    content_type: str | None = "application/octet-stream"
    mode: str = "length"
    delay: float = 0.0
    hold: int = 0
    location: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many fetches connect at once; the default backlog of 5 drops SYNs on a busy machine
    owner: MediaServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up early are part of the tests: stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """No access log."""

    def do_GET(self) -> None:
        owner = self.server.owner
        path, _, query = self.path.partition("?")
        condition = self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
        generation = owner.enter(path, query, condition, self.headers.get("Host"))
        try:
            self._answer(owner.routes.get(path, Route(b"not here", 404, "text/plain")), generation)
        finally:
            owner.leave(generation)

    def _answer(self, route: Route, generation: int) -> None:
        if route.hold:
            self.server.owner.wait_for(route.hold)
        if route.delay:
            time.sleep(route.delay)
        unchanged = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
        )
        if unchanged:
            self.server.owner.answered_not_modified(generation)
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        if route.location:
            self.send_header("Location", route.location)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        for name, value in route.headers:
            self.send_header(name, value)
        if route.mode == "length":
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        elif route.mode == "cut":
            self.send_header("Content-Length", str(len(route.body) * 2))
            self.end_headers()
            self.wfile.write(route.body)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif route.mode == "close":
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(route.body)
            self.close_connection = True
        else:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in self._chunks(route):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")

    @staticmethod
    def _chunks(route: Route) -> Iterator[bytes]:
        if route.mode != "endless":
            for start in range(0, len(route.body), 1000):
                yield route.body[start : start + 1000]
            return
        block = (route.body or b"\0") * (65536 // max(1, len(route.body or b"\0")))
        for _ in range(ENDLESS_CAP // len(block)):
            yield block


class MediaServer:
    """The server, its routes and its counts. ``url(path)`` is the address of a route."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.queries: list[str] = []
        self.hosts: list[str | None] = []
        self.conditional = 0
        self.not_modified = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self.generation = 0  # one per test: a request of an earlier one leaves these counts alone
        self._hold_until: float | None = None
        self._lock = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def reset(self) -> None:
        with self._lock:
            self.routes.clear()
            self.hits.clear()
            self.queries.clear()
            self.hosts.clear()
            self.conditional = self.not_modified = self.in_flight = self.most_in_flight = 0
            self.generation += 1
            self._hold_until = None
            self._lock.notify_all()

    @property
    def requests(self) -> int:
        return sum(self.hits.values())

    def enter(self, path: str, query: str, condition: str | None, host: str | None) -> int:
        """Count a request; its generation, for :meth:`leave`."""
        with self._lock:
            self.hits[path] += 1
            self.queries.append(query)
            self.hosts.append(host)
            self.conditional += condition is not None
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self._lock.notify_all()
            return self.generation

    def leave(self, generation: int) -> None:
        with self._lock:
            if generation == self.generation:
                self.in_flight -= 1

    def answered_not_modified(self, generation: int) -> None:
        with self._lock:
            if generation == self.generation:
                self.not_modified += 1

    def wait_for(self, in_flight: int) -> None:
        """Wait until ``in_flight`` requests have been in flight at once (bounded by :data:`HOLD_CAP`)."""
        with self._lock:
            if self._hold_until is None:
                self._hold_until = time.monotonic() + HOLD_CAP
            self._lock.wait_for(lambda: self.most_in_flight >= in_flight, timeout=self._hold_until - time.monotonic())

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
