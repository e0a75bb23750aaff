"""One record of a campaign file (a JSON Lines line, a CSV row) into the model, in the file's coordinates.

A record reader (``mmsvalidate.bulk.records``) decodes the file and splits it; each record it hands
on is a :class:`Record`: the text of a JSON line with the line it is on, or a CSV row's cells, each
with its name (from the header) and where the cell starts. :func:`read_record` reads it as the
single-request readers read a request, so every location is already the file's own.
"""

from __future__ import annotations

import re

import attrs

from mmsvalidate.diagnostic import Location, clip
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers import json as json_reader
from mmsvalidate.readers import query as query_reader
from mmsvalidate.readers.base import Failure, Mark, Parsed
from mmsvalidate.text import LineIndex

#: A byte the file's encoding could not decode is carried as U+DC00 + the byte (see ``bulk.records``).
_UNDECODED = re.compile("[\udc00-\udcff]")
#: What a record's text may not hold: a NUL (binary content), a byte order mark (files joined
#: together, or the encoding changing), or a byte the file's encoding could not decode.
_NOT_TEXT = re.compile("[\x00\ufeff\udc00-\udcff]")


@attrs.frozen
class Cell:
    """A CSV cell that gives a parameter: its header name as written, its value and where the cell starts."""

    name: str
    value: str
    line: int
    column: int


@attrs.frozen
class Record:
    """One request of a campaign file, or why the reader could not make one of that part of the file.

    ``form`` is ``json`` (``text`` is the record's text, its first character at ``line``, column 1)
    or ``query`` (``cells`` are the row's non-empty cells). ``failure`` is what the record reader
    found wrong with the record as written (a malformed row, a line over the size limit); then the
    record is not read further. ``encoding`` names the file's encoding for the messages.
    """

    line: int
    form: str
    text: str = ""
    cells: tuple[Cell, ...] = ()
    failure: Failure | None = None
    encoding: str = "utf-8"


def _offending(found: str, encoding: str) -> str:
    if found == "\x00":
        return "a NUL character: binary content, not a text request"
    if found == "\ufeff":
        return "a byte order mark (U+FEFF) inside the file: files joined together, or the encoding changing"
    return f"not valid {encoding.upper()}: byte 0x{ord(found) - 0xDC00:02X}"


def _text_failure(record: Record) -> Failure | None:
    """Why the record's text is no text: its first NUL, stray byte order mark or undecodable byte."""
    if record.form == "json":
        found = _NOT_TEXT.search(record.text)
        if found is None:
            return None
        where = LineIndex(record.text, record.line).location(found.start())
        return Failure("syntax", _offending(found[0], record.encoding), where)
    for cell in record.cells:
        for text in (cell.name, cell.value):
            found = _NOT_TEXT.search(text)
            if found is not None:
                where = Location(cell.line, cell.column, param=clip(_UNDECODED.sub("\ufffd", cell.name)))
                return Failure("syntax", f"{where.param}: {_offending(found[0], record.encoding)}", where)
    return None


def _shifted(location: Location, lines: int) -> Location:
    if location.line is None:
        return location
    return Location(location.line + lines, location.column, location.param)


#: Said when a JSON Lines line holds more than one request with a CR alone between them (classic Mac OS breaks).
CR_BREAKS = (
    "Extra data: a carriage return (CR) comes before it: the file's line breaks are CR alone (as classic Mac OS "
    "wrote them), which are not line breaks here; write them as LF or CRLF"
)


def _cr_breaks(text: str, failure: Failure) -> Failure:
    """``failure`` (JSON's "Extra data" in a record's one line), saying so when a CR alone parts the two values."""
    location = failure.location
    if location.line != 1 or location.column is None:  # pragma: no cover - a record's text is one line
        return failure
    gap = text[: location.column - 1]
    if "\r" not in gap[len(gap.rstrip(" \t\r")) :]:
        return failure
    return Failure(failure.kind, CR_BREAKS, location)


def read_record(record: Record, profile: Profile = DEFAULT_PROFILE) -> Parsed:
    """Read one record of a campaign file; its locations are the file's."""
    if record.failure is not None:
        return Parsed(record.form, failure=record.failure)
    problem = _text_failure(record)
    if problem is not None:
        return Parsed(record.form, failure=problem)
    if record.form == "query":
        pairs = [(c.name, c.value, Location(c.line, c.column, param=clip(c.name))) for c in record.cells]
        if not pairs:
            return Parsed("query", failure=Failure("syntax", "the row is empty", Location(record.line, 1)))
        return query_reader.read_pairs(pairs, profile, start=Location(record.line, 1))
    parsed = json_reader.read_text(record.text, profile)
    if parsed.failure is not None and parsed.failure.message == "Extra data":
        parsed = Parsed("json", failure=_cr_breaks(record.text, parsed.failure))
    lines = record.line - 1
    if not lines:
        return parsed
    if parsed.failure is not None:
        failure = parsed.failure
        return Parsed("json", failure=Failure(failure.kind, failure.message, _shifted(failure.location, lines)))
    locate = parsed.locate
    marks = tuple(Mark(m.written, _shifted(m.location, lines), m.comment) for m in parsed.marks)

    def moved(pointer: str) -> Location | None:
        found = locate(pointer)
        return None if found is None else _shifted(found, lines)

    return parsed.moved(moved, marks)


def missing(value: object) -> str | None:
    """How a missing value is named (``None``, ``NaN``, ``pandas.NA``, ``pandas.NaT``), or ``None`` for a value."""
    if value is None:
        return "None"
    kind = type(value)
    if kind.__module__.startswith("pandas") and kind.__name__ in ("NAType", "NaTType"):
        return "pandas.NA" if kind.__name__ == "NAType" else "pandas.NaT"
    if isinstance(value, float) or (kind.__module__ == "numpy" and kind.__name__.startswith("float")):
        return "NaN" if value != value else None  # NaN is the one value not equal to itself
    return None


def absent(name: str) -> Record:
    """The record standing for a missing value in a column or a stream of requests: E100, saying so."""
    message = f"no request: the record is a missing value ({name}), not a request"
    return Record(1, "json", failure=Failure("not-a-request", message))
