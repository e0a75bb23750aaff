"""A CSV row over ``max_request_bytes`` is one MV112, "the rest of that row skipped, not kept" (docs/bulk.md),
however many lines its quoted cells span. When the row's first line alone was over the limit, the lines its
open quote ran on over were read as rows of their own: records that are no request, with findings of their
own, and one record too many."""

from __future__ import annotations

import codecs
import io

from mmsvalidate import bulk
from mmsvalidate.bulk import records
from mmsvalidate.diagnostic import Location
from mmsvalidate.readers.base import Failure
from tests.conftest import pinned

LIMIT = 1000
HEADER = "action,api_key,to,from,name,subject,slide_text_value_0"
START = "sendmms,k,14158586273,60856,n,s,"
ROW = START + "hi"


def _found(text: str, encoding: str = "utf-8") -> list[tuple[int, Failure | None]]:
    data = text.encode(encoding)
    if encoding != "utf-8":
        data = (codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF32_BE) + data
    return [(r.line, r.failure) for r in records.read(io.BytesIO(data), "query", LIMIT)]


def test_a_row_whose_first_line_is_over_the_limit_skips_the_lines_its_quote_spans() -> None:
    text = f'{HEADER}\n{START}"{"x" * 3000}\n{"y" * 100}\nzz"\n{ROW}\n'
    for encoding in ("utf-8", "utf-16-le", "utf-32-be"):
        assert _found(text, encoding) == [
            (2, Failure("limit", f"a row over {LIMIT} bytes (lines 2 to 4)", Location(2, 1))),
            (5, None),
        ], encoding


def test_the_command_reports_one_mv112_and_the_row_after_it() -> None:
    text = f'{HEADER}\n{START}"{"x" * 3000}\n{"y" * 100}"\n{ROW}\n'
    found = bulk.check_stream(io.BytesIO(text.encode()), "query", pinned(max_request_bytes=LIMIT))
    assert [(line, [(f.code, f.line, f.column, f.message, f.detail) for f in r.findings]) for line, r in found] == [
        (2, [("MV112", 2, 1, f"Request not checked: a row over {LIMIT} bytes (lines 2 to 3).", None)]),
        (4, []),
    ]


def test_an_over_line_whose_quotes_close_on_it_is_a_row_alone() -> None:
    text = f'{HEADER}\n{START}"{"x" * 3000}"\n{ROW}\n'
    assert _found(text) == [(2, Failure("limit", f"a row over {LIMIT} bytes", Location(2, 1))), (3, None)]


def test_an_over_line_inside_a_spanning_row_counts_its_quotes() -> None:
    """The row opens its quote on line 2; line 3, over the limit, closes it: the row is lines 2 and 3, and line
    4 is the next row (the quote on line 3 was not counted: the row ran on to the end of the file)."""
    text = f'{HEADER}\n{START}"a\n{"x" * 3000}"\n{ROW}\n{ROW}\n'
    assert _found(text) == [
        (2, Failure("limit", f"a row over {LIMIT} bytes (lines 2 to 3)", Location(2, 1))),
        (4, None),
        (5, None),
    ]


def test_a_quote_never_closed_after_an_over_line_reads_the_lines_after_it_again() -> None:
    text = f'{HEADER}\n{START}"{"x" * 3000}\n{ROW}\n{ROW}\n'
    assert _found(text) == [
        (2, Failure("limit", f"a row over {LIMIT} bytes", Location(2, 1))),
        (3, None),
        (4, None),
    ]


class _Pipe(io.RawIOBase):
    """Bytes that can be read once, as from standard input."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        return self.data.readinto(buffer)


def test_from_a_stream_the_lines_after_a_quote_never_closed_are_said_unread() -> None:
    text = f'{HEADER}\n{START}"{"x" * 3000}\n{ROW}\n{ROW}\n'
    stream = io.BufferedReader(_Pipe(text.encode()))
    assert not stream.seekable()
    why = f"a row over {LIMIT} bytes; the lines after it can't be read again from a stream"
    assert [(r.line, r.failure) for r in records.read(stream, "query", LIMIT)] == [
        (2, Failure("limit", why, Location(2, 1)))
    ]
