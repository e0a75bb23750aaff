"""The account profile: the limits the spec leaves as "X" and the account's switches.

Defaults come from the vendor's saveMMS documentation (slides, text, duration) and from the
spec itself (one SMS is 160 characters); the README says where each one comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.frozen
class FixedClock:
    """A clock that always says ``moment``: for reproducible checks (``--now``), and picklable."""

    moment: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.moment


def _frozen(values: object) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        return frozenset({values})
    return frozenset(str(v) for v in values)  # type: ignore[attr-defined]


def _optional_frozen(values: object) -> frozenset[str] | None:
    return None if values is None else _frozen(values)


@attrs.frozen(kw_only=True)
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


DEFAULT_PROFILE = Profile()
