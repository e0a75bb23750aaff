"""``--statistics``: how many findings of each code, most frequent first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mmsvalidate.codes import CODES
from mmsvalidate.formats import Checked, requests
from mmsvalidate.formats.jsontext import json_text


def counts(results: Sequence[Checked]) -> list[tuple[str, int]]:
    """``(code, count)`` for every code found, most frequent first, then by code."""
    found = Counter(f.code for r in results for f in r.report.findings)
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render(results: Sequence[Checked]) -> str:
    """A line a code, then the totals: ``4  total  (3 errors, 1 warning in 2 files)``."""
    rows = counts(results)
    total = sum(n for _, n in rows)
    errors = sum(len(r.report.errors) for r in results)
    width = len(str(total))  # the widest count: the total
    lines = [f"{n:>{width}}  {code:<5}  {CODES[code].severity.value:<7}  {CODES[code].text}" for code, n in rows]
    from mmsvalidate.formats.text import files_of

    checked = requests(results)
    where = _count(files_of(results), "file") + (f" ({_count(checked, 'request')})" if checked is not None else "")
    in_files = f"{_count(errors, 'error')}, {_count(total - errors, 'warning')} in {where}"
    lines.append(f"{total:>{width}}  total  ({in_files})")
    return "".join(f"{line}\n" for line in lines)


def render_json(results: Sequence[Checked]) -> str:
    rows = [
        {"code": code, "count": n, "severity": CODES[code].severity.value, "text": CODES[code].text}
        for code, n in counts(results)
    ]
    return json_text(rows, indent=2) + "\n"
