"""A request converted to another form, with what the conversion refuses and what it drops.

``mmsvalidate convert`` and the service's playground both use it: :func:`convert` takes the request
as read (:meth:`mmsvalidate.checker.Checker.inspect`) and its report, and gives the text in the
target form (``None`` when a value holds a character that form cannot carry), each such value, and
what has no place in the model (unknown names, repeats, attributes, comments, malformed
suppressions). Suppressions are carried over, written the target form's way.
"""

from __future__ import annotations

import attrs

from mmsvalidate import writers
from mmsvalidate.readers.base import Parsed
from mmsvalidate.report import Report
from mmsvalidate.settings import suppressions

#: The forms a request can be written in.
TARGETS = ("xml", "query", "json")
#: Codes of values the model has no place for: a conversion drops them.
DROPPED_CODES = ("MV101", "MV102", "MV111")


@attrs.frozen
class Refused:
    """A value holding a character the target form cannot carry: where it is written, and what."""

    line: int | None
    column: int | None
    pointer: str
    char: str
    message: str


@attrs.frozen
class Dropped:
    """Something the conversion does not carry over, and the line it is on (``None``: unknown)."""

    line: int | None
    what: str


@attrs.frozen
class Conversion:
    """The request in ``target`` form (``None`` when ``refused``), and what was not carried over."""

    target: str
    text: str | None
    refused: tuple[Refused, ...] = ()
    dropped: tuple[Dropped, ...] = ()


def unconvertible(parsed: Parsed | None, report: Report) -> str | None:
    """Why the request can't be converted at all (it could not be read), or ``None`` when it can."""
    if parsed is not None and parsed.request is not None:
        return None
    first = report.first_error
    return f"{first.code} {first.message}" if first else "not a request"


def field_name(pointer: str) -> str:
    """A model pointer as the user reads it: ``/slides/0/text`` is ``slide 1 TEXT``."""
    parts = pointer.strip("/").split("/")
    if parts[0] == "slides" and len(parts) == 3:
        return f"slide {int(parts[1]) + 1} {parts[2].upper()}"
    return parts[0].upper()


def _refusal(target: str, pointer: str, char: str) -> str:
    what = "a character XML 1.0 cannot carry" if target == "xml" else "a lone surrogate no query string carries"
    shown = "XML" if target == "xml" else target
    return f"cannot convert to {shown}: {field_name(pointer)} holds U+{ord(char):04X}, {what}"


def convert(parsed: Parsed, report: Report, target: str, *, multiline: bool = False) -> Conversion:
    """``parsed`` (a request that could be read: see :func:`unconvertible`) written in ``target`` form.

    ``report`` is its report with every code selected (the dropped values are its MV101, MV102 and
    MV111); ``multiline`` breaks a query before each ``&``, as the spec prints it.
    """
    if target not in TARGETS:
        raise ValueError(f"unknown form {target!r}; expected xml, query or json")
    request = parsed.request
    assert request is not None, "convert() needs a request that could be read"
    refused = []
    for pointer, char in writers.unwritable(request, target):
        where = parsed.where(pointer)
        refused.append(Refused(where.line, where.column, pointer, char, _refusal(target, pointer, char)))
    found = suppressions.of(parsed)
    lost = [Dropped(f.line, f"{f.code} {f.message}") for f in report.findings if f.code in DROPPED_CODES]
    lost += [Dropped(where.line, "a comment") for where in suppressions.comments(parsed)]
    lost += [Dropped(item.location.line, f"a malformed suppression {item.written}") for item in found if item.problem]
    dropped = tuple(sorted(lost, key=lambda item: item.line or 0))
    if refused:
        return Conversion(target, None, tuple(refused), dropped)
    ignore = tuple(dict.fromkeys(code for item in found for code in item.codes))
    if target == "query":
        text = writers.to_query(request, multiline=multiline, ignore=ignore)
    else:
        text = writers.WRITERS[target](request, ignore=ignore)
    return Conversion(target, text, (), dropped)
