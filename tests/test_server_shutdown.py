"""SIGTERM while requests wait on media that never come: the service stops within its grace period, no traceback.

A real media server accepts connections and never answers; ``serve --online`` fetches from it.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")
pytest.importorskip("httpcore", reason="the online check needs the online extra: pip install -e '.[online]'")

import contextlib
import re
import signal
import socket
import threading
import time
from collections.abc import Iterator

from mmsvalidate.server.config import SHUTDOWN_GRACE as GRACE_SECONDS
from tests.conftest import VALID_XML
from tests.serving import VENDOR, Served, serve

#: The online check's own timeout, far past the grace period: only the shutdown can end the fetch.
ONLINE = ("--online", "--allow-private", "--media-host", "127.0.0.1", "--online-timeout", "600")


class Silent:
    """A media server on 127.0.0.1 that accepts connections, reads what comes and never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.listener.accept()
                self.connections.append(connection)
                self.accepted.set()

    def close(self) -> None:
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent() -> Iterator[Silent]:
    server = Silent()
    yield server
    server.close()


def send(served: Served, path: str, body: bytes) -> socket.socket:
    """A POST of ``body`` over a plain socket, left open; the caller decides when to hang up."""
    client = socket.create_connection(("127.0.0.1", served.port), timeout=30)
    client.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    return client


def waiting_on_media(silent: Silent) -> bytes:
    return VALID_XML.replace("http://example.com/a.jpg", f"http://127.0.0.1:{silent.port}/never.jpg").encode()


@pytest.mark.parametrize("path", ["/v1/check", VENDOR])
def test_sigterm_with_abandoned_online_checks_ends_at_once_without_a_traceback(silent: Silent, path: str) -> None:
    with serve(*ONLINE) as served:
        clients = [send(served, path, waiting_on_media(silent)) for _ in range(3)]
        assert silent.accepted.wait(30)
        for client in clients:
            client.close()  # the callers give up
        time.sleep(0.5)
        start = time.monotonic()
        served.process.send_signal(signal.SIGTERM)
        status = served.process.wait(timeout=GRACE_SECONDS + 30)
        took = time.monotonic() - start
        log = served.stderr()
    assert status == 0, log
    assert "Traceback" not in log and "Exception in ASGI application" not in log, log
    assert took < GRACE_SECONDS, (took, log)
    assert len(re.findall(rf'"POST {re.escape(path)} HTTP/1\.1" 499 ', log)) == 3, log


#: The grace period the next test gives (``--shutdown-grace``): short, so the test is.
GRACE = 2


def test_sigterm_while_a_caller_still_waits_answers_it_503_at_the_end_of_the_grace_period(silent: Silent) -> None:
    with serve(*ONLINE, "--shutdown-grace", str(GRACE)) as served:
        client = send(served, "/v1/check", waiting_on_media(silent))
        assert silent.accepted.wait(30)
        start = time.monotonic()
        served.process.send_signal(signal.SIGTERM)
        client.settimeout(GRACE_SECONDS + 30)
        answer = b""
        with contextlib.suppress(OSError):
            while chunk := client.recv(65536):
                answer += chunk
        answered = time.monotonic() - start
        client.close()
        status = served.process.wait(timeout=GRACE_SECONDS + 30)
        log = served.stderr()
    assert status == 0, log
    assert answer.split(b"\r\n", 1)[0] == b"HTTP/1.1 503 Service Unavailable", answer
    assert answer.endswith(b"\r\n\r\nthe service stopped before this request was answered\n")
    assert "Traceback" not in log and "Exception in ASGI application" not in log, log
    # answered once the grace period given was over, not the default's
    assert GRACE <= answered < GRACE_SECONDS, (answered, log)


def test_the_cli_grace_period_is_the_services_default_and_refuses_what_is_no_whole_number_of_seconds() -> None:
    from click.testing import CliRunner

    from mmsvalidate.cli import main
    from mmsvalidate.cli.serve import serve as command

    (option,) = (p for p in command.params if p.name == "shutdown_grace")
    assert option.default == GRACE_SECONDS
    for wrong in ("-1", "2.5", "nan", "3601", "soon"):
        result = CliRunner().invoke(main, ["serve", "--shutdown-grace", wrong])
        assert result.exit_code == 2, (wrong, result.output)
        assert "Invalid value for '--shutdown-grace'" in result.output, (wrong, result.output)
