"""The digit patterns of phone-number metadata, matched whole without compiling them first.

phonenumbers describes each kind of number with a regular expression in a small part of the syntax: digits,
``\\d``, classes of digits (``[2-9]``), groups, alternation, ``?`` and counted repeats (``{6}``, ``{4,7}``).
Compiling one with :mod:`re` costs up to milliseconds (the United States' fixed-line pattern about six), and a
check of one file matches a handful of numbers once each. :class:`DigitPattern` reads its pattern into a small
tree instead (a tenth of that) and answers ``fullmatch`` by following the positions the pattern can reach; from
its :data:`COMPILE_AFTER`-th match on (a long run) it compiles the pattern with :mod:`re` and asks that. A
pattern using anything else is compiled at once. A whole match asks only whether the text belongs to the
pattern's language, and a match at the start (:meth:`DigitPattern.starts`, for leading digits) whether some
prefix does, so both ways give the same answers (a test compares them over all of the metadata).
"""

from __future__ import annotations

import re

#: Matches answered from the tree before the pattern is compiled (then each match costs a C call).
COMPILE_AFTER = 16
#: A class range wider than this is left to :mod:`re` (digit classes span ten characters at most).
_WIDEST_RANGE = 64


class _Decimal:
    """``\\d`` in a str pattern: any Unicode decimal digit."""

    def __contains__(self, char: str) -> bool:
        return char.isdecimal()


_ANY_DIGIT = _Decimal()
#: A pattern's tree: alternatives, each a sequence of (atom, least, most) repeats; an atom is a set of
#: characters, ``_ANY_DIGIT`` or a group (a tree).
Tree = list[list[tuple[object, int, int]]]


class _Unsupported(Exception):
    """The pattern uses more than this reader takes: :mod:`re` answers for it."""


def parse(pattern: str) -> Tree:
    """The tree of ``pattern``; raises ``_Unsupported`` past the part of the syntax described above."""
    at = 0
    size = len(pattern)

    def alternatives() -> Tree:
        nonlocal at
        found = [sequence()]
        while at < size and pattern[at] == "|":
            at += 1
            found.append(sequence())
        return found

    def sequence() -> list[tuple[object, int, int]]:
        items = []
        while at < size and pattern[at] not in "|)":
            item = atom()
            least, most = repeat()
            items.append((item, least, most))
        return items

    def atom() -> object:
        nonlocal at
        char = pattern[at]
        if "0" <= char <= "9":
            at += 1
            return _DIGITS[char]
        if pattern.startswith("\\d", at):
            at += 2
            return _ANY_DIGIT
        if char == "[":
            return characters()
        if char == "(":
            at += 3 if pattern.startswith("(?:", at) else 1
            if at < size and pattern[at] == "?":
                raise _Unsupported(pattern)  # (?P<...>, (?=...), flags: not in phone metadata
            inner = alternatives()
            if at >= size or pattern[at] != ")":
                raise _Unsupported(pattern)
            at += 1
            return inner
        raise _Unsupported(pattern)

    def characters() -> frozenset[str]:
        nonlocal at
        end = pattern.find("]", at + 1)
        if end < 0:
            raise _Unsupported(pattern)
        body = pattern[at + 1 : end]
        chars = _CLASSES.get(body)
        if chars is None:
            chars = _CLASSES[body] = _class(body, pattern)
        at = end + 1
        return chars

    def repeat() -> tuple[int, int]:
        nonlocal at
        char = pattern[at] if at < size else ""
        if char == "?":
            at += 1
            least, most = 0, 1
        elif char == "{":
            end = pattern.find("}", at)
            low, comma, high = pattern[at + 1 : end].partition(",")
            if end < 0 or not low.isdigit() or not (high.isdigit() or not comma) or not low.isascii():
                raise _Unsupported(pattern)
            at = end + 1
            least = int(low)
            most = int(high) if comma else least
            if not high.isascii() or most < least:
                raise _Unsupported(pattern)
        elif char in ("*", "+"):
            raise _Unsupported(pattern)
        else:
            return 1, 1
        if at < size and pattern[at] in "?+*{":
            raise _Unsupported(pattern)  # a lazy or possessive repeat, or a repeat of a repeat
        return least, most

    tree = alternatives()
    if at != size:
        raise _Unsupported(pattern)
    return tree


#: Each ASCII digit as an atom.
_DIGITS = {digit: frozenset(digit) for digit in "0123456789"}
#: The classes read so far, by what is between their brackets (the metadata uses a few hundred, over and over).
_CLASSES: dict[str, frozenset[str]] = {}


def _class(body: str, pattern: str) -> frozenset[str]:
    """The characters of a class written ``[body]`` (no ``]`` in ``body``): characters and ranges; raises
    ``_Unsupported`` for a negation, an escape, a nested bracket or a range wider than digits need."""
    if not body or body[0] == "^":
        raise _Unsupported(pattern)
    chars: set[str] = set()
    at, size = 0, len(body)
    while at < size:
        low = body[at]
        if low in "\\[":
            raise _Unsupported(pattern)
        if at + 2 < size and body[at + 1] == "-":
            high = body[at + 2]
            if high in "\\[" or not 0 <= ord(high) - ord(low) <= _WIDEST_RANGE:
                raise _Unsupported(pattern)
            chars.update(chr(code) for code in range(ord(low), ord(high) + 1))
            at += 3
        else:
            chars.add(low)
            at += 1
    return frozenset(chars)


def _ends(tree: Tree, text: str, starts: set[int]) -> set[int]:
    """Where ``tree`` can end when it starts at any of ``starts`` in ``text``."""
    found: set[int] = set()
    for items in tree:
        here = starts
        for item, least, most in items:
            here = _repeated(item, least, most, text, here)
            if not here:
                break
        found |= here
    return found


def _repeated(item: object, least: int, most: int, text: str, starts: set[int]) -> set[int]:
    found = set(starts) if least == 0 else set()
    here = starts
    for count in range(1, most + 1):
        here = _ends(item, text, here) if isinstance(item, list) else _one(item, text, here)  # type: ignore[arg-type]
        if not here:
            break
        if count >= least:
            found |= here
    return found


def _one(chars: frozenset[str] | _Decimal, text: str, starts: set[int]) -> set[int]:
    size = len(text)
    return {at + 1 for at in starts if at < size and text[at] in chars}


class DigitPattern:
    """One pattern of the metadata: :meth:`fullmatch` answers as ``re.fullmatch`` would."""

    __slots__ = ("_compiled", "_tree", "_uses", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._uses = 0
        self._compiled: re.Pattern[str] | None = None
        try:
            self._tree: Tree | None = parse(pattern)
        except _Unsupported:
            self._tree = None
            self._compiled = re.compile(pattern)

    def fullmatch(self, text: str) -> bool:
        """Whether all of ``text`` matches the pattern."""
        compiled = self._compiled
        if compiled is None:
            self._uses += 1
            if self._uses <= COMPILE_AFTER and self._tree is not None:
                return len(text) in _ends(self._tree, text, {0})
            compiled = self._compiled = re.compile(self.pattern)
        return compiled.fullmatch(text) is not None

    def starts(self, text: str) -> bool:
        """Whether the pattern matches at the start of ``text`` (as ``re.match``: some way through it ends
        somewhere in the text)."""
        compiled = self._compiled
        if compiled is None:
            self._uses += 1
            if self._uses <= COMPILE_AFTER and self._tree is not None:
                return bool(_ends(self._tree, text, {0}))
            compiled = self._compiled = re.compile(self.pattern)
        return compiled.match(text) is not None


class FirstStarting:
    """Patterns tried in order at the start of a text: :meth:`first` is the number of the first that matches
    there (as ``re.match`` of each), or ``None``.

    A pattern of plain digit alternatives (``268``, ``658|876``: most leading digits are) is a
    ``str.startswith``, any other a :class:`DigitPattern`; from the :data:`COMPILE_AFTER`-th question on, one
    compiled pattern answers, whose first matching alternative (``r0``, ``r1``, ...) is the first pattern that
    matches.
    """

    __slots__ = ("_compiled", "_tests", "_uses", "patterns")

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self._uses = 0
        self._tests: list[tuple[str, ...] | DigitPattern] | None = None
        self._compiled: re.Pattern[str] | None = None

    def first(self, text: str) -> int | None:
        compiled = self._compiled
        if compiled is None:
            self._uses += 1
            if self._uses <= COMPILE_AFTER:
                if self._tests is None:
                    self._tests = [_test_of(pattern) for pattern in self.patterns]
                for index, test in enumerate(self._tests):
                    if text.startswith(test) if isinstance(test, tuple) else test.starts(text):
                        return index
                return None
            alternatives = "|".join(f"(?P<r{i}>{pattern})" for i, pattern in enumerate(self.patterns))
            compiled = self._compiled = re.compile(alternatives)
        found = compiled.match(text)
        return None if found is None else int(str(found.lastgroup)[1:])


def _test_of(pattern: str) -> tuple[str, ...] | DigitPattern:
    """The digit strings of a pattern of plain digit alternatives, else its :class:`DigitPattern`."""
    digits = tuple(pattern.split("|"))
    if all(each.isascii() and each.isdigit() for each in digits):
        return digits
    return DigitPattern(pattern)
