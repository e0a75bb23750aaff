"""Suppression comments: silence a code for one request, and report the ones that silence nothing.

Each form says it in a way that survives in that form:

- XML: a comment anywhere, ``<!-- mmsvalidate: ignore[E228, MV109] -->``;
- query: a line starting with ``#``, ``# mmsvalidate: ignore[E228]`` (``#`` lines are comments:
  the query reader blanks them, keeping every other line and column);
- JSON: a top-level key, ``"$mmsvalidate": {"ignore": ["E228"]}`` (declared in the JSON Schema).

The readers collect the marks as they parse (:class:`mmsvalidate.readers.base.Mark`); this module
only reads and applies them. A suppression that silences nothing, names an unknown code, names a
code that says the request was not (fully) read, or is malformed, is MV113 — once per distinct
problem. A request that could not be read is never changed by its suppressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from mmsvalidate.codes import CODES, UNSUPPRESSIBLE
from mmsvalidate.diagnostic import Finding, Location, clip
from mmsvalidate.readers.base import MARK_KEY, Mark, Parsed
from mmsvalidate.report import Report
from mmsvalidate.text import LineIndex

#: The top-level key that holds a JSON request's suppressions.
JSON_KEY = MARK_KEY
UNUSED = "MV113"

_MARK = re.compile(r"mmsvalidate\s*:")
_IGNORE = re.compile(r"\s*ignore\[([^\]\n]*)(\]?)")
_CODE = re.compile(r"[A-Z]+[0-9]+")
_SEPARATORS = re.compile(r"[\s,]+")
#: How far past a malformed mark its text is quoted from (a bounded look-ahead).
_LOOKAHEAD = 200
#: Suppressions read in one request, and codes read in one suppression; the rest are one MV113.
MAX_SUPPRESSIONS = 100
MAX_CODES = 100


@attrs.frozen
class Suppression:
    """One ``ignore[...]``: the codes it names, where it is, and what is wrong with it if malformed."""

    codes: tuple[str, ...]
    location: Location
    written: str = ""
    problem: str | None = None


def _from_text(text: str, start: Location) -> Iterator[Suppression]:
    """The suppressions written in a comment's text; each match resumes after the previous one."""
    positions = LineIndex(text, start.line or 1, start.column or 1)  # marks are asked in increasing order
    position = 0
    while (mark := _MARK.search(text, position)) is not None:
        where = positions.location(mark.start())
        body = _IGNORE.match(text, mark.end())
        if body is None or not body[2]:
            end = mark.start() + _LOOKAHEAD
            line_end = text.find("\n", mark.start(), end)
            shown = text[mark.start() : line_end if line_end >= 0 else end].strip().removesuffix("-->").strip()
            yield Suppression((), where, f"'{clip(shown)}'", "write it as 'mmsvalidate: ignore[CODE, ...]'")
            position = body.end() if body is not None else mark.end()
            continue
        position = body.end()
        names = tuple(dict.fromkeys(name for name in _SEPARATORS.split(body[1]) if name))
        written = f"'{clip(text[mark.start() : body.end()])}'"
        if not names or not all(_CODE.fullmatch(name) for name in names):
            yield Suppression((), where, written, "name one or more codes, separated by commas")
        elif len(names) > MAX_CODES:
            yield Suppression((), where, written, f"name at most {MAX_CODES} codes in one suppression")
        else:
            yield Suppression(names, where, written)


def _from_json(value: object, where: Location) -> Suppression:
    names = value.get("ignore") if isinstance(value, dict) else None
    if (
        not isinstance(value, dict)
        or set(value) != {"ignore"}
        or not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) and _CODE.fullmatch(n) for n in names)
    ):
        return Suppression((), where, f"'{JSON_KEY}'", 'write it as {"ignore": ["CODE", ...]}')
    return Suppression(tuple(dict.fromkeys(names)), where, f"'{JSON_KEY}'")


def parse(marks: Sequence[Mark]) -> tuple[Suppression, ...]:
    """The suppressions the marks a reader collected say (comments' text, or the JSON key's value)."""
    found: list[Suppression] = []
    for mark in marks:
        items = _from_text(mark.written, mark.location) if mark.comment and isinstance(mark.written, str) else None
        for item in items if items is not None else (_from_json(mark.written, mark.location),):
            if len(found) == MAX_SUPPRESSIONS:
                problem = (
                    f"at most {MAX_SUPPRESSIONS} suppressions are read in one request; this one and the rest are not"
                )
                found.append(Suppression((), item.location, item.written, problem))
                return tuple(found)
            found.append(item)
    return tuple(found)


def of(parsed: Parsed) -> tuple[Suppression, ...]:
    """The suppressions of a read request; none when it could not be read."""
    return parse(parsed.marks) if parsed.failure is None else ()


def comments(parsed: Parsed) -> tuple[Location, ...]:
    """Where the request's comments that hold no suppression are (XML comments, query ``#`` lines), in order."""
    plain = [
        m.location for m in parsed.marks if m.comment and isinstance(m.written, str) and not _MARK.search(m.written)
    ]
    return tuple(sorted((*parsed.comments, *plain), key=lambda where: (where.line or 0, where.column or 0)))


def _unused(code: str, location: Location, detail: str) -> Finding:
    entry = CODES[UNUSED]
    return Finding(UNUSED, entry.severity, entry.render(code), detail, location=location)


def apply(report: Report, found: Sequence[Suppression]) -> Report:
    """``report`` without the codes ``found`` suppresses, plus MV113 for each distinct suppression problem.

    Codes in :data:`UNSUPPRESSIBLE` are never silenced: a report holding one was not (fully)
    read, so nothing in it is silenced or judged unused.
    """
    if not found:
        return report
    raised = {f.code for f in report.findings}
    judged = not (raised & UNSUPPRESSIBLE)
    silenced = {code for s in found for code in s.codes} - UNSUPPRESSIBLE if judged else set()
    kept = [f for f in report.findings if f.code not in silenced]
    said: set[tuple[str, str]] = set()

    def problem(code: str, location: Location, detail: str) -> None:
        if (code, detail) not in said:
            said.add((code, detail))
            kept.append(_unused(code, location, detail))

    for item in found:
        if item.problem is not None:
            problem(item.written, item.location, item.problem)
        for code in item.codes:
            shown = clip(code)
            if code not in CODES:
                problem(shown, item.location, f"{shown} is not a code of mmsvalidate")
            elif code in UNSUPPRESSIBLE:
                problem(code, item.location, f"{code} says the request was not (fully) read: it cannot be suppressed")
            elif judged and code not in raised:
                problem(code, item.location, f"no {code} finding in this request; remove it")
    kept.sort(key=lambda f: (f.line or 0, f.column or 0, f.code))
    return attrs.evolve(report, findings=tuple(kept))
