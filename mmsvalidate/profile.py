"""The account profile: the limits the spec leaves as "X" and the account's switches.

Defaults come from the vendor's saveMMS documentation (slides, text, duration) and from the
spec itself (one SMS is 160 characters); docs/configuration.md (Profile) says where each one comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from mmsvalidate.deferred import deferred


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def __getattr__(name: str) -> Any:
    """``FixedClock``, from :mod:`mmsvalidate.clock` (its home), made when first asked for."""
    if name == "FixedClock":
        from mmsvalidate.clock import FixedClock

        return FixedClock
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Every numeric field's bounds, checked wherever a profile is built (configuration, command line,
#: Python): wide enough for any account, narrow enough that no limit turns into an unbounded read.
BOUNDS: dict[str, tuple[int, int]] = {
    "max_slides": (1, 10_000),
    "max_slide_text": (1, 10_000_000),
    "max_total_text": (1, 100_000_000),
    "min_duration": (0, 86_400),
    "max_duration": (1, 86_400),
    "max_subject": (1, 10_000_000),
    "max_from_mask": (1, 1_000),
    "max_request_bytes": (1, 268_435_456),
    "max_depth": (1, 100),
    "max_items": (1, 1_000_000),
    "max_slides_read": (1, 100_000),
    "max_findings": (1, 100_000),
}
#: The most entries of a list field, and the longest entry.
MAX_ENTRIES = 1_000_000
MAX_ENTRY = 1_000


def _bounded(name: str, value: Any) -> None:
    """A whole number (not a bool) within the field's :data:`BOUNDS`; ``None`` where the field allows it."""
    if value is None and name == "max_total_text":
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Profile.{name} is a whole number, not {type(value).__name__}")
    low, high = BOUNDS[name]
    if not low <= value <= high:
        raise ValueError(f"Profile.{name} is {low:,} to {high:,}, not {value:,}")


def _switch(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"Profile.{name} is True or False, not {type(value).__name__}")


def _entries(name: str, value: Any) -> None:
    if value is None:
        return
    assert isinstance(value, frozenset)
    if len(value) > MAX_ENTRIES or any(len(entry) > MAX_ENTRY for entry in value):
        raise ValueError(f"Profile.{name}: at most {MAX_ENTRIES:,} entries of at most {MAX_ENTRY:,} characters")


def _digits(name: str, value: Any) -> None:
    """Entries that TO can equal: TO is digits only (E110 otherwise), so an entry written otherwise never matches."""
    _entries(name, value)
    for entry in value:
        if not (entry.isdecimal() and entry.isascii()):
            raise ValueError(
                f"Profile.{name}: numbers in international format, digits only (14155550100), not {entry!r}"
            )


def _callable(name: str, value: Any) -> None:
    if not callable(value):
        raise TypeError(f"Profile.{name} is a function giving the time, not {type(value).__name__}")


def _frozen(values: object) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        return frozenset({values})
    if isinstance(values, bytes | bytearray) or not isinstance(values, Iterable):
        raise TypeError(f"expected strings, not {type(values).__name__}")
    found: set[str] = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise TypeError(f"expected strings, not {type(value).__name__}")
        if len(found) >= MAX_ENTRIES:
            raise ValueError(f"at most {MAX_ENTRIES:,} entries")
        found.add(value if isinstance(value, str) else str(value))
    return frozenset(found)


def _optional_frozen(values: object) -> frozenset[str] | None:
    return None if values is None else _frozen(values)


@deferred
@attrs.frozen(kw_only=True, repr=False, eq=False)
class Profile:
    """What the account allows and requires. Every field has a documented default."""

    #: E225: most slides in one MMS (saveMMS: 8).
    max_slides: int = 8
    #: E334: most characters in one slide's text (saveMMS: 5,000).
    max_slide_text: int = 5000
    #: E228: most characters of text over all slides; ``None`` for no limit.
    max_total_text: int | None = None
    #: E230: allowed slide duration in whole seconds (saveMMS: 1 to 60).
    min_duration: int = 1
    max_duration: int = 60
    #: MV107: subject length (saveMMS: 80).
    max_subject: int = 80
    #: MV105: FROM_MASK length (11, the alphanumeric sender limit).
    max_from_mask: int = 11
    #: E718: "Enforce Campaign Check" is on for the account.
    enforce_campaign_check: bool = False
    #: E721: the campaign references the account knows; ``None`` when unknown (not checked).
    known_campaign_refs: frozenset[str] | None = attrs.field(default=None, converter=_optional_frozen)
    #: E650: the account must pass OPERATORID.
    require_operator_id: bool = False
    #: E114: numbers (international, digits only) the account has blocked.
    blocked_numbers: frozenset[str] = attrs.field(factory=frozenset, converter=_frozen)
    #: Query form: a missing slide number below the highest one is an empty slide (E313)
    #: when true, or is not a slide at all when false.
    query_gaps_are_slides: bool = True
    #: E617: MMSLINK_EXPIRATION_DATE may be an ISO 8601 week or ordinal date (``2027-W05``,
    #: ``2027-181``) as well as a calendar date. Off: only calendar dates, as every example writes.
    week_and_ordinal_dates: bool = False
    #: MV103 and the online fetch: the API strips the query of every content URL (true), or only of the AUDIO
    #: and VIDEO URLs, the two the spec's footnote marks (false): an image's query is then sent and fetched.
    every_query_stripped: bool = True
    #: MV112 limits on what is read at all, so hostile input costs bounded time and memory:
    #: the request's size in bytes, XML element depth, XML elements or query parameters, and
    #: slides (a query slide number at or past it, or more slide elements/items than it).
    max_request_bytes: int = 1_048_576
    max_depth: int = 32
    max_items: int = 10_000
    max_slides_read: int = 1_000
    #: Most findings reported for one request; past it, one MV115 counts the rest (the first
    #: error is always kept).
    max_findings: int = 1_000
    #: The clock E617 compares expiry dates against (UTC); tests pin it.
    clock: Callable[[], dt.datetime] = attrs.field(default=_utcnow, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        for name, check in _CHECKS:
            check(name, getattr(self, name))
        if self.min_duration > self.max_duration:
            raise ValueError(
                f"Profile.min_duration ({self.min_duration}) is more than max_duration ({self.max_duration})"
            )


#: The fields that are not numbers (those are :func:`_bounded`), and the check of each.
_OTHER_CHECKS = {
    "enforce_campaign_check": _switch,
    "known_campaign_refs": _entries,
    "require_operator_id": _switch,
    "blocked_numbers": _digits,
    "query_gaps_are_slides": _switch,
    "week_and_ordinal_dates": _switch,
    "every_query_stripped": _switch,
    "clock": _callable,
}
#: Each field's check, in the fields' order: run as a profile is made (``attrs.evolve`` too), after the
#: converters, as attrs runs validators (one loop here: per-field validators made the class about twice
#: as costly to create). A new field without a check fails here, at import.
_CHECKS = tuple((f.name, _bounded if f.name in BOUNDS else _OTHER_CHECKS[f.name]) for f in attrs.fields(Profile))

DEFAULT_PROFILE = Profile()
