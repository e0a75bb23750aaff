"""The request head is bounded on the real service, over real sockets: its size (431), its time (408, or closed
when nothing was sent), and the connections open at once (503 past the cap, even under a low open-files limit)."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import contextlib
import os
import resource
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.serving import Served, serve

#: Generous bounds on waits: a refusal that never comes fails the test instead of hanging it.
WAIT = 30.0


def connect(served: Served) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", served.port), timeout=WAIT)
    return client


def read_all(client: socket.socket) -> bytes:
    """Everything the service sends until it closes the connection."""
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := client.recv(65536):
            received += chunk
    return received


def head(size: int) -> bytes:
    """A ``GET /healthz`` head of exactly ``size`` bytes, padded with one header field."""
    start = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Pad: "
    end = b"\r\n\r\n"
    return start + b"a" * (size - len(start) - len(end)) + end


def status_line(answer: bytes) -> bytes:
    return answer.split(b"\r\n", 1)[0]


@pytest.fixture(scope="module")
def small() -> Iterator[Served]:
    with serve("--max-header-bytes", "2048", "--header-timeout", "1") as served:
        yield served


def test_a_head_at_the_limit_is_answered_one_byte_over_is_431(small: Served) -> None:
    with connect(small) as client:
        client.sendall(head(2048))
        assert status_line(read_all(client)) == b"HTTP/1.1 200 OK"
    with connect(small) as client:
        client.sendall(head(2049))
        answer = read_all(client)
    assert status_line(answer) == b"HTTP/1.1 431 Request Header Fields Too Large"
    assert answer.endswith(b"\r\n\r\nrequest head over 2048 bytes\n")
    assert b"\r\nconnection: close\r\n" in answer
    assert b"\r\ncontent-type: text/plain; charset=utf-8\r\n" in answer  # a plain message
    assert b"\r\ncontent-length: %d\r\n" % len(b"request head over 2048 bytes\n") in answer


def test_every_refusal_in_turn_reads_and_drops_what_its_client_still_sends(small: Served) -> None:
    # docs/service.md: a refusal's connection is closed after the client has had time to read the answer (at most
    # 2 s and 1 MiB read and dropped): sending on after the answer is no error, however many were refused before
    for _ in range(24):
        with connect(small) as client:
            client.sendall(head(2049))
            assert status_line(read_all(client)) == b"HTTP/1.1 431 Request Header Fields Too Large"
            for _ in range(3):
                client.sendall(b"a" * 1024)
                time.sleep(0.01)


def test_past_16_refusals_lingering_at_once_a_refused_connection_is_closed_when_answered(small: Served) -> None:
    # docs/service.md: at most 16 refused connections linger at once; past them, one is closed as soon as its
    # answer is written, so what its client sends on is refused (a reset)
    clients = [connect(small) for _ in range(17)]
    try:
        for client in clients:
            client.sendall(head(2049))
            assert status_line(read_all(client)) == b"HTTP/1.1 431 Request Header Fields Too Large"
        with pytest.raises((ConnectionResetError, BrokenPipeError)):
            for _ in range(100):
                clients[16].sendall(b"a" * 1024)
                time.sleep(0.01)
        for _ in range(20):  # the first 16 linger, the 16th too: what they send is read and dropped
            for client in clients[:16]:
                client.sendall(b"a" * 64)
            time.sleep(0.01)
    finally:
        for client in clients:
            client.close()


def test_a_huge_head_is_refused_while_it_is_still_sent_and_the_service_answers_others(small: Served) -> None:
    with connect(small) as client:
        port = client.getsockname()[1]
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        sent = 0
        with contextlib.suppress(OSError):
            for _ in range(16 * 1024):  # up to 1 GiB, 64 KiB at a time: the service stops it long before
                client.sendall(b"a" * 65536)
                sent += 65536
        answer = read_all(client)
    assert status_line(answer) == b"HTTP/1.1 431 Request Header Fields Too Large"
    assert sent < 1024 * 1024 * 1024
    assert httpx.get(small.url("/healthz"), timeout=WAIT).text == "ok\n"
    # docs/service.md: each refusal is a line of the access log, the client (host:port) first
    log = small.logged(rf'^127\.0\.0\.1:{port} "- - HTTP/1\.1" 431 - ')
    assert f'\n127.0.0.1:{port} "- - HTTP/1.1" 431 - ' in "\n" + log


def test_a_connection_that_sends_nothing_is_closed_without_an_answer(small: Served) -> None:
    with connect(small) as client:
        start = time.monotonic()
        assert read_all(client) == b""
        assert time.monotonic() - start < WAIT


def test_a_head_that_trickles_is_answered_408_however_busy_it_keeps_the_connection(small: Served) -> None:
    with connect(small) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        with contextlib.suppress(OSError):
            for _ in range(int(WAIT / 0.2)):  # a byte every 0.2 s, slower than the head's 1 s allows
                client.sendall(b"X")
                time.sleep(0.2)
        answer = read_all(client)
    assert status_line(answer) == b"HTTP/1.1 408 Request Timeout"
    assert answer.endswith(b"\r\n\r\nrequest head not received within 1 s\n")


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a process has used so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's CPU time from /proc")
def test_waiting_for_a_head_costs_no_cpu_and_ends_in_408(small: Served) -> None:
    # docs/service.md: a head not complete within --header-timeout is answered 408; the wait is a timer, which
    # costs the service no CPU however long it waits (1 s here), the moment it ends included
    before = cpu_seconds(small.process.pid)
    with connect(small) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends its head
        answer = read_all(client)
    used = cpu_seconds(small.process.pid) - before
    assert status_line(answer) == b"HTTP/1.1 408 Request Timeout"
    assert used < 0.3, used


def test_a_later_request_on_a_kept_connection_is_bounded_too(small: Served) -> None:
    with connect(small) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        first = b""
        while not first.endswith(b"ok\n"):
            first += client.recv(65536)
        assert status_line(first) == b"HTTP/1.1 200 OK"
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends its head
        answer = read_all(client)
    assert status_line(answer) == b"HTTP/1.1 408 Request Timeout"


def test_past_the_connection_cap_a_connection_is_answered_503_at_once() -> None:
    with serve("--max-connections", "4", "--header-timeout", "60") as served:
        held = [connect(served) for _ in range(4)]
        try:
            time.sleep(0.5)  # let the service accept them
            with connect(served) as fifth:
                answer = read_all(fifth)
            assert status_line(answer) == b"HTTP/1.1 503 Service Unavailable"
            assert b"\r\nretry-after: 1\r\n" in answer
            message = b"over 4 connections open; try again shortly\n"
            assert answer.endswith(b"\r\n\r\n" + message)
            for field in (b"content-type: text/plain; charset=utf-8", b"content-length: %d" % len(message)):
                assert b"\r\n" + field + b"\r\n" in answer, field
            assert b"\r\nconnection: close\r\n" in answer
        finally:
            for client in held:
                client.close()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:  # the held ones are closed: room again
            answer = httpx.get(served.url("/healthz"), timeout=WAIT)
            if answer.status_code == 200:
                break
            time.sleep(0.1)
        assert answer.status_code == 200


def low_open_files() -> None:
    """In the service's process: at most 256 open files."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))


def test_more_idle_connections_than_open_files_lock_nobody_out() -> None:
    """300 idle connections against a service allowed 256 open files: the cap (192, three quarters of the limit)
    holds, the rest are answered 503, and once the idle ones time out a client is served again."""
    with serve("--quiet", "--header-timeout", "3", preexec=low_open_files) as served:
        time.sleep(0.5)  # the readiness probe's connection is gone
        clients = [connect(served) for _ in range(300)]
        try:
            time.sleep(1)  # every refusal is sent at once; the held ones are closed only after 3 s
            readable, _, _ = select.select(clients, [], [], 0)
            held = [client for client in clients if client not in readable]
            for client in readable:
                assert status_line(client.recv(65536)) == b"HTTP/1.1 503 Service Unavailable"
            assert (len(readable), len(held)) == (300 - 192, 192)
            for client in held:  # closed, unanswered, once the head's 3 s are up
                client.settimeout(WAIT)
                assert read_all(client) == b""
        finally:
            for client in clients:
                client.close()
        assert httpx.get(served.url("/healthz"), timeout=WAIT).text == "ok\n"
