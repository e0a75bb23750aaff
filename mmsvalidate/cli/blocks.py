"""A job's results rendered where they are checked: a worker hands back text and counts, not report objects.

When every output of a run streams (text, github, jsonl), a worker renders the requests it checked
with the run's own emitters and sends back one :class:`Block` per run of consecutive checked requests:
each output's text and the counts the run keeps. The main process then only writes the text and adds
the numbers, instead of receiving, rendering and counting every report itself; the output is the same,
in the same order, a job at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mmsvalidate.formats import Checked


class Emitter(Protocol):
    """An output format that streams (``mmsvalidate.cli.emit.Emitter``): a request's text as it is checked."""

    def item(self, checked: Checked) -> str: ...


#: A request's place: its path as the output names it, and its record's line (``None``: a file of its own).
Place = tuple[str, "int | None"]
#: The code of an internal error: a request holding it makes the run exit 2.
INTERNAL = "MV900"


class Block:
    """Consecutive checked requests of one job, rendered: each output's text (in the run's order of
    outputs) and their counts. ``files`` counts the files begun after the first request (whether the
    first begins one depends on what came before it, which only the main process knows). ``entries``:
    how many results it holds; ``failing``: requests with an error; ``flagged``: with any finding;
    ``broken``: with an internal error; ``records``: any of them a record of a JSON Lines or CSV file
    (or a file of no request)."""

    __slots__ = (
        "broken",
        "entries",
        "errors",
        "failing",
        "files",
        "first",
        "flagged",
        "last",
        "records",
        "requests",
        "texts",
        "warnings",
    )

    def __init__(
        self,
        texts: tuple[str, ...],
        first: Place,
        last: Place,
        files: int,
        entries: int,
        requests: int,
        errors: int,
        warnings: int,
        failing: int,
        flagged: int,
        broken: int,
        records: bool,
    ) -> None:
        self.texts = texts
        self.first = first
        self.last = last
        self.files = files
        self.entries = entries
        self.requests = requests
        self.errors = errors
        self.warnings = warnings
        self.failing = failing
        self.flagged = flagged
        self.broken = broken
        self.records = records


def begins_file(before: Place | None, place: Place) -> bool:
    """Whether a request at ``place`` begins a file, after one at ``before``: unless it has the same path
    (the command line names each path once, and a file's requests come together, in order)."""
    return before is None or before[0] != place[0]


def block(items: Sequence[Checked], emitters: Sequence[Emitter]) -> Block:
    """``items`` (at least one) rendered by each of ``emitters`` (all streaming), and counted."""
    texts = tuple("".join(emitter.item(item) for item in items) for emitter in emitters)
    files = errors = warnings = failing = flagged = broken = requests = 0
    records = False
    before: Place | None = None
    for item in items:
        place = (item.path, item.record)
        if before is not None and begins_file(before, place):
            files += 1
        before = place
        report = item.report
        findings = report.findings
        errors += len(report.errors)
        warnings += len(report.warnings)
        failing += not report.ok
        flagged += bool(findings)
        broken += any(finding.code == INTERNAL for finding in findings)
        requests += item.requests
        records = records or item.record is not None or item.requests != 1
    first = (items[0].path, items[0].record)
    assert before is not None
    return Block(texts, first, before, files, len(items), requests, errors, warnings, failing, flagged, broken, records)


def blocks(results: Sequence[object], emitters: Sequence[Emitter] | None) -> list[object]:
    """A job's results with each run of consecutive checked requests made one :class:`Block` (when the
    run's outputs are given; else the results as they are). Anything else (an unreadable file, a request
    awaiting the media stage) stays itself, in its place."""
    if emitters is None:
        return list(results)
    from mmsvalidate.formats import Checked

    out: list[object] = []
    run: list[Checked] = []
    for result in results:
        if isinstance(result, Checked):
            run.append(result)
            continue
        if run:
            out.append(block(run, emitters))
            run = []
        out.append(result)
    if run:
        out.append(block(run, emitters))
    return out
