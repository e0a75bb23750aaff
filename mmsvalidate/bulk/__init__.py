"""Bulk: JSON Lines and CSV files of requests, checked record by record in flat memory.

:func:`check_file` and :func:`check_stream` yield ``(line, report)`` for each record, in order,
with every finding located in the file itself (its line, and the column of its cell or key).
:mod:`mmsvalidate.bulk.frame` turns reports into rows of a fixed schema for data frames;
:mod:`mmsvalidate.bulk.dask` and :mod:`mmsvalidate.bulk.spark` run the check on those engines.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import attrs

from mmsvalidate.bulk.records import SUFFIXES, Record, kind_of, read
from mmsvalidate.diagnostic import Location
from mmsvalidate.engine import check, validate, validate_many
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Failure, Parsed
from mmsvalidate.report import Report


def relocate(report: Report, record: Record) -> Report:
    """A report on ``record``'s content with its findings located in the file instead."""
    if record.form == "query":
        cells = {column: (line, where) for column, line, where in record.cells}

        def place(location: Location) -> Location:
            found = cells.get(location.column or 0) if location.line == 1 else None
            line, column = found if found is not None else (record.line, None)
            return Location(line, column, location.param)
    else:

        def place(location: Location) -> Location:
            line = record.line if location.line is None else record.line + location.line - 1
            return Location(line, location.column if location.line is not None else None, location.param)

    moved = tuple(attrs.evolve(f, location=place(f.location)) for f in report.findings)
    return attrs.evolve(report, findings=moved)


def check_record(record: Record, profile: Profile = DEFAULT_PROFILE) -> Report:
    """Check one record of a stream; its findings are located in the file."""
    if record.problem is not None:
        kind, message = record.problem
        where = Location(*record.cells[0][1:]) if record.cells else Location(record.line, None)
        return check(Parsed(record.form, failure=Failure(kind, message, where)), profile)
    return relocate(validate(record.content, form=record.form, profile=profile), record)


def check_stream(stream: BinaryIO, form: str, profile: Profile = DEFAULT_PROFILE) -> Iterator[tuple[int, Report]]:
    """``(line, report)`` for each record of a stream of ``form`` records (``json`` or ``query``)."""
    for record in read(stream, form, profile.max_request_bytes):
        yield record.line, check_record(record, profile)


def check_file(path: str | os.PathLike[str], *, profile: Profile | None = None) -> Iterator[tuple[int, Report]]:
    """``(line, report)`` for each request of a ``.jsonl``, ``.ndjson`` or ``.csv`` file, in order.

    Raises ``ValueError`` for another file name and ``OSError`` when the file can't be opened.
    """
    form = kind_of(os.fspath(path))
    if form is None:
        raise ValueError(f"{os.fspath(path)!r}: a record stream ends {', '.join(SUFFIXES)}")
    chosen = profile or DEFAULT_PROFILE
    with Path(path).open("rb") as stream:
        yield from check_stream(stream, form, chosen)


__all__ = [
    "SUFFIXES",
    "Record",
    "check_file",
    "check_record",
    "check_stream",
    "kind_of",
    "relocate",
    "validate_many",
]
