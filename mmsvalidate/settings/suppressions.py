"""Suppression comments: silence a code for one request, and report the ones that silence nothing.

Each form says it in a way that survives in that form:

- XML: a comment anywhere, ``<!-- mmsvalidate: ignore[E228, MV109] -->``;
- query: a line starting with ``#``, ``# mmsvalidate: ignore[E228]`` (``#`` lines are comments:
  they are blanked, keeping every other line and column, before the request is read);
- JSON: a top-level key, ``"$mmsvalidate": {"ignore": ["E228"]}`` (declared in the JSON Schema).

A suppression that silences nothing, names an unknown code or is malformed is MV113.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import attrs

from mmsvalidate import readers
from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import NOWHERE, Finding, Location
from mmsvalidate.readers.jsonpos import locator
from mmsvalidate.report import Report

#: The top-level key that holds a JSON request's suppressions.
JSON_KEY = "$mmsvalidate"
UNUSED = "MV113"

_MARK = re.compile(r"mmsvalidate\s*:")
_IGNORE = re.compile(r"mmsvalidate\s*:\s*ignore\[([^\]\n]*)\]")
_CODE = re.compile(r"[A-Z]+[0-9]+")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.S)
_HASH_LINE = re.compile(r"^[ \t]*#[^\r\n]*", re.M)
#: Codes whose report says the request was not (fully) read, so nothing can be judged unused.
_UNREAD = frozenset({"E108", "MV112", "MV900"})


@attrs.frozen
class Suppression:
    """One ``ignore[...]``: the codes it names, where it is, and what is wrong with it if malformed."""

    codes: tuple[str, ...]
    location: Location
    written: str = ""
    problem: str | None = None


@attrs.frozen
class Scanned:
    """A request's suppressions and the content to check (the query form's ``#`` lines blanked)."""

    content: bytes | str
    form: str
    suppressions: tuple[Suppression, ...] = ()


def _decode(data: bytes) -> tuple[str, bool]:
    """The text, and whether it is exact (BOM-marked or UTF-8) rather than a Latin-1 stand-in."""
    for bom, encoding in readers.BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), True
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("latin-1"), False


def _location(text: str, offset: int) -> Location:
    start = text.rfind("\n", 0, offset) + 1
    return Location(text.count("\n", 0, offset) + 1, offset - start + 1)


def _parse(text: str, start: int, end: int, offset: int = 0) -> Iterator[Suppression]:
    """The suppressions written in ``text[start:end]``; locations count from ``offset`` chars earlier."""
    for mark in _MARK.finditer(text, start, end):
        where = _location(text, mark.start() + offset)
        found = _IGNORE.match(text, mark.start(), end)
        if found is None:
            written = text[mark.start() : end].split("\n", 1)[0].strip().removesuffix("-->").strip()
            yield Suppression((), where, f"'{written}'", "write it as 'mmsvalidate: ignore[CODE, ...]'")
            continue
        names = tuple(name for name in re.split(r"[\s,]+", found[1]) if name)
        if not names or not all(_CODE.fullmatch(name) for name in names):
            yield Suppression((), where, f"'{found[0]}'", "name one or more codes, separated by commas")
        else:
            yield Suppression(names, where, found[0])


def _xml(text: str) -> Iterator[Suppression]:
    # CDATA may hold '<!--' that is no comment: blank it, keeping offsets.
    plain = _CDATA.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    for comment in _COMMENT.finditer(plain):
        yield from _parse(plain, comment.start(1), comment.end(1))


def _json(text: str) -> Iterator[Suppression]:
    if JSON_KEY not in text:
        return
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return
    if not isinstance(document, dict) or JSON_KEY not in document:
        return
    where = locator(text)(f"/{JSON_KEY}") or NOWHERE
    value = document[JSON_KEY]
    names = value.get("ignore") if isinstance(value, dict) else None
    if (
        not isinstance(value, dict)
        or set(value) != {"ignore"}
        or not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) and _CODE.fullmatch(n) for n in names)
    ):
        yield Suppression((), where, f"'{JSON_KEY}'", 'write it as {"ignore": ["CODE", ...]}')
        return
    yield Suppression(tuple(names), where, f"'{JSON_KEY}'")


def scan(content: bytes | str, form: str = "auto") -> Scanned:
    """Find the suppressions in a request; ``form`` ``auto`` detects it as :func:`mmsvalidate.validate` does."""
    if form == "auto":
        form = readers.detect(content)
    text, exact = _decode(content) if isinstance(content, bytes) else (content, True)
    if form == "xml":
        return Scanned(content, form, tuple(_xml(text)))
    if form == "json":
        return Scanned(content, form, tuple(_json(text)) if exact else ())
    if not exact or _HASH_LINE.search(text) is None:
        return Scanned(content, form)
    found = [item for line in _HASH_LINE.finditer(text) for item in _parse(text, line.start(), line.end())]
    return Scanned(_HASH_LINE.sub("", text), form, tuple(found))


def _unused(code: str, location: Location, detail: str) -> Finding:
    entry = CODES[UNUSED]
    return Finding(UNUSED, entry.severity, entry.render(code), detail, location=location)


def apply(report: Report, scanned: Scanned) -> Report:
    """``report`` without the codes ``scanned`` suppresses, plus MV113 for each suppression that did nothing."""
    if not scanned.suppressions:
        return report
    raised = {f.code for f in report.findings}
    silenced = {code for s in scanned.suppressions for code in s.codes}
    kept = [f for f in report.findings if f.code not in silenced]
    judged = not (raised & _UNREAD)
    for item in scanned.suppressions:
        if item.problem is not None:
            kept.append(_unused(item.written, item.location, item.problem))
        for code in item.codes:
            if code not in CODES:
                kept.append(_unused(code, item.location, f"{code} is not a code of mmsvalidate"))
            elif judged and code not in raised:
                kept.append(_unused(code, item.location, f"no {code} finding in this request; remove it"))
    kept.sort(key=lambda f: (f.line or 0, f.column or 0, f.code))
    return attrs.evolve(report, findings=tuple(kept))


def comments(content: bytes | str, form: str) -> tuple[Location, ...]:
    """Where the request's comments that hold no suppression are (XML comments, query ``#`` lines)."""
    if form not in ("xml", "query"):
        return ()
    text, _ = _decode(content) if isinstance(content, bytes) else (content, True)
    if form == "xml":
        plain = _CDATA.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
        found = [(m.start(), m[1]) for m in _COMMENT.finditer(plain)]
    else:
        found = [(m.start(), m[0]) for m in _HASH_LINE.finditer(text)]
    return tuple(_location(text, start) for start, body in found if not _MARK.search(body))
