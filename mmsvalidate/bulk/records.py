"""Record streams: a JSON Lines or CSV file read as one request per record, in bounded memory.

A JSON Lines file (``.jsonl``, ``.ndjson``) holds one JSON-form request per line; blank lines are
skipped. A CSV file (``.csv``) holds one query-form request per row, the header row naming the
parameters (``to,from,subject,slide_image_url_0,...``); an empty cell is a parameter not given.
Each record is read on its own, at most ``max_request_bytes`` a line, so a bad record is that
record's finding and the rest go on.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import quote

import attrs

#: File name endings read as record streams, and the form of their records.
SUFFIXES = {".jsonl": "json", ".ndjson": "json", ".csv": "query"}


def kind_of(name: str) -> str | None:
    """``json`` or ``query`` for a file name ending as a record stream, else ``None``."""
    lowered = name.lower()
    for suffix, form in SUFFIXES.items():
        if lowered.endswith(suffix):
            return form
    return None


@attrs.frozen
class Record:
    """One request of a stream: the file line it starts on, its content and form.

    ``cells`` maps the column (1-based) of each parameter in ``content`` (a query string built from
    a CSV row) to where its cell is in the file; ``problem`` says why a row is no request at all,
    as ``(kind, message)`` with the reader's failure kinds (``syntax``, ``limit``).
    """

    line: int
    content: bytes | str
    form: str
    cells: tuple[tuple[int, int, int], ...] = ()
    problem: tuple[str, str] | None = None


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes, bool]]:
    """Each line (with its end), at most ``limit + 2`` bytes kept, and whether it was longer."""
    while True:
        raw = stream.readline(limit + 2)
        if not raw:
            return
        if raw.endswith(b"\n") or len(raw) < limit + 2:
            yield raw, False
            continue
        while (rest := stream.readline(65536)) and not rest.endswith(b"\n"):
            pass
        yield raw, True


def json_lines(stream: BinaryIO, limit: int) -> Iterator[Record]:
    """The requests of a JSON Lines stream, one a non-blank line."""
    for number, (raw, _) in enumerate(_bounded_lines(stream, limit), start=1):
        line = raw.rstrip(b"\r\n")
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if line.strip(b" \t"):
            yield Record(number, line, "json")


class _RowTooLong(Exception):
    """A CSV row (a quoted cell may span lines) over the limit: the rest of it is not kept."""


class _Lines:
    """Text lines for :mod:`csv`, bounded, remembering the lines of the row being read.

    A row's lines are kept up to ``limit`` bytes in all (and a line break). Past that, the rest of
    the row is read without keeping it, to the first line break outside quotes (as RFC 4180 writes
    quotes, in pairs), and :class:`_RowTooLong` ends the row; the :mod:`csv` reader starts afresh
    on the next one.
    """

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._lines = _bounded_lines(stream, limit)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self.limit = limit
        self.number = 0
        self.row: list[str] = []
        self.size = 0
        self.quoted = False
        self.oversized = False

    def start_row(self) -> None:
        """Forget the lines of the row read last."""
        self.row, self.size, self.quoted, self.oversized = [], 0, False, False

    def _skip_row(self) -> None:
        """Read on to the end of the row, keeping nothing."""
        while self.quoted and (line := next(self._lines, None)) is not None:
            self.number += 1
            self.quoted ^= bool(line[0].count(b'"') & 1)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw, longer = next(self._lines)
        self.number += 1
        if self.number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        self.quoted ^= bool(raw.count(b'"') & 1)
        if longer:
            self.oversized = True
            raw = b"\n"
        self.size += len(raw)
        if self.size > self.limit + 2:  # as for a line: ``limit`` bytes and the line break
            self.oversized = True
            self._skip_row()
            raise _RowTooLong
        text = self._decoder.decode(raw)
        self.row.append(text)
        return text


def _cell_starts(lines: list[str], first: int, most: int) -> list[tuple[int, int]]:
    """Where the first ``most`` cells of a row start, as (line, column), for a row written over ``lines``."""
    starts = [(first, 1)]
    quoted = False
    for offset, text in enumerate(lines):
        for column, char in enumerate(text, start=1):
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                starts.append((first + offset, column + 1))
                if len(starts) >= most:
                    return starts
    return starts


def _query(names: list[str], cells: list[str]) -> tuple[str, tuple[int, ...]]:
    """The query string of a row and, for each parameter in it, the cell it came from."""
    parts: list[str] = []
    origin: list[int] = []
    for index, (name, value) in enumerate(zip(names, cells, strict=False)):
        if not name or value == "":
            continue
        parts.append(f"{_encode(name)}={_encode(value)}")
        origin.append(index)
    return "&".join(parts), tuple(origin)


def _encode(text: str) -> str:
    return quote(text.encode("utf-8", errors="surrogateescape"), safe="")


def csv_rows(stream: BinaryIO, limit: int) -> Iterator[Record]:
    """The requests of a CSV stream: the first non-blank row names the parameters, each later row is one."""
    lines = _Lines(stream, limit)
    reader = csv.reader(lines, strict=False)
    names: list[str] | None = None
    while True:
        lines.start_row()
        start = lines.number + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _RowTooLong:
            first = start + next((i for i, text in enumerate(lines.row) if text.strip()), 0)
            yield Record(first, "", "query", problem=("limit", f"a row over {limit} bytes"))
            continue
        except csv.Error as exc:
            first = start + next((i for i, text in enumerate(lines.row) if text.strip()), 0)
            yield Record(first, "", "query", problem=("limit" if "limit" in str(exc) else "syntax", str(exc)))
            continue
        first = start + next((i for i, text in enumerate(lines.row) if text.strip()), 0)
        if lines.oversized:
            yield Record(first, "", "query", problem=("limit", f"a line over {limit} bytes"))
            continue
        if not cells or not any(cell.strip() for cell in cells):
            continue
        if names is None:
            names = [cell.strip() for cell in cells]
            continue
        starts = _cell_starts(lines.row[first - start :], first, len(names) + 1)
        if len(cells) > len(names):
            where = starts[len(names)] if len(starts) > len(names) else (first, 1)
            message = f"a row of {len(cells)} cells; the header names {len(names)}"
            yield Record(first, "", "query", cells=((1, *where),), problem=("syntax", message))
            continue
        content, origin = _query(names, cells)
        yield Record(first, content, "query", cells=_columns(content, origin, starts))


def _columns(content: str, origin: tuple[int, ...], starts: list[tuple[int, int]]) -> tuple[tuple[int, int, int], ...]:
    """(column in ``content``, file line, file column) for each parameter of a built query string."""
    table = []
    column = 1
    for index, part in zip(origin, content.split("&"), strict=True) if content else ():
        line, where = starts[index] if index < len(starts) else starts[-1]
        table.append((column, line, where))
        column += len(part) + 1
    return tuple(table)


def read(stream: BinaryIO, form: str, limit: int) -> Iterator[Record]:
    """The records of a stream whose records are in ``form`` (``json``: JSON Lines; ``query``: CSV)."""
    return json_lines(stream, limit) if form == "json" else csv_rows(stream, limit)


def read_text(text: str, form: str, limit: int) -> Iterator[Record]:
    """The records of a stream given as text (for tests and small inputs)."""
    return read(io.BytesIO(text.encode("utf-8")), form, limit)
