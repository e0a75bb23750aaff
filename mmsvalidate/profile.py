"""The account profile: the limits the spec leaves as "X" and the account's switches.

Defaults come from the vendor's saveMMS documentation (slides, text, duration) and from the
spec itself (one SMS is 160 characters); the README says where each one comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.frozen
class FixedClock:
    """A clock that always says ``moment``: for reproducible checks (``--now``), and picklable.

    Two clocks are equal when they say the same moment the same way (offset included): 13:00+01:00 and
    12:00Z are one instant, but a date written without an offset is read in the clock's own.
    """

    moment: dt.datetime = attrs.field(eq=dt.datetime.isoformat)

    def __call__(self) -> dt.datetime:
        return self.moment


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


def _bounded(instance: object, attribute: Any, value: Any) -> None:
    """A whole number (not a bool) within the field's :data:`BOUNDS`; ``None`` where the field allows it."""
    if value is None and attribute.name == "max_total_text":
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Profile.{attribute.name} is a whole number, not {type(value).__name__}")
    low, high = BOUNDS[attribute.name]
    if not low <= value <= high:
        raise ValueError(f"Profile.{attribute.name} is {low:,} to {high:,}, not {value:,}")


def _switch(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"Profile.{attribute.name} is True or False, not {type(value).__name__}")


def _entries(instance: object, attribute: Any, value: Any) -> None:
    if value is None:
        return
    assert isinstance(value, frozenset)
    if len(value) > MAX_ENTRIES or any(len(entry) > MAX_ENTRY for entry in value):
        raise ValueError(
            f"Profile.{attribute.name}: at most {MAX_ENTRIES:,} entries of at most {MAX_ENTRY:,} characters"
        )


def _digits(instance: object, attribute: Any, value: Any) -> None:
    """Entries that TO can equal: TO is digits only (E110 otherwise), so an entry written otherwise never matches."""
    _entries(instance, attribute, value)
    for entry in value:
        if not (entry.isdecimal() and entry.isascii()):
            raise ValueError(
                f"Profile.{attribute.name}: numbers in international format, digits only (14155550100), not {entry!r}"
            )


def _callable(instance: object, attribute: Any, value: Any) -> None:
    if not callable(value):
        raise TypeError(f"Profile.{attribute.name} is a function giving the time, not {type(value).__name__}")


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


@attrs.frozen(kw_only=True)
class Profile:
    """What the account allows and requires. Every field has a documented default."""

    #: E225: most slides in one MMS (saveMMS: 8).
    max_slides: int = attrs.field(default=8, validator=_bounded)
    #: E334: most characters in one slide's text (saveMMS: 5,000).
    max_slide_text: int = attrs.field(default=5000, validator=_bounded)
    #: E228: most characters of text over all slides; ``None`` for no limit.
    max_total_text: int | None = attrs.field(default=None, validator=_bounded)
    #: E230: allowed slide duration in whole seconds (saveMMS: 1 to 60).
    min_duration: int = attrs.field(default=1, validator=_bounded)
    max_duration: int = attrs.field(default=60, validator=_bounded)
    #: MV107: subject length (saveMMS: 80).
    max_subject: int = attrs.field(default=80, validator=_bounded)
    #: MV105: FROM_MASK length (11, the alphanumeric sender limit).
    max_from_mask: int = attrs.field(default=11, validator=_bounded)
    #: E718: "Enforce Campaign Check" is on for the account.
    enforce_campaign_check: bool = attrs.field(default=False, validator=_switch)
    #: E721: the campaign references the account knows; ``None`` when unknown (not checked).
    known_campaign_refs: frozenset[str] | None = attrs.field(
        default=None, converter=_optional_frozen, validator=_entries
    )
    #: E650: the account must pass OPERATORID.
    require_operator_id: bool = attrs.field(default=False, validator=_switch)
    #: E114: numbers (international, digits only) the account has blocked.
    blocked_numbers: frozenset[str] = attrs.field(factory=frozenset, converter=_frozen, validator=_digits)
    #: Query form: a missing slide number below the highest one is an empty slide (E313)
    #: when true, or is not a slide at all when false.
    query_gaps_are_slides: bool = attrs.field(default=True, validator=_switch)
    #: E617: MMSLINK_EXPIRATION_DATE may be an ISO 8601 week or ordinal date (``2027-W05``,
    #: ``2027-181``) as well as a calendar date. Off: only calendar dates, as every example writes.
    week_and_ordinal_dates: bool = attrs.field(default=False, validator=_switch)
    #: MV112 limits on what is read at all, so hostile input costs bounded time and memory:
    #: the request's size in bytes, XML element depth, XML elements or query parameters, and
    #: slides (a query slide number at or past it, or more slide elements/items than it).
    max_request_bytes: int = attrs.field(default=1_048_576, validator=_bounded)
    max_depth: int = attrs.field(default=32, validator=_bounded)
    max_items: int = attrs.field(default=10_000, validator=_bounded)
    max_slides_read: int = attrs.field(default=1_000, validator=_bounded)
    #: Most findings reported for one request; past it, one MV115 counts the rest (the first
    #: error is always kept).
    max_findings: int = attrs.field(default=1_000, validator=_bounded)
    #: The clock E617 compares expiry dates against (UTC); tests pin it.
    clock: Callable[[], dt.datetime] = attrs.field(default=_utcnow, eq=False, repr=False, validator=_callable)

    def __attrs_post_init__(self) -> None:
        if self.min_duration > self.max_duration:
            raise ValueError(
                f"Profile.min_duration ({self.min_duration}) is more than max_duration ({self.max_duration})"
            )


DEFAULT_PROFILE = Profile()
