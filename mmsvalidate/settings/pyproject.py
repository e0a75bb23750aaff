"""Whether a ``pyproject.toml`` may hold ``[tool.mmsvalidate]``, told from its text without parsing it.

Most projects' ``pyproject.toml`` has no such table, and parsing TOML (importing ``tomllib`` first) costs
a one-file check several milliseconds. :func:`may_hold_table` reads the file line by line as TOML
does: table headers, the dotted keys of ``key = value`` lines (bare, or quoted without escapes), and
the brackets of values that go on over several lines. It answers ``False`` only when no header and no
key can put anything under ``tool.mmsvalidate``; whatever it does not follow (a multi-line string, a
quoted key with an escape, a line that is not TOML) is ``True``: the file is parsed and judged then.
"""

from __future__ import annotations

import re

_BARE = re.compile(r"[A-Za-z0-9_-]+")
#: A run of a value's characters that open or close nothing (no quote, comment, bracket or brace).
_PLAIN = re.compile(r"[^\"'#\[\]{}]+")
#: The rest of a basic string after its opening quote, to the closing quote (an escape takes the next character).
_BASIC_REST = re.compile(r'(?:[^"\\]|\\.)*"')
_TABLE = ["tool", "mmsvalidate"]


def may_hold_table(text: str) -> bool:
    """``False`` when the TOML ``text`` has no ``tool.mmsvalidate`` table (or is not TOML); else ``True``."""
    if "mmsvalidate" not in text and "\\" not in text:
        return False  # no key can spell it
    if '"""' in text or "'''" in text:
        return True  # a multi-line string can hold any line: not followed here
    table: list[str] = []
    depth = 0  # brackets and braces of a value still open from earlier lines
    for line in text.split("\n"):
        line = line.removesuffix("\r").lstrip(" \t")
        if depth:
            depth = _depth(line, depth)
            if depth < 0:
                return True
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            opening = 2 if line.startswith("[[") else 1
            found = _key(line, opening)
            if found is None:
                return True
            table, end = found
            if not line.startswith("]" * opening, end) or not _blank(line[end + opening :]):
                return True
            if table[:2] == _TABLE:
                return True
            continue
        found = _key(line, 0)
        if found is None or not line.startswith("=", found[1]):
            return True
        path = table + found[0]
        if path[:2] == _TABLE or path == _TABLE[:1]:  # under the table, or a value for all of tool
            return True
        depth = _depth(line[found[1] + 1 :], 0)
        if depth < 0:
            return True
    return depth != 0


def _key(line: str, at: int) -> tuple[list[str], int] | None:
    """The dotted key starting at ``at`` and where it ends (past the spaces after it); ``None`` for a
    quoted part with an escape, or no key."""
    parts = []
    while True:
        at = _spaces(line, at)
        quote = line[at : at + 1]
        if quote in ('"', "'"):
            end = line.find(quote, at + 1)
            if end < 0 or "\\" in line[at:end]:
                return None
            parts.append(line[at + 1 : end])
            at = end + 1
        else:
            bare = _BARE.match(line, at)
            if bare is None:
                return None
            parts.append(bare[0])
            at = bare.end()
        at = _spaces(line, at)
        if not line.startswith(".", at):
            return parts, at
        at += 1


def _spaces(line: str, at: int) -> int:
    while line[at : at + 1] in (" ", "\t"):
        at += 1
    return at


def _blank(rest: str) -> bool:
    """Whether ``rest`` of a line is only white space and a comment."""
    rest = rest.lstrip(" \t")
    return not rest or rest.startswith("#")


def _depth(value: str, depth: int) -> int:
    """The open brackets and braces after ``value`` (a line of a value), from ``depth`` before it; ``-1``
    where a string is not closed on the line or more close than were open."""
    at = 0
    while at < len(value):
        plain = _PLAIN.match(value, at)
        if plain is not None:
            at = plain.end()
            continue
        char = value[at]
        if char == "#":
            break
        if char == '"':
            rest = _BASIC_REST.match(value, at + 1)
            if rest is None:
                return -1
            at = rest.end() - 1
        elif char == "'":
            at = value.find("'", at + 1)
            if at < 0:
                return -1
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth < 0:
                return -1
        at += 1
    return depth
