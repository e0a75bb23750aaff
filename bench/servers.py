"""Starting a server for a benchmark: a command on a free port of 127.0.0.1, ready once ``GET /healthz`` is 200.

The service benchmarks (``serve.py``, ``serve_vs_app.py``, ``serve_connections.py``, ``serve_headers.py``) all
start their servers here, so they wait, fail and stop the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port of 127.0.0.1 free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """``command`` (which takes the port from ``{port}`` in its arguments) run until :meth:`stop`; the
    constructor returns once ``GET /healthz`` answers 200, and raises ``SystemExit`` when the command exits
    first or is not ready within ``timeout`` seconds."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
        quiet: bool = False,
        preexec_fn: Callable[[], Any] | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.port = free_port()
        output: int | IO[bytes] | None = subprocess.DEVNULL if quiet else None
        self.process = subprocess.Popen(
            [part.format(port=self.port) for part in command],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.DEVNULL if quiet else subprocess.PIPE,
            preexec_fn=preexec_fn,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                raise SystemExit(f"{command[0]} exited {self.process.returncode}: {said}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"the server did not start within {timeout:g} s")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> int:
        """SIGTERM, then SIGKILL after a minute; the exit status."""
        self.process.terminate()
        try:
            status = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait(timeout=60)
        if self.process.stderr is not None:
            self.process.stderr.close()
        return status

    def __enter__(self) -> Server:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def serve(
    *args: str,
    workers: int = 1,
    root: Path = ROOT,
    quiet: bool = False,
    preexec_fn: Callable[[], Any] | None = None,
    access_log: bool = False,
) -> Server:
    """``mmsvalidate serve --quiet --workers N ARGS`` of the checkout at ``root`` (this one by default); with
    ``access_log``, without ``--quiet``: the access log written (its default), to nowhere (as with ``quiet``)."""
    env = None
    if root != ROOT:  # the other checkout's package, not the one installed in this environment
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    log = [] if access_log else ["--quiet"]
    command = [sys.executable, "-m", "mmsvalidate", "serve", *log, "--port", "{port}", "--workers", str(workers)]
    return Server([*command, *args], cwd=root, env=env, quiet=quiet or access_log, preexec_fn=preexec_fn)
