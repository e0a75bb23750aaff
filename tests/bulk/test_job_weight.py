"""Jobs of a campaign file are bounded by bytes, not rows: a job of wide CSV rows or big JSON Lines records
holds at most ``JOB_WEIGHT`` bytes of records, and building one takes memory of that order."""

from __future__ import annotations

import io
import json
import pickle
import re
import tracemalloc
from pathlib import Path

from mmsvalidate.bulk.records import CELL_WEIGHT, Record, read, weight
from mmsvalidate.cli.batch import JOB_WEIGHT, RECORDS_PER_JOB, chunks
from mmsvalidate.readers.base import Failure
from mmsvalidate.readers.records import Cell

HEADER = 2_000  # names, each given a one-byte cell in every row: the most kept cells per byte


def wide_csv(rows: int) -> bytes:
    names = ",".join(["to", "from", *(f"x{n}" for n in range(HEADER - 2))])
    row = ",".join(["15551234888", "60856", *("1" for _ in range(HEADER - 2))])
    return (names + "\r\n" + (row + "\r\n") * rows).encode()


def test_a_records_weight_is_its_bytes_and_its_cells_bookkeeping() -> None:
    assert weight(Record(1, "json", text="x" * 1000)) == 1000 + CELL_WEIGHT
    cells = (Cell("to", "123", 2, 1), Cell("from", "", 2, 5))
    assert weight(Record(2, "query", cells=cells)) == 3 + 0 + 3 * CELL_WEIGHT
    assert weight(Record(3, "query", failure=Failure("syntax", "bad"))) == 3 + CELL_WEIGHT


def test_chunks_are_bounded_by_weight_and_count_in_order() -> None:
    heavy = [Record(n, "json", text="x" * (JOB_WEIGHT // 3)) for n in range(7)]
    assert [[r.line for r in chunk] for chunk in chunks(heavy)] == [[0, 1], [2, 3], [4, 5], [6]]
    alone = [Record(0, "json", text="x" * (2 * JOB_WEIGHT)), Record(1, "json", text="y")]
    assert [[r.line for r in chunk] for chunk in chunks(alone)] == [[0], [1]]  # one heavier record alone
    light = [Record(n, "json", text="{}") for n in range(RECORDS_PER_JOB + 1)]
    assert [len(chunk) for chunk in chunks(light)] == [RECORDS_PER_JOB, 1]
    assert list(chunks([])) == []


def test_a_job_of_wide_rows_holds_its_bytes_worth_not_400_rows() -> None:
    data = wide_csv(300)  # 300 rows of 2,000 cells: 1.2 MB of file, 600,000 cells
    jobs = chunks(read(io.BytesIO(data), "query", 1 << 20))
    tracemalloc.start()
    try:
        first = next(jobs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(first) < RECORDS_PER_JOB
    assert sum(weight(r) for r in first) <= JOB_WEIGHT
    assert peak <= 2 * JOB_WEIGHT, peak  # the memory of a job follows its weight
    assert len(pickle.dumps(first)) <= JOB_WEIGHT  # what goes to a worker
    assert len(first) + sum(len(chunk) for chunk in jobs) == 300


def test_big_json_lines_records_make_small_jobs() -> None:
    record = json.dumps({"to": "15551234888", "slides": [{"text": "x" * 1000}] * 900})  # about 0.9 MB
    data = ((record + "\n") * 12).encode()
    sizes = [len(chunk) for chunk in chunks(read(io.BytesIO(data), "json", 1 << 20))]
    assert sum(sizes) == 12 and max(sizes) <= JOB_WEIGHT // len(record)


def test_the_documented_job_bounds_and_cell_bookkeeping() -> None:
    """docs/bulk.md: jobs of at most 4 MiB (a record's text, or a row's cells with 128 bytes each for their
    bookkeeping) and 400 records; each cell a row holds adds its value's characters and that figure."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "bulk.md").read_text(encoding="utf-8")
    found = re.search(
        r"jobs of at most (\d+) MiB \(a record's text, or a row's cells with (\d+) bytes each for their bookkeeping\)"
        r"\s+and (\d+) records",
        text,
    )
    assert found is not None
    mib, per_cell, records = (int(found[n]) for n in (1, 2, 3))
    assert (mib, per_cell, records) == (4, 128, 400)
    assert (mib << 20, records) == (JOB_WEIGHT, RECORDS_PER_JOB)
    one = Record(2, "query", cells=(Cell("to", "15551234888", 2, 1),))
    two = Record(2, "query", cells=(Cell("to", "15551234888", 2, 1), Cell("from", "60856", 2, 13)))
    assert weight(two) - weight(one) == len("60856") + 128
    empty = Record(2, "query", cells=(Cell("to", "15551234888", 2, 1), Cell("from", "", 2, 13)))
    assert weight(empty) - weight(one) == 128  # an empty cell still costs its bookkeeping
    longer = Record(1, "json", text="x" * 1001)
    assert weight(longer) - weight(Record(1, "json", text="x" * 1000)) == 1  # a record's text: its characters
