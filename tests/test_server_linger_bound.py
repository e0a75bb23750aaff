"""A refused connection reads and drops at most 1 MiB of what its client still sends: exactly that much is
dropped quietly, one byte more and the connection is reset (docs/service.md), over real sockets."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import socket
import time
from collections.abc import Iterator

from tests.serving import Served, serve

#: docs/service.md: a refused connection is read for at most 2 s and 1 MiB before it is closed.
LINGER_BYTES = 1024 * 1024
HEAD_LIMIT = 2048


@pytest.fixture(scope="module")
def small() -> Iterator[Served]:
    with serve("--max-header-bytes", str(HEAD_LIMIT), "--header-timeout", "30") as served:
        yield served


def refused(served: Served) -> socket.socket:
    """A connection refused 431, its answer read to the end (the service has shut its side for writing)."""
    client = socket.create_connection(("127.0.0.1", served.port), timeout=30)
    start = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "
    client.sendall(start + b"a" * (HEAD_LIMIT - len(start)))  # the head's whole room, and the head not ended
    client.sendall(b"a")  # one byte over: refused, and this byte is no part of what is dropped after
    answer = b""
    while chunk := client.recv(65536):
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"), answer
    return client


def reset(client: socket.socket) -> bool:
    """Whether the service has reset the connection (what a closed connection answers to a byte sent to it)."""
    return client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0


def probed_until_reset(client: socket.socket, seconds: float) -> bool:
    """Send a byte every 0.1 s until the connection is reset (``True``), for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            client.sendall(b"p")
        except OSError:
            return True
        time.sleep(0.1)
        if reset(client):
            return True
    return False


def test_exactly_the_bound_is_read_and_dropped_one_byte_more_closes_the_connection(small: Served) -> None:
    # the bound read and dropped: the connection still lingers, so the next byte is read too (the first one over
    # the bound: the service then closes, having read everything, which resets nothing) and only a byte sent
    # after that is refused by a reset
    with refused(small) as client:
        client.sendall(b"b" * LINGER_BYTES)
        time.sleep(0.3)
        client.sendall(b"p")
        time.sleep(0.5)
        assert not reset(client)
        assert probed_until_reset(client, 1.0)
    # one byte over the bound: the service has closed, so the very next byte is refused by a reset
    with refused(small) as client:
        client.sendall(b"b" * (LINGER_BYTES + 1))
        time.sleep(0.5)
        client.sendall(b"p")
        assert reset_within(client, 1.0)


def reset_within(client: socket.socket, seconds: float) -> bool:
    """Whether the connection is reset within ``seconds``, sending nothing more."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if reset(client):
            return True
        time.sleep(0.02)
    return False
