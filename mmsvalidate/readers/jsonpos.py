"""Where each value of a JSON text starts, by JSON pointer, found only when first asked for."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from mmsvalidate.diagnostic import Location
from mmsvalidate.text import LineIndex

#: A token of JSON text: a string, a bracket or comma, or a number / ``true`` / ``false`` / ``null``
#: (white space and ``:`` lie between tokens).
# possessive quantifiers: a string of a million escapes keeps no backtracking stack (30 MB otherwise)
_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[{}\[\],]|[^ \t\r\n:,{}\[\]"]+', re.S)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _scan(text: str) -> Iterator[tuple[str, int]]:
    """``(pointer, offset)`` of each value (of the key, for an object member), in the order written.

    A key given more than once in an object is located at its last occurrence, whose value JSON
    parsers keep (and so is everything under it); ``pointer[n]`` locates its n-th occurrence.
    ``text`` must be valid JSON. Iterative, so depth costs no stack; the text is cut into tokens
    by one regular expression, so white space and long strings cost no Python step per character.
    """
    stack: list[list[Any]] = []  # [is_object, pointer, index, occurrences of each key]
    current = ""
    expect_key = after_key = False
    for token in _TOKEN.finditer(text):
        i = token.start()
        c = text[i]
        if c == "{" or c == "[":
            if not after_key:
                yield current, i
            after_key = False
            is_object = c == "{"
            stack.append([is_object, current, 0, {}])
            expect_key = is_object
            if not is_object:
                current = f"{current}/0"
        elif c == "}" or c == "]":
            stack.pop()
            expect_key = False
        elif c == ",":
            top = stack[-1]
            if top[0]:
                expect_key = True
            else:
                top[2] = int(top[2]) + 1
                current = f"{top[1]}/{top[2]}"
        elif c == '"':
            if expect_key:
                raw = token.group()
                key = scanstring(text, i + 1)[0] if "\\" in raw else raw[1:-1]
                current = f"{stack[-1][1]}/{_escape(key) if '~' in key or '/' in key else key}"
                seen = stack[-1][3]
                seen[key] = count = seen.get(key, 0) + 1
                if count > 1:
                    yield f"{current}[{count}]", i
                yield current, i
                expect_key, after_key = False, True
            else:
                if not after_key:
                    yield current, i
                after_key = False
        else:
            if not after_key:
                yield current, i
            after_key = False


#: Most keys a locator finds by searching the text (each search reads it to the end); the scan finds the rest.
SEARCHES = 4
#: The longest text searched: past it, the scan, which reads only as far as the key asked for (a request's keys
#: come before its slides' long text), costs less than searches that read the whole text.
SEARCH_CHARS = 4096
#: A pointer to a member of the top-level object by a key that neither a pointer nor JSON escapes (but for \u).
_MEMBER = re.compile(r"/[A-Za-z0-9_-]+")


def _key_offset(text: str, key: str) -> int | None:
    """Where the key ``key`` of the object the text decodes to is written, when the text holds ``"key"`` once;
    ``None`` when the scan must say.

    The key is one of :data:`_MEMBER`'s and the text holds no ``\\u`` escape (:func:`locator` asks), and no
    other escape writes a letter, a digit, ``_`` or ``-``: the key is written as ``"key"``, so where the text holds
    that once, it is the key.
    """
    quoted = f'"{key}"'
    at = text.find(quoted)
    return at if at >= 0 and text.find(quoted, at + 1) < 0 else None


def offsets(text: str) -> dict[str, int]:
    """Offset of each value (of the key, for an object member) by JSON pointer (see :func:`_scan`)."""
    return dict(_scan(text))


def locator(
    text: str, *, unique: bool = False, document: Mapping[str, object] | None = None
) -> Callable[[str], Location | None]:
    """A pointer → location function over ``text``: positions only for what is asked.

    With ``unique`` (no object of the text repeats a key, so each pointer is written once), the scan of
    values runs only as far as the pointer asked for, and resumes from there for the next one; else it runs
    to the end on the first call (a repeated key is located at its last occurrence). Either way the text is
    scanned at most once, and the line index turns each offset into a line and column.

    ``document`` (the object ``text`` decodes to) tells at once that a key it lacks is nowhere, and lets a key of
    it be found by one search instead (see :func:`_key_offset`), for the first :data:`SEARCHES` keys asked for,
    in a text of at most :data:`SEARCH_CHARS` characters: each search reads the whole text, so the many findings of
    a request of many keys, and the keys of a long request, are left to the scan, which reads it once and only as
    far as it must.
    """
    table: dict[str, int] = {}
    scan = _scan(text)
    lines = LineIndex(text)
    members = document if unique and document is not None else None
    searched = members is not None and len(text) <= SEARCH_CHARS and "\\u" not in text  # \u: _key_offset
    searches = SEARCHES

    def locate(pointer: str) -> Location | None:
        nonlocal searches
        offset = table.get(pointer)
        if offset is None and members is not None and _MEMBER.fullmatch(pointer):
            if pointer[1:] not in members:
                return None  # no member of that name (a missing field's finding): no scan to the end for it
            if searched and searches > 0:
                searches -= 1
                offset = _key_offset(text, pointer[1:])
        if offset is None:
            if not unique:
                table.update(scan)
            else:
                for written, at in scan:
                    table[written] = at
                    if written == pointer:
                        break
            offset = table.get(pointer)
        return None if offset is None else lines.location(offset)

    return locate
