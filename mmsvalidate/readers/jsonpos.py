"""Where each value of a JSON text starts, by JSON pointer, found only when first asked for."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from mmsvalidate.diagnostic import Location

_SPACE = " \t\r\n"
_END = ",}]" + _SPACE


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def offsets(text: str) -> dict[str, int]:
    """Offset of each value (of the key, for an object member) by JSON pointer.

    A key given more than once in an object is located at its last occurrence, whose value JSON
    parsers keep (and so is everything under it); ``pointer[n]`` locates its n-th occurrence.
    ``text`` must be valid JSON. Iterative, so depth costs no stack.
    """
    table: dict[str, int] = {}
    stack: list[list[Any]] = []  # [is_object, pointer, index, occurrences of each key]
    current = ""
    expect_key = after_key = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE or c == ":":
            i += 1
        elif c == "{" or c == "[":
            if not after_key:
                table[current] = i
            after_key = False
            is_object = c == "{"
            stack.append([is_object, current, 0, {}])
            expect_key = is_object
            if not is_object:
                current = f"{current}/0"
            i += 1
        elif c == "}" or c == "]":
            stack.pop()
            expect_key = False
            i += 1
        elif c == ",":
            top = stack[-1]
            if top[0]:
                expect_key = True
            else:
                top[2] = int(top[2]) + 1
                current = f"{top[1]}/{top[2]}"
            i += 1
        elif c == '"':
            key, end = scanstring(text, i + 1)
            if expect_key:
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
            i = end
        else:
            if not after_key:
                table[current] = i
            after_key = False
            while i < n and text[i] not in _END:
                i += 1
    return table


def locator(text: str) -> Callable[[str], Location | None]:
    """A pointer → location function over ``text``; the scan runs on the first call."""
    cache: list[tuple[dict[str, int], list[int]]] = []

    def locate(pointer: str) -> Location | None:
        if not cache:
            starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
            cache.append((offsets(text), starts))
        table, starts = cache[0]
        offset = table.get(pointer)
        if offset is None:
            return None
        line = bisect.bisect_right(starts, offset)
        return Location(line, offset - starts[line - 1] + 1)

    return locate
