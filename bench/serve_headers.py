"""What a huge request head costs the service: its CPU time, and how long /healthz waits meanwhile.

Starts ``mmsvalidate serve --quiet`` (one worker) on a free port of 127.0.0.1, then one client sends a request
line and a single header field of ``--megabytes`` MB in 64 KiB writes, as fast as the service reads them, and
never ends the head; a second client asks ``GET /healthz`` every 0.1 s meanwhile. Reports the server's CPU time
over the send (from ``/proc``, Linux only), the slowest ``/healthz`` answer, how much was sent before the service
answered or closed, and what it answered.

    python bench/serve_headers.py --megabytes 50
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import threading
import time
from pathlib import Path

import httpx
from servers import serve

CHUNK = 65536


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of ``pid`` and its children that have been waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=120.0, help="most time the send may take")
    args = parser.parse_args()
    server = serve(quiet=True)
    base, port = server.base, server.port
    try:
        slowest, stop = [0.0], threading.Event()

        def probe() -> None:
            while not stop.is_set():
                start = time.perf_counter()
                with contextlib.suppress(httpx.TransportError):
                    httpx.get(base + "/healthz", timeout=60)
                slowest[0] = max(slowest[0], time.perf_counter() - start)
                time.sleep(0.1)

        prober = threading.Thread(target=probe, daemon=True)
        total = int(args.megabytes * 1_000_000)
        before = cpu_seconds(server.process.pid)
        start = time.perf_counter()
        prober.start()
        sent, answer = 0, b""
        with socket.create_connection(("127.0.0.1", port), timeout=args.seconds) as client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
            chunk = b"a" * CHUNK
            try:
                while sent < total and time.perf_counter() - start < args.seconds:
                    client.sendall(chunk)
                    sent += CHUNK
            except OSError:
                pass  # the service closed the connection
            client.settimeout(5)
            try:
                answer = client.recv(200)
            except OSError:
                answer = b""
        elapsed = time.perf_counter() - start
        time.sleep(0.5)
        stop.set()
        prober.join(timeout=60)
        used = cpu_seconds(server.process.pid) - before
    finally:
        server.stop()
    status = answer.split(b"\r\n", 1)[0].decode("latin-1") or "(closed, no answer)"
    print(f"head of {args.megabytes:g} MB offered: {sent / 1_000_000:.1f} MB sent in {elapsed:.2f} s")
    print(f"server CPU during the send: {used:.2f} s; slowest /healthz meanwhile: {slowest[0] * 1000:.0f} ms")
    print(f"answer: {status}")


if __name__ == "__main__":
    main()
