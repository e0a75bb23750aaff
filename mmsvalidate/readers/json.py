"""The project's JSON form into the model, with the line and column of each value.

The form is the query-string names in lower case with the slides as an array; see
``schemas/request.schema.json``. Numbers are accepted where the API takes digits (``to``,
``from``, ``operatorid``, ``duration``) and a boolean for ``disablefallbacksmslink``. When a key is
given twice in one object, the last one is kept, as JSON parsers do.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Mapping
from typing import Any

from mmsvalidate.diagnostic import Location, clip
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import MARK_KEY, Failure, Mark, Parsed, Stop
from mmsvalidate.readers.jsonpos import locator

SLIDE_KEYS = (*SLOTS, "text", "duration")
_SLIDE_KEYS = frozenset(SLIDE_KEYS)
#: The model's attribute of each request field, by its JSON key.
_ATTRIBUTES = {field: attribute(field) for field in FIELDS}
#: Integers up to this many digits are read as ``int``; longer ones are kept as written.
INT_DIGITS = 64

_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.S)  # possessive: no backtracking stack
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_ROUND = str.maketrans("[{]}", "(())")


class BigNumber(str):
    """A JSON number kept as written: an integer too long to be an ``int`` (Python limits int-string
    conversion), or a number too big for a ``float`` (``1e400``, which would read as infinity)."""

    __slots__ = ()


def _integer(digits: str) -> int | BigNumber:
    return int(digits) if len(digits) <= INT_DIGITS else BigNumber(digits)


def _real(written: str) -> float | BigNumber:
    value = float(written)
    return value if math.isfinite(value) else BigNumber(written)


class _NotJson(Exception):
    """``NaN``, ``Infinity`` or ``-Infinity``: words Python's parser takes, which JSON has not."""


def _constant(name: str) -> object:
    raise _NotJson(name)


#: A string, or a word of Python's parser that is no JSON: the first such word outside strings is where
#: the parser met it (the text before it parsed).
_NOT_JSON = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|(-?Infinity|NaN)', re.S)


def _not_json(text: str, name: str) -> json.JSONDecodeError:
    """The syntax error a strict JSON parser gives at the first ``NaN`` / ``Infinity`` outside strings."""
    position = next((m.start(1) for m in _NOT_JSON.finditer(text) if m.group(1)), 0)
    return json.JSONDecodeError(f"Expecting value: {name} is not JSON", text, position)


class TooLongInteger(ValueError):
    """A mapping's ``int`` with more digits than Python writes out (``sys.get_int_max_str_digits``)."""


def _scalar(value: object, key: str = "") -> str:
    """The string the API would receive for a JSON value (a boolean is yes/no only where one is taken)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        if key == "disablefallbacksmslink":
            return "yes" if value else "no"
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # over Python's limit of digits: no client could send it (json.dumps refuses it too)
            raise TooLongInteger(key) from None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # an int past Python's limit of digits inside a list or an object
        raise TooLongInteger(key) from None


class _Pairs:
    """``object_pairs_hook`` that keeps the last value and remembers repeated keys per object.

    Each object with repeats is kept alive beside its repeats, so its ``id`` can't be reused by
    another object (a value dropped by a repeated key would free its id otherwise).
    """

    def __init__(self) -> None:
        self.repeats: dict[int, list[str]] = {}
        self._alive: list[object] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            repeated = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            self._alive.append(result)
            self.repeats[id(result)] = repeated
        return result


class _Repeated(Exception):
    """An object of the text repeats a key: it is parsed again with :class:`_Pairs` to say which."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` of the common text, which repeats no key."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Repeated
    return result


#: One decoder for every text (making one costs more than decoding a small request); its hook keeps no
#: state, so threads share it as they share the json module's own.
_DECODER = json.JSONDecoder(object_pairs_hook=_unique, parse_int=_integer, parse_float=_real, parse_constant=_constant)


def _decode(text: str) -> tuple[object, dict[int, list[str]]]:
    """The decoded text and, per object that repeats keys (by ``id``), the keys given again."""
    try:
        try:
            return _DECODER.decode(text), {}
        except _Repeated:
            hook = _Pairs()
            decoder = json.JSONDecoder(
                object_pairs_hook=hook, parse_int=_integer, parse_float=_real, parse_constant=_constant
            )
            return decoder.decode(text), hook.repeats
    except _NotJson as exc:
        raise _not_json(text, exc.args[0]) from None


def _repeats(keys: list[str], base: str, known: tuple[str, ...]) -> list[str]:
    """``base/key[n]`` for the n-th occurrence (from the second) of each known key given again."""
    counts: dict[str, int] = {}
    found = []
    for key in keys:
        if key in known:
            counts[key] = counts.get(key, 1) + 1
            found.append(f"{base}/{key}[{counts[key]}]")
    return found


def _shape(text: str, profile: Profile) -> None:
    """:class:`Stop` when the brackets outside strings nest deeper than ``max_depth`` or open more than
    ``max_items`` values: the limits of a text the parser could not read (for one it read, see :func:`_walk`).

    The brackets alone, as ``(`` and ``)``, lose their innermost pairs once per level: at most
    ``max_depth`` passes, each linear and in C.
    """
    limit = profile.max_depth
    brackets = text.count("[") + text.count("{")
    if brackets <= limit and brackets - 1 <= profile.max_items:  # too few brackets to pass either limit
        return
    shape = _NOT_BRACKET.sub("", _STRING.sub("", text)).translate(_ROUND)
    if shape.count("(") - 1 > profile.max_items:  # every bracket but the outermost is a value
        raise Stop("limit", f"more than {profile.max_items} values", Location(1, 1))
    for _ in range(limit):
        reduced = shape.replace("()", "")
        if len(reduced) == len(shape):
            break
        shape = reduced
    if "()" in shape or shape.count("(") > limit:
        raise Stop("limit", f"nesting depth over {limit}", Location(1, 1))


def _walk(text: str, document: object, profile: Profile) -> Failure | None:
    """The reading limits of ``text`` decoded as ``document``, judged as :func:`_shape` then :func:`_bounded`
    would judge them (more containers than ``max_items``, then nesting deeper than ``max_depth``, then more
    values), by one walk of the containers: a cost that grows with the values, not with the characters of
    long strings. Past ``max_items`` values the walk stops and :func:`_shape` says which limit comes first.

    A text too short to hold more values than ``max_items`` (each takes a character at least) with no more
    brackets than ``max_depth`` (each level opens one) is within both: not walked."""
    if len(text) <= profile.max_items and text.count("[") + text.count("{") <= profile.max_depth:
        return None
    items = deepest = 0
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if type(value) is dict else value if type(value) is list else None
        if children is None:
            continue
        items += len(children)
        if items > profile.max_items:
            try:
                _shape(text, profile)
            except Stop as stop:
                return stop.failure
            return Failure("limit", f"more than {profile.max_items} values", Location(1, 1))
        deepest = max(deepest, depth)
        for child in children:
            if type(child) is dict or type(child) is list:
                stack.append((child, depth + 1))
    if deepest > profile.max_depth:
        return Failure("limit", f"nesting depth over {profile.max_depth}", Location(1, 1))
    return None


def _said(error: json.JSONDecodeError) -> str:
    """The parser's message, whole: two of Python's end in "at", the place they leave to the location."""
    if error.msg == "Unterminated string starting at":
        return "Unterminated string: its closing quote is missing"
    if error.msg == "Invalid control character at" and error.pos < len(error.doc):
        return f"Invalid control character U+{ord(error.doc[error.pos]):04X} in a string: write it escaped"
    if error.msg == "Extra data" and "\n" in error.doc[len(error.doc[: error.pos].rstrip(" \t\r\n")) : error.pos]:
        return "Extra data: another JSON value starts on a new line; one request a line is a JSON Lines file (.jsonl)"
    return error.msg


def read_text(text: str, profile: Profile = DEFAULT_PROFILE) -> Parsed:
    """Read a JSON request from text.

    The text is parsed first (the parser is linear and stops at a depth far below the stack's), then its
    limits are judged on what it decoded; only a text it can't read is scanned for them, so that a limit
    comes before a syntax error whichever way the text is read.
    """
    text = text.lstrip("\ufeff")
    try:
        document, repeats = _decode(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        try:
            _shape(text, profile)
        except Stop as stop:
            return Parsed("json", failure=stop.failure)
        if isinstance(exc, json.JSONDecodeError):
            return Parsed("json", failure=Failure("syntax", _said(exc), Location(exc.lineno, exc.colno)))
        limit = f"nesting depth over {profile.max_depth}"  # pragma: no cover - the scan finds it first
        return Parsed("json", failure=Failure("limit", limit, Location(1, 1)))  # pragma: no cover
    if type(document) is not dict:  # no request: only the bracket limits come before saying so
        try:
            _shape(text, profile)
        except Stop as stop:
            return Parsed("json", failure=stop.failure)
        return read_object(document, profile)
    too_much = _walk(text, document, profile)
    if too_much is not None:
        return Parsed("json", failure=too_much)
    locate = locator(text, unique=not repeats, document=document)
    parsed = read_object(document, profile, locate=locate, repeats=repeats, walk=False)
    if parsed.failure is None and isinstance(document, dict) and MARK_KEY in document:
        mark = Mark(document[MARK_KEY], locate(f"/{MARK_KEY}") or Location(1, 1), comment=False)
        parsed = Parsed(parsed.form, parsed.request, parsed.document, parsed.locate, marks=(mark,))
    return parsed


#: The types of JSON's own scalar values, told apart by exact type before any (slower) abstract-class test.
_LEAVES = frozenset({str, int, float, bool, type(None)})
#: What JSON calls each value's type, by its Python type (a request that is no object says which it is).
_KINDS = {type(None): "null", bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
_KINDS[BigNumber] = "number"


def _bounded(document: object, profile: Profile) -> Failure | None:
    """Why a decoded document is past the reading limits (depth, items) or has a key that is no string."""
    stack: list[tuple[object, int]] = [(document, 1)]
    items = 0
    while stack:
        value, depth = stack.pop()
        if type(value) in _LEAVES:  # an exact-type test first: most values are strings and numbers
            continue
        if isinstance(value, Mapping | list | tuple):
            if depth > profile.max_depth:
                return Failure("limit", f"nesting depth over {profile.max_depth}", Location(1, 1))
            items += len(value)
            if items > profile.max_items:
                return Failure("limit", f"more than {profile.max_items} values", Location(1, 1))
            if isinstance(value, Mapping):
                for key in value:
                    if not isinstance(key, str):
                        return Failure(
                            "not-a-request", f"a key that is not a string: {clip(repr(key))}", Location(1, 1)
                        )
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)
    return None


def read_object(
    document: object,
    profile: Profile = DEFAULT_PROFILE,
    *,
    locate: Any = None,
    repeats: Mapping[int, list[str]] | None = None,
    walk: bool = True,
) -> Parsed:
    """Read a JSON request already decoded (a dict from a service, or ``json.loads`` output); ``walk``
    false skips the walk of the reading limits (for a text already known to be within them)."""
    locate = locate or (lambda pointer: None)
    repeats = repeats or {}
    if type(document) is not dict and not isinstance(document, Mapping):
        kind = _KINDS.get(type(document), type(document).__name__)
        return Parsed("json", failure=Failure("not-a-request", f"a JSON {kind}, not an object", Location(1, 1)))
    too_much = _bounded(document, profile) if walk else None
    if too_much is not None:
        return Parsed("json", failure=too_much)

    repeated = _repeats(repeats.get(id(document), []), "", FIELDS) if repeats else []
    pointer = ""
    try:
        values: dict[str, str] = {}
        for k, v in document.items():  # an exact str is passed as is: nearly every value
            name = _ATTRIBUTES.get(k)
            if name is not None and v is not None:
                values[name] = v if type(v) is str else _scalar(v, k)
        slides: list[Slide] = []
        raw_slides = document.get("slides")
        if isinstance(raw_slides, list) and len(raw_slides) > profile.max_slides_read:
            limit = f"more than {profile.max_slides_read} slides"
            return Parsed("json", failure=Failure("limit", limit, locate("/slides") or Location(1, 1)))
        if isinstance(raw_slides, list):
            for number, raw in enumerate(raw_slides):
                if type(raw) is not dict and not isinstance(raw, Mapping):
                    slides.append(Slide())
                    continue
                pointer = f"/slides/{number}"
                members: dict[str, Any] = {
                    k: v if type(v) is str else _scalar(v, k)
                    for k, v in raw.items()
                    if k in _SLIDE_KEYS and v is not None
                }
                slides.append(Slide(**members))
                if repeats:
                    repeated += _repeats(repeats.get(id(raw), []), pointer, SLIDE_KEYS)
    except TooLongInteger as exc:
        where = f"{pointer}/{exc.args[0]}"
        message = f"{where}: an integer of more than {sys.get_int_max_str_digits():,} digits, which can't be sent"
        return Parsed("json", failure=Failure("not-a-request", message, locate(where) or Location()))
    request = Request(slides=tuple(slides), repeated=tuple(repeated), **values)
    return Parsed("json", request=request, document=document, locate=locate)
