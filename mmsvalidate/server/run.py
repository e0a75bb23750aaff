"""Running the service with uvicorn: one process, or a supervisor and N workers on one socket.

The configuration reaches worker processes as JSON in the environment (:data:`config.ENVIRONMENT`);
with several workers, metrics go through the client library's multiprocess mode in a temporary
folder. SIGTERM (or Ctrl+C) stops accepting connections, lets the requests in flight finish,
and returns normally.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import tempfile
from types import FrameType

import uvicorn
from starlette.applications import Starlette

from mmsvalidate.server.accesslog import ACCESS
from mmsvalidate.server.app import create_app
from mmsvalidate.server.config import ENVIRONMENT, ServerConfig, dumps, from_environment
from mmsvalidate.server.protocol import BoundedProtocol


def application() -> Starlette:
    """The application of a worker process: the configuration ``serve`` handed over, access log set up."""
    config = from_environment()
    if config.access_log:
        ACCESS.to_stream(sys.stderr)
        atexit.register(ACCESS.flush)  # the lines of the last turn, should the loop end right after it
    return create_app(config)


def _ignore(signum: int, frame: FrameType | None) -> None:
    """Uvicorn re-raises the signal that stopped it once it has shut down; we have already stopped."""


def run(config: ServerConfig, *, host: str, port: int, workers: int) -> None:
    """Serve ``config`` until SIGTERM or SIGINT; returns after a graceful shutdown."""
    os.environ[ENVIRONMENT] = dumps(config)
    metrics_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = tempfile.mkdtemp(prefix="mmsvalidate-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    previous = {sig: signal.signal(sig, _ignore) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        uvicorn.run(
            "mmsvalidate.server.run:application",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_level="warning" if not config.access_log else "info",
            server_header=False,
            proxy_headers=False,
            timeout_graceful_shutdown=config.shutdown_grace,
            http=BoundedProtocol,  # httptools, the request head bounded (size, time) and connections capped
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
