"""Bulk: JSON Lines and CSV files of requests, checked record by record in flat memory.

:func:`check_file` and :func:`check_stream` yield ``(line, report)`` for each record, in order,
with every finding located in the file itself (its line, and the column of its cell or key).
:mod:`mmsvalidate.bulk.frame` turns reports into rows of a fixed schema for data frames;
:mod:`mmsvalidate.bulk.dask` and :mod:`mmsvalidate.bulk.spark` run the check on those engines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import attrs

from mmsvalidate.bulk.records import SUFFIXES, Record, kind_of, read
from mmsvalidate.checker import DEFAULT_OPTIONS, Checker, CheckOptions, Examined, checker_for
from mmsvalidate.diagnostic import Location
from mmsvalidate.profile import Profile
from mmsvalidate.readers.base import Failure, Parsed
from mmsvalidate.report import Report


def chosen(options: CheckOptions | None, form: str | None = None, profile: Profile | None = None) -> CheckOptions:
    """The options of a bulk call: ``options``, or the ``form``/``profile`` shorthands (not both)."""
    if options is None:
        return CheckOptions(form=form or "auto", profile=profile)
    if not isinstance(options, CheckOptions):
        raise TypeError(f"options is a CheckOptions, not {type(options).__name__}")
    if profile is not None or form not in (None, "auto"):
        raise TypeError("give options, or form and profile, not both")
    return options


def _placer(record: Record) -> Callable[[Location], Location]:
    """Where a location in ``record``'s content is in the file."""
    if record.form == "query":
        cells = {column: (line, where) for column, line, where in record.cells}

        def place(location: Location) -> Location:
            found = cells.get(location.column or 0) if location.line == 1 else None
            line, column = found if found is not None else (record.line, None)
            return Location(line, column, location.param)

        return place

    def shift(location: Location) -> Location:
        line = record.line if location.line is None else record.line + location.line - 1
        return Location(line, location.column if location.line is not None else None, location.param)

    return shift


def relocate(report: Report, record: Record) -> Report:
    """A report on ``record``'s content with its findings located in the file instead."""
    place = _placer(record)
    moved = tuple(attrs.evolve(f, location=place(f.location)) for f in report.findings)
    return attrs.evolve(report, findings=moved)


def examine_record(record: Record, checker: Checker) -> Examined:
    """The offline stages of one record of a stream, its findings (and media slots) located in the file."""
    checker = checker_for(attrs.evolve(checker.options, form=record.form))
    if record.problem is not None:
        kind, message = record.problem
        where = Location(*record.cells[0][1:]) if record.cells else Location(record.line, None)
        return checker.examine_parsed(Parsed(record.form, failure=Failure(kind, message, where)))
    examined = checker.examine(record.content)
    place = _placer(record)
    return attrs.evolve(
        examined,
        report=relocate(examined.report, record),
        media=tuple(attrs.evolve(slot, location=place(slot.location)) for slot in examined.media),
        slides_at=place(examined.slides_at),
    )


def check_record(record: Record, checker: Checker | None = None) -> Report:
    """Check one record of a stream; its findings are located in the file."""
    chosen = checker or checker_for(DEFAULT_OPTIONS)
    examined = examine_record(record, chosen)
    return checker_for(attrs.evolve(chosen.options, form=record.form)).complete([examined])[0]


def check_stream(
    stream: BinaryIO, form: str, profile: Profile | None = None, *, options: CheckOptions | None = None
) -> Iterator[tuple[int, Report]]:
    """``(line, report)`` for each record of a stream of ``form`` records (``json`` or ``query``), checked with
    ``options`` (or the ``profile`` shorthand)."""
    checker = checker_for(attrs.evolve(chosen(options, profile=profile), form=form))
    for record in read(stream, form, checker.options.profile.max_request_bytes):
        yield record.line, check_record(record, checker)


def check_file(
    path: str | os.PathLike[str], *, profile: Profile | None = None, options: CheckOptions | None = None
) -> Iterator[tuple[int, Report]]:
    """``(line, report)`` for each request of a ``.jsonl``, ``.ndjson`` or ``.csv`` file, in order.

    ``options`` (or the ``profile`` shorthand) say how each is checked. Raises ``ValueError`` for
    another file name and ``OSError`` when the file can't be opened.
    """
    form = kind_of(os.fspath(path))
    if form is None:
        raise ValueError(f"{os.fspath(path)!r}: a record stream ends {', '.join(SUFFIXES)}")
    settled = chosen(options, profile=profile)
    with Path(path).open("rb") as stream:
        yield from check_stream(stream, form, options=settled)


__all__ = [
    "SUFFIXES",
    "Record",
    "check_file",
    "check_record",
    "check_stream",
    "chosen",
    "examine_record",
    "kind_of",
    "relocate",
]
