"""Output formats: one pure function per format, ``render(results) -> str``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from mmsvalidate.report import Report


@attrs.frozen
class Checked:
    """One checked file: the path as the user gave it (``-`` for standard input) and its report."""

    path: str
    report: Report


Renderer = Callable[[Sequence[Checked]], str]


def renderers() -> dict[str, Renderer]:
    """Every output format by name."""
    from mmsvalidate.formats import json as json_format
    from mmsvalidate.formats import text

    return {"text": text.render, "json": json_format.render}


NAMES = ("text", "json")
