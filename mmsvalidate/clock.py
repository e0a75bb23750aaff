"""The fixed clock: a profile's clock pinned to one moment (``--now``, tests, worker processes).

Apart from :mod:`mmsvalidate.profile` (which still answers ``FixedClock``): a check with the real clock,
a cold one-file ``check`` among them, never makes the class.
"""

from __future__ import annotations

import datetime as dt

import attrs

from mmsvalidate.deferred import deferred


@deferred
@attrs.frozen(repr=False, eq=False)
class FixedClock:
    """A clock that always says ``moment``: for reproducible checks (``--now``), and picklable.

    Two clocks are equal when they say the same moment the same way (offset included): 13:00+01:00 and
    12:00Z are one instant, but a date written without an offset is read in the clock's own.
    """

    moment: dt.datetime = attrs.field(eq=dt.datetime.isoformat)

    @moment.validator
    def _is_a_datetime(self, attribute: object, value: object) -> None:
        if not isinstance(value, dt.datetime):
            raise TypeError(f"FixedClock takes a datetime, not {type(value).__name__}")

    def __call__(self) -> dt.datetime:
        return self.moment
