"""The access log: one line per request, the lines of one turn of the event loop written together just after it.

A line costs a string and a list append on the request's path; the write and the flush are paid once a turn,
not once a request (through :mod:`logging`, a line cost a record, a handler's lock, a format and a flush: about
50 µs of a serving worker's CPU, a sixth of a whole request's). :func:`to_stream` sends the lines to a stream
(``mmsvalidate serve`` gives standard error); until then they go to the logger :data:`LOGGER`, for an
application made by :func:`~mmsvalidate.server.app.create_app` and served by something else.
"""

from __future__ import annotations

import logging
import select
from collections.abc import Iterator
from typing import TextIO

from mmsvalidate.server.turns import EndOfTurn

#: Where the lines go while no stream is set: one record each, at INFO.
LOGGER = logging.getLogger("mmsvalidate.server.access")
#: Most bytes one write to a pipe puts in it whole, never mixed with another process's (POSIX's ``PIPE_BUF``): the
#: workers of ``serve --workers N`` share standard error, often a pipe to a log collector.
PIPE_BUF = getattr(select, "PIPE_BUF", 512)


def batches(lines: list[str]) -> Iterator[str]:
    """``lines``, each ended by a line break, joined in pieces of at most :data:`PIPE_BUF` characters (one byte each:
    a line is ASCII, escaped), each of whole lines (one longer than that on its own)."""
    batch: list[str] = []
    size = 0
    for line in lines:
        if batch and size + len(line) + 1 > PIPE_BUF:
            yield "".join(batch)
            batch, size = [], 0
        batch.append(line + "\n")
        size += len(line) + 1
    if batch:
        yield "".join(batch)


class AccessLog(EndOfTurn):
    """The access log's lines, buffered for at most one turn of the event loop."""

    def __init__(self) -> None:
        self.stream: TextIO | None = None
        self._pending: list[str] = []

    def to_stream(self, stream: TextIO) -> None:
        """Write the lines to ``stream`` from now on."""
        self.flush()
        self.stream = stream

    def write(self, line: str) -> None:
        """Log ``line`` (no line break): at the end of this turn of the event loop, or at once with none running."""
        if self.stream is None:
            LOGGER.info("%s", line)
            return
        self._pending.append(line)
        self.later()

    def flush(self) -> None:
        """Write the lines logged and not written yet; a stream that can't be written loses them, nothing more."""
        self.done()
        lines, self._pending = self._pending, []
        if not lines or self.stream is None:
            return
        try:
            # a piece of whole lines a write, none over PIPE_BUF: two workers' lines never tear each other
            for batch in batches(lines):
                self.stream.write(batch)
                self.stream.flush()
        except (OSError, ValueError):  # standard error closed or gone: the service goes on without its log
            pass


#: The process's access log (a worker serves one application).
ACCESS = AccessLog()
