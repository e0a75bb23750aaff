"""Bulk: JSON Lines and CSV files of requests, checked record by record in flat memory.

:func:`check_file` and :func:`check_stream` yield ``(line, report)`` for each record, in order,
with every finding located in the file itself (its line, and the column of its cell or key): the
record readers (:mod:`mmsvalidate.bulk.records`) hand on records already in the file's coordinates.
:func:`read_records` gives a file's records, which every check takes (``validate``, ``validate_many``,
a :class:`~mmsvalidate.checker.Checker`, Dask). :mod:`mmsvalidate.bulk.frame` turns reports into rows
of a fixed schema for data frames; :mod:`mmsvalidate.bulk.dask` and :mod:`mmsvalidate.bulk.spark` run
the check on those engines.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import attrs

from mmsvalidate.bulk.records import SUFFIXES, Record, kind_of, read
from mmsvalidate.checker import DEFAULT_OPTIONS, Checker, CheckOptions, Examined, checker_for
from mmsvalidate.profile import Profile
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


def examine_record(record: Record, checker: Checker) -> Examined:
    """The offline stages of one record of a stream; its findings (and media slots) are located in the file."""
    return checker.examine(record)


def check_record(record: Record, checker: Checker | None = None) -> Report:
    """Check one record of a stream; its findings are located in the file."""
    chosen = checker or checker_for(DEFAULT_OPTIONS)
    return chosen.complete([examine_record(record, chosen)])[0]


def check_stream(
    stream: BinaryIO, form: str, profile: Profile | None = None, *, options: CheckOptions | None = None
) -> Iterator[tuple[int, Report]]:
    """``(line, report)`` for each record of a stream of ``form`` records (``json`` or ``query``), checked with
    ``options`` (or the ``profile`` shorthand)."""
    checker = checker_for(attrs.evolve(chosen(options, profile=profile), form=form))
    limits = checker.options.profile
    for record in read(stream, form, limits.max_request_bytes, limits.max_items):
        yield record.line, check_record(record, checker)


def read_records(
    path: str | os.PathLike[str], *, profile: Profile | None = None, options: CheckOptions | None = None
) -> Iterator[Record]:
    """The records of a ``.jsonl``, ``.ndjson`` or ``.csv`` file, in order, read as they are asked for.

    Each is what :func:`mmsvalidate.validate`, :func:`mmsvalidate.validate_many` and a checker take (and
    pickles, for Dask workers); the reading limits are ``options``' (or the ``profile`` shorthand's).
    Raises ``ValueError`` for another file name and ``OSError`` when the file can't be opened.
    """
    form = kind_of(os.fspath(path))
    if form is None:
        raise ValueError(f"{os.fspath(path)!r}: a record stream ends {', '.join(SUFFIXES)}")
    limits = chosen(options, profile=profile).profile
    with Path(path).open("rb") as stream:
        yield from read(stream, form, limits.max_request_bytes, limits.max_items)


def check_file(
    path: str | os.PathLike[str], *, profile: Profile | None = None, options: CheckOptions | None = None
) -> Iterator[tuple[int, Report]]:
    """``(line, report)`` for each request of a ``.jsonl``, ``.ndjson`` or ``.csv`` file, in order.

    ``options`` (or the ``profile`` shorthand) say how each is checked. Raises ``ValueError`` for
    another file name and ``OSError`` when the file can't be opened.
    """
    checker = checker_for(chosen(options, profile=profile))
    for record in read_records(path, options=checker.options):
        yield record.line, check_record(record, checker)


__all__ = [
    "SUFFIXES",
    "Record",
    "check_file",
    "check_record",
    "check_stream",
    "chosen",
    "examine_record",
    "kind_of",
    "read_records",
]
