"""Rules over dates: the MMS link expiration date."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from mmsvalidate.diagnostic import Hit, clip
from mmsvalidate.model import SPACE, Request
from mmsvalidate.rules.base import Context, rule


class _Iso:
    """ISO 8601 calendar, week and ordinal dates, and date-times, basic or extended; the 'T' is
    required in a date-time. Week and ordinal dates count only with the profile's switch. Compiled
    when a request first has a date (most have none). Digits are ISO 8601's, 0 to 9 (``re.ASCII``): in a
    ``str`` pattern ``\\d`` takes any Unicode digit, and would call Arabic-Indic digits an ISO 8601 date."""

    def __init__(self) -> None:
        self.date = re.compile(r"\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-?W\d{2}(?:-?\d)?", re.ASCII)
        self.week = re.compile(r"\d{4}-?W\d{2}(?:-?\d)?", re.ASCII)
        self.ordinal = re.compile(r"(\d{4})-?(\d{3})", re.ASCII)
        self.date_time = re.compile(
            r"(?:\d{4}-\d{2}-\d{2}T\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
            r"|\d{8}T\d{2}(?:\d{2}(?:\d{2}(?:[.,]\d+)?)?)?)"
            r"(?:Z|[+-]\d{2}(?::?\d{2})?)?",
            re.ASCII,
        )


_iso = functools.cache(_Iso)


def parse_expiry(value: str) -> dt.datetime | dt.date | str:
    """The date or aware date-time (naive ones are read as UTC), or why it is not ISO 8601."""
    iso = _iso()
    text = value.strip(SPACE)
    try:
        if iso.date.fullmatch(text):
            return dt.date.fromisoformat(text)
        if ordinal := iso.ordinal.fullmatch(text):
            day = dt.datetime.strptime(f"{ordinal[1]}-{ordinal[2]}", "%Y-%j").date()
            if day.year != int(ordinal[1]):  # strptime reads day 366 of a common year as 1 January
                raise ValueError(f"day {ordinal[2]} is out of range for {ordinal[1]}")
            return day
        if iso.date_time.fullmatch(text):
            moment = dt.datetime.fromisoformat(text.replace(",", "."))
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    except ValueError as exc:
        return f"'{clip(text)}' is not a real date or time ({exc})"
    return f"'{clip(text)}' is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ss±hh:mm)"


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC (naive is UTC); one that UTC can't hold (year 1 at +05:00) is the earliest or latest time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        extreme = dt.datetime.min if moment.year == dt.MINYEAR else dt.datetime.max
        return extreme.replace(tzinfo=dt.UTC)


@rule("E617", given="mmslink_expiration_date")
def expiry_date(request: Request, ctx: Context) -> Iterator[Hit]:
    """MMSLINK_EXPIRATION_DATE, when given, is an ISO 8601 date or date-time that has not passed."""
    value = request.mmslink_expiration_date
    if value is None:
        return
    iso = _iso()
    text = value.strip(SPACE)
    if not ctx.profile.week_and_ordinal_dates and (iso.week.fullmatch(text) or iso.ordinal.fullmatch(text)):
        kind = "week" if iso.week.fullmatch(text) else "ordinal"
        yield Hit(
            "/mmslink_expiration_date",
            detail=f"'{clip(text)}' is an ISO 8601 {kind} date; write a calendar date (YYYY-MM-DD), or allow week and"
            " ordinal dates in the profile",
        )
        return
    parsed = parse_expiry(value)
    if isinstance(parsed, str):
        yield Hit("/mmslink_expiration_date", detail=parsed)
        return
    now = utc(ctx.profile.clock())
    passed = parsed < now.date() if not isinstance(parsed, dt.datetime) else parsed <= now
    if passed:
        yield Hit("/mmslink_expiration_date", detail=f"'{clip(value.strip(SPACE))}' has already passed")
