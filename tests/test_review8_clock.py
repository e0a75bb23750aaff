"""``FixedClock`` takes a datetime: given the ISO text of one (``FixedClock("2027-01-01T00:00:00Z")``, as
``--now`` is written) it was accepted, and every request with an expiry date was then MV900, "please report
this": a bug of mmsvalidate's own, for a bad argument. It is a TypeError at once, as a Profile's bad clock is."""

from __future__ import annotations

import datetime as dt

import pytest

import mmsvalidate


def test_a_fixed_clock_of_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^FixedClock takes a datetime, not str$"):
        mmsvalidate.FixedClock("2027-01-01T00:00:00Z")  # type: ignore[arg-type]


def test_a_fixed_clock_of_a_datetime_says_it() -> None:
    moment = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert mmsvalidate.FixedClock(moment)() == moment
