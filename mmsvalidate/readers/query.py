"""The GET URL or POST form body into the model, with the parameter and line of each value.

Accepts a full URL or a bare query string, on one line or broken before each ``&`` as the spec
prints its example. Names are case-insensitive; values are percent-decoded with ``+`` as space.
When a parameter is given twice the last one is kept, as a PHP-style server would.
"""

from __future__ import annotations

import bisect
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from mmsvalidate.diagnostic import Location
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Failure, Parsed, Recorder, Stop

SLIDE_PARAM = re.compile(
    r"slide_(?:(?P<slot>" + "|".join(SLOTS) + r")_url|(?P<member>text_value|duration))_(?P<number>0|[1-9][0-9]*)"
)
_MEMBER = {"text_value": "text", "duration": "duration"}
_SEGMENT = re.compile(r"[^&]+")
_BREAK = re.compile(r"[ \t]*\r?\n\s*\Z")


def _start(text: str) -> int:
    """Offset where the parameters begin: after ``...?`` when the text is a URL."""
    mark = text.find("?")
    if mark < 0:
        return 0
    head = text[:mark]
    return mark + 1 if "=" not in head and "&" not in head else 0


def decode(raw: str, where: Location) -> str:
    """Percent-decode with ``+`` as space; the bytes must be UTF-8 (else :class:`Stop`)."""
    try:
        return unquote_to_bytes(raw.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        name = where.param or "a parameter"
        raise Stop("syntax", f"{name}: percent-encoded bytes are not valid UTF-8 ({exc.reason})", where) from None


def tokens(text: str, limit: int) -> list[tuple[str, str, Location]]:
    """Every ``name=value`` pair, decoded, with the name lower-cased and where it starts.

    Raises :class:`Stop` for percent-encoded bytes that are not UTF-8 and past ``limit`` pairs.
    """
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: list[tuple[str, str, Location]] = []
    for match in _SEGMENT.finditer(text, _start(text)):
        segment = _BREAK.sub("", match.group())
        stripped = segment.lstrip()
        if not stripped:
            continue
        offset = match.start() + len(segment) - len(stripped)
        raw_name, _, raw_value = stripped.partition("=")
        line = bisect.bisect_right(starts, offset)
        where = Location(line, offset - starts[line - 1] + 1, param=raw_name)
        if len(found) >= limit:
            raise Stop("limit", f"more than {limit} parameters", where)
        name = decode(raw_name, where)
        where = Location(where.line, where.column, param=name)
        found.append((name.lower(), decode(raw_value, where), where))
    return found


def _slide_key(name: str) -> tuple[int, str] | None:
    found = SLIDE_PARAM.fullmatch(name)
    if found is None:
        return None
    return int(found["number"]), found["slot"] or _MEMBER[found["member"]]


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
    pairs = tokens(text.lstrip("\ufeff"), profile.max_items)
    if not any(name in FIELDS or _slide_key(name) for name, _, _ in pairs):
        first = pairs[0][2] if pairs else Location(1, 1)
        return Parsed("query", failure=Failure("not-a-request", "no sendMMS parameter found", first))
    numbers = sorted({key[0] for name, _, _ in pairs if (key := _slide_key(name))})
    if numbers and numbers[-1] >= profile.max_slides_read:
        where = next(w for name, _, w in pairs if (key := _slide_key(name)) and key[0] == numbers[-1])
        raise Stop("limit", f"slide number {numbers[-1]}: more than {profile.max_slides_read} slides", where)
    if profile.query_gaps_are_slides:
        index = {n: n for n in numbers}
        count = numbers[-1] + 1 if numbers else 0
    else:
        index = {n: i for i, n in enumerate(numbers)}
        count = len(numbers)

    record = Recorder()
    first = pairs[0][2]
    # the request as a whole starts at its first parameter, but is not that parameter
    record.place("", Location(first.line, first.column))
    params: dict[str, str] = {}
    values: dict[str, str] = {}
    members: list[dict[str, Any]] = [{} for _ in range(count)]
    for name, value, where in pairs:
        record.value(params, name, f"/{name}", value, where, first_wins=False)
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
    return Parsed("query", request=request, document=params, locate=record.locations.get)
