"""Helpers for the service's tests: the real ``mmsvalidate serve`` on a free port, and a real upstream.

Everything listens on 127.0.0.1 only; every process and wait is bounded.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import contextlib
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import attrs
import httpx

ROOT = Path(__file__).resolve().parent.parent
VENDOR = "/API/wxml/1.3/index.php"
#: Seconds a server gets to start (schemas are built before it answers) and to stop.
START_SECONDS = 60
STOP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@attrs.define
class Served:
    """A running ``mmsvalidate serve``: its base URL, its process, and what it wrote on standard error."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def exchange(self, request: bytes) -> bytes:
        """``request`` sent as it is on a connection of its own, and all the service sends until it closes it."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as client:
            client.sendall(request)
            received = b""
            while chunk := client.recv(65536):
                received += chunk
        return received

    def logged(self, *patterns: str, seconds: float = 30) -> str:
        """Standard error once every regex in ``patterns`` matches a line of it (each request's access-log
        line is written just after its answer is sent, so it may lag the answer a moment)."""
        deadline = time.monotonic() + seconds
        while True:
            text = self.stderr()
            if all(re.search(p, text, re.M) for p in patterns) or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def stop(self) -> int:
        """SIGTERM, then the exit status (bounded wait)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=STOP_SECONDS)


#: Tries at a free port: another process on the machine may take the port between the probe and the bind.
PORT_TRIES = 5


@contextlib.contextmanager
def serve(*args: str, cwd: Path | None = None, preexec: Callable[[], None] | None = None) -> Iterator[Served]:
    """Start ``mmsvalidate serve --port <free> ARGS`` and wait until ``/healthz`` answers; stop it after.
    ``preexec`` runs in the child before it starts (to set resource limits)."""
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
        for attempt in range(1, PORT_TRIES + 1):
            log = Path(folder) / f"stderr-{attempt}.txt"
            port = free_port()
            with log.open("wb") as sink:
                process = subprocess.Popen(
                    [sys.executable, "-m", "mmsvalidate", "serve", "--port", str(port), *args],
                    cwd=cwd or ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=sink,
                    env=env,
                    preexec_fn=preexec,
                )
            served = Served(process, port, log)
            try:
                _wait_ready(served)
                break
            except AssertionError:
                taken = process.poll() is not None and "address already in use" in served.stderr().lower()
                if not taken or attempt == PORT_TRIES:
                    if process.poll() is None:
                        process.kill()
                        process.wait(timeout=STOP_SECONDS)
                    raise
        try:
            yield served
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=STOP_SECONDS)


def _wait_ready(served: Served) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise AssertionError(f"serve exited with {served.process.returncode}:\n{served.stderr()}")
        try:
            if httpx.get(served.url("/healthz"), timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"serve did not start in {START_SECONDS} s:\n{served.stderr()}")


@attrs.frozen
class Received:
    """One request as the upstream received it: the request line's method and target, headers, body bytes."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes


class Upstream:
    """A real HTTP server on 127.0.0.1 standing in for the API: records every request and answers ``answer``.

    ``delay`` seconds pass before each answer; ``headers`` are sent after Content-Type (and, unless they
    name one or Transfer-Encoding, Content-Length); ``body`` replaces ``answer``, whose bytes are written
    as they are (chunked ones when the headers say so), ``trickle`` seconds apart one by one when it is set.
    """

    answer = b"<RESPONSE><STATUS>Success</STATUS><FROM>upstream</FROM></RESPONSE>"
    content_type = "application/xml; charset=iso-8859-1"

    def __init__(
        self,
        status: int = 200,
        delay: float = 0.0,
        headers: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
        trickle: float = 0.0,
    ) -> None:
        self.status, self.delay, self.headers, self.trickle = status, delay, tuple(headers), trickle
        if body is not None:
            self.answer = body
        self.received: list[Received] = []
        self.lock = threading.Lock()
        #: Connections accepted so far; when ``gate`` is set, each request waits there for the others of its burst.
        self.connections = 0
        self.gate: threading.Barrier | None = None
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with upstream.lock:
                    upstream.connections += 1

            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with upstream.lock:
                    upstream.received.append(
                        Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                if upstream.gate is not None:
                    upstream.gate.wait(timeout=STOP_SECONDS)
                # what this answer is, read once before a byte of it is written: a test sets the next answer as soon
                # as it has this one, maybe while this thread is still writing it (a 204's head sent, its "no body"
                # not yet decided), and an answer made of two settings breaks the kept connection's framing
                status, headers, answer, trickle = upstream.status, upstream.headers, upstream.answer, upstream.trickle
                time.sleep(upstream.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", upstream.content_type)
                    framed = {"content-length", "transfer-encoding"}
                    if not any(name.lower() in framed for name, _ in headers):
                        self.send_header("Content-Length", str(len(answer)))
                    for name, value in headers:
                        self.send_header(name, value)
                    self.end_headers()
                    if self.command != "HEAD" and status not in (204, 304):
                        if trickle:
                            for byte in answer:
                                self.wfile.write(bytes([byte]))
                                self.wfile.flush()
                                time.sleep(trickle)
                        else:
                            self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the proxy gave up waiting (the timeout test)

            do_GET = do_POST = do_HEAD = handle_one

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 128  # 32 clients connect at once; the default backlog of 5 drops some SYNs

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Upstream:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=STOP_SECONDS)
