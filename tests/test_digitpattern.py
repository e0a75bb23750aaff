"""The metadata's digit patterns, matched without compiling them, answer as :mod:`re` does."""

from __future__ import annotations

import random
import re

import pytest
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE
from phonenumbers.phonemetadata import PhoneMetadata

from mmsvalidate.rules.digitpattern import COMPILE_AFTER, DigitPattern, FirstStarting

DESCS = (
    "general_desc",
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)


def metadata_patterns() -> list[str]:
    """Every national number pattern of every region's metadata."""
    found = set()
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            for name in DESCS if metadata is not None else ():
                desc = getattr(metadata, name)
                if desc is not None and desc.national_number_pattern:
                    found.add(desc.national_number_pattern)
    return sorted(found)


PATTERNS = metadata_patterns()


def leading_patterns() -> list[str]:
    """Every region's leading digits (a pattern matched at the start of a number)."""
    found = set()
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            if metadata is not None and metadata.leading_digits:
                found.add(metadata.leading_digits)
    return sorted(found)


LEADING = leading_patterns()


def members(pattern: str, rng: random.Random, count: int) -> list[str]:
    """Numbers ``pattern`` matches (built from it with :mod:`re`'s own parse), each with near misses: a digit
    changed, a digit left out, a digit added."""
    from re import _parser  # type: ignore[attr-defined]

    def build(items: object) -> str:
        out = []
        for op, value in items:  # type: ignore[attr-defined]
            name = str(op)
            if name == "LITERAL":
                out.append(chr(value))
            elif name == "IN":
                chars = []
                for kind, arg in value:
                    if str(kind) == "LITERAL":
                        chars.append(chr(arg))
                    elif str(kind) == "RANGE":
                        chars.extend(chr(c) for c in range(arg[0], arg[1] + 1))
                    else:  # CATEGORY: \d
                        chars.extend("0123456789")
                out.append(rng.choice(chars))
            elif name == "BRANCH":
                out.append(build(rng.choice(value[1])))
            elif name == "SUBPATTERN":
                out.append(build(value[3]))
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                low, high, inner = value
                out.append("".join(build(inner) for _ in range(rng.randint(low, min(high, low + 3)))))
            else:
                raise AssertionError(f"{name} in {pattern}")
        return "".join(out)

    found = []
    for _ in range(count):
        number = build(_parser.parse(pattern))
        found.append(number)
        if number:
            at = rng.randrange(len(number))
            found += [number[:at] + rng.choice("0123456789") + number[at + 1 :], number[:at] + number[at + 1 :]]
        found.append(number + rng.choice("0123456789"))
    return found


def test_every_metadata_pattern_is_read_and_answers_as_re() -> None:
    rng = random.Random(20)
    for pattern in PATTERNS:
        ours, reference = DigitPattern(pattern), re.compile(pattern)
        assert ours._tree is not None, pattern  # read, not left to re
        numbers = members(pattern, rng, 3)
        for number in numbers + numbers:  # past COMPILE_AFTER matches too: the compiled pattern answers then
            assert ours.fullmatch(number) == (reference.fullmatch(number) is not None), (pattern, number)
    assert len(PATTERNS) * 24 > COMPILE_AFTER


@pytest.mark.parametrize(
    "pattern",
    [
        "[^0]\\d",
        "\\d+",
        "\\d*",
        "(?P<a>1)2",
        "(?=1)1",
        "1{2}?",
        "\\w",
        "1.",
        "[\\d]",
        "[0-9",
        "1{a}",
        "(1",
        "1(",
        "(?:",
        "[3-2]",
    ],
)
def test_other_syntax_is_left_to_re(pattern: str) -> None:
    """A pattern using more than the metadata's part of the syntax is compiled at once (an invalid one raises as
    :mod:`re` does)."""
    try:
        reference: re.Pattern[str] | None = re.compile(pattern)
    except re.error:
        reference = None
    if reference is None:
        with pytest.raises(re.error):
            DigitPattern(pattern)
        return
    ours = DigitPattern(pattern)
    assert ours._tree is None
    for text in ("", "1", "12", "11", "a1", "1111", "\u0661\u0662"):
        assert ours.fullmatch(text) == (reference.fullmatch(text) is not None)


def test_a_decimal_digit_of_any_script_is_a_digit() -> None:
    """``\\d`` takes any decimal digit, as :mod:`re` does for a str pattern."""
    assert DigitPattern("\\d{2}").fullmatch("\u0661\u0662")
    assert re.fullmatch("\\d{2}", "\u0661\u0662")


@pytest.mark.parametrize("pattern", ["[2-4-6]", "[1-35-7]", "[-1]", "[1-]", "[0-24]{2}", "(?:[13-5]|7)", "[3-3]"])
def test_classes_of_ranges_and_dashes_answer_as_re(pattern: str) -> None:
    """A class may hold several ranges, or a dash after a range or at an edge (then it is a dash), as in re."""
    ours, reference = DigitPattern(pattern), re.compile(pattern)
    assert ours._tree is not None
    texts = [*"0123456789-", "24", "44", "5-"]
    assert [ours.fullmatch(t) for t in texts] == [reference.fullmatch(t) is not None for t in texts]


def test_every_pattern_matched_at_the_start_answers_as_re_match() -> None:
    """``starts`` (leading digits) is ``re.match``: on numbers of the pattern, with digits changed, left out or
    added, cut short, and running on past it."""
    rng = random.Random(21)
    for pattern in LEADING + PATTERNS[::7]:
        ours, reference = DigitPattern(pattern), re.compile(pattern)
        assert ours._tree is not None, pattern
        numbers = members(pattern, rng, 2)
        numbers += [n[: len(n) // 2] for n in numbers] + [n + "5550123" for n in numbers] + ["", "0", "9"]
        for number in numbers + numbers:  # past COMPILE_AFTER too
            assert ours.starts(number) == (reference.match(number) is not None), (pattern, number)


def test_the_first_pattern_starting_a_text_is_the_first_alternative_re_matches() -> None:
    """``FirstStarting`` answers as trying each pattern with ``re.match`` in turn would, plain digits and
    classes alike, before and after it compiles its one pattern."""
    rng = random.Random(22)
    for size in (1, 2, 5, 20):
        for _ in range(20):
            patterns = tuple(rng.sample(LEADING, size))
            runs = FirstStarting(patterns)
            texts = [number + "1234567" for p in patterns for number in members(p, rng, 1)]
            texts += ["".join(rng.choice("0123456789") for _ in range(10)) for _ in range(10)]
            for text in texts + texts:
                expected = next((i for i, p in enumerate(patterns) if re.match(p, text)), None)
                assert runs.first(text) == expected, (patterns, text)
    plain = FirstStarting(("268", "658|876", "8001|8[024]9"))
    assert [plain.first(t) for t in ("2681234", "8761234", "8291234", "8001234", "8011234", "")] == [
        0,
        1,
        2,
        2,
        None,
        None,
    ]
