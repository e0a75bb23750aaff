"""Output formats: one module per format, each a pure ``render(results) -> str``."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence

import attrs

from mmsvalidate.diagnostic import Finding
from mmsvalidate.report import Report


@attrs.frozen
class Checked:
    """One checked request: the path as the user gave it (``-`` for standard input), its report and its TO.

    ``to`` is the request's TO as written, for the ``response`` format; ``None`` when absent or unread.
    ``record`` is the file line a request of a JSON Lines or CSV file starts on; ``None`` for a file
    that is one request.
    """

    path: str
    report: Report
    to: str | None = None
    record: int | None = None


Renderer = Callable[[Sequence[Checked]], str]

#: Every format, by name, and the module under ``mmsvalidate.formats`` that renders it.
MODULES = {
    "text": "text",
    "json": "json",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "sarif": "sarif",
    "response": "response",
    "jsonl": "jsonl",
}
NAMES = tuple(MODULES)


def renderer(name: str) -> Renderer:
    """The render function of format ``name`` (its module is imported only now)."""
    render: Renderer = importlib.import_module(f"mmsvalidate.formats.{MODULES[name]}").render
    return render


def renderers() -> dict[str, Renderer]:
    """Every output format by name."""
    return {name: renderer(name) for name in NAMES}


def message(finding: Finding) -> str:
    """The finding's text with its slide and detail: ``Slide 2 is empty. (slide 2: TEXT is blank)``."""
    notes = [f"slide {finding.slide}"] if finding.slide is not None else []
    if finding.detail:
        notes.append(finding.detail)
    return f"{finding.message} ({': '.join(notes)})" if notes else finding.message


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry (even escaped) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
