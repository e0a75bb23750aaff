"""JSON text that any consumer reads (one line per document, lone surrogates and line-breaking characters
escaped), for the JSON formats and the service: imported only by what writes JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from mmsvalidate.formats import _escaped

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
    False: json.JSONEncoder(ensure_ascii=False),
    True: json.JSONEncoder(ensure_ascii=False, separators=(",", ":")),
}


def json_text(document: object, *, indent: int | None = None, compact: bool = False) -> str:
    """``document`` as JSON that any consumer reads: UTF-8 text on one line per document when not
    indented, where a lone surrogate (a file name that is not UTF-8, a ``\\ud800`` in a request)
    becomes its backslash escape as plain text. ``compact`` leaves out the spaces after ``,`` and ``:``."""
    if indent is None:
        dumped = _ONE_LINE[compact].encode(document)
    else:
        separators = (",", ":") if compact else None
        dumped = json.dumps(document, ensure_ascii=False, indent=indent, separators=separators)
    return json_safe(dumped)


def json_safe(dumped: str) -> str:
    """JSON text as :func:`json_text` leaves it: a lone surrogate becomes its backslash escape as plain text, a
    C1 control or a line or paragraph separator its JSON escape. (ASCII text without DEL has none of them.)"""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return _JSON_UNSAFE.sub(_json_escape, dumped)


#: A string as JSON text, as the one-line encoders write it (quotes, backslashes and C0 controls escaped).
json_string: Callable[[str], str] = json.encoder.encode_basestring


def json_scalar(value: object) -> str:
    """``None``, a string or a number as the one-line encoders write it (strings and integers without them)."""
    if value is None:
        return "null"
    if type(value) is str:
        return json_string(value)
    if type(value) is int:
        return int.__repr__(value)
    return _ONE_LINE[True].encode(value)
