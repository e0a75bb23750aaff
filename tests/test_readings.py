"""The README's readings of the spec as applied: expiry dates, JSON booleans, did-you-mean, JSON repeats."""

from __future__ import annotations

import pytest

from mmsvalidate.diagnostic import Finding
from tests.conftest import VALID_QUERY, check

E617 = "mmslink_expiration_date is invalid."


def expiry(value: str, **options: object) -> list[tuple[str, str | None]]:
    report = check(VALID_QUERY + f"&mmslink_expiration_date={value}", **options)
    return [(f.code, f.detail) for f in report.findings]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("2027-W05", "week"),
        ("2027W05", "week"),
        ("2027-W05-3", "week"),
        ("2027-181", "ordinal"),
        ("2027181", "ordinal"),
    ],
)
def test_expiry_week_and_ordinal_dates_are_refused_by_default(value: str, kind: str) -> None:
    assert expiry(value) == [
        (
            "E617",
            f"'{value}' is an ISO 8601 {kind} date; write a calendar date (YYYY-MM-DD), or allow week and ordinal"
            " dates in the profile",
        )
    ]


@pytest.mark.parametrize("value", ["2027-W05", "2027-W05-3", "2027-181", "2027181"])
def test_expiry_week_and_ordinal_dates_with_the_profile_switch(value: str) -> None:
    assert expiry(value, week_and_ordinal_dates=True) == []


def test_expiry_passed_week_date_with_the_switch_is_passed() -> None:
    # 2026-W47-1 is Monday 16 November 2026; the tests' clock says 26 November 2026
    assert expiry("2026-W47-1", week_and_ordinal_dates=True) == [("E617", "'2026-W47-1' has already passed")]


@pytest.mark.parametrize("value", ["2027-01-31", "20270131", "2027-01-31T12:00:00Z", "2027-01-31T12:00:00%2B02:00"])
def test_expiry_calendar_dates_and_date_times_pass(value: str) -> None:
    assert expiry(value) == []


def test_json_boolean_is_yes_or_no_only_for_disablefallbacksmslink() -> None:
    request = {
        "action": "sendMMS",
        "api_key": "k",
        "to": "14158586273",
        "from": "60856",
        "subject": "s",
        "name": "n",
        "disablefallbacksmslink": True,
        "slides": [{"text": "t", "duration": True}],
    }
    found = check(request).findings
    assert [(f.code, f.detail) for f in found] == [
        ("E230", "'true' is not a whole number of seconds"),
    ]
    assert check({**request, "slides": [{"text": "t", "duration": False}]}).findings[0].detail == (
        "'false' is not a whole number of seconds"
    )


def mv101(query: str) -> list[str | None]:
    return [f.detail for f in check(VALID_QUERY + query).findings if f.code == "MV101"]


@pytest.mark.parametrize(
    ("param", "hint"),
    [
        ("slide_text_value_-1", "did you mean slide_text_value_0?"),
        ("slide_video_url_1.0", "did you mean slide_video_url_1?"),
        ("slide_text_value_01", "did you mean slide_text_value_1?"),
        ("slide_text_value_", "did you mean slide_text_value_0?"),
        ("SLIDE_TEXT_VALUE_X", "did you mean slide_text_value_0?"),
        ("slide_imag_url_2", "did you mean slide_image_url_2?"),
    ],
)
def test_did_you_mean_never_offers_the_name_written(param: str, hint: str) -> None:
    assert mv101(f"&{param}=x") == [f"not part of a sendMMS request as a parameter; {hint}"]


def located(findings: tuple[Finding, ...], code: str) -> list[tuple[int | None, int | None]]:
    return [(f.line, f.column) for f in findings if f.code == code]


REPEATED = """{
  "action": "sendMMS",
  "api_key": "k",
  "to": "14158586273",
  "from": "60856",
  "subject": "s",
  "name": "first",
  "slides": [{"text": "t"}],
  "name": "second",
  "subject": "%s"
}
"""


def test_a_repeated_json_key_is_located_at_its_repeat_and_its_value_at_the_one_kept() -> None:
    report = check(REPEATED % ("x" * 81))
    assert located(report.findings, "MV102") == [(9, 3), (10, 3)]
    assert [f.field for f in report.findings if f.code == "MV102"] == ["/name[2]", "/subject[2]"]
    # the value kept is the last one: its finding points there, not at the first "subject"
    assert located(report.findings, "MV107") == [(10, 3)]


def test_a_key_given_three_times_is_two_repeats_each_at_its_place() -> None:
    text = '{"action": "sendMMS", "to": "1", "to": "2", "to": "14158586273", "api_key": "k", "from": "60856"}'
    report = check(text)
    assert [(f.field, f.column) for f in report.findings if f.code == "MV102"] == [("/to[2]", 34), ("/to[3]", 45)]
