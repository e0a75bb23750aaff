"""The GET URL or POST form body into the model, with the parameter and line of each value.

Accepts a full URL or a bare query string, on one line or broken before each ``&`` as the spec
prints its example. Names are case-insensitive; values are percent-decoded with ``+`` as space.
When a parameter is given twice the last one is kept, as a PHP-style server would.
"""

from __future__ import annotations

import re
from typing import Any

from mmsvalidate.diagnostic import Location, clip
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Failure, Mark, Parsed, Recorder, Stop
from mmsvalidate.text import LineIndex, lowered

SLIDE_PARAM = re.compile(
    r"slide_(?:(?P<slot>" + "|".join(SLOTS) + r")_url|(?P<member>text_value|duration))_(?P<number>0|[1-9][0-9]*)"
)
_MEMBER = {"text_value": "text", "duration": "duration"}
#: A parameter: from its first character that is not white space to the next ``&`` (runs of ``&`` and
#: blank segments are skipped by the engine, not by a Python loop).
_SEGMENT = re.compile(r"[^&\s][^&]*")
#: A comment line: blanks, ``#``, then anything up to a CR or LF (``^`` fails at once off a line start).
_HASH_LINE = re.compile(r"^[ \t]*#[^\r\n]*", re.M)
#: A slide number past this many digits is past every reading limit (and never turned into an int).
_NUMBER_DIGITS = 9


def without_fragment(text: str) -> str:
    """A URL's text without its fragment: by RFC 3986 the query ends at the first ``#`` after the ``?``,
    and the fragment (to the end of the URL) is never sent. A bare query string or form body is kept whole
    (``#`` lines, comments, are blanked before)."""
    start = _start(text)
    if not start:
        return text
    cut = text.find("#", start)
    if cut < 0:
        return text
    return text[:cut]


def _start(text: str) -> int:
    """Offset where the parameters begin: after ``...?`` when the text is a URL."""
    mark = text.find("?")
    if mark < 0:
        return 0
    head = text[:mark]
    return mark + 1 if "=" not in head and "&" not in head else 0


#: ``%XX`` escapes: each is found by the regular expression engine, so a run of ``%`` that escapes nothing
#: costs no Python call per character (``urllib.parse.unquote_to_bytes`` loops over every ``%``).
_ESCAPE = re.compile(rb"%([0-9A-Fa-f]{2})")
_BYTE = {f"{n:02x}".encode(): bytes([n]) for n in range(256)}


def _unquote(raw: str) -> bytes:
    data = raw.replace("+", " ").encode("utf-8")
    return _ESCAPE.sub(lambda escape: _BYTE[escape[1].lower()], data) if b"%" in data else data


def decode(raw: str, where: Location) -> str:
    """Percent-decode with ``+`` as space; the bytes must be UTF-8 (else :class:`Stop`)."""
    try:
        return _unquote(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        name = clip(where.param or "a parameter")
        raise Stop("syntax", f"{name}: percent-encoded bytes are not valid UTF-8 ({exc.reason})", where) from None


def comments(text: str) -> tuple[str, tuple[Mark, ...], tuple[Location, ...]]:
    """``text`` with every ``#`` line blanked, the ones that mention mmsvalidate as marks, and
    where the others are.

    A ``#`` line is a comment: its text (up to a CR or LF) is removed, so every other line keeps
    its number and columns. One pass: the engine finds the ``#`` lines, lines are counted between them.
    """
    if "#" not in text:
        return text, (), ()
    marks: list[Mark] = []
    others: list[Location] = []
    lines = LineIndex(text)  # the ``#`` lines come in increasing order
    for found in _HASH_LINE.finditer(text):
        where = lines.location(found.start())
        where = Location(where.line, 1)
        if "mmsvalidate" in found[0]:
            marks.append(Mark(found[0], where))
        else:
            others.append(where)
    if not marks and not others:
        return text, (), ()
    return _HASH_LINE.sub("", text), tuple(marks), tuple(others)


def _trimmed(segment: str) -> str:
    """A segment without the line break (and the blanks around it) that ends it, as the spec prints URLs.

    Linear: the trailing whitespace is found once, then only the blanks before its first LF are walked.
    """
    body = len(segment.rstrip())
    newline = segment.find("\n", body)
    if newline < 0:
        return segment
    cut = newline
    if cut > body and segment[cut - 1] == "\r":
        cut -= 1
    while cut > body and segment[cut - 1] in " \t":
        cut -= 1
    return segment[:cut]


def tokens(text: str, limit: int) -> list[tuple[str, str, Location]]:
    """Every ``name=value`` pair, decoded, with the name lower-cased and where it starts.

    Raises :class:`Stop` for percent-encoded bytes that are not UTF-8 and past ``limit`` pairs.
    One pass: each parameter found once, and lines counted from the previous pair on.
    """
    found: list[tuple[str, str, Location]] = []
    lines = LineIndex(text)  # asked in increasing order: lines counted from the previous pair on
    for match in _SEGMENT.finditer(text, _start(text)):
        stripped = _trimmed(match[0])
        if stripped:
            raw_name, _, raw_value = stripped.partition("=")
            where = lines.location(match.start(), clip(raw_name))
            if len(found) >= limit:
                raise Stop("limit", f"more than {limit} parameters", where)
            name = decode(raw_name, where)
            where = Location(where.line, where.column, param=clip(name))
            found.append((lowered(name), decode(raw_value, where), where))
    return found


def _slide_key(name: str) -> tuple[int, str] | None:
    """(slide number, member) of a slide parameter; a number too long to be read is ``10**9``."""
    found = SLIDE_PARAM.fullmatch(name)
    if found is None:
        return None
    digits = found["number"]
    number = int(digits) if len(digits) <= _NUMBER_DIGITS else 10**_NUMBER_DIGITS
    return number, found["slot"] or _MEMBER[found["member"]]


def _pointer(name: str) -> str:
    """A parameter's pointer in the parameters document (``/`` and ``~`` escaped as JSON pointers do)."""
    return "/" + name.replace("~", "~0").replace("/", "~1")


def _is_model_pointer(repeat: str) -> bool:
    head = repeat.partition("[")[0]
    return head.startswith("/slides/") or head[1:] in FIELDS


def read(text: str, profile: Profile = DEFAULT_PROFILE) -> Parsed:
    """Read a query-string request."""
    try:
        return _read(text, profile)
    except Stop as exc:
        return Parsed("query", failure=exc.failure)


def _read(text: str, profile: Profile) -> Parsed:
    text, marks, notes = comments(text.lstrip("\ufeff"))
    return _from_pairs(tokens(without_fragment(text), profile.max_items), profile, marks, notes)


def read_pairs(
    pairs: list[tuple[str, str, Location]], profile: Profile = DEFAULT_PROFILE, start: Location | None = None
) -> Parsed:
    """Read a request given as parameters already split and decoded, each with where it is written
    (a CSV row's cells: ``(name, value, location)``, names as written); ``start`` is where the request
    begins (a row's first column, though its first cell be empty), else at its first parameter."""
    if len(pairs) > profile.max_items:
        return Parsed("query", failure=Failure("limit", f"more than {profile.max_items} parameters", pairs[-1][2]))
    try:
        return _from_pairs([(lowered(name), value, where) for name, value, where in pairs], profile, (), (), start)
    except Stop as exc:
        return Parsed("query", failure=exc.failure)


def _from_pairs(
    pairs: list[tuple[str, str, Location]],
    profile: Profile,
    marks: tuple[Mark, ...],
    notes: tuple[Location, ...],
    start: Location | None = None,
) -> Parsed:
    if not any(name in FIELDS or _slide_key(name) for name, _, _ in pairs):
        first = pairs[0][2] if pairs else Location(1, 1)
        return Parsed("query", failure=Failure("not-a-request", "no sendMMS parameter found", first))
    numbers = sorted({key[0] for name, _, _ in pairs if (key := _slide_key(name))})
    if numbers and numbers[-1] >= profile.max_slides_read:
        name, where = next((n, w) for n, _, w in pairs if (key := _slide_key(n)) and key[0] == numbers[-1])
        written = clip(name.rpartition("_")[2])
        raise Stop("limit", f"slide number {written}: more than {profile.max_slides_read} slides", where)
    if profile.query_gaps_are_slides:
        index = {n: n for n in numbers}
        count = numbers[-1] + 1 if numbers else 0
    else:
        index = {n: i for i, n in enumerate(numbers)}
        count = len(numbers)

    record = Recorder()
    first = start or pairs[0][2]
    # the request as a whole starts at its start or first parameter, but is not that parameter
    record.place("", Location(first.line, first.column))
    params: dict[str, str] = {}
    values: dict[str, str] = {}
    members: list[dict[str, Any]] = [{} for _ in range(count)]
    for name, value, where in pairs:
        record.value(params, name, _pointer(name), value, where, first_wins=False)
        if name in FIELDS:
            values[name] = value
        elif (key := _slide_key(name)) is not None:
            number, member = key
            base = f"/slides/{index[number]}"
            record.place(base, where)
            record.value(members[index[number]], member, f"{base}/{member}", value, where, first_wins=False)

    request = Request(
        slides=tuple(Slide(**m) for m in members),
        repeated=tuple(r for r in record.repeated() if _is_model_pointer(r)),
        **{attribute(field): value for field, value in values.items()},
    )
    return Parsed("query", request=request, document=params, locate=record.locations.get, marks=marks, comments=notes)
