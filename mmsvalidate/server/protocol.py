"""uvicorn's httptools protocol with the request head bounded: size, time, and connections at once.

uvicorn bounds none of these with httptools: it parses a head of any size (the parser joins its pieces as it
goes, so a huge header costs time that grows with its square), arms no timer before a first request (its
keep-alive timeout starts only once an answer is sent), and ``limit_concurrency`` answers 503 only once a
request's head has arrived, so idle connections still hold their file descriptors. h11's
``max_incomplete_event_size`` bounds the size, but answers 400 and gives up httptools' speed. Here:

- a head (request line and header fields) over ``max_header_bytes`` is answered 431 before more of it is parsed;
- a head not complete within ``header_timeout`` seconds of the connection (or of a later request's first byte)
  is answered 408, or, when nothing was sent at all, the connection is closed;
- a connection past ``max_connections`` open ones is answered 503 at once, with ``Retry-After``;
- a request whose client hangs up before its answer has its work cancelled (an online check's fetches with it),
  so nobody waits on it, a shutdown least of all; the application logs it 499.

Each refusal closes the connection gracefully: the answer is sent, our side shut for writing, and what the
client still sends is read and dropped for at most :data:`LINGER_SECONDS`, so the client reads the answer
rather than a reset. The limits come from the service's configuration, as every worker receives it.
"""

from __future__ import annotations

import asyncio
import functools
import http
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mmsvalidate.server.accesslog import ACCESS
from mmsvalidate.server.app import CLIENT_GONE
from mmsvalidate.server.config import ServerConfig, from_environment

#: Seconds a refused connection is read and dropped before it is closed, and the most bytes dropped (a client
#: that sends more after its answer is cut off at once).
LINGER_SECONDS = 2.0
LINGER_BYTES = 1024 * 1024
#: Most refused connections lingering at once; past it, a refused connection is closed as soon as its answer is
#: written, so refusals never take the descriptors kept spare.
MAX_LINGERING = 16


#: Connections a worker keeps open when the configuration names no cap, at most.
DEFAULT_CONNECTIONS = 1000
#: File descriptors kept for everything but client connections (the upstream's pool, media fetches, logs): a
#: quarter of the open-files limit, at most this many.
SPARE_DESCRIPTORS = 384


@functools.cache
def _config() -> ServerConfig:
    return from_environment()


def connection_cap(configured: int | None) -> int:
    """``configured``, or :data:`DEFAULT_CONNECTIONS` within the open-files limit less a quarter of it (at most
    :data:`SPARE_DESCRIPTORS`; at least 16 connections), so that refusing a connection never needs a descriptor
    the process does not have: 768 under a limit of 1,024, 192 under 256."""
    if configured is not None:
        return configured
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return DEFAULT_CONNECTIONS
    if soft == resource.RLIM_INFINITY:
        return DEFAULT_CONNECTIONS
    return max(16, min(DEFAULT_CONNECTIONS, soft - min(SPARE_DESCRIPTORS, soft // 4)))


class BoundedProtocol(HttpToolsProtocol):
    """:class:`HttpToolsProtocol`, bounding each request head and the connections open at once."""

    #: Refused connections of this process lingering now.
    lingering = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = _config()
        self.max_head = config.max_header_bytes
        self.head_timeout = config.header_timeout
        self.read_timeout = config.body_timeout  # the client's reading of its answer is bounded as its sending
        self.read_timer: asyncio.TimerHandle | None = None
        self.unread = 0  # the bytes waiting for the client when the timer was armed
        self.max_connections = connection_cap(config.max_connections)
        self.log_refusals = config.access_log
        self.in_head = True
        self.head_begun = False
        self.head_bytes = 0
        self.head_timer: asyncio.TimerHandle | None = None
        self.head_since = 0.0  # when the head being read began (the connection, or a later request's first byte)
        self.refused: str | None = None  # "lingering", then "closed"
        self.dropped = 0
        self.running: tuple[Any, asyncio.Task[None]] | None = None  # the request being answered, and its task

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.max_connections:
            self.transport = transport
            self.client = transport.get_extra_info("peername")
            self._refuse(503, f"over {self.max_connections} connections open; try again shortly", retry=True)
            return
        super().connection_made(transport)
        # writing pauses as soon as a byte of an answer waits for the client to read (the kernel's buffer full):
        # from then, a client that reads none of them for read_timeout seconds has its connection dropped
        transport.set_write_buffer_limits(high=0)
        self.head_since = self.loop.time()
        self._arm(self.head_timeout)

    def pause_writing(self) -> None:
        super().pause_writing()
        if self.read_timer is None:
            self._arm_read()

    def resume_writing(self) -> None:
        self._read_done()
        super().resume_writing()

    def _arm_read(self) -> None:
        self.unread = self.transport.get_write_buffer_size()
        self.read_timer = self.loop.call_later(self.read_timeout, self._answer_not_read)

    def _read_done(self) -> None:
        if self.read_timer is not None:
            self.read_timer.cancel()
            self.read_timer = None

    def _answer_not_read(self) -> None:
        """A client that has read nothing of what waits for it for ``read_timeout`` seconds (it pipelines requests
        and never reads their answers): its connection is dropped, and with it the answers waiting and a request
        still running (logged 499), so it holds nothing for long. One that reads, however slowly, is waited for."""
        self.read_timer = None  # closing or not: a closing transport waits for its buffer to be read before it closes
        if self.transport.get_write_buffer_size() < self.unread:  # it read some: another period to read more
            self._arm_read()
            return
        self.transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._read_done()
        if self.running is not None:
            cycle, task = self.running
            self.running = None
            if not cycle.response_complete and not task.done():
                cycle.scope[CLIENT_GONE] = True
                # gone, for uvicorn too: when requests are pipelined, the cycle it marks is the last one read, and
                # this one would be answered 500 on a closed connection once cancelled
                cycle.disconnected = True
                task.cancel("the client hung up")
        if self.refused == "lingering":
            BoundedProtocol.lingering -= 1
            self.refused = "closed"
        super().connection_lost(exc)

    def eof_received(self) -> bool | None:  # type: ignore[override]
        if self.refused:
            return False  # the client is done: close now
        return super().eof_received()

    def data_received(self, data: bytes) -> None:
        if self.refused:  # lingering: read and dropped, up to a point
            self.dropped += len(data)
            if self.dropped > LINGER_BYTES:
                self.transport.abort()
            return
        if not self.in_head:
            super().data_received(data)
            return
        room = self.max_head - self.head_bytes
        if len(data) <= room:
            self.head_bytes += len(data)
            super().data_received(data)
            return
        self.head_bytes = self.max_head
        super().data_received(data[:room])  # the head may end within the room left
        if self.transport.is_closing():
            return
        if self.in_head:
            self._refuse(431, f"request head over {self.max_head} bytes")
            return
        self.data_received(data[room:])

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        before = set(self.tasks)
        super()._start_asgi_task(cycle, app)
        started = self.tasks - before
        self.running = (cycle, started.pop()) if len(started) == 1 else None

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.head_begun = True
        if not self.in_head:  # a later request on this connection: its head is bounded afresh
            self.in_head, self.head_bytes = True, 0
            self.head_since = self.loop.time()
            if self.head_timer is None:
                self._arm(self.head_timeout)

    def on_message_complete(self) -> None:
        self.head_begun = False
        super().on_message_complete()

    def on_headers_complete(self) -> None:
        self.in_head = False  # the timer, if armed, finds no head to time when it fires
        super().on_headers_complete()

    def _arm(self, seconds: float) -> None:
        """The head's timer, armed for ``seconds``: one at a time per connection, armed again only when it finds a
        later head begun after the one it was armed for (a request's head costs no timer of its own)."""
        self._disarm()
        self.head_timer = self.loop.call_later(seconds, self._head_too_slow)

    def _disarm(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_too_slow(self) -> None:
        self.head_timer = None
        if self.transport.is_closing() or not self.in_head:
            return
        left = self.head_since + self.head_timeout - self.loop.time()
        if left > 0:  # a later head, begun after the one this timer was armed for
            self._arm(left)
            return
        if not self.head_begun:
            self.transport.close()  # nothing was asked: nothing to answer
            return
        self._refuse(408, f"request head not received within {self.head_timeout:g} s")

    def _refuse(self, status: int, message: str, *, retry: bool = False) -> None:
        """Answer ``status`` with ``message``, shut our side, and linger reading before closing."""
        self._disarm()
        self.connections.discard(self)
        text = (message + "\n").encode()
        head = [
            f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}",
            "content-type: text/plain; charset=utf-8",
            f"content-length: {len(text)}",
            "connection: close",
        ]
        if retry:
            head.append("retry-after: 1")
        self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode() + text)
        if BoundedProtocol.lingering < MAX_LINGERING and self.transport.can_write_eof():
            BoundedProtocol.lingering += 1
            self.refused = "lingering"
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:
            self.refused = "closed"
            self.transport.close()  # after the answer is written
        if self.log_refusals:
            client = self.client
            ACCESS.write(f'{f"{client[0]}:{client[1]}" if client else "-"} "- - HTTP/1.1" {status} - 0.0ms')
