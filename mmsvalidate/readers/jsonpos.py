"""Where each value of a JSON text starts, by JSON pointer, found only when first asked for."""

from __future__ import annotations

import re
from collections.abc import Callable
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


def offsets(text: str) -> dict[str, int]:
    """Offset of each value (of the key, for an object member) by JSON pointer.

    A key given more than once in an object is located at its last occurrence, whose value JSON
    parsers keep (and so is everything under it); ``pointer[n]`` locates its n-th occurrence.
    ``text`` must be valid JSON. Iterative, so depth costs no stack; the text is cut into tokens
    by one regular expression, so white space and long strings cost no Python step per character.
    """
    table: dict[str, int] = {}
    stack: list[list[Any]] = []  # [is_object, pointer, index, occurrences of each key]
    current = ""
    expect_key = after_key = False
    for token in _TOKEN.finditer(text):
        i = token.start()
        c = text[i]
        if c == "{" or c == "[":
            if not after_key:
                table[current] = i
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
                current = f"{stack[-1][1]}/{_escape(key)}"
                seen = stack[-1][3]
                seen[key] = count = seen.get(key, 0) + 1
                if count > 1:
                    table[f"{current}[{count}]"] = i
                table[current] = i
                expect_key, after_key = False, True
            else:
                if not after_key:
                    table[current] = i
                after_key = False
        else:
            if not after_key:
                table[current] = i
            after_key = False
    return table


def locator(text: str) -> Callable[[str], Location | None]:
    """A pointer → location function over ``text``; the scan of values runs on the first call, and the
    line index turns each offset found into a line and column (no table of lines for a few findings)."""
    table: dict[str, int] = {}
    lines = LineIndex(text)

    def locate(pointer: str) -> Location | None:
        if not table:
            table.update(offsets(text))
        offset = table.get(pointer)
        return None if offset is None else lines.location(offset)

    return locate
