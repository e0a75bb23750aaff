"""Structured hostile campaign files and service requests, and what must hold for each: shared by
``fuzz/records.py``, ``fuzz/service.py`` and the tests.

A CSV or JSON Lines file is built from a valid header and record with pieces put into its cells,
names and edges (quotes, line breaks of every kind, commas, blanks, byte order marks, NULs, huge
numbers, rows wider than the header); :func:`check_file` reads and checks it and raises
``AssertionError`` when an invariant breaks: no internal error, records in order, never more records
than lines, never more cells than the header names, every record's weight bounded by the file's size.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import mmsvalidate
from mmsvalidate.bulk.records import CELL_WEIGHT, read, weight

#: Picks an integer in ``range(n)``: the fuzzer's or hypothesis's choice.
Pick = Callable[[int], int]

PIECES = (
    '"', '""', ",", ",,", "\n", "\r\n", "\r", "\u2028", "\x85", " ", "\t", "\ufeff", "\x00", "\udcff", "{", "}",
    "[", "]", ":", "\\", "\\u", "\\ud800", "null", "1e999", "9" * 5000, "to", "from", "slides", "é", "\x1b[31m",
    "slide_text_value_0", "slide_image_url_99999999999999999999",
)  # fmt: skip

SKELETONS = {
    "csv": "to,from,action,api_key,subject,name,slide_text_value_0{0}\r\n14158586273{1},60856,sendMMS,k,s{1},n,t{1}{2}",
    "jsonl": (
        '{{"action": "sendMMS", "api_key": "k", "to": "14158586273{1}", "from": "60856", "subject": "s{1}",'
        ' "name": "n", "slides": [{{"text": "t{1}"}}]{0}}}\n{2}'
    ),
}


def build(kind: str, pick: Pick) -> str:
    """A hostile campaign file of ``kind`` (``csv`` or ``jsonl``) from the choices ``pick`` makes."""
    holes = []
    for _ in range(3):
        parts = [PIECES[pick(len(PIECES))] * (1 + pick(3) * pick(50)) for _ in range(pick(4))]
        holes.append("".join(parts))
    text = SKELETONS[kind].format(*holes)
    return text * (1 + pick(3))


def check_file(text: str, kind: str, limit: int = 1 << 16) -> None:
    """Read and check a campaign file; every invariant must hold."""
    data = text.encode("utf-8", "surrogatepass")
    form = "query" if kind == "csv" else "json"
    records = list(read(io.BytesIO(data), form, limit, 64))
    lines = data.count(b"\n") + data.count(b"\r") + 1
    assert len(records) <= lines, (len(records), lines)
    numbers = [r.line for r in records]
    assert numbers == sorted(numbers), numbers
    for record in records:
        assert weight(record) <= len(data) * (CELL_WEIGHT + 1) + 2 * CELL_WEIGHT + 200
        assert len(record.cells) <= 64 + 1
        for finding in mmsvalidate.validate(record).findings:
            assert finding.code != "MV900", (finding.message, finding.detail)
