"""The phone-number plans give phonenumbers' own answers, for every calling code and region."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneNumberType

from mmsvalidate.rules import phone, phoneregions

ROOT = Path(__file__).resolve().parent.parent

CODES = sorted(COUNTRY_CODE_TO_REGION_CODE)
TYPES = [value for name, value in vars(PhoneNumberType).items() if name.isupper()]


def reference(digits: str) -> tuple[bool, bool, str | None]:
    """What phonenumbers says of ``+digits``: possible, valid, region (``False, False, None`` if unparseable)."""
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False, False, None
    return (
        bool(phonenumbers.is_possible_number(number)),
        bool(phonenumbers.is_valid_number(number)),
        phonenumbers.region_code_for_number(number),
    )


def ours(digits: str) -> tuple[bool, bool, str | None]:
    return phone.possible(digits), phone.valid(digits), phone.region(digits)


def examples() -> list[str]:
    """Every region's example numbers of every type, and each one a digit shorter and longer."""
    found = set()
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            for kind in TYPES:
                if region == "001":
                    number = phonenumbers.example_number_for_non_geo_entity(code)
                else:
                    number = phonenumbers.example_number_for_type(region, kind)
                if number is not None:
                    digits = f"{number.country_code}{phonenumbers.national_significant_number(number)}"
                    found.update({digits, digits[:-1], digits + "7", digits[:-2] + "0"})
    return sorted(found)


def test_every_regions_example_numbers_and_their_neighbours() -> None:
    numbers = examples()
    assert len(numbers) > 3000
    mismatches = [d for d in numbers if ours(d) != reference(d)]
    assert mismatches == []
    assert sum(reference(d)[1] for d in numbers) > 1000  # many valid numbers among them


def test_every_calling_code_at_every_length() -> None:
    for code in CODES:
        for length in range(0, 19):
            for fill in ("1", "5", "9", "0"):
                digits = f"{code}{fill * length}"
                assert ours(digits) == reference(digits), digits


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(CODES), st.text("0123456789", max_size=18))
def test_any_digits_after_any_calling_code(code: int, rest: str) -> None:
    digits = f"{code}{rest}"
    assert ours(digits) == reference(digits)


@settings(max_examples=500, deadline=None)
@given(st.text("0123456789", max_size=260))
def test_any_digits(digits: str) -> None:
    assert ours(digits) == reference(digits)


def test_the_shipped_leading_digits_are_the_installed_phonenumbers() -> None:
    """The table the region search uses is the one read from every region's metadata, for this version."""
    assert phonenumbers.__version__ == phoneregions.VERSION
    shared = {code: regions for code, regions in COUNTRY_CODE_TO_REGION_CODE.items() if len(regions) > 1}
    assert sorted(phoneregions.LEADING) == sorted(shared)
    for code in shared:
        assert phone.leading_digits(code) == phone.leading_digits_of_metadata(code), code
    assert phoneregions.LEADING[1][:2] == (("US", None), ("AG", "268"))  # the spec's +1 examples
    assert subprocess.run([sys.executable, "scripts/phoneregions.py", "--check"], cwd=ROOT).returncode == 0


def test_a_receiver_of_a_shared_calling_code_loads_only_the_regions_it_reaches() -> None:
    """An unassigned +1 number (the spec's example's TO) reads US and CA, the only +1 regions without
    leading digits, and none of the others (which its digits do not start with)."""
    script = (
        "import sys; from mmsvalidate.rules import phone; "
        "print(phone.valid('15551234888'), phone.region('15551234888'), sorted(m.rsplit('_', 1)[1] "
        "for m in sys.modules if m.startswith('phonenumbers.data.region_')))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "None", "['CA',", "'US']"]


def test_a_runs_one_pattern_search_picks_the_region_the_steps_pick() -> None:
    # a run of numbers of one calling code and length searches their region with one pattern: for every example
    # number and its neighbours, and every calling code at every length, it picks what trying each step picks
    numbers = [*examples(), *(f"{code}{fill * length}" for code in CODES for length in range(19) for fill in "159")]
    compared = 0
    for digits in numbers:
        found = phone.split(digits)
        if not isinstance(found, tuple) or len(phone.plan(found[0]).regions) == 1:
            continue
        code, nsn = found
        pattern, named = phone._search(code, len(nsn))
        match = pattern.match(nsn)
        assert (named[match.lastgroup] if match else None) == phone._stepwise(code, nsn), digits
        compared += 1
    assert compared > 500
