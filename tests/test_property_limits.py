"""Properties at every limit of the profile, each against an oracle written from the README.

Each property varies one value of a clean request around a limit and says, from the README's reading
alone, whether the code must be raised and with which text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import phonenumbers
from hypothesis import example, given, settings
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate.diagnostic import Finding
from tests.conftest import NOW, pinned
from tests.test_properties import CHARACTERS, FROM, OFFSETS, SMS, around, sized

PROFILE = pinned()
CLEAN: dict[str, Any] = {
    "action": "sendMMS",
    "api_key": "k",
    "to": "442071838750",
    "from": "60856",
    "subject": "s",
    "name": "n",
    "slides": [{"text": "Hi"}],
}
GSM7_EXTENSION = "^{}\\[~]|€\f"


def findings(code: str, **changes: Any) -> list[Finding]:
    return [f for f in mmsvalidate.validate({**CLEAN, **changes}, profile=PROFILE).findings if f.code == code]


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.integers(-2, 63).map(str),
        st.sampled_from(["05", "+5", "5.0", " 60\n", "", "\u0665", "5\u00a0", "\u30005"]),
        st.text(max_size=4),
    )
)
def test_duration_is_whole_seconds_from_1_to_60(duration: str) -> None:
    value = duration.strip(" \t\n\r")
    whole = re.fullmatch("[0-9]+", value) is not None
    expected = [] if whole and 1 <= int(value) <= 60 else ["Bad 1 slide duration."]
    assert [f.message for f in findings("E230", slides=[{"text": "Hi", "duration": duration}])] == expected


@st.composite
def moments(draw: st.DrawFn) -> tuple[str, bool]:
    """An expiry written in one of the accepted forms, and whether it has passed at NOW (README, "Expiry")."""
    seconds = draw(st.one_of(st.integers(-3, 3), st.integers(-2 * 86400, 2 * 86400)))
    moment = NOW + dt.timedelta(seconds=seconds)
    local = moment.astimezone(dt.timezone(draw(st.sampled_from(OFFSETS))))
    offset = local.strftime("%z")
    style = draw(st.sampled_from(["date", "basic date", "extended", "basic", "naive", "Z", "comma"]))
    if style in ("date", "basic date"):
        written = local.strftime("%Y-%m-%d" if style == "date" else "%Y%m%d")
        return written, local.date() < NOW.date()  # passed when before today (UTC)
    if style == "comma":
        return moment.strftime("%Y-%m-%dT%H:%M:%S,5Z"), moment + dt.timedelta(seconds=0.5) <= NOW
    written = {
        "extended": local.strftime("%Y-%m-%dT%H:%M:%S") + offset[:3] + ":" + offset[3:],
        "basic": local.strftime("%Y%m%dT%H%M%S") + offset,
        "naive": moment.strftime("%Y-%m-%dT%H:%M:%S"),  # read as UTC
        "Z": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }[style]
    return written, moment <= NOW  # passed when not after now


@settings(max_examples=300, deadline=None)
@given(moments())
def test_expiry_has_passed_exactly_when_the_readme_says(case: tuple[str, bool]) -> None:
    written, passed = case
    expected = [f"'{written}' has already passed"] if passed else []
    assert [f.detail for f in findings("E617", mmslink_expiration_date=written)] == expected


def segments(text: str) -> int:
    """SMS segments (README, FALLBACKSMSTEXT): 160/153 GSM-7 septets, 70/67 UTF-16 units otherwise."""
    gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    gsm += "abcdefghijklmnopqrstuvwxyzäöñüà"
    if all(c in gsm or c in GSM7_EXTENSION for c in text):
        septets = len(text) + sum(c in GSM7_EXTENSION for c in text)
        return 1 if septets <= 160 else math.ceil(septets / 153)
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
    return 1 if units <= 70 else math.ceil(units / 67)


@settings(max_examples=200, deadline=None)
@given(SMS | SMS.map(lambda text: " " + text + "\n"))
@example(" " + "0" * 144 + "[" * 7 + "{")  # 168 septets, 160 once trimmed: one SMS
def test_fallback_text_segments(fallback: str) -> None:
    # docs/readings.md: every value is read trimmed (the whitespace around it is not part of it)
    count = segments(fallback.strip(" \t\n\r"))
    expected = []
    if count > 1:
        expected = [f"Fallback SMS text is longer than one SMS and will be sent as {count} segments."]
    assert [f.message for f in findings("MV108", fallbacksmstext=fallback)] == expected


@settings(max_examples=60, deadline=None)
@given(sized(around(80), CHARACTERS))
def test_subject_at_most_80_characters(subject: str) -> None:
    length = len(subject.strip(" \t\n\r"))
    expected = [f"{length} characters"] if length > 80 else []
    assert [f.detail for f in findings("MV107", subject=subject)] == expected


@settings(max_examples=60, deadline=None)
@given(sized(around(11), "Ab1_- ."))
def test_from_mask_at_most_11_letters_digits_underscore_dash(mask: str) -> None:
    value = mask.strip(" \t\n\r")
    fine = not value or (len(value) <= 11 and re.fullmatch("[A-Za-z0-9_-]+", value) is not None)
    assert [f.detail for f in findings("MV105", from_mask=mask)] == ([] if fine else [f"'{value}'"])


@settings(max_examples=40, deadline=None)
@given(around(5000, 1), st.integers(1, 3))
def test_slide_text_at_most_5000_characters(length: int, slide: int) -> None:
    slides = [{"text": "Hi"}] * (slide - 1) + [{"text": "x" * length}]
    expected = [f"Text in slide {slide} is too long."] if length > 5000 else []
    assert [f.message for f in findings("E334", slides=slides)] == expected


@settings(max_examples=30, deadline=None)
@given(around(8, 3))
def test_at_most_8_slides(count: int) -> None:
    expected = [f"{count} slides; at most 8 are allowed"] if count > 8 else []
    assert [f.detail for f in findings("E225", slides=[{"text": "Hi"}] * count)] == expected


def possible(digits: str) -> bool:
    """README, TO: a possible number, as phonenumbers.is_possible_number says."""
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse("+" + digits)))
    except phonenumbers.NumberParseException:
        return False


@settings(max_examples=100, deadline=None)
@given(FROM)
def test_sender_is_a_shortcode_or_a_longcode(sender: str) -> None:
    shortcode = re.fullmatch("[0-9]{3,8}", sender) is not None
    longcode = re.fullmatch("[1-9][0-9]*", sender) is not None and possible(sender)
    expected = [] if shortcode or longcode else ["Invalid shortcode."]
    assert [f.message for f in findings("E111", **{"from": sender})] == expected
