"""Idle connections against the service under a low open-files limit: are they refused, and does a client get in?

Starts ``mmsvalidate serve --quiet`` (one worker) on a free port of 127.0.0.1 with its open-files limit set to
``--open-files``, opens ``--connections`` connections that never send a byte, and reports how many were answered
(and what) within a second, what a new client's ``GET /healthz`` gets meanwhile, and what it gets once
``--wait`` seconds have passed (past the service's header timeout, 10 s by default). Linux and macOS only.

    python bench/serve_connections.py --connections 300 --open-files 256
"""

from __future__ import annotations

import argparse
import resource
import select
import socket
import time

import httpx
from servers import serve


def healthz(base: str) -> str:
    """What ``GET /healthz`` gets: its status and time, or the transport error."""
    start = time.monotonic()
    try:
        answer = httpx.get(base + "/healthz", timeout=5)
    except httpx.TransportError as exc:
        return f"{type(exc).__name__} after {time.monotonic() - start:.2f} s"
    return f"{answer.status_code} in {time.monotonic() - start:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--open-files", type=int, default=256)
    parser.add_argument("--wait", type=float, default=12.0)
    args = parser.parse_args()
    own_soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if own_soft < args.connections + 64:  # this process holds every connection too
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.connections + 64), hard))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (args.open_files, hard))

    server = serve(quiet=True, preexec_fn=limit)
    base = server.base
    clients: list[socket.socket] = []
    try:
        time.sleep(0.5)
        clients = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(args.connections)]
        time.sleep(1)
        readable, _, _ = select.select(clients, [], [], 0)
        answers = sorted(
            {c.recv(100).split(b"\r\n", 1)[0].decode("latin-1") or "(closed, no answer)" for c in readable}
        )
        print(f"{args.connections} idle connections, open-files limit {args.open_files}:")
        print(f"  answered or closed within 1 s: {len(readable)}: {', '.join(answers) or '-'}")
        print(f"  a new client's /healthz meanwhile: {healthz(base)}")
        time.sleep(args.wait)
        print(f"  {args.wait:g} s later, the idle connections still open on the client side: {healthz(base)}")
    finally:
        for client in clients:
            client.close()
        server.stop()


if __name__ == "__main__":
    main()
