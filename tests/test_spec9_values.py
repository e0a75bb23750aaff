"""Values read as the spec writes them. MMSLINK_EXPIRATION_DATE is a "Date in ISO8601 format", whose digits are
0 to 9: a date written in other digits (Arabic-Indic, full-width) is no ISO 8601 date of any kind, and was
called "an ISO 8601 ordinal date" or "week date" (or "not a real date", with the date library's own message).
A content URL's file extension is read in any case of its ASCII letters only, as names are: a Kelvin sign
(U+212A) is no ``k``, and ``.p\\u212apass`` was taken for a Passbook file. Each in all three forms, every finding
compared whole."""

from __future__ import annotations

import json
import urllib.parse

import pytest

import mmsvalidate
from tests.conftest import pinned

BASE = {"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "name": "n", "subject": "s"}
IMAGE = "http://a.example/x.jpg"
NOT_ISO = "is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ss\u00b1hh:mm)"
E617 = "mmslink_expiration_date is invalid."
E629 = "Unrecognized content type."


def _forms(date: str, slot: str, url: str) -> dict[str, str]:
    """The request in each form, one value a line, its expiry date last but one and its slide's URL last."""
    fields = {**BASE, "mmslink_expiration_date": date}
    tag = slot.upper()
    values = [f"<{k.upper()}>{v}</{k.upper()}>" for k, v in fields.items()]
    xml = "\n".join(["<REQUEST>", *values, f"<SLIDE><{tag}><URL>{url}</URL></{tag}></SLIDE>", "</REQUEST>"])
    params = [f"{k}={urllib.parse.quote(v, safe=':/')}" for k, v in fields.items()]
    query = "\n&".join([*params, f"slide_{slot}_url_0={urllib.parse.quote(url, safe=':/')}"])
    lines = [f'"{k}": {json.dumps(v, ensure_ascii=False)},' for k, v in fields.items()]
    document = "\n".join(["{", *lines, f'"slides": [{{"{slot}": {json.dumps(url, ensure_ascii=False)}}}]', "}"])
    return {"xml": xml, "query": query, "json": document}


#: Where the expiry date's finding is, form by form: XML, its element; the query form, its parameter (after the
#: line's '&'); JSON, its key.
DATE_AT = {"xml": (8, 1), "query": (7, 2), "json": (8, 1)}
#: A date that passes (the clock is pinned), for the requests about something else.
LATER = "2099-12-31"


def _url_at(form: str, slot: str) -> tuple[int, int]:
    """Where a slide URL's finding is: XML, the URL element inside ``<SLIDE><IMAGE>``; the query form, its
    parameter; JSON, its key, after ``"slides": [{``."""
    return {"xml": (9, 10 + len(slot)), "query": (8, 2), "json": (9, 13)}[form]


def _found(text: str, form: str, **options: object) -> list[tuple[object, ...]]:
    report = mmsvalidate.validate(text, form=form, profile=pinned(**options))
    return [(f.code, f.message, f.slide, f.field, f.line, f.column, f.detail) for f in report.findings]


@pytest.mark.parametrize("week_and_ordinal_dates", [False, True])
@pytest.mark.parametrize(
    "date",
    [
        "\u0662\u0660\u0662\u0667-\u0661\u0668\u0661",  # 2027-181 in Arabic-Indic digits
        "\u0662\u0660\u0662\u0667\u0661\u0668\u0661",  # 2027181
        "2027-\u0661\u0668\u0661",  # the day of the year alone
        "2027-W0\u0665",  # a week date's last digit
        "\uff12\uff10\uff12\uff17-W05",  # full-width year
        "\uff12\uff10\uff12\uff17-02-01",  # a calendar date, full-width year
        "2027-02-01T\uff11\uff12:00:00Z",  # a date-time, full-width hour
    ],
)
def test_a_date_in_other_digits_than_0_to_9_is_no_iso_8601_date(date: str, week_and_ordinal_dates: bool) -> None:
    for form, text in _forms(date, "image", IMAGE).items():
        expected = [("E617", E617, None, "/mmslink_expiration_date", *DATE_AT[form], f"'{date}' {NOT_ISO}")]
        assert _found(text, form, week_and_ordinal_dates=week_and_ordinal_dates) == expected, form


@pytest.mark.parametrize(("date", "kind"), [("2027-181", "ordinal"), ("2027W053", "week"), ("2027-W05", "week")])
def test_week_and_ordinal_dates_in_ascii_digits_are_still_named_so(date: str, kind: str) -> None:
    detail = (
        f"'{date}' is an ISO 8601 {kind} date; write a calendar date (YYYY-MM-DD), or allow week and ordinal dates"
        " in the profile"
    )
    for form, text in _forms(date, "image", IMAGE).items():
        assert _found(text, form) == [("E617", E617, None, "/mmslink_expiration_date", *DATE_AT[form], detail)], form
        assert _found(text, form, week_and_ordinal_dates=True) == [], form


@pytest.mark.parametrize(
    ("slot", "url", "extension"),
    [
        ("passbook", "http://a.example/coupon.p\u212apass", ".p\u212apass"),  # a Kelvin sign, not a k
        ("image", "http://a.example/x.J\u0130PG", ".j\u0130pg"),  # its ASCII letters in lower case, only those
    ],
)
def test_a_files_extension_is_folded_in_its_ascii_letters_only(slot: str, url: str, extension: str) -> None:
    for form, text in _forms(LATER, slot, url).items():
        expected = [("E629", E629, 1, f"/slides/0/{slot}", *_url_at(form, slot), f"'{extension}' in {slot.upper()}")]
        assert _found(text, form) == expected, form


@pytest.mark.parametrize(
    ("slot", "url"), [("passbook", "http://a.example/coupon.PKPASS"), ("pdf", "http://a.example/\u00e9t\u00e9.PDF")]
)
def test_an_extension_in_capitals_is_still_its_slots(slot: str, url: str) -> None:
    for form, text in _forms(LATER, slot, url).items():
        assert _found(text, form) == [], form
