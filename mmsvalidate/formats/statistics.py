"""``--statistics``: how many findings of each code, most frequent first."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from mmsvalidate.codes import CODES
from mmsvalidate.formats import Checked


def counts(results: Sequence[Checked]) -> list[tuple[str, int]]:
    """``(code, count)`` for every code found, most frequent first, then by code."""
    found = Counter(f.code for r in results for f in r.report.findings)
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))


def render(results: Sequence[Checked]) -> str:
    rows = counts(results)
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(
        f"{n:>{width}}  {code:<5}  {CODES[code].severity.value:<7}  {CODES[code].text}\n" for code, n in rows
    )


def render_json(results: Sequence[Checked]) -> str:
    rows = [
        {"code": code, "count": n, "severity": CODES[code].severity.value, "text": CODES[code].text}
        for code, n in counts(results)
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
