"""A client that never reads its answers holds its connection no longer than ``--body-timeout`` seconds.

A client can ask without reading: it pipelines requests for a large answer (``/docs``) on a connection whose
receive window it keeps small, and never reads. The service answered each in turn until the kernel's buffers were
full, then waited on the client for ever, holding the connection, its buffered answers and the request being
answered: a few hundred such clients and no other client gets a connection. As a body that does not arrive, an
answer the client does not read is bounded: once its bytes wait for the client, a client that reads none of them
for ``--body-timeout`` seconds has its connection dropped (one that reads is waited for, however long it all takes).

Dropping such a connection cancels the request it was answering; when requests were pipelined, uvicorn did not
know that request's client was gone and answered it 500 on the closed connection, a traceback in the log.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import socket
import time

import httpx

from tests.serving import VENDOR, Upstream, serve
from tests.test_server_routes import EXAMPLE_QUERY

#: Requests pipelined: megabytes of answers, more than the kernel buffers between client and service.
PIPELINED = 200
SECONDS = 2
#: The time allowed a client that reads: its reading takes longer in all (a small window on a loaded machine: some
#: 8 s), but it never leaves what waits for it unread that long.
READER_SECONDS = 6


def unread(port: int) -> socket.socket:
    """A connection with a small receive window, its requests sent, none of its answers read."""
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(("127.0.0.1", port))
    client.sendall(b"GET /docs HTTP/1.1\r\nHost: x\r\n\r\n" * PIPELINED)
    return client


def read_all(client: socket.socket) -> tuple[int, str]:
    """The answers read before the connection ended, and how it ended (``closed``, ``reset`` or ``open``)."""
    client.settimeout(SECONDS * 3)
    received = b""
    try:
        while chunk := client.recv(1 << 20):
            received += chunk
        ended = "closed"
    except ConnectionResetError:
        ended = "reset"
    except TimeoutError:
        ended = "open"
    return received.count(b"HTTP/1.1 200 OK"), ended


def test_a_client_that_does_not_read_its_answers_is_dropped_after_the_body_timeout() -> None:
    with serve("--body-timeout", str(SECONDS)) as served:
        with unread(served.port) as client:
            time.sleep(SECONDS + 2)
            answers, ended = read_all(client)
        assert ended in ("closed", "reset")
        assert answers < PIPELINED  # the rest were never answered
        # the service is none the worse, and answers a client that reads
        assert httpx.get(served.url("/healthz"), timeout=30).text == "ok\n"
        log = served.logged(r'"GET /docs HTTP/1\.1" 499 ')
        assert "Traceback" not in log and "ASGI callable" not in log


def test_a_client_that_reads_its_answers_as_they_come_gets_them_all() -> None:
    with serve("--quiet", "--body-timeout", str(READER_SECONDS)) as served, unread(served.port) as client:
        time.sleep(1)  # waiting on the client, well within the time allowed
        client.settimeout(30)
        received = b""
        while received.count(b"</html>") < PIPELINED:
            chunk = client.recv(1 << 20)
            assert chunk, "the service closed the connection"
            received += chunk
        assert received.count(b"HTTP/1.1 200 OK") == PIPELINED


def test_a_client_that_does_not_read_its_last_answer_is_dropped_too() -> None:
    # one answer, the connection's last (Connection: close): handed whole to the connection, which then closes once
    # the client has read it, and so waited for ever on a client that reads nothing
    size = 8 * 1024 * 1024
    with (
        Upstream(body=b"x" * size) as upstream,
        serve("--body-timeout", str(SECONDS), "--upstream", upstream.base) as served,
    ):
        client = socket.socket()
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        with client:
            client.connect(("127.0.0.1", served.port))
            client.sendall(f"GET {VENDOR}?{EXAMPLE_QUERY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            time.sleep(SECONDS + 2)
            client.settimeout(SECONDS * 3)
            received = 0
            try:
                while chunk := client.recv(1 << 20):
                    received += len(chunk)
                ended = "closed"
            except ConnectionResetError:
                ended = "reset"
            except TimeoutError:
                ended = "open"
        assert ended in ("closed", "reset") and received < size
        assert httpx.get(served.url("/healthz"), timeout=30).text == "ok\n"
