"""Record readers: a JSON Lines or CSV campaign file read as one request per record, in bounded memory.

A JSON Lines file (``.jsonl``, ``.ndjson``) holds one JSON-form request per line; blank lines are
skipped. A CSV file (``.csv``) holds one query-form request per row, the header row naming the
parameters (``to,from,subject,slide_image_url_0,...``); an empty cell is a parameter not given.
The file is decoded first (:mod:`mmsvalidate.bulk.lines`), then split into records, each a
:class:`~mmsvalidate.readers.records.Record` located in the file. A record that can't be read (a
malformed row, a line over ``max_request_bytes``) is that record's finding, and every later record
is still read: a row whose quote runs on over later lines and makes no valid row with them (never
closed, text after the closing quote, a quote inside an unquoted cell, or not the header's width) is
reported at its first line, and the lines after it are read again as rows of their own. A quote left
open that happens to close on a later line into a well-formed row of the header's width can't be told
from a cell holding line breaks: that row is read as written (RFC 4180).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO

import attrs

from mmsvalidate.bulk.lines import Line, Lines, break_size
from mmsvalidate.diagnostic import Location
from mmsvalidate.files import STREAM_SUFFIXES, stream_form
from mmsvalidate.profile import DEFAULT_PROFILE
from mmsvalidate.readers.base import Failure
from mmsvalidate.readers.records import Cell, Record

__all__ = [
    "SUFFIXES",
    "Record",
    "csv_rows",
    "json_lines",
    "kind_of",
    "pack",
    "read",
    "read_text",
    "unpack",
    "weight",
]

#: File name endings read as record streams, and the form of their records.
SUFFIXES = STREAM_SUFFIXES


#: ``json`` or ``query`` for a file name ending as a record stream, else ``None``.
kind_of = stream_form


#: What a kept CSV cell costs besides its value's characters (its name, place and objects), in bytes:
#: a row of many short cells weighs what it takes in memory, not only what it takes on disk.
CELL_WEIGHT = 128


def weight(record: Record) -> int:
    """What a record weighs in memory, in bytes (about): its text, or its cells' values and their bookkeeping;
    a record the reader gave up on weighs its message. Jobs and windows of records are bounded by it."""
    if record.failure is not None:
        return len(record.failure.message) + CELL_WEIGHT
    return len(record.text) + sum(len(cell.value) + CELL_WEIGHT for cell in record.cells) + CELL_WEIGHT


#: Records as they travel to a worker process: plain tuples for the common records (a JSON line's number
#: and text; a CSV row's number and cells as tuples), each under its file's encoding; others as they are.
Packed = tuple[str, list["tuple[int, str] | tuple[int, tuple[tuple[str, str, int, int], ...]] | Record"]]


def pack(records: list[Record]) -> Packed:
    """``records`` (of one file) as cheap to send to another process as they can be: builtin tuples,
    not objects (what :func:`unpack` makes the same records of again)."""
    encoding = records[0].encoding if records else "utf-8"
    packed: list[tuple[int, str] | tuple[int, tuple[tuple[str, str, int, int], ...]] | Record] = []
    for record in records:
        if record.failure is not None or record.encoding != encoding:
            packed.append(record)
        elif record.form == "json" and not record.cells:
            packed.append((record.line, record.text))
        elif record.form == "query" and not record.text:
            packed.append((record.line, tuple((c.name, c.value, c.line, c.column) for c in record.cells)))
        else:
            packed.append(record)
    return encoding, packed


def unpack(packed: Packed) -> list[Record]:
    """The records :func:`pack` packed."""
    encoding, items = packed
    records = []
    for item in items:
        if isinstance(item, Record):
            records.append(item)
        elif isinstance(item[1], str):
            records.append(Record(item[0], "json", text=item[1], encoding=encoding))
        else:
            cells = tuple(Cell(*cell) for cell in item[1])
            records.append(Record(item[0], "query", cells=cells, encoding=encoding))
    return records


def _over(line: int, limit: int, what: str = "a line") -> Failure:
    return Failure("limit", f"{what} over {limit} bytes", Location(line, 1))


def json_lines(lines: Lines) -> Iterator[Record]:
    """The requests of a JSON Lines stream, one a non-blank line."""
    for line in lines:
        if line.over:
            yield Record(line.number, "json", failure=_over(line.number, lines.limit), encoding=lines.encoding)
            continue
        text = line.text.rstrip("\r\n")
        if text.strip(" \t"):
            yield Record(line.number, "json", text=text, encoding=lines.encoding)


#: The rest of a quoted cell on its line: anything but a quote, or a doubled quote (possessive: linear).
_QUOTED = re.compile(r'[^"]*+(?:""[^"]*+)*+')


@attrs.define
class _Row:
    """A CSV row as scanned: the first ``keep`` cells (``(index, value, line, column)``), how many in all."""

    lines: list[Line]
    cells: list[tuple[int, str, int, int]] = attrs.Factory(list)
    count: int = 0
    failure: Failure | None = None
    spanned: tuple[int, int] | None = None  # where a quoted cell that runs over a line break opens
    blank: bool = True
    kept: bool = True  # every line of the row is in ``lines``
    bare: tuple[int, int] | None = None  # where the first unquoted cell holding a quote starts


class _Scanner:
    """Splits a CSV stream into rows (RFC 4180: ``,`` between cells, ``"`` quoting, ``""`` a quote)."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.limit = lines.limit
        self.keep = 0  # cells kept a row (the header's count once it is read)
        self.keep_empty = True  # the header's empty names count; a row's empty cells are parameters not given
        self.width: int | None = None  # the header's count of names, once read

    def rows(self) -> Iterator[_Row]:
        while (first := next(self.lines, None)) is not None:
            if first.over:
                yield self._over_first(first)
                continue
            row = self._row(first)
            if row.failure is None and row.spanned is not None:
                row.failure = self._doubtful(row)
            if row.failure is not None and row.spanned is not None:  # one line: a quote never closed, kept as is
                row = self._split(row)
            if not row.blank or row.failure is not None:
                yield row

    def _over_first(self, first: Line) -> _Row:
        """A row whose first line is over the limit: with the lines a quote it leaves open runs on over, which are
        skipped with it; when that quote never closes, the lines after the first are read again as rows."""
        over = _Row([first], failure=_over(first.number, self.limit, "a row"))
        following = next(self.lines, None) if first.odd else None
        if following is None:
            return over
        row = self._skip_quoted(_Row([first]), following, (first.number, 1))
        if row.kept:  # closed on a later line: the row is lines first to there
            return row
        if not self.lines.seekable():
            why = f"a row over {self.limit} bytes; the lines after it can't be read again from a stream"
            over.failure = Failure("limit", why, Location(first.number, 1))
        else:
            self.lines.rewind(following)
        return over

    def _doubtful(self, row: _Row) -> Failure | None:
        """Why a row whose quoted cell spans lines is rather a quote left open: a writer that puts line
        breaks in cells quotes as RFC 4180 says (no quote in an unquoted cell) and writes every column."""
        assert row.spanned is not None
        if row.bare is not None:
            message = f"the row it makes with them has a quote inside an unquoted cell (line {row.bare[0]})"
        elif self.width is not None and row.count != self.width:
            message = f"the row it makes with them has {row.count} cells; the header names {self.width}"
        else:
            return None
        return Failure("syntax", message, Location(*row.spanned))

    def _split(self, row: _Row) -> _Row:
        """A row whose quote ran on over later lines and made no valid row: its first line alone is
        the finding, and the lines after it are read again."""
        line, column = row.spanned  # type: ignore[misc]
        assert row.failure is not None
        why = row.failure.message
        if why == EXTRA:
            why = "the row it makes with them has more cells than the header names"
        message = (
            why
            if why.endswith("is never closed")
            else (
                f"the quote opened at line {line} column {column} is not closed on its line; read on over the lines "
                f"after it, {why}"
            )
        )
        first = row.lines[0]
        if row.kept:  # every line kept: read them again
            self.lines.push(row.lines[1:])
        elif self.lines.seekable():
            self.lines.rewind(row.lines[1])
        else:
            message += "; the lines after it can't be read again from a stream"
        return _Row([first], failure=Failure("syntax", message, Location(line, column)), blank=False)

    def _row(self, first: Line) -> _Row:
        row = _Row([first])
        size: int | None = (
            None  # the UTF-8 bytes of the row's lines read so far, with their line breaks, once it spans lines
        )
        line = first
        text, ending = _split_ending(line.text)
        pos = 0
        while True:  # one cell a turn
            start = (line.number, pos + 1)
            if pos < len(text) and text[pos] == '"':
                parts: list[str] = []
                pos += 1
                while True:
                    found = _QUOTED.match(text, pos)
                    assert found is not None
                    parts.append(found[0])
                    pos = found.end()
                    if pos < len(text):
                        break  # the closing quote
                    parts.append(ending)
                    row.spanned = row.spanned or start
                    nxt = next(self.lines, None)
                    if nxt is None:
                        row.failure = _unclosed(start)
                        return row
                    if size is None:
                        size = _utf8(first.text)
                    # the row's own bytes so far: its line break (after the last line read) is not counted
                    if nxt.over or size + _utf8(nxt.text) - break_size(nxt.text) > self.limit:
                        return self._skip_quoted(row, nxt, start)
                    size += _utf8(nxt.text)
                    row.lines.append(nxt)
                    line, (text, ending), pos = nxt, _split_ending(nxt.text), 0
                self._add(row, "".join(parts).replace('""', '"'), start)
                pos += 1
                if pos < len(text) and text[pos] != ",":
                    where = Location(line.number, pos + 1)
                    message = f"text after the closing quote of a cell (line {line.number} column {pos + 1})"
                    row.failure = Failure("syntax", message, where)
                    return row
            elif row.count > self.keep and not self.keep_empty and text.find('"', pos) < 0:
                # past the header's cells, nothing quoted on the rest of the line: its cells are only counted (the
                # row already has its failure, set at the first cell past them, so it is reported blank or not)
                row.count += text.count(",", pos) + 1
                return row
            else:
                comma = text.find(",", pos)
                value = text[pos:] if comma < 0 else text[pos:comma]
                if row.bare is None and '"' in value:
                    row.bare = start
                self._add(row, value, start)
                pos = len(text) if comma < 0 else comma
            if pos >= len(text):
                return row
            pos += 1  # past the comma: another cell follows

    def _add(self, row: _Row, value: str, where: tuple[int, int]) -> None:
        index = row.count
        row.count += 1
        if value.strip(" \t"):
            row.blank = False
        if index < self.keep:
            if value or self.keep_empty:
                row.cells.append((index, value, *where))
        elif index == self.keep and row.failure is None and not self.keep_empty:
            row.failure = Failure("syntax", EXTRA, Location(*where))  # the cells are counted on

    def _skip_quoted(self, row: _Row, line: Line, start: tuple[int, int]) -> _Row:
        """A row over the limit inside a quoted cell: read on, keeping nothing, to the end of the row."""
        quoted = True
        current: Line | None = line
        while current is not None:
            quoted ^= current.odd if current.over else bool(current.text.count('"') & 1)
            if not quoted:  # the lines it spans said, so that a quote left open that closes far on is seen
                first = row.lines[0].number
                spans = f"a row over {self.limit} bytes (lines {first} to {current.number})"
                failure = Failure("limit", spans, Location(first, 1))
                return _Row([row.lines[0]], failure=failure, blank=False)
            current = next(self.lines, None)
        second = row.lines[1] if len(row.lines) > 1 else line
        return _Row([row.lines[0], second], failure=_unclosed(start), spanned=start, blank=False, kept=False)


#: A row's failure when it has more cells than the header names (the message, with the counts, is made later).
EXTRA = "more cells than the header names"


def _unclosed(start: tuple[int, int]) -> Failure:
    return Failure("syntax", f"the quote opened at line {start[0]} column {start[1]} is never closed", Location(*start))


def _utf8(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


def _split_ending(text: str) -> tuple[str, str]:
    if text.endswith("\r\n"):
        return text[:-2], "\r\n"
    if text.endswith(("\n", "\r")):
        return text[:-1], text[-1]
    return text, ""


#: A header name holding a CR: the file's rows are on one line, broken by CRs alone (classic Mac OS).
CR_BREAKS = (
    "the header row: a name holds a carriage return (CR): the file's line breaks are CR alone (as classic Mac OS "
    "wrote them), which are not line breaks here; write them as LF or CRLF"
)


#: A header of one name holding semicolons or tabs: a file separated by them (as spreadsheets export in many
#: countries), which is not read.
OTHER_SEPARATOR = (
    "the header row is one name holding {0}: its cells are separated by {0}, not by commas as CSV's are "
    "(RFC 4180); export the file with commas"
)


def _separated(name: str) -> str | None:
    """Semicolons or tabs, by name, when a lone header name holds them (no parameter's name does)."""
    return "semicolons" if ";" in name else "tabs" if "\t" in name.strip(" \t") else None


def csv_rows(lines: Lines, items: int = DEFAULT_PROFILE.max_items) -> Iterator[Record]:
    """The requests of a CSV stream: the first non-blank row names the parameters, each later row is one."""
    scanner = _Scanner(lines)
    scanner.keep, scanner.keep_empty = items, True  # a header of more names is refused, its cells unread
    names: list[str] | None = None
    rows = scanner.rows()
    for row in rows:
        first = row.lines[0].number
        if names is None:
            problem = row.failure
            if problem is None and row.count > items:
                problem = Failure("limit", f"a header of {row.count:,} names, over {items:,}", Location(first, 1))
            if problem is not None:
                skipped = sum(1 for _ in rows)
                rest = "the row after it is" if skipped == 1 else f"the {skipped:,} rows after it are"
                message = f"the header row: {problem.message}; {rest} not read"
                yield Record(first, "query", failure=Failure(problem.kind, message, problem.location))
                return
            if problem is None and (cr := next(((ln, col) for _, v, ln, col in row.cells if "\r" in v), None)):
                yield Record(first, "query", failure=Failure("syntax", CR_BREAKS, Location(*cr)))
                return
            if problem is None and len(row.cells) == 1 and (other := _separated(row.cells[0][1])) is not None:
                where = Location(row.cells[0][2], row.cells[0][3])
                yield Record(first, "query", failure=Failure("syntax", OTHER_SEPARATOR.format(other), where))
                return
            names = [value.strip(" \t") for _, value, _, _ in row.cells]
            scanner.keep, scanner.keep_empty, scanner.width = len(names), False, len(names)
            continue
        yield _record(row, names, lines.encoding)


def _record(row: _Row, names: list[str], encoding: str) -> Record:
    first = row.lines[0].number
    failure = row.failure
    if failure is not None and failure.message == EXTRA:
        message = f"a row of {row.count} cells; the header names {len(names)}"
        failure = Failure("syntax", message, failure.location)
    if failure is not None:
        return Record(first, "query", failure=failure, encoding=encoding)
    cells = tuple(Cell(names[index], value, line, column) for index, value, line, column in row.cells)
    return Record(first, "query", cells=cells, encoding=encoding)


def read(stream: BinaryIO, form: str, limit: int, items: int = DEFAULT_PROFILE.max_items) -> Iterator[Record]:
    """The records of a stream whose records are in ``form`` (``json``: JSON Lines; ``query``: CSV)."""
    lines = Lines(stream, limit)
    return json_lines(lines) if form == "json" else csv_rows(lines, items)


def read_text(text: str, form: str, limit: int) -> Iterator[Record]:
    """The records of a stream given as text (for tests and small inputs)."""
    return read(io.BytesIO(text.encode("utf-8")), form, limit)
