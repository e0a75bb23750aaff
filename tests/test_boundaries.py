"""Every boundary the README draws, through the readers, with whole findings written by hand.

The rule-level boundaries (limits, dates against the pinned clock, SMS segments, numbers) are cases in
``test_rules.py``; this file covers what needs a source: positions, empty versus absent in every field,
padded values, the query form's edge cases, the reading limits at exactly their value, a clock that is
not UTC, and each slot's allow-list of extensions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

import mmsvalidate
from mmsvalidate import Profile
from tests.conftest import NOW, VALID_XML, pinned

# (code, severity, slide, field, param, line, column, message, detail)
Full = tuple[str, str, int | None, str, str | None, int | None, int | None, str, str | None]

INVALID = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."
NOT_CHECKED = "Request not checked: {}."


def full(report: mmsvalidate.Report) -> Counter[Full]:
    return Counter(
        (
            f.code,
            str(f.severity),
            f.slide,
            f.field or "",
            f.location.param,
            f.line,
            f.column,
            f.message,
            f.detail,
        )
        for f in report.findings
    )


# Empty versus absent, for every field ------------------------------------------------------------

BASE = """<REQUEST>
    <ACTION>sendMMS</ACTION>
    <API_KEY>k</API_KEY>
    <TO>442071838750</TO>
    <FROM>60856</FROM>
    <FROM_MASK>Shop</FROM_MASK>
    <OPERATORID>000189</OPERATORID>
    <CAMPAIGNREF>C1</CAMPAIGNREF>
    <SUBJECT>Hello</SUBJECT>
    <NAME>n</NAME>
    <SLIDE>
        <IMAGE><URL>http://example.com/a.jpg</URL></IMAGE>
        <TEXT>Hi</TEXT>
        <DURATION>5</DURATION>
    </SLIDE>
    <FALLBACKSMSTEXT>Hi</FALLBACKSMSTEXT>
    <DISABLEFALLBACKSMSLINK>yes</DISABLEFALLBACKSMSLINK>
    <MMSLINK_EXPIRATION_DATE>2099-12-31</MMSLINK_EXPIRATION_DATE>
</REQUEST>
"""
#: The account of BASE: every switch on, so that each field matters.
ACCOUNT = {"require_operator_id": True, "enforce_campaign_check": True, "known_campaign_refs": ["C1"]}


def without(tag: str) -> str:
    return "\n".join(line for line in BASE.splitlines() if f"<{tag}>" not in line) + "\n"


def emptied(tag: str) -> str:
    lines = []
    for line in BASE.splitlines():
        if line.strip().startswith(f"<{tag}>"):
            indent = line[: len(line) - len(line.lstrip())]
            inner = "<URL></URL>" if tag == "IMAGE" else ""
            line = f"{indent}<{tag}>{inner}</{tag}>"
        lines.append(line)
    return "\n".join(lines) + "\n"


def e100(field: str, line: int, column: int) -> Full:
    return ("E100", "error", None, f"/{field.lower()}", None, line, column, INVALID, f"{field} is missing")


EMPTY_OR_ABSENT: list[tuple[str, str, list[Full]]] = [
    ("ACTION", "absent", [e100("ACTION", 1, 1)]),
    ("ACTION", "empty", [e100("ACTION", 2, 5)]),
    ("API_KEY", "absent", [e100("API_KEY", 1, 1)]),
    ("API_KEY", "empty", [e100("API_KEY", 3, 5)]),
    ("TO", "absent", [e100("TO", 1, 1)]),
    ("TO", "empty", [e100("TO", 4, 5)]),
    ("FROM", "absent", [e100("FROM", 1, 1)]),
    ("FROM", "empty", [e100("FROM", 5, 5)]),
    ("FROM_MASK", "absent", []),
    ("FROM_MASK", "empty", []),
    (
        "OPERATORID",
        "absent",
        [
            (
                "E650",
                "error",
                None,
                "/operatorid",
                None,
                1,
                1,
                "The \u2018operator id\u2019 is required.",
                "the profile requires OPERATORID",
            )
        ],
    ),
    (
        "OPERATORID",
        "empty",
        [
            (
                "E650",
                "error",
                None,
                "/operatorid",
                None,
                7,
                5,
                "The \u2018operator id\u2019 is required.",
                "the profile requires OPERATORID",
            )
        ],
    ),
    (
        "CAMPAIGNREF",
        "absent",
        [
            (
                "E718",
                "error",
                None,
                "/campaignref",
                None,
                1,
                1,
                "The \u2018campaignref\u2019 is required",
                "Enforce Campaign Check is on",
            )
        ],
    ),
    (
        "CAMPAIGNREF",
        "empty",
        [
            (
                "E718",
                "error",
                None,
                "/campaignref",
                None,
                8,
                5,
                "The \u2018campaignref\u2019 is required",
                "Enforce Campaign Check is on",
            )
        ],
    ),
    ("SUBJECT", "absent", []),
    ("SUBJECT", "empty", []),
    (
        "NAME",
        "absent",
        [("E311", "error", None, "/name", None, 1, 1, "The \u2018name\u2019 is required.", "NAME is missing")],
    ),
    (
        "NAME",
        "empty",
        [("E311", "error", None, "/name", None, 10, 5, "The \u2018name\u2019 is required.", "NAME is empty")],
    ),
    ("IMAGE", "absent", []),
    (
        "IMAGE",
        "empty",
        [("E241", "error", 1, "/slides/0/image", None, 12, 16, "This content does not exist.", "IMAGE has no URL")],
    ),
    ("TEXT", "absent", []),
    ("TEXT", "empty", []),
    ("DURATION", "absent", []),
    (
        "DURATION",
        "empty",
        [
            (
                "E230",
                "error",
                1,
                "/slides/0/duration",
                None,
                14,
                9,
                "Bad 1 slide duration.",
                "'' is not a whole number of seconds",
            )
        ],
    ),
    ("FALLBACKSMSTEXT", "absent", []),
    ("FALLBACKSMSTEXT", "empty", []),
    ("DISABLEFALLBACKSMSLINK", "absent", []),
    (
        "DISABLEFALLBACKSMSLINK",
        "empty",
        [
            (
                "MV106",
                "warning",
                None,
                "/disablefallbacksmslink",
                None,
                17,
                5,
                "DISABLEFALLBACKSMSLINK should be 'yes' or 'no'.",
                "'' is neither; only 'yes' disables the link",
            )
        ],
    ),
    ("MMSLINK_EXPIRATION_DATE", "absent", []),
    (
        "MMSLINK_EXPIRATION_DATE",
        "empty",
        [
            (
                "E617",
                "error",
                None,
                "/mmslink_expiration_date",
                None,
                18,
                5,
                "mmslink_expiration_date is invalid.",
                "'' is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ss\u00b1hh:mm)",
            )
        ],
    ),
]


def test_the_base_request_is_clean() -> None:
    assert full(mmsvalidate.validate(BASE, profile=pinned(**ACCOUNT))) == Counter()


@pytest.mark.parametrize(("tag", "how", "expected"), EMPTY_OR_ABSENT, ids=[f"{t}-{h}" for t, h, _ in EMPTY_OR_ABSENT])
def test_empty_or_absent(tag: str, how: str, expected: list[Full]) -> None:
    source = without(tag) if how == "absent" else emptied(tag)
    assert source != BASE
    assert full(mmsvalidate.validate(source, profile=pinned(**ACCOUNT))) == Counter(expected)


def test_every_field_is_walked_empty_and_absent() -> None:
    tags = {line.strip()[1:].split(">")[0] for line in BASE.splitlines()[1:-1]} - {"SLIDE", "/SLIDE"}
    assert {(t, h) for t, h, _ in EMPTY_OR_ABSENT} == {(t, h) for t in tags for h in ("absent", "empty")}


# Padded values: pretty-printed XML puts line breaks and indentation around every value --------------


def padded(text: str) -> str:
    """BASE with every value on its own line, indented."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        tag = stripped[1:].split(">")[0]
        if stripped.startswith("<") and f"</{tag}>" in stripped and tag not in ("IMAGE", "TEXT"):
            indent = line[: len(line) - len(line.lstrip())]
            value = stripped[len(tag) + 2 : -len(tag) - 3]
            out.append(f"{indent}<{tag}>\n{indent}    {value}\n{indent}</{tag}>")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def test_padded_values_are_the_values() -> None:
    source = padded(BASE)
    assert "<TO>\n        442071838750\n    </TO>" in source and "<URL>\n" not in source
    assert full(mmsvalidate.validate(source, profile=pinned(**ACCOUNT))) == Counter()


def test_padded_wrong_values_are_reported_trimmed_at_their_element() -> None:
    source = padded(
        BASE.replace(">Shop<", ">My Shop<").replace(">yes<", ">true<").replace(">5<", ">61<").replace(">C1<", ">C2<")
    )
    assert full(mmsvalidate.validate(source, profile=pinned(**ACCOUNT))) == Counter(
        [
            (
                "MV105",
                "warning",
                None,
                "/from_mask",
                None,
                14,
                5,
                "FROM_MASK should be at most 11 letters, digits, '_' or '-'.",
                "'My Shop'",
            ),
            (
                "E721",
                "error",
                None,
                "/campaignref",
                None,
                20,
                5,
                "Invalid campaignref",
                "'C2' is not a known campaign reference",
            ),
            (
                "E230",
                "error",
                1,
                "/slides/0/duration",
                None,
                32,
                9,
                "Bad 1 slide duration.",
                "61 seconds; allowed 1 to 60",
            ),
            (
                "MV106",
                "warning",
                None,
                "/disablefallbacksmslink",
                None,
                39,
                5,
                "DISABLEFALLBACKSMSLINK should be 'yes' or 'no'.",
                "'true' is neither; only 'yes' disables the link",
            ),
        ]
    )


# The query form's edges -----------------------------------------------------------------------------

QUERY = "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=Hello&name=n&slide_text_value_0=Hi"


def test_question_mark_in_a_value_is_part_of_it() -> None:
    report = mmsvalidate.validate(QUERY.replace("subject=Hello", "subject=Why?") + "&slide_duration_0=5")
    assert full(report) == Counter()
    parsed = mmsvalidate.readers.read(QUERY.replace("subject=Hello", "subject=Why?"))
    assert parsed.request is not None and parsed.request.subject == "Why?"


def test_question_mark_in_a_url_value_after_the_query_starts() -> None:
    parsed = mmsvalidate.readers.read("https://h/api?" + QUERY.replace("subject=Hello", "subject=Why?+Because"))
    assert parsed.request is not None and parsed.request.subject == "Why? Because"
    assert parsed.request.action == "sendMMS"


def test_question_mark_at_the_start() -> None:
    report = mmsvalidate.validate("?" + QUERY.replace("action=sendMMS", "action=saveMMS"))
    assert full(report) == Counter(
        [("E100", "error", None, "/action", "action", 1, 2, INVALID, "ACTION is 'saveMMS', not sendMMS")]
    )


def test_empty_segments_between_ampersands_are_skipped() -> None:
    report = mmsvalidate.validate(QUERY.replace("&to=", "& &&to=").replace("from=60856", "from=12"))
    assert full(report) == Counter(
        [
            (
                "E111",
                "error",
                None,
                "/from",
                "from",
                1,
                44,
                "Invalid shortcode.",
                "'12' is neither a shortcode (3-8 digits) nor a longcode in international format",
            )
        ]
    )


def test_slide_numbers_are_written_without_leading_zeros() -> None:
    report = mmsvalidate.validate(QUERY + "&slide_text_value_01=There")
    assert full(report) == Counter(
        [
            (
                "MV101",
                "warning",
                None,
                "/slide_text_value_01",
                "slide_text_value_01",
                1,
                95,
                "Unknown element or parameter slide_text_value_01.",
                "not part of a sendMMS request as a parameter; did you mean slide_text_value_1?",
            )
        ]
    )


@pytest.mark.parametrize("form", ["query", "xml", "json"])
def test_a_bom_on_a_str_is_not_content(form: str) -> None:
    source = {
        "query": QUERY.replace("from=60856", "from=12"),
        "xml": BASE.replace(">60856<", ">12<"),
        "json": '{"action": "sendMMS", "api_key": "k", "to": "442071838750", "from": "12", "subject": "s",\n'
        ' "name": "n", "slides": [{"text": "Hi"}]}',
    }[form]
    detail = "'12' is neither a shortcode (3-8 digits) nor a longcode in international format"
    where = {"query": ("from", 1, 41), "xml": (None, 5, 5), "json": (None, 1, 61)}[form]
    expected = Counter([("E111", "error", None, "/from", *where, "Invalid shortcode.", detail)])
    assert full(mmsvalidate.validate(source, profile=pinned(**ACCOUNT if form == "xml" else {}))) == expected
    assert full(mmsvalidate.validate("\ufeff" + source, profile=pinned(**ACCOUNT if form == "xml" else {}))) == expected


# Reading limits, at exactly their value and one past ---------------------------------------------------

VALID = VALID_XML
QUERY_PARAMS = 7  # QUERY has 7 parameters
XML_ELEMENTS = 12  # VALID has 12 elements
XML_DEPTH = 4  # REQUEST > SLIDE > IMAGE > URL


def limit(message: str, line: int, column: int, param: str | None = None) -> Counter[Full]:
    return Counter([("MV112", "error", None, "", param, line, column, NOT_CHECKED.format(message), None)])


def test_max_items_exactly() -> None:
    assert full(mmsvalidate.validate(QUERY, profile=pinned(max_items=QUERY_PARAMS))) == Counter()
    assert full(mmsvalidate.validate(QUERY, profile=pinned(max_items=QUERY_PARAMS - 1))) == limit(
        "more than 6 parameters", 1, 73, "slide_text_value_0"
    )
    assert full(mmsvalidate.validate(VALID, profile=pinned(max_items=XML_ELEMENTS))) == Counter()
    assert full(mmsvalidate.validate(VALID, profile=pinned(max_items=XML_ELEMENTS - 1))) == limit(
        "more than 11 elements", 11, 9
    )


def test_max_depth_exactly() -> None:
    assert full(mmsvalidate.validate(VALID, profile=pinned(max_depth=XML_DEPTH))) == Counter()
    assert full(mmsvalidate.validate(VALID, profile=pinned(max_depth=XML_DEPTH - 1))) == limit(
        "element depth over 3", 9, 16
    )


def test_max_request_bytes_exactly() -> None:
    size = len(QUERY.encode())
    assert full(mmsvalidate.validate(QUERY, profile=pinned(max_request_bytes=size))) == Counter()
    assert full(mmsvalidate.validate(QUERY, profile=pinned(max_request_bytes=size - 1))) == limit(
        f"{size} bytes, over {size - 1}", 1, 1
    )
    wide = QUERY.replace("subject=Hello", "subject=\u00e9t\u00e9")  # 2 bytes each in UTF-8
    assert full(mmsvalidate.validate(wide, profile=pinned(max_request_bytes=len(wide) + 1))) == limit(
        f"{len(wide) + 2} bytes, over {len(wide) + 1}", 1, 1
    )


def test_max_slides_read_exactly() -> None:
    three = QUERY + "&slide_text_value_1=b&slide_text_value_2=c"
    assert full(mmsvalidate.validate(three, profile=pinned(max_slides_read=3))) == Counter()
    assert full(mmsvalidate.validate(three, profile=pinned(max_slides_read=2))) == limit(
        "slide number 2: more than 2 slides", 1, 116, "slide_text_value_2"
    )
    xml = VALID.replace(
        "</REQUEST>", "    <SLIDE><TEXT>b</TEXT></SLIDE>\n    <SLIDE><TEXT>c</TEXT></SLIDE>\n</REQUEST>"
    )
    assert full(mmsvalidate.validate(xml, profile=pinned(max_slides_read=3))) == Counter()
    assert full(mmsvalidate.validate(xml, profile=pinned(max_slides_read=2))) == limit("more than 2 slides", 14, 5)
    json = '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s",\n'
    json += '"name": "n", "slides": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}'
    assert full(mmsvalidate.validate(json, profile=pinned(max_slides_read=3))) == Counter()
    assert full(mmsvalidate.validate(json, profile=pinned(max_slides_read=2))) == limit("more than 2 slides", 2, 14)


# The clock: a --now that is not UTC, or has no offset --------------------------------------------------


def expiry(date: str, clock: dt.datetime) -> Counter[Full]:
    source = VALID.replace("</REQUEST>", f"    <MMSLINK_EXPIRATION_DATE>{date}</MMSLINK_EXPIRATION_DATE>\n</REQUEST>")
    return full(mmsvalidate.validate(source, profile=Profile(clock=lambda: clock)))


def passed(date: str) -> Counter[Full]:
    return Counter(
        [
            (
                "E617",
                "error",
                None,
                "/mmslink_expiration_date",
                None,
                13,
                5,
                "mmslink_expiration_date is invalid.",
                f"'{date}' has already passed",
            )
        ]
    )


def test_a_now_with_an_offset_is_the_same_moment_in_utc() -> None:
    now = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # 12:00 UTC
    assert expiry("2026-11-26T12:00:00Z", now) == passed("2026-11-26T12:00:00Z")
    assert expiry("2026-11-26T12:00:01Z", now) == Counter()
    late = dt.datetime(2026, 11, 27, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # still the 26th in UTC
    assert expiry("2026-11-26", late) == Counter()
    assert expiry("2026-11-25", late) == passed("2026-11-25")
    early = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))  # the 27th in UTC
    assert expiry("2026-11-26", early) == passed("2026-11-26")
    assert expiry("2026-11-27", early) == Counter()


@pytest.fixture
def new_york() -> Iterator[None]:
    """The machine's local time zone is New York, so a naive time read as local time would be 5 hours off."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.mark.usefixtures("new_york")
def test_a_now_without_offset_is_utc() -> None:
    naive = NOW.replace(tzinfo=None)
    assert expiry("2026-11-26T12:00:00Z", naive) == passed("2026-11-26T12:00:00Z")
    assert expiry("2026-11-26T12:00:01Z", naive) == Counter()
    assert expiry("2026-11-26T12:00:00", naive) == passed("2026-11-26T12:00:00")
    assert expiry("2026-11-26T12:00:01", naive) == Counter()


# Content types: every extension of each slot's allow-list (README, "Content types") ------------------

TAKES = {
    "image": "jpg jpeg jpe png gif bmp wbmp webp",
    "audio": "mp3 wav amr aac m4a ogg oga mid midi awb qcp",
    "video": "mp4 m4v 3gp 3g2 mov mpg mpeg avi wmv webm",
    "vcard": "vcf vcard",
    "ical": "ics ical icalendar ifb",
    "pdf": "pdf",
    "passbook": "pkpass",
}
#: Where each slot's extensions are tried as the wrong type.
ELSEWHERE = {"image": "audio", "audio": "video", "video": "image", "vcard": "pdf", "ical": "passbook", "pdf": "vcard"}
ELSEWHERE["passbook"] = "ical"


def slide_with(slot: str, url: str) -> dict[str, Any]:
    return {
        "action": "sendMMS",
        "api_key": "k",
        "to": "14158586273",
        "from": "60856",
        "subject": "s",
        "name": "n",
        "slides": [{slot: url}],
    }


EXTENSIONS = [(slot, ext) for slot, exts in TAKES.items() for ext in exts.split()]


@pytest.mark.parametrize(("slot", "ext"), EXTENSIONS, ids=[f"{s}-{e}" for s, e in EXTENSIONS])
def test_each_slot_takes_its_extensions_in_any_case(slot: str, ext: str) -> None:
    for name in (f"a.{ext}", f"a.{ext.upper()}"):
        report = mmsvalidate.validate(slide_with(slot, f"http://example.com/{name}"), profile=pinned())
        assert full(report) == Counter(), name


@pytest.mark.parametrize(("slot", "ext"), EXTENSIONS, ids=[f"{s}-{e}" for s, e in EXTENSIONS])
def test_an_extension_in_another_slot_is_not_allowed(slot: str, ext: str) -> None:
    other = ELSEWHERE[slot]
    takes = ", ".join(sorted(TAKES[other].split()))
    report = mmsvalidate.validate(slide_with(other, f"http://example.com/a.{ext}"), profile=pinned())
    assert full(report) == Counter(
        [
            (
                "E229",
                "error",
                1,
                f"/slides/0/{other}",
                None,
                None,
                None,
                "Content not allowed.",
                f"a .{ext} file in {other.upper()}, which takes {takes}",
            )
        ]
    )


# Reading: encodings, byte positions, the form's detection, empty input ------------------------------

BAD_FROM = "'12' is neither a shortcode (3-8 digits) nor a longcode in international format"
E111_QUERY = Counter([("E111", "error", None, "/from", "from", 1, 41, "Invalid shortcode.", BAD_FROM)])
BOMS = {
    "utf-8": b"\xef\xbb\xbf",
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
    "utf-32-be": b"\x00\x00\xfe\xff",
}


@pytest.mark.parametrize("encoding", list(BOMS))
def test_every_bom_is_read_in_every_form(encoding: str) -> None:
    query = QUERY.replace("from=60856", "from=12")
    assert full(mmsvalidate.validate(BOMS[encoding] + query.encode(encoding), profile=pinned())) == E111_QUERY
    xml = BASE.replace(">60856<", ">12<")
    found = full(mmsvalidate.validate(BOMS[encoding] + xml.encode(encoding), profile=pinned(**ACCOUNT)))
    assert found == Counter([("E111", "error", None, "/from", None, 5, 5, "Invalid shortcode.", BAD_FROM)])
    json = '{"action": "sendMMS", "api_key": "k", "to": "442071838750", "from": "12", "subject": "s",\n'
    json += ' "name": "n", "slides": [{"text": "Hi"}]}'
    found = full(mmsvalidate.validate(BOMS[encoding] + json.encode(encoding), profile=pinned()))
    assert found == Counter([("E111", "error", None, "/from", None, 1, 61, "Invalid shortcode.", BAD_FROM)])


@pytest.mark.parametrize(
    ("data", "line", "column", "detail"),
    [
        (b"action=sendMMS\n&name=caf\xe9!", 2, 10, "not valid UTF-8: invalid continuation byte at byte 24"),
        (b"\xef\xbb\xbfaction=caf\xe9", 1, 14, "not valid UTF-8: unexpected end of data at byte 13"),
        (
            b"\xff\xfe" + "to=1\n&x".encode("utf-16-le") + b"\x00",
            2,
            6,
            "not valid UTF-16-LE: truncated data at byte 16",
        ),
        (b"\x00action=sendMMS", 1, 1, "a NUL character: binary content, not a text request"),
        (b"action=sendMMS\n&na\x00me=n", 2, 4, "a NUL character: binary content, not a text request"),
    ],
)
def test_bytes_that_are_not_text_are_located(data: bytes, line: int, column: int, detail: str) -> None:
    assert full(mmsvalidate.validate(data, form="query")) == Counter(
        [("E100", "error", None, "", None, line, column, INVALID, detail)]
    )


def test_leading_whitespace_of_any_length_does_not_hide_the_form() -> None:
    xml = " \n" * 100 + BASE.replace(">60856<", ">12<")
    expected = Counter([("E111", "error", None, "/from", None, 105, 5, "Invalid shortcode.", BAD_FROM)])
    assert full(mmsvalidate.validate(xml, profile=pinned(**ACCOUNT))) == expected
    assert full(mmsvalidate.validate(xml.encode(), profile=pinned(**ACCOUNT))) == expected
    assert full(mmsvalidate.validate(b"\xfe\xff" + xml.encode("utf-16-be"), profile=pinned(**ACCOUNT))) == expected
    assert mmsvalidate.readers.detect(b"\x00\x00\xfe\xff" + (" " * 99 + "{}").encode("utf-32-be")) == "json"


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", "the request is empty"),
        (" \n ", "the request is empty"),
        ("# a comment only\n", "no sendMMS parameter found"),  # not an empty file: a comment, then nothing
        ("&&", "no sendMMS parameter found"),
    ],
)
def test_no_parameter_at_all(text: str, detail: str) -> None:
    assert full(mmsvalidate.validate(text, form="query")) == Counter(
        [("E100", "error", None, "", None, 1, 1, INVALID, detail)]
    )


def test_no_sendmms_parameter_is_located_at_the_first_parameter() -> None:
    assert full(mmsvalidate.validate("\n  subjekt=x&y=2", form="query")) == Counter(
        [("E100", "error", None, "", "subjekt", 2, 3, INVALID, "no sendMMS parameter found")]
    )


def test_spaces_before_a_parameter_name_are_not_part_of_it() -> None:
    report = mmsvalidate.validate(QUERY.replace("&from=60856", "&   from=12"))
    assert full(report) == Counter([("E111", "error", None, "/from", "from", 1, 44, "Invalid shortcode.", BAD_FROM)])


def test_a_whole_json_number_is_its_digits() -> None:
    source = {**CLEAN_JSON, "slides": [{"text": "Hi", "duration": 5.0}, {"text": "Hi", "duration": 5.5}]}
    assert full(mmsvalidate.validate(source, profile=pinned())) == Counter(
        [
            (
                "E230",
                "error",
                2,
                "/slides/1/duration",
                None,
                None,
                None,
                "Bad 2 slide duration.",
                "'5.5' is not a whole number of seconds",
            )
        ]
    )


def test_too_many_slides_in_a_mapping_is_located_at_the_start() -> None:
    source = {**CLEAN_JSON, "slides": [{"text": "Hi"}] * 3}
    assert full(mmsvalidate.validate(source, profile=pinned(max_slides_read=2))) == limit("more than 2 slides", 1, 1)


@pytest.mark.parametrize(
    ("declaration", "column", "detail"),
    [
        ("x-unknown-9", 1, "the declared encoding can't be read (unknown encoding: x-unknown-9)"),
        # docs/security.md: UTF-7 is refused (E108), saying so rather than the parser's "multi-byte" reason
        (
            "UTF-7",
            1,
            "the declared encoding can't be read (UTF-7 is refused: what its bytes say is not what they look like)",
        ),
        ("utf-16", 31, "encoding specified in XML declaration is incorrect"),
    ],
)
def test_a_declared_encoding_that_cannot_be_read(declaration: str, column: int, detail: str) -> None:
    data = f'<?xml version="1.0" encoding="{declaration}"?><REQUEST/>'.encode()
    assert full(mmsvalidate.validate(data)) == Counter(
        [("E108", "error", None, "", None, 1, column, f"XML Parse error: {detail}.", None)]
    )


@pytest.mark.parametrize("hint", ["schemaLocation", "noNamespaceSchemaLocation"])
def test_schema_hints_are_refused(hint: str) -> None:
    data = f'<REQUEST>\n  <NAME xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:{hint}="x">n</NAME></REQUEST>'
    message = "XML Parse error: schema location hints (xsi:schemaLocation) are not followed."
    assert full(mmsvalidate.validate(data)) == Counter([("E108", "error", None, "", None, 2, 3, message, None)])


CLEAN_JSON: dict[str, Any] = {
    "action": "sendMMS",
    "api_key": "k",
    "to": "14158586273",
    "from": "60856",
    "subject": "s",
    "name": "n",
    "slides": [{"text": "Hi"}],
}


def test_the_size_limit_counts_bytes_of_a_str() -> None:
    wide = QUERY.replace("subject=Hello", "subject=\u00e9t\u00e9")  # as many characters as bytes, but 2 more bytes
    assert full(mmsvalidate.validate(wide, profile=pinned(max_request_bytes=len(wide)))) == limit(
        f"{len(wide) + 2} bytes, over {len(wide)}", 1, 1
    )
    emoji = "\U0001f600" * 11  # 44 bytes in 11 characters
    assert full(mmsvalidate.validate(emoji, form="query", profile=pinned(max_request_bytes=40))) == limit(
        "44 bytes, over 40", 1, 1
    )
    assert full(mmsvalidate.validate(emoji[:10], form="query", profile=pinned(max_request_bytes=40))) == Counter(
        [("E100", "error", None, "", "\U0001f600" * 10, 1, 1, INVALID, "no sendMMS parameter found")]
    )


@pytest.mark.parametrize("data", [b" \n\t ", b"\xef\xbb\xbf \n", b"\xff\xfe" + " \n ".encode("utf-16-le")])
def test_bytes_of_white_space_only_are_an_empty_request(data: bytes) -> None:
    assert full(mmsvalidate.validate(data, form="query")) == Counter(
        [("E100", "error", None, "", None, 1, 1, INVALID, "the request is empty")]
    )


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_an_odd_number_of_spaces_before_the_form(bom: bytes) -> None:
    assert mmsvalidate.readers.detect(bom + b" <REQUEST/>") == "xml"
    assert mmsvalidate.readers.detect(bom + b"   {}") == "json"
    assert mmsvalidate.readers.detect(b"\xff\xfe" + "   <REQUEST/>".encode("utf-16-le")) == "xml"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\naction=caf\xe9!", "not valid UTF-8: invalid continuation byte at byte 11"),
        (b"\naction=caf\x00", "a NUL character: binary content, not a text request"),
    ],
)
def test_a_bad_byte_after_a_leading_line_break(data: bytes, detail: str) -> None:
    assert full(mmsvalidate.validate(data, form="query")) == Counter(
        [("E100", "error", None, "", None, 2, 11, INVALID, detail)]
    )


def test_a_mapping_in_the_json_form() -> None:
    assert full(mmsvalidate.validate(CLEAN_JSON, form="json", profile=pinned())) == Counter()
    assert mmsvalidate.readers.read(CLEAN_JSON, "json").request is not None


def test_a_repeated_parameter_is_read_and_located_at_its_last_occurrence() -> None:
    report = mmsvalidate.validate(QUERY + "&to=1415")
    assert full(report) == Counter(
        [
            (
                "E110",
                "error",
                None,
                "/to",
                "to",
                1,
                95,
                "Invalid receiver number.",
                "'1415' is not a possible international number",
            ),
            ("MV102", "warning", None, "/to[2]", "to", 1, 95, "TO is given more than once; only one is used.", None),
        ]
    )


def test_a_question_mark_in_the_first_value() -> None:
    parsed = mmsvalidate.readers.read("subject=Why?&" + QUERY.replace("&subject=Hello", ""))
    assert parsed.request is not None and parsed.request.subject == "Why?"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("action=sendMMS\n&name=a\ud800", 2, 8), ("\naction=sendMMS&name=a\udfff", 2, 22), ("\ud800", 1, 1)],
)
def test_a_lone_surrogate_in_a_str_is_located(text: str, line: int, column: int) -> None:
    detail = f"a lone surrogate U+{ord(text[-1]):04X}: not text"
    assert full(mmsvalidate.validate(text, form="query")) == Counter(
        [("E100", "error", None, "", None, line, column, INVALID, detail)]
    )


def test_json_nesting_depth_and_values_exactly() -> None:
    """README, Profile: max_depth is also JSON nesting depth and max_items JSON values (members and items)."""
    text = json.dumps(CLEAN_JSON)  # depth 3: the request, its slides, a slide; 9 values: 7 + 1 slide + 1 text
    for source in (text, CLEAN_JSON):
        assert full(mmsvalidate.validate(source, form="json", profile=pinned(max_depth=3))) == Counter()
        assert full(mmsvalidate.validate(source, form="json", profile=pinned(max_depth=2))) == limit(
            "nesting depth over 2", 1, 1
        )
        assert full(mmsvalidate.validate(source, form="json", profile=pinned(max_items=9))) == Counter()
        assert full(mmsvalidate.validate(source, form="json", profile=pinned(max_items=8))) == limit(
            "more than 8 values", 1, 1
        )
    many = json.dumps({**CLEAN_JSON, "slides": [{"text": "a"}, {"text": "b"}, {"text": "c"}]})  # 5 brackets
    assert full(mmsvalidate.validate(many, profile=pinned(max_depth=3, max_items=13))) == Counter()
    assert full(mmsvalidate.validate(many, profile=pinned(max_depth=3, max_items=12))) == limit(
        "more than 12 values", 1, 1
    )
    assert full(mmsvalidate.validate(many, profile=pinned(max_depth=3, max_items=4))) == limit(
        "more than 4 values", 1, 1
    )


def test_many_findings_in_json_are_each_located() -> None:
    """Past the first few lookups positions come from a table of line starts: the same positions."""
    lines = [
        '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s", "name": "n",',
        ' "slides": [',
    ]
    lines += [f'  {{"text": "x", "duration": "{n}"}},' for n in range(61, 71)]
    lines += ['  {"text": "x"}', "]}"]
    report = mmsvalidate.validate("\n".join(lines), profile=pinned())
    expected = [
        (
            "E230",
            "error",
            n + 1,
            f"/slides/{n}/duration",
            None,
            n + 3,
            17,
            f"Bad {n + 1} slide duration.",
            f"{61 + n} seconds; allowed 1 to 60",
        )
        for n in range(10)
    ]
    expected.append(
        ("E225", "error", 9, "/slides/8", None, 11, 3, "Too many Slides.", "11 slides; at most 8 are allowed")
    )
    assert full(report) == Counter(expected)


def test_a_json_key_written_with_an_escape_is_located() -> None:
    text = '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s",\n'
    text += ' "n\\u0061me": "", "slides": [{"text": "x"}]}'
    assert full(mmsvalidate.validate(text, profile=pinned())) == Counter(
        [("E311", "error", None, "/name", None, 2, 2, "The \u2018name\u2019 is required.", "NAME is empty")]
    )


def test_a_query_broken_into_lines_with_crlf_blanks_and_comments() -> None:
    """Each line break, with the blanks and CR before it, ends a value; a # line is skipped, lines still count."""
    text = "action=sendMMS \t\r\n&api_key=k\r\n# a note\r\n&to=14158586273\n  &from=12 \r\n"
    text += "&subject=s&name=n\r\n&slide_text_value_0=Hi \t\r\n&slide_text_value_1=Yo\n"
    report = mmsvalidate.validate(text, profile=pinned(max_slide_text=2))
    assert full(report) == Counter([("E111", "error", None, "/from", "from", 5, 4, "Invalid shortcode.", BAD_FROM)])
    parsed = mmsvalidate.readers.read(text)
    assert parsed.request is not None
    assert [s.text for s in parsed.request.slides] == ["Hi", "Yo"]


def test_a_now_at_the_ends_of_the_calendar() -> None:
    """A --now that UTC can't hold (year 1 east of UTC, year 9999 west of it) is the earliest or latest moment."""
    first = dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    last = dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert expiry("2026-11-26", first) == Counter()
    assert expiry("2026-11-26", last) == passed("2026-11-26")
