"""The access log's pieces at their bound: whole lines, each piece at most ``PIPE_BUF`` bytes, as full as that allows.

A turn's lines are written in pieces (docs/service.md: one line a request, never torn by another worker's):
lines that fill exactly ``PIPE_BUF`` bytes, their line breaks counted, are one write; one byte more starts a
second; a line longer than ``PIPE_BUF`` on its own is one write of its own."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from mmsvalidate.server.accesslog import PIPE_BUF, batches


def filler(length: int, mark: str) -> str:
    """A line of ``length`` characters (its line break not counted)."""
    return mark * length


def test_lines_that_fill_pipe_buf_exactly_are_one_write() -> None:
    first, second = filler(99, "a"), filler(PIPE_BUF - 100 - 1, "b")  # 100 + (PIPE_BUF - 100) bytes with breaks
    assert list(batches([first, second])) == [f"{first}\n{second}\n"]


def test_one_byte_more_starts_a_second_write_which_fills_again() -> None:
    first, second = filler(99, "a"), filler(PIPE_BUF - 100, "b")  # one byte over, with the breaks
    third = filler(PIPE_BUF - len(second) - 2, "c")  # with second, PIPE_BUF exactly
    fourth = filler(1, "d")
    assert list(batches([first, second, third, fourth])) == [f"{first}\n", f"{second}\n{third}\n", f"{fourth}\n"]


def test_a_line_longer_than_pipe_buf_is_written_alone() -> None:
    long = filler(PIPE_BUF + 10, "x")
    assert list(batches(["a", long, "b"])) == ["a\n", f"{long}\n", "b\n"]
    assert list(batches([])) == []


def test_after_a_split_the_count_starts_again_from_nothing() -> None:
    first, second = filler(99, "a"), filler(PIPE_BUF - 100, "b")  # over by one: second starts a write
    third = filler(PIPE_BUF - len(second) - 1, "c")  # with second, one byte over PIPE_BUF: a write of its own
    assert list(batches([first, second, third])) == [f"{first}\n", f"{second}\n", f"{third}\n"]
