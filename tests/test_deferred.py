"""Deferred attrs methods: ``repr``, ``==`` and ``hash`` as ``@attrs.frozen`` makes them, made on first use."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest

from mmsvalidate.checker import CheckOptions
from mmsvalidate.deferred import METHODS, deferred
from mmsvalidate.diagnostic import Finding, Location, Severity
from mmsvalidate.model import Request, Slide
from mmsvalidate.profile import FixedClock, Profile
from mmsvalidate.report import Report


def _sample(decorate: Any) -> type:
    """One class, made by ``decorate``: the same module, name and fields each time."""

    class Sample:
        number: int = 0
        text: str | None = None
        hidden: int = attrs.field(default=0, repr=False)
        ignored: int = attrs.field(default=0, eq=False)
        folded: str = attrs.field(default="", eq=str.lower)
        unhashed: int = attrs.field(default=0, hash=False)

    made: type = decorate(Sample)
    return made


def _pair() -> tuple[type, type]:
    """The same class (same module and name) made by ``@attrs.frozen`` and by ``@deferred``."""
    return _sample(attrs.frozen), _sample(lambda cls: deferred(attrs.frozen(cls, repr=False, eq=False)))


VALUES: list[dict[str, Any]] = [
    {},
    {"number": 1},
    {"text": "a"},
    {"text": "a", "hidden": 5},
    {"ignored": 9},
    {"folded": "ABC"},
    {"folded": "abc"},
    {"unhashed": 3},
    {"number": 1, "text": "a", "hidden": 2, "ignored": 3, "folded": "Q", "unhashed": 4},
]


def test_a_deferred_class_shows_compares_and_hashes_as_attrs_frozen_makes_it() -> None:
    plain, lazy = _pair()
    assert plain.__qualname__ == lazy.__qualname__
    for one in VALUES:
        assert repr(lazy(**one)) == repr(plain(**one))
        assert hash(lazy(**one)) == hash(plain(**one))
        for other in VALUES:
            assert (lazy(**one) == lazy(**other)) is (plain(**one) == plain(**other)), (one, other)
            assert (lazy(**one) != lazy(**other)) is (plain(**one) != plain(**other)), (one, other)
    assert lazy() != plain()  # another class: not equal, as between any two attrs classes
    assert (lazy() == object()) is False


@pytest.mark.parametrize("first", ["repr", "eq", "ne", "hash", "class"])
def test_whichever_is_used_first_makes_all_three(first: str) -> None:
    _, lazy = _pair()
    one = lazy(number=1)
    used = {
        "repr": lambda: repr(one),
        "eq": lambda: one == lazy(number=1),
        "ne": lambda: one != lazy(number=2),
        "hash": lambda: hash(one),
        "class": lambda: lazy.__eq__,
    }
    assert all(type(lazy.__dict__[name]).__name__ == "_Deferred" for name in METHODS)
    assert used[first]()
    assert all(callable(lazy.__dict__[name]) for name in METHODS)
    assert lazy.__dict__["__repr__"].__qualname__ == f"{lazy.__qualname__}.__repr__"
    assert repr(one).startswith("Sample(number=1,")
    assert one == lazy(number=1)
    assert {one: 1}[lazy(number=1)] == 1


def test_it_takes_only_an_attrs_class_that_made_none_of_them() -> None:
    class Plain:
        pass

    with pytest.raises(TypeError, match="@deferred goes over"):
        deferred(Plain)
    with pytest.raises(TypeError, match="@deferred goes over"):

        @deferred
        @attrs.frozen
        class Full:
            x: int = 0


def test_the_packages_classes() -> None:
    """The documented behaviour of each: equal by their fields but the few left out, shown by name."""
    assert repr(Location(1, 2)) == "Location(line=1, column=2, param=None)"
    assert Location(1, 2) == Location(1, 2) != Location(1, 3)
    assert hash(Location(1, 2)) == hash(Location(1, 2))
    finding = Finding("E100", Severity.ERROR, "m", location=Location(3))
    assert finding == Finding("E100", Severity.ERROR, "m", location=Location(3))
    assert finding != Finding("E100", Severity.ERROR, "m", location=Location(4))
    assert repr(finding).startswith("Finding(code='E100', severity=<Severity.ERROR: 'error'>, message='m',")
    # the clock is not compared, nor shown
    fixed = FixedClock(dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert Profile(clock=fixed) == Profile() and hash(Profile(clock=fixed)) == hash(Profile())
    assert "clock" not in repr(Profile()) and "max_slides=8" in repr(Profile())
    assert Profile(max_slides=9) != Profile()
    # a fixed clock compares the moment as written: one instant written with two offsets is two clocks
    later = FixedClock(dt.datetime(2027, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    assert fixed.moment == later.moment and fixed != later and fixed == FixedClock(fixed.moment)
    # a slide's worked-out contents are neither compared nor shown
    assert repr(Slide(image="u")) == (
        "Slide(image='u', audio=None, video=None, vcard=None, ical=None, pdf=None, passbook=None, text=None, "
        "duration=None, extra=())"
    )
    assert Request(slides=(Slide(image="u"),)) == Request(slides=(Slide(image="u"),)) != Request()
    assert Report((finding,), "xml") == Report((finding,), "xml") != Report((finding,), "json")
    assert CheckOptions(form="xml") == CheckOptions(form="xml") != CheckOptions()
    assert hash(CheckOptions(form="xml")) == hash(CheckOptions(form="xml"))
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert attrs.evolve(finding, code="E101") == Finding("E101", Severity.ERROR, "m", location=Location(3))
