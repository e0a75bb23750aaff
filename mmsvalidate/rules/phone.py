"""Phone-number facts from phonenumbers' own metadata, read once per calling code.

``phonenumbers.parse`` followed by ``is_possible_number`` / ``is_valid_number`` / ``region_code_for_number``
costs tens of microseconds for each new number, most of it in looking up and recompiling the same patterns.
For international digits (no ``+``, digits only) this module splits off the calling code, and answers from a
plan built once per calling code: its possible lengths and each region's patterns
(:class:`~mmsvalidate.rules.digitpattern.DigitPattern`: matched without compiling them until a long run has
used them), applied in phonenumbers' own order (once a run has asked of many numbers of one calling code and
length, their region is found with one pattern made of those steps). Where parsing would strip a national
prefix (the rest of the digits start with one), it asks phonenumbers itself. A property test proves the
answers identical to phonenumbers' over every calling code.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

from mmsvalidate.rules.digitpattern import COMPILE_AFTER, DigitPattern, FirstStarting

#: phonenumbers' own bounds: the longest input it parses, the shortest and longest national number.
_MAX_INPUT = 250
_MIN_NSN = 2
_MAX_NSN = 17
#: The number types phonenumbers tries, in its order (fixed line and mobile last, see :func:`_typed`).
_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail")

Desc = tuple[frozenset[int], "str | None"] | None


class Region:
    """A region's patterns (compiled on first use): leading digits, the general description, each type's."""

    __slots__ = ("code", "fixed", "general", "leading", "mobile", "same_fixed_and_mobile", "types")

    def __init__(
        self,
        code: str,
        leading: str | None,
        general: Desc,
        types: tuple[Desc, ...],
        fixed: Desc,
        mobile: Desc,
        same_fixed_and_mobile: bool,
    ) -> None:
        self.code, self.leading, self.general, self.types = code, leading, general, types
        self.fixed, self.mobile, self.same_fixed_and_mobile = fixed, mobile, same_fixed_and_mobile


class Plan:
    """What a calling code needs: the possible lengths, the national prefix pattern, its region codes."""

    __slots__ = ("code", "lengths", "prefix", "regions")

    def __init__(
        self, code: int, lengths: frozenset[int], prefix: re.Pattern[str] | None, regions: tuple[str, ...]
    ) -> None:
        self.code, self.lengths, self.prefix, self.regions = code, lengths, prefix, regions


_plans: dict[int, Plan] = {}
_regions: dict[tuple[int, str], Region | None] = {}
_patterns: dict[str, DigitPattern] = {}
_lock = threading.Lock()


def _compiled(pattern: str) -> DigitPattern:
    found = _patterns.get(pattern)
    if found is None:
        found = _patterns[pattern] = DigitPattern(pattern)
    return found


#: The digits need phonenumbers' own parse (a national prefix may be stripped).
SLOW = "slow"


def _desc(desc: Any) -> Desc:
    if desc is None:
        return None
    return frozenset(desc.possible_length), desc.national_number_pattern or None


def _region(code: int, region: str) -> Region | None:
    """Region ``region`` of calling code ``code``, its metadata read on first use (``None`` if it has none)."""
    key = (code, region)
    if key in _regions:
        return _regions[key]
    from phonenumbers.phonemetadata import PhoneMetadata

    metadata: Any = PhoneMetadata.metadata_for_region_or_calling_code(code, region.upper())
    found = None if metadata is None else _described(region, metadata)
    _regions[key] = found
    return found


def _described(code: str, metadata: Any) -> Region:
    return Region(
        code,
        metadata.leading_digits,
        _desc(metadata.general_desc),
        tuple(_desc(getattr(metadata, name)) for name in _TYPES),
        _desc(metadata.fixed_line),
        _desc(metadata.mobile),
        bool(metadata.same_mobile_and_fixed_line_pattern),
    )


def plan(code: int) -> Plan:
    """The plan of calling code ``code`` (built on first use, from phonenumbers' metadata)."""
    found = _plans.get(code)
    if found is not None:
        return found
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE
    from phonenumbers.phonemetadata import PhoneMetadata

    with _lock:
        regions = tuple(COUNTRY_CODE_TO_REGION_CODE[code])
        main: Any = PhoneMetadata.metadata_for_region_or_calling_code(code, regions[0])
        general = main.general_desc
        prefix = main.national_prefix_for_parsing
        found = Plan(
            code,
            frozenset(general.possible_length) | frozenset(general.possible_length_local_only),
            re.compile(prefix) if prefix else None,
            regions,
        )
        _plans[code] = found
    return found


@functools.cache
def _calling_codes() -> frozenset[int]:
    """Every calling code phonenumbers knows (its metadata imported on first use, not at import)."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

    return frozenset(COUNTRY_CODE_TO_REGION_CODE)


def split(digits: str) -> tuple[int, str] | str | None:
    """``(calling code, national significant number)`` as ``phonenumbers.parse("+" + digits)`` reads
    them; ``None`` where it raises; :data:`SLOW` where only it can say (a national prefix)."""
    if len(digits) + 1 > _MAX_INPUT or len(digits) <= _MIN_NSN or digits[0] == "0":
        return None
    codes = _calling_codes()
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in codes:
            rest = digits[size:]
            break
    else:
        return None
    if len(rest) < _MIN_NSN:
        return None
    prefix = plan(code).prefix
    if prefix is not None and prefix.match(rest):
        return SLOW
    if len(rest) > _MAX_NSN:
        return None
    return code, rest


def _matches(nsn: str, desc: Desc) -> bool:
    if desc is None:
        return False
    lengths, pattern = desc
    if lengths and len(nsn) not in lengths:
        return False
    return pattern is not None and _compiled(pattern).fullmatch(nsn)


def _typed(nsn: str, region: Region) -> bool:
    """Whether phonenumbers gives the number a type (not UNKNOWN) in ``region``."""
    if not _matches(nsn, region.general):
        return False
    kinds = _kinds.get((id(region), len(nsn)), _UNBUILT)
    if kinds is _UNBUILT:
        kinds = _kinds_of(region, len(nsn))
    return kinds is not None and kinds.fullmatch(nsn)


#: Per region and length: one pattern whose alternatives are the types' patterns that take that length
#: (``None``: no type does). Keyed by the region's ``id``: regions are kept for the life of the process.
_kinds: dict[tuple[int, int], DigitPattern | None] = {}
_UNBUILT = DigitPattern("")


def _kinds_of(region: Region, length: int) -> DigitPattern | None:
    """The types ``_typed`` tries (each type, fixed line, mobile unless it is the fixed line's) for numbers
    of ``length``, as one alternation: it matches a whole number exactly when one of them would."""
    descs = [*region.types, region.fixed] + ([] if region.same_fixed_and_mobile else [region.mobile])
    patterns = [
        pattern
        for desc in descs
        if desc is not None
        for lengths, pattern in (desc,)
        if pattern is not None and (not lengths or length in lengths)
    ]
    found = DigitPattern("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    with _lock:
        _kinds[(id(region), length)] = found
    return found


def _region_of(code: int, nsn: str) -> Region | None:
    """The region phonenumbers' ``region_code_for_number`` picks, as a :class:`Region`: by :func:`_search`
    once numbers of this calling code and length have come :data:`COMPILE_AFTER` times (a run), else step by
    step (a check of one file compiles nothing it does not need, and reads a region's metadata only when the
    search reaches a region without leading digits, or picks one)."""
    regions = plan(code).regions
    if len(regions) == 1:
        return _region(code, regions[0])
    key = (code, len(nsn))
    search = _by_length.get(key, 0)
    if isinstance(search, int):
        if search < COMPILE_AFTER:
            _by_length[key] = search + 1
            return _stepwise(code, nsn)
        search = _by_length[key] = _search(code, len(nsn))
    pattern, named = search
    found = pattern.match(nsn)
    return None if found is None else named[found.lastgroup]


#: Per calling code and length: uses so far, then the :func:`_search` built for them.
_by_length: dict[tuple[int, int], int | tuple[re.Pattern[str], dict[str | None, Region]]] = {}


def _search(code: int, length: int) -> tuple[re.Pattern[str], dict[str | None, Region]]:
    """:func:`_stepwise`'s whole search for numbers of ``length``, as one pattern: its first matching alternative
    names the region, as the first step to find one would. A region tried by type is an alternative that
    matches a whole number exactly when :func:`_typed` is true of it (left out when no type takes the length);
    a region with leading digits, one that matches them at the start."""
    alternatives: list[str] = []
    named: dict[str | None, Region] = {}
    for kind, step in _steps(code):
        names = [step] if kind == "typed" else list(step.names)
        for region in (_region(code, name) for name in names):
            if region is None:
                continue
            if kind == "typed":
                general = region.general
                if general is None or general[1] is None or (general[0] and length not in general[0]):
                    continue
                kinds = _kinds.get((id(region), length), _UNBUILT)
                if kinds is _UNBUILT:
                    kinds = _kinds_of(region, length)
                if kinds is None:
                    continue
                alternative = f"(?=(?:{general[1]})\\Z)(?:{kinds.pattern})\\Z"
            else:
                alternative = str(region.leading)  # a region of a leading step has leading digits
            name = f"r{len(named)}"
            named[name] = region
            alternatives.append(f"(?P<{name}>{alternative})")
    # no alternative: a pattern that matches nothing
    return re.compile("|".join(alternatives) or "(?!)"), named


def _stepwise(code: int, nsn: str) -> Region | None:
    """The region of ``nsn``, trying each step of :func:`_steps` in turn."""
    for kind, step in _steps(code):
        if kind == "typed":
            found = _region(code, step)
            if found is not None and _typed(nsn, found):
                return found
        else:
            index = step.first(nsn)
            if index is not None:
                return _region(code, step.names[index])
    return None


class _Leading(FirstStarting):
    """A run of regions with leading digits, in order: the first whose leading digits start the number names
    its region (plain digits tested as such, nothing compiled until a long run has asked)."""

    __slots__ = ("names",)

    def __init__(self, leading: tuple[str, ...], names: tuple[str, ...]) -> None:
        super().__init__(leading)
        self.names = names


_searches: dict[int, list[tuple[str, Any]]] = {}


def _steps(code: int) -> list[tuple[str, Any]]:
    """The search for a number's region, in phonenumbers' order: each region without leading digits
    is tried by type (``("typed", region code)``); each run of regions with leading digits is one
    step whose first region with leading digits that start the number is the region, as trying them
    one by one would (``("leading", _Leading)``). Built from :func:`leading_digits`."""
    found = _searches.get(code)
    if found is not None:
        return found
    steps: list[tuple[str, Any]] = []
    run: list[tuple[str, str]] = []

    def close() -> None:
        if run:
            steps.append(("leading", _Leading(tuple(leading for _, leading in run), tuple(name for name, _ in run))))
            run.clear()

    for name, leading in leading_digits(code):
        if leading is None:
            close()
            steps.append(("typed", name))
        else:
            run.append((name, leading))
    close()
    _searches[code] = steps
    return steps


def leading_digits(code: int) -> tuple[tuple[str, str | None], ...]:
    """Each region of calling code ``code`` that has metadata, in phonenumbers' order, with its leading
    digits (``None``: it has none). From the shipped table (:mod:`~mmsvalidate.rules.phoneregions`) when
    it was derived from the installed phonenumbers' version, so the search loads no region it does not
    reach; else read from every region's metadata (:func:`leading_digits_of_metadata`)."""
    import phonenumbers

    from mmsvalidate.rules import phoneregions

    if phonenumbers.__version__ == phoneregions.VERSION and code in phoneregions.LEADING:
        return phoneregions.LEADING[code]
    return leading_digits_of_metadata(code)


def leading_digits_of_metadata(code: int) -> tuple[tuple[str, str | None], ...]:
    """:func:`leading_digits` read from phonenumbers' metadata of every region of ``code`` (each imported)."""
    return tuple(
        (name, region.leading) for name in plan(code).regions for region in (_region(code, name),) if region is not None
    )


class Analysis:
    """What phonenumbers says of ``+digits``: possible, valid, its region, its calling code (``None``: unparsed)."""

    __slots__ = ("code", "possible", "region", "valid")

    def __init__(self, possible: bool, valid: bool, region: str | None, code: int | None) -> None:
        self.possible, self.valid, self.region, self.code = possible, valid, region, code


_UNPARSED = Analysis(False, False, None, None)


@functools.lru_cache(maxsize=1024)
def analyse(digits: str) -> Analysis:
    """One analysis per number, cached per process (bounded): every rule's question is answered from it."""
    found = split(digits)
    if found == SLOW:
        return _slow(digits)
    if not isinstance(found, tuple):
        return _UNPARSED
    code, nsn = found
    known = plan(code)
    regions = known.regions
    chosen = _region_of(code, nsn)
    return Analysis(
        len(nsn) in known.lengths,
        chosen is not None and _typed(nsn, chosen),
        regions[0] if len(regions) == 1 else chosen.code if chosen is not None else None,
        code,
    )


def possible(digits: str) -> bool:
    """``is_possible_number(parse("+" + digits))``, ``False`` where parsing fails."""
    return analyse(digits).possible


def valid(digits: str) -> bool:
    """``is_valid_number(parse("+" + digits))``, ``False`` where parsing fails."""
    return analyse(digits).valid


def region(digits: str) -> str | None:
    """``region_code_for_number(parse("+" + digits))``, ``None`` where parsing fails."""
    return analyse(digits).region


def _slow(digits: str) -> Analysis:
    import phonenumbers

    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return _UNPARSED
    return Analysis(
        bool(phonenumbers.is_possible_number(number)),
        bool(phonenumbers.is_valid_number(number)),
        phonenumbers.region_code_for_number(number),
        number.country_code,
    )
