"""Output formats: one module per format, each a pure ``render(results) -> str``."""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mmsvalidate.diagnostic import Finding
from mmsvalidate.report import Report

if TYPE_CHECKING:
    from mmsvalidate.formats.jsontext import json_safe as json_safe
    from mmsvalidate.formats.jsontext import json_scalar as json_scalar
    from mmsvalidate.formats.jsontext import json_string as json_string
    from mmsvalidate.formats.jsontext import json_text as json_text

#: The JSON writers, from :mod:`mmsvalidate.formats.jsontext` (imported when first asked for: the text
#: format imports no JSON).
_JSON_WRITERS = ("json_safe", "json_scalar", "json_string", "json_text")


def __getattr__(name: str) -> Any:
    if name in _JSON_WRITERS:
        from mmsvalidate.formats import jsontext

        return getattr(jsontext, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Checked:
    """One checked request: the path as the user gave it (``-`` for standard input), its report and its TO.

    ``to``, when given, is the TO the ``response`` format answers with instead of the report's.
    ``record`` is the file line a request of a JSON Lines or CSV file starts on; ``None`` for a file
    that is one request. ``requests`` is how many requests the entry stands for: 1, or 0 for a
    campaign file without any record (an entry of its own, so every format counts the file). Not a
    tuple: a run's results tell a tuple apart as a path that could not be read.
    """

    __slots__ = ("path", "record", "report", "requests", "to")

    def __init__(
        self, path: str, report: Report, to: str | None = None, record: int | None = None, requests: int = 1
    ) -> None:
        self.path, self.report, self.to, self.record, self.requests = path, report, to, record, requests

    def _key(self) -> tuple[object, ...]:
        return self.path, self.report, self.to, self.record, self.requests

    def __repr__(self) -> str:
        return "Checked({!r}, {!r}, to={!r}, record={!r}, requests={!r})".format(*self._key())

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Checked) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def name(self) -> str:
        """The entry's name in every format: ``path:LINE`` for a record of a campaign file, else the path."""
        return self.path if self.record is None else f"{self.path}:{self.record}"

    def line_of(self, finding: Finding) -> int | None:
        """The line a finding is reported at: its own, else (a finding about a whole record) the record's."""
        return finding.line if finding.line is not None else self.record


def requests(results: Sequence[Checked]) -> int | None:
    """How many requests were checked when some entry is a campaign file's (records), else ``None``."""
    if any(r.record is not None or r.requests != 1 for r in results):
        return sum(r.requests for r in results)
    return None


Renderer = Callable[[Sequence[Checked]], str]

#: Every format, by name: each is the module of that name under ``mmsvalidate.formats``.
NAMES = ("text", "json", "jsonl", "github", "gitlab", "junit", "sarif", "response")


def renderer(name: str) -> Renderer:
    """The render function of format ``name`` (its module is imported only now)."""
    if name not in NAMES:
        raise ValueError(f"unknown format {name!r}; expected one of {', '.join(NAMES)}")
    render: Renderer = importlib.import_module(f"mmsvalidate.formats.{name}").render
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


#: Characters that could start a line or a control sequence in a terminal or a CI log: C0 (tab, line
#: feed, carriage return, escape, ...), DEL, C1 (NEL, CSI, OSC, ...), the Unicode line and paragraph
#: separators, the bidirectional embeddings, overrides and isolates (which reorder what a viewer shows of the
#: rest of the line); and lone surrogates, which no output encoding can carry.
_UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"  # compiled on first use
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled once, when first used (a check whose output has nothing to escape compiles none)."""
    return re.compile(pattern)


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` for a terminal or a log line: every control character, line separator, bidirectional
    control and lone surrogate written as a backslash escape (``\\n``, ``\\x1b``, ``\\xff`` for a file name's
    undecodable byte), so no value or path can start a line, colour a terminal or forge a command."""
    if text.isprintable():  # no character of _UNPRINTABLE is printable: the common case, without the pattern
        return text
    return _compiled(_UNPRINTABLE).sub(lambda m: _escaped(m[0]), text)


_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"  # compiled on first use


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry (even escaped) replaced by U+FFFD."""
    return _compiled(_NOT_XML).sub("\ufffd", text)
