"""The project's JSON form into the model, with the line and column of each value.

The form is the query-string names in lower case with the slides as an array; see
``schemas/request.schema.json``. Numbers are accepted where the API takes digits (``to``,
``from``, ``operatorid``, ``duration``) and a boolean for ``disablefallbacksmslink``. When a key is
given twice in one object, the last one is kept, as JSON parsers do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mmsvalidate.diagnostic import Location
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Failure, Parsed
from mmsvalidate.readers.jsonpos import locator

SLIDE_KEYS = (*SLOTS, "text", "duration")


def _scalar(value: object, key: str = "") -> str:
    """The string the API would receive for a JSON value (a boolean is yes/no only where one is taken)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        if key == "disablefallbacksmslink":
            return "yes" if value else "no"
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)


class _Pairs:
    """``object_pairs_hook`` that keeps the last value and remembers repeated keys per object."""

    def __init__(self) -> None:
        self.repeats: dict[int, list[str]] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            repeated = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            self.repeats[id(result)] = repeated
        return result


def _repeats(keys: list[str], base: str, known: tuple[str, ...]) -> list[str]:
    """``base/key[n]`` for the n-th occurrence (from the second) of each known key given again."""
    counts: dict[str, int] = {}
    found = []
    for key in keys:
        if key in known:
            counts[key] = counts.get(key, 1) + 1
            found.append(f"{base}/{key}[{counts[key]}]")
    return found


def read_text(text: str, profile: Profile = DEFAULT_PROFILE) -> Parsed:
    """Read a JSON request from text."""
    text = text.lstrip("\ufeff")
    hook = _Pairs()
    try:
        document = json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        return Parsed("json", failure=Failure("syntax", exc.msg, Location(exc.lineno, exc.colno)))
    except RecursionError:
        return Parsed("json", failure=Failure("syntax", "nested too deeply"))
    return read_object(document, profile, locate=locator(text), repeats=hook.repeats)


def read_object(
    document: object,
    profile: Profile = DEFAULT_PROFILE,
    *,
    locate: Any = None,
    repeats: Mapping[int, list[str]] | None = None,
) -> Parsed:
    """Read a JSON request already decoded (a dict from a service, or ``json.loads`` output)."""
    locate = locate or (lambda pointer: None)
    repeats = repeats or {}
    if not isinstance(document, Mapping):
        kind = type(document).__name__
        return Parsed("json", failure=Failure("not-a-request", f"a JSON {kind}, not an object", Location(1, 1)))

    repeated = _repeats(repeats.get(id(document), []), "", FIELDS)
    values = {attribute(k): _scalar(v, k) for k, v in document.items() if k in FIELDS and v is not None}
    slides: list[Slide] = []
    raw_slides = document.get("slides")
    if isinstance(raw_slides, list) and len(raw_slides) > profile.max_slides_read:
        limit = f"more than {profile.max_slides_read} slides"
        return Parsed("json", failure=Failure("limit", limit, locate("/slides") or Location(1, 1)))
    if isinstance(raw_slides, list):
        for number, raw in enumerate(raw_slides):
            if not isinstance(raw, Mapping):
                slides.append(Slide())
                continue
            members: dict[str, Any] = {k: _scalar(v, k) for k, v in raw.items() if k in SLIDE_KEYS and v is not None}
            slides.append(Slide(**members))
            repeated += _repeats(repeats.get(id(raw), []), f"/slides/{number}", SLIDE_KEYS)
    request = Request(slides=tuple(slides), repeated=tuple(repeated), **values)
    return Parsed("json", request=request, document=document, locate=locate)
