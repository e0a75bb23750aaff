"""The access log's lines stay whole when the workers of ``serve --workers N`` write them to one pipe.

The workers share standard error, often a pipe to a log collector (systemd's journal, a container's log). A write
of more than ``PIPE_BUF`` bytes to a pipe may be split and mixed with another process's; a busy turn of the event
loop wrote all its lines in one write (50 lines are already 4 KiB), so two workers' lines tore each other
(``...HTTP/1.1" 200 - 0.1127.0.0.1:5...``). docs/service.md: one line a request.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import asyncio
import io
import os
import time

from mmsvalidate.server.accesslog import PIPE_BUF, AccessLog

#: Lines a turn, turns a worker: each turn's lines are some 8 KiB.
LINES, TURNS = 100, 150


def line(worker: int, turn: int, n: int) -> str:
    return f'127.0.0.{worker}:{40000 + n} "POST /v1/check HTTP/1.1" 200 E226 {turn}.{n:03d}ms'


class Writes(io.StringIO):
    """A stream that keeps each write apart."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)


def busy_turns(log: AccessLog, worker: int, turns: int) -> None:
    async def main() -> None:
        for turn in range(turns):
            for n in range(LINES):
                log.write(line(worker, turn, n))
            await asyncio.sleep(0)  # the turn ends: its lines are written

    asyncio.run(main())


def test_a_busy_turn_is_written_in_pieces_of_whole_lines_none_over_pipe_buf() -> None:
    log, stream = AccessLog(), Writes()
    log.to_stream(stream)
    busy_turns(log, 1, 2)
    assert all(len(w.encode()) <= PIPE_BUF and w.endswith("\n") for w in stream.writes)
    assert "".join(stream.writes).splitlines() == [line(1, t, n) for t in range(2) for n in range(LINES)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="two worker processes, as serve --workers 2 forks them")
def test_two_workers_lines_on_one_pipe_never_tear() -> None:
    read_end, write_end = os.pipe()
    children = []
    for worker in (1, 2):
        child = os.fork()
        if child == 0:  # a worker: its access log on the shared, line-buffered standard error
            os.close(read_end)
            code = 0
            try:
                log = AccessLog()
                log.to_stream(os.fdopen(write_end, "w", buffering=1))
                busy_turns(log, worker, TURNS)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        children.append(child)
    os.close(write_end)
    received = b""
    with os.fdopen(read_end, "rb") as pipe:
        while chunk := pipe.read(1000):  # a collector reading a little behind, so the pipe fills
            received += chunk
            time.sleep(0.0002)
    assert [os.waitpid(child, 0)[1] for child in children] == [0, 0]
    lines = received.decode().splitlines()
    expected = {line(w, t, n) for w in (1, 2) for t in range(TURNS) for n in range(LINES)}
    assert [text for text in lines if text not in expected] == []
    assert len(lines) == len(expected)
