"""The access log's writer: the lines of one turn of the event loop written together, in order, just after it."""

from __future__ import annotations

import asyncio
import io
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from mmsvalidate.server.accesslog import LOGGER, AccessLog


class Recording(io.StringIO):
    """A stream that keeps each write apart, and counts its flushes."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []
        self.flushes = 0

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)

    def flush(self) -> None:
        self.flushes += 1


def test_without_a_stream_each_line_is_a_record_of_the_logger(caplog: pytest.LogCaptureFixture) -> None:
    log = AccessLog()
    with caplog.at_level(logging.INFO, logger=LOGGER.name):
        log.write('127.0.0.1:5 "GET /healthz HTTP/1.1" 200 - 0.1ms')
        log.write('127.0.0.1:5 "GET /metrics HTTP/1.1" 200 - 0.2ms')
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("mmsvalidate.server.access", logging.INFO, '127.0.0.1:5 "GET /healthz HTTP/1.1" 200 - 0.1ms'),
        ("mmsvalidate.server.access", logging.INFO, '127.0.0.1:5 "GET /metrics HTTP/1.1" 200 - 0.2ms'),
    ]


def test_with_no_event_loop_running_a_line_is_written_at_once() -> None:
    log, stream = AccessLog(), Recording()
    log.to_stream(stream)
    log.write("one")
    assert (stream.writes, stream.flushes) == (["one\n"], 1)
    log.write("two")
    assert (stream.writes, stream.flushes) == (["one\n", "two\n"], 2)


def test_the_lines_of_one_turn_are_one_write_after_it_and_the_next_turns_another() -> None:
    log, stream = AccessLog(), Recording()
    log.to_stream(stream)
    seen: list[list[str]] = []

    async def main() -> None:
        log.write("a")
        log.write("b")
        log.write("c")
        seen.append(list(stream.writes))  # nothing written during the turn
        await asyncio.sleep(0)  # the turn ends: its lines are written
        seen.append(list(stream.writes))
        log.write("d")
        await asyncio.sleep(0)
        seen.append(list(stream.writes))

    asyncio.run(main())
    assert seen == [[], ["a\nb\nc\n"], ["a\nb\nc\n", "d\n"]]
    assert stream.flushes == 2


def test_a_stream_that_can_not_be_written_loses_the_lines_and_raises_nothing() -> None:
    log = AccessLog()
    closed = io.StringIO()
    closed.close()
    log.to_stream(closed)
    log.write("lost")  # a closed standard error: ValueError inside, nothing outside
    log.to_stream(Recording())
    log.write("kept")
    assert log.stream is not None and log.stream.writes == ["kept\n"]  # type: ignore[attr-defined]


class Broken(Recording):
    """Standard error as a pipe whose reader has gone."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_stream_whose_reader_has_gone_loses_the_lines_and_raises_nothing() -> None:
    log = AccessLog()
    log.to_stream(Broken())
    log.write("lost")
    assert log.flush() is None  # nothing pending, nothing raised


def test_lines_pending_when_the_stream_changes_go_to_the_stream_they_were_logged_for() -> None:
    log, first, second = AccessLog(), Recording(), Recording()
    log.to_stream(first)

    async def main() -> None:
        log.write("early")
        log.to_stream(second)  # the pending line is written first, where it was meant to go
        log.write("late")
        await asyncio.sleep(0)

    asyncio.run(main())
    assert (first.writes, second.writes) == (["early\n"], ["late\n"])


def documented(path: str) -> str:
    """docs/service.md: anything in the path but printable ASCII, and the space, ``"`` and ``\\`` too, is escaped
    as ``\\xNN`` (``\\uNNNN``, ``\\UNNNNNNNN`` past U+00FF), and the path is cut at 200 characters (``...``
    saying so)."""
    kept = path[:200]
    escaped = "".join(
        c
        if 0x21 <= ord(c) <= 0x7E and c not in '"\\'
        else f"\\x{ord(c):02x}"
        if ord(c) <= 0xFF
        else f"\\u{ord(c):04x}"
        if ord(c) <= 0xFFFF
        else f"\\U{ord(c):08x}"
        for c in kept
    )
    return escaped + ("..." if len(path) > 200 else "")


@given(
    st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=260)
    | st.text(alphabet="/a%?~!#-\\", max_size=260)
    | st.text(alphabet=st.characters(min_codepoint=0xFF00), max_size=20)
)
@settings(max_examples=400, deadline=None)
def test_a_logged_path_is_escaped_and_cut_as_documented(path: str) -> None:
    from mmsvalidate.server.app import _printable

    assert _printable(path) == documented(path)


def test_logged_paths_at_the_cut_and_with_each_escape() -> None:
    from mmsvalidate.server.app import _printable

    assert _printable("/v1/check") == "/v1/check"
    assert _printable("/" + "a" * 199) == "/" + "a" * 199
    assert _printable("/" + "a" * 200) == "/" + "a" * 199 + "..."
    assert _printable('/a b"c\x7f\xe9') == "/a\\x20b\\x22c\\x7f\\xe9"
