"""Output formats: one module per format, each a pure ``render(results) -> str``."""

from __future__ import annotations

import importlib
import json as _json  # not `json`: the submodule formats.json takes that name in this namespace
import re
from collections.abc import Callable, Sequence

import attrs

from mmsvalidate.diagnostic import Finding
from mmsvalidate.report import Report


@attrs.frozen
class Checked:
    """One checked request: the path as the user gave it (``-`` for standard input), its report and its TO.

    ``to``, when given, is the TO the ``response`` format answers with instead of the report's.
    ``record`` is the file line a request of a JSON Lines or CSV file starts on; ``None`` for a file
    that is one request. ``requests`` is how many requests the entry stands for: 1, or 0 for a
    campaign file without any record (an entry of its own, so every format counts the file).
    """

    path: str
    report: Report
    to: str | None = None
    record: int | None = None
    requests: int = 1

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
#: separators; and lone surrogates, which no output encoding can carry.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` for a terminal or a log line: every control character, line separator and lone
    surrogate written as a backslash escape (``\\n``, ``\\x1b``, ``\\xff`` for a file name's
    undecodable byte), so no value or path can start a line, colour a terminal or forge a command."""
    return _UNPRINTABLE.sub(lambda m: _escaped(m[0]), text)


#: In JSON text: lone surrogates, and the characters a line-oriented reader may take as a line break
#: (C1 controls such as NEL, the line and paragraph separators), which JSON may carry raw.
_JSON_UNSAFE = re.compile("[\ud800-\udfff\x7f-\x9f\u2028\u2029]")


def _json_escape(found: re.Match[str]) -> str:
    char = found[0]
    if 0xD800 <= ord(char) <= 0xDFFF:
        return "\\" + _escaped(char)  # as plain text: a lone surrogate is no character any consumer takes
    return f"\\u{ord(char):04x}"  # a JSON escape: the same character, on the same line


#: The one-line encoders, by ``compact``: built once (``json.dumps`` with options builds one per call).
_ONE_LINE = {
    False: _json.JSONEncoder(ensure_ascii=False),
    True: _json.JSONEncoder(ensure_ascii=False, separators=(",", ":")),
}


def json_text(document: object, *, indent: int | None = None, compact: bool = False) -> str:
    """``document`` as JSON that any consumer reads: UTF-8 text on one line per document when not
    indented, where a lone surrogate (a file name that is not UTF-8, a ``\\ud800`` in a request)
    becomes its backslash escape as plain text. ``compact`` leaves out the spaces after ``,`` and ``:``."""
    if indent is None:
        dumped = _ONE_LINE[compact].encode(document)
    else:
        separators = (",", ":") if compact else None
        dumped = _json.dumps(document, ensure_ascii=False, indent=indent, separators=separators)
    return json_safe(dumped)


def json_safe(dumped: str) -> str:
    """JSON text as :func:`json_text` leaves it: a lone surrogate becomes its backslash escape as plain text, a
    C1 control or a line or paragraph separator its JSON escape. (ASCII text without DEL has none of them.)"""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return _JSON_UNSAFE.sub(_json_escape, dumped)


#: A string as JSON text, as the one-line encoders write it (quotes, backslashes and C0 controls escaped).
json_string: Callable[[str], str] = _json.encoder.encode_basestring


def json_scalar(value: object) -> str:
    """``None``, a string or a number as the one-line encoders write it (strings and integers without them)."""
    if value is None:
        return "null"
    if type(value) is str:
        return json_string(value)
    if type(value) is int:
        return int.__repr__(value)
    return _ONE_LINE[True].encode(value)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry (even escaped) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
