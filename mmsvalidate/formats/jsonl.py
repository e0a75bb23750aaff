"""JSON Lines: one JSON object a checked request, written as each is checked (for big batches)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mmsvalidate.formats import Checked
from mmsvalidate.formats.json import entry


def render(results: Sequence[Checked]) -> str:
    """A line per request: ``path``, ``record``, ``form``, ``ok``, ``first_error``, ``findings``."""
    return "".join(json.dumps(entry(r), ensure_ascii=False) + "\n" for r in results)
