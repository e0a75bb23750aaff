"""One line index for every reader, suppressions and records: offset → line and column.

Readers keep offsets; a :class:`LineIndex` turns one into a :class:`~mmsvalidate.diagnostic.Location` only
when a finding (or a value's position) is asked for. Lookups in increasing order (a reader's single pass, the
marks of a comment) count line breaks forward from the previous one, in C, with no table; the first lookup
behind the previous one builds the table of line starts once and answers every later one by binary search.
So any sequence of lookups costs at most one pass over the text plus a logarithm each: never superlinear.
"""

from __future__ import annotations

import bisect
import re

from mmsvalidate.diagnostic import Location

__all__ = ["LineIndex", "locate", "lowered"]

_LINE_BREAK = re.compile("\n")
_LINE_BREAK_BYTES = re.compile(b"\n")


class LineIndex:
    """Offsets of ``text`` (``str`` in characters, ``bytes`` in bytes) to 1-based lines and columns.

    ``line`` and ``column`` are where offset 0 stands (a comment's text inside a request starts there). A
    ``\\ufeff`` byte order mark at offset 0 of a ``str`` is no column of its own when ``bom`` is true (columns
    after it count from 1, as an editor shows them); ``bom`` is off by default, so columns are plain offsets.
    """

    __slots__ = ("_counted", "_first", "_line", "_line_start", "_newline", "_origin_line", "_starts", "text")

    def __init__(self, text: str | bytes, line: int = 1, column: int = 1, *, bom: bool = False) -> None:
        self.text = text
        self._newline: str | bytes = b"\n" if isinstance(text, bytes) else "\n"
        skip = 1 if bom and isinstance(text, str) and text.startswith("\ufeff") else 0
        self._origin_line = line
        # column = offset - line_start + 1, so the first line "starts" before offset 0 by the origin's column
        self._first = skip - column + 1
        self._line, self._line_start, self._counted = line, self._first, 0
        self._starts: list[int] | None = None

    def location(self, offset: int, param: str | None = None) -> Location:
        """The line and column of ``offset`` (``param`` rides along, for the query form)."""
        if self._starts is None:
            if offset >= self._counted:  # forward from the previous lookup: count only what lies between
                text, newline, counted = self.text, self._newline, self._counted
                breaks = text.count(newline, counted, offset)  # type: ignore[arg-type]
                if breaks:
                    self._line += breaks
                    self._line_start = text.rfind(newline, counted, offset) + 1  # type: ignore[arg-type]
                self._counted = offset
                return Location(self._line, offset - self._line_start + 1, param)
            self._starts = self._table()
        starts = self._starts
        index = bisect.bisect_right(starts, offset) - 1
        return Location(self._origin_line + index, offset - starts[index] + 1, param)

    def _table(self) -> list[int]:
        """The start of every line (the first one's as the origin puts it): one pass, in the engine."""
        breaks = _LINE_BREAK_BYTES if isinstance(self.text, bytes) else _LINE_BREAK
        return [self._first, *(m.end() for m in breaks.finditer(self.text))]  # type: ignore[arg-type]


def locate(text: str | bytes, offset: int) -> Location:
    """The line and column of one offset of ``text`` (one lookup: no table)."""
    return LineIndex(text).location(offset)


#: Parameter names are case-insensitive in ASCII only, as the API's are: ``str.lower`` would also make the
#: Kelvin sign (U+212A) a ``k``, reading ``api_\u212aey`` as API_KEY.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lowered(name: str) -> str:
    """``name`` with its ASCII letters in lower case, and only those."""
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)
