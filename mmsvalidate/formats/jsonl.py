"""JSON Lines: one JSON object a checked request, written as each is checked (for big batches)."""

from __future__ import annotations

from collections.abc import Sequence

from mmsvalidate.formats import Checked
from mmsvalidate.formats.json import entry
from mmsvalidate.formats.jsontext import json_text


def render(results: Sequence[Checked]) -> str:
    """A line per request: ``path``, ``record``, ``form``, ``ok``, ``first_error``, ``findings``."""
    return "".join(json_text(entry(r)) + "\n" for r in results)
