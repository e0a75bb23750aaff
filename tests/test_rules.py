"""Each rule on the model: one failing and one passing case at least, with every finding in full.

Expected findings are literals written from the spec (codes, texts, severities) and the README
(the readings, the profile's defaults); a case compares the whole finding: code, severity, slide,
field, message and detail, repeats counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import attrs
import pytest

from mmsvalidate.engine import check as run
from mmsvalidate.engine import plan
from mmsvalidate.model import Request, Slide
from mmsvalidate.readers.base import Parsed
from mmsvalidate.report import Report
from mmsvalidate.rules import BY_CODE, RULES
from mmsvalidate.rules.request import sms_segments
from tests.conftest import pinned

GOOD = Request(
    action="sendMMS",
    api_key="k",
    to="14158586273",
    from_="60856",
    subject="Hello",
    name="n",
    slides=(Slide(image="http://example.com/a.jpg", text="Hi", duration="5"),),
)
IMG = "http://example.com/a.jpg"
MP3 = "http://example.com/a.mp3"
MP4 = "http://example.com/a.mp4"
VCF = "http://example.com/a.vcf"
ICS = "http://example.com/a.ics"
PDF = "http://example.com/a.pdf"
PASS = "http://example.com/a.pkpass"


# The spec's texts, copied from its error tables.
INVALID = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."
BAD_TO = "Invalid receiver number."
BAD_FROM = "Invalid shortcode."
NO_CONTENT = "This content does not exist."
EXPIRY = "mmslink_expiration_date is invalid."
NAME_REQUIRED = "The \u2018name\u2019 is required."
FALLBACK_REQUIRED = "The \u2018fallbacksmstext\u2019 is required."
OPERATOR_REQUIRED = "The \u2018operator id\u2019 is required."
CAMPAIGN_REQUIRED = "The \u2018campaignref\u2019 is required"
#: README, "Expiry": week and ordinal dates are E617 unless the profile allows them.
WEEK = "{}; write a calendar date (YYYY-MM-DD), or allow week and ordinal dates in the profile"
WEEKS: dict[str, Any] = {"week_and_ordinal_dates": True}

#: (code, severity, slide, field, message, detail): a finding of a request checked without a source.
Expected = tuple[str, str, int | None, str, str, str | None]


def E(code: str, field: str, message: str, detail: str | None, slide: int | None = None) -> Expected:
    """An expected error."""
    return (code, "error", slide, field, message, detail)


def W(code: str, field: str, message: str, detail: str | None, slide: int | None = None) -> Expected:
    """An expected warning."""
    return (code, "warning", slide, field, message, detail)


def found(request: Request, **profile: Any) -> Counter[Expected]:
    """The findings of ``request`` as :data:`Expected` tuples, repeats counted."""
    result = report(request, **profile)
    assert all(f.line is None and f.column is None for f in result.findings)  # no source, no position
    return Counter((f.code, str(f.severity), f.slide, f.field or "", f.message, f.detail) for f in result.findings)


def report(request: Request, **profile: Any) -> Report:
    """The report of every rule; the plan compiled for the profile (its rules only) must find the same."""
    chosen = pinned(**profile)
    whole = run(Parsed("xml", request=request), chosen)
    assert run(Parsed("xml", request=request), chosen, plan=plan(None, profile=chosen)) == whole
    return whole


def codes(request: Request, **profile: Any) -> set[str]:
    return {f.code for f in report(request, **profile).findings}


def slide(**members: Any) -> Request:
    return attrs.evolve(GOOD, slides=(Slide(**members),))


def test_good_request_is_clean() -> None:
    assert codes(GOOD) == set()


CASES: list[tuple[str, Request, list[Expected], dict[str, Any]]] = [
    ("E100 no action", attrs.evolve(GOOD, action=None), [E("E100", "/action", INVALID, "ACTION is missing")], {}),
    (
        "E100 blank api key",
        attrs.evolve(GOOD, api_key="  "),
        [E("E100", "/api_key", INVALID, "API_KEY is missing")],
        {},
    ),
    (
        "E100 other action",
        attrs.evolve(GOOD, action="saveMMS"),
        [E("E100", "/action", INVALID, "ACTION is 'saveMMS', not sendMMS")],
        {},
    ),
    ("E100 action any case", attrs.evolve(GOOD, action="SENDmms"), [], {}),
    ("E100 no to", attrs.evolve(GOOD, to=None), [E("E100", "/to", INVALID, "TO is missing")], {}),
    ("E100 no from", attrs.evolve(GOOD, from_=""), [E("E100", "/from", INVALID, "FROM is missing")], {}),
    (
        "E110 plus",
        attrs.evolve(GOOD, to="+14158586273"),
        [E("E110", "/to", BAD_TO, "'+14158586273' must be digits only, in international format without '+' or '00'")],
        {},
    ),
    (
        "E110 00 prefix",
        attrs.evolve(GOOD, to="0014158586273"),
        [
            E(
                "E110",
                "/to",
                BAD_TO,
                "'0014158586273' starts with '00'; give the number in international format without it",
            )
        ],
        {},
    ),
    (
        "E110 too short",
        attrs.evolve(GOOD, to="1415"),
        [E("E110", "/to", BAD_TO, "'1415' is not a possible international number")],
        {},
    ),
    (
        "E110 letters",
        attrs.evolve(GOOD, to="phone"),
        [E("E110", "/to", BAD_TO, "'phone' must be digits only, in international format without '+' or '00'")],
        {},
    ),
    (
        "E110 spec number passes, warns",
        attrs.evolve(GOOD, to="15551234888"),
        [
            W(
                "MV109",
                "/to",
                "Receiver number is possible but not a valid number for its country.",
                "'15551234888' is not assigned in its country's numbering plan",
            )
        ],
        {},
    ),
    ("E110 UK number", attrs.evolve(GOOD, to="442071838750"), [], {}),
    (
        "E111 short",
        attrs.evolve(GOOD, from_="12"),
        [
            E(
                "E111",
                "/from",
                BAD_FROM,
                "'12' is neither a shortcode (3-8 digits) nor a longcode in international format",
            )
        ],
        {},
    ),
    (
        "E111 letters",
        attrs.evolve(GOOD, from_="SHOP"),
        [
            E(
                "E111",
                "/from",
                BAD_FROM,
                "'SHOP' is neither a shortcode (3-8 digits) nor a longcode in international format",
            )
        ],
        {},
    ),
    ("E111 eight digits", attrs.evolve(GOOD, from_="12345678"), [], {}),
    ("E111 longcode", attrs.evolve(GOOD, from_="14158586273"), [], {}),
    (
        "E114 blocked",
        GOOD,
        [E("E114", "/to", "Phone number is blacklisted. API call rejected.", "14158586273 is on the blocked list")],
        {"blocked_numbers": ["14158586273"]},
    ),
    ("E114 other blocked", GOOD, [], {"blocked_numbers": ["442071838750"]}),
    (
        "E223 two objects",
        slide(vcard=VCF, pdf=PDF),
        [
            E(
                "E223",
                "/slides/0/pdf",
                "More than one object is not allowed in the same slide.",
                "VCARD and PDF",
                slide=1,
            )
        ],
        {},
    ),
    ("E223 one object", slide(passbook=PASS, text="t"), [], {}),
    (
        "E224 object with image",
        slide(image=IMG, ical=ICS),
        [
            E(
                "E224",
                "/slides/0/image",
                "MMS audio/video/image are not allowed with object in the same slide.",
                "IMAGE with ICAL",
                slide=1,
            )
        ],
        {},
    ),
    (
        "E224 object with audio",
        slide(audio=MP3, vcard=VCF),
        [
            E(
                "E224",
                "/slides/0/audio",
                "MMS audio/video/image are not allowed with object in the same slide.",
                "AUDIO with VCARD",
                slide=1,
            )
        ],
        {},
    ),
    (
        "E225 nine slides",
        attrs.evolve(GOOD, slides=GOOD.slides * 9),
        [E("E225", "/slides/8", "Too many Slides.", "9 slides; at most 8 are allowed", slide=9)],
        {},
    ),
    ("E225 eight slides", attrs.evolve(GOOD, slides=GOOD.slides * 8), [], {}),
    (
        "E225 profile",
        attrs.evolve(GOOD, slides=GOOD.slides * 3),
        [E("E225", "/slides/2", "Too many Slides.", "3 slides; at most 2 are allowed", slide=3)],
        {"max_slides": 2},
    ),
    (
        "E226 audio and video",
        slide(audio=MP3, video=MP4),
        [E("E226", "/slides/0/video", "Audio and Video not allowed in same slide.", None, slide=1)],
        {},
    ),
    (
        "E227 video and image",
        slide(video=MP4, image=IMG),
        [E("E227", "/slides/0/video", "Video and Image not allowed in same slide.", None, slide=1)],
        {},
    ),
    ("E227 image and audio allowed", slide(image=IMG, audio=MP3), [], {}),
    (
        "E228 total text",
        attrs.evolve(GOOD, slides=(Slide(text="x" * 6),) * 2),
        [E("E228", "/slides", "Text more than 10 characters.", "the slides hold 12 characters of text")],
        {"max_total_text": 10},
    ),
    ("E228 under", attrs.evolve(GOOD, slides=(Slide(text="x" * 5),) * 2), [], {"max_total_text": 10}),
    (
        "E229 mp3 as image",
        slide(image=MP3),
        [
            E(
                "E229",
                "/slides/0/image",
                "Content not allowed.",
                "a .mp3 file in IMAGE, which takes bmp, gif, jpe, jpeg, jpg, png, wbmp, webp",
                slide=1,
            )
        ],
        {},
    ),
    (
        "E229 jpg as video",
        slide(video=IMG),
        [
            E(
                "E229",
                "/slides/0/video",
                "Content not allowed.",
                "a .jpg file in VIDEO, which takes 3g2, 3gp, avi, m4v, mov, mp4, mpeg, mpg, webm, wmv",
                slide=1,
            )
        ],
        {},
    ),
    ("E229 case-insensitive ext", slide(image="http://h/A.JPG"), [], {}),
    (
        "E629 unknown ext",
        slide(image="http://h/a.docx"),
        [E("E629", "/slides/0/image", "Unrecognized content type.", "'.docx' in IMAGE", slide=1)],
        {},
    ),
    (
        "MV110 no ext",
        slide(image="http://h/image"),
        [
            W(
                "MV110",
                "/slides/0/image",
                "Content type of a URL without a file extension cannot be checked offline.",
                "IMAGE URL has no file extension",
                slide=1,
            )
        ],
        {},
    ),
    (
        "MV103 url params",
        slide(image="http://h/a.jpg?id=1"),
        [
            W(
                "MV103",
                "/slides/0/image",
                "Parameters in a content URL are not supported and will be stripped.",
                "'?id=1' in IMAGE",
                slide=1,
            )
        ],
        {},
    ),
    (
        "E241 not http",
        slide(image="ftp://h/a.jpg"),
        [E("E241", "/slides/0/image", NO_CONTENT, "'ftp://h/a.jpg' is not an absolute http(s) URL", slide=1)],
        {},
    ),
    (
        "E241 relative",
        slide(image="/a.jpg"),
        [E("E241", "/slides/0/image", NO_CONTENT, "'/a.jpg' is not an absolute http(s) URL", slide=1)],
        {},
    ),
    ("E241 empty", slide(image=""), [E("E241", "/slides/0/image", NO_CONTENT, "IMAGE has no URL", slide=1)], {}),
    (
        "E230 zero",
        slide(text="t", duration="0"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "0 seconds; allowed 1 to 60", slide=1)],
        {},
    ),
    (
        "E230 61",
        slide(text="t", duration="61"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "61 seconds; allowed 1 to 60", slide=1)],
        {},
    ),
    (
        "E230 decimal",
        slide(text="t", duration="5.5"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "'5.5' is not a whole number of seconds", slide=1)],
        {},
    ),
    ("E230 60", slide(text="t", duration=" 60 "), [], {}),
    ("E230 profile", slide(text="t", duration="90"), [], {"max_duration": 120}),
    (
        "E311 no name",
        attrs.evolve(GOOD, name=None),
        [E("E311", "/name", NAME_REQUIRED, "NAME is missing")],
        {},
    ),
    (
        "E311 empty name",
        attrs.evolve(GOOD, name=""),
        [E("E311", "/name", NAME_REQUIRED, "NAME is empty")],
        {},
    ),
    ("E312 no slides", attrs.evolve(GOOD, slides=()), [E("E312", "/slides", "No slides.", None)], {}),
    (
        "E313 empty slide",
        attrs.evolve(GOOD, slides=(*GOOD.slides, Slide(duration="5"))),
        [E("E313", "/slides/1", "Slide 2 is empty.", None, slide=2)],
        {},
    ),
    ("E313 blank text", slide(text=" \n "), [E("E313", "/slides/0", "Slide 1 is empty.", None, slide=1)], {}),
    ("E313 text only", slide(text="t"), [], {}),
    (
        "E334 long text",
        slide(text="x" * 5001),
        [E("E334", "/slides/0/text", "Text in slide 1 is too long.", "5001 characters; at most 5000", slide=1)],
        {},
    ),
    ("E334 limit", slide(text="x" * 5000), [], {}),
    (
        "E617 format",
        attrs.evolve(GOOD, mmslink_expiration_date="31/12/2099"),
        [
            E(
                "E617",
                "/mmslink_expiration_date",
                EXPIRY,
                "'31/12/2099' is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ss±hh:mm)",
            )
        ],
        {},
    ),
    (
        "E617 space",
        attrs.evolve(GOOD, mmslink_expiration_date="2099-12-31 10:00"),
        [
            E(
                "E617",
                "/mmslink_expiration_date",
                EXPIRY,
                "'2099-12-31 10:00' is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ss±hh:mm)",
            )
        ],
        {},
    ),
    (
        "E617 not a date",
        attrs.evolve(GOOD, mmslink_expiration_date="2099-02-30"),
        [
            E(
                "E617",
                "/mmslink_expiration_date",
                EXPIRY,
                "'2099-02-30' is not a real date or time (day is out of range for month)",
            )
        ],
        {},
    ),
    (
        "E617 passed",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-25"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-25' has already passed")],
        {},
    ),
    (
        "E617 passed time",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T11:00:00Z"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T11:00:00Z' has already passed")],
        {},
    ),
    ("E617 today", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26"), [], {}),
    ("E617 later today", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T13:00:00+00:00"), [], {}),
    ("E617 basic format", attrs.evolve(GOOD, mmslink_expiration_date="20991231T235959Z"), [], {}),
    (
        "E622 no subject",
        attrs.evolve(GOOD, subject=None),
        [E("E622", "/fallbacksmstext", FALLBACK_REQUIRED, "no SUBJECT and no FALLBACKSMSTEXT")],
        {},
    ),
    (
        "E622 empty subject",
        attrs.evolve(GOOD, subject=""),
        [
            E(
                "E622",
                "/fallbacksmstext",
                FALLBACK_REQUIRED,
                "an empty SUBJECT and no FALLBACKSMSTEXT",
            )
        ],
        {},
    ),
    ("E622 fallback", attrs.evolve(GOOD, subject=None, fallbacksmstext="hi"), [], {}),
    (
        "E650 required",
        GOOD,
        [E("E650", "/operatorid", OPERATOR_REQUIRED, "the profile requires OPERATORID")],
        {"require_operator_id": True},
    ),
    ("E650 given", attrs.evolve(GOOD, operatorid="000189"), [], {"require_operator_id": True}),
    (
        "E718 enforced",
        GOOD,
        [E("E718", "/campaignref", CAMPAIGN_REQUIRED, "Enforce Campaign Check is on")],
        {"enforce_campaign_check": True},
    ),
    ("E718 given", attrs.evolve(GOOD, campaignref="C1"), [], {"enforce_campaign_check": True}),
    (
        "E721 unknown",
        attrs.evolve(GOOD, campaignref="C2"),
        [E("E721", "/campaignref", "Invalid campaignref", "'C2' is not a known campaign reference")],
        {"known_campaign_refs": ["C1"]},
    ),
    ("E721 known", attrs.evolve(GOOD, campaignref="C1"), [], {"known_campaign_refs": ["C1"]}),
    (
        "MV102 repeated",
        attrs.evolve(GOOD, repeated=("/to[2]",)),
        [W("MV102", "/to[2]", "TO is given more than once; only one is used.", None)],
        {},
    ),
    (
        "E223 object given twice",
        slide(vcard=VCF, text="t", extra=("vcard",)),
        [
            E(
                "E223",
                "/slides/0/vcard[2]",
                "More than one object is not allowed in the same slide.",
                "VCARD and VCARD",
                slide=1,
            )
        ],
        {},
    ),
    (
        "MV102 medium given twice",
        slide(image=IMG, extra=("image",)),
        [
            W(
                "MV102",
                "/slides/0/image[2]",
                "IMAGE of slide 1 is given more than once; only one is used.",
                None,
                slide=1,
            )
        ],
        {},
    ),
    (
        "MV104 mask to US",
        attrs.evolve(GOOD, from_mask="Shop"),
        [
            W(
                "MV104",
                "/from_mask",
                "FROM_MASK is not supported for numbers in the United States.",
                "TO 14158586273 is a +1 number",
            )
        ],
        {},
    ),
    ("MV104 mask to UK", attrs.evolve(GOOD, from_mask="Shop", to="442071838750"), [], {}),
    (
        "MV105 mask too long",
        attrs.evolve(GOOD, from_mask="ShopShopShop", to="442071838750"),
        [W("MV105", "/from_mask", "FROM_MASK should be at most 11 letters, digits, '_' or '-'.", "'ShopShopShop'")],
        {},
    ),
    (
        "MV105 mask chars",
        attrs.evolve(GOOD, from_mask="Shop!", to="442071838750"),
        [W("MV105", "/from_mask", "FROM_MASK should be at most 11 letters, digits, '_' or '-'.", "'Shop!'")],
        {},
    ),
    (
        "MV106 flag",
        attrs.evolve(GOOD, disablefallbacksmslink="true"),
        [
            W(
                "MV106",
                "/disablefallbacksmslink",
                "DISABLEFALLBACKSMSLINK should be 'yes' or 'no'.",
                "'true' is neither; only 'yes' disables the link",
            )
        ],
        {},
    ),
    ("MV106 yes", attrs.evolve(GOOD, disablefallbacksmslink="YES"), [], {}),
    (
        "MV107 subject",
        attrs.evolve(GOOD, subject="s" * 81),
        [W("MV107", "/subject", "Subject longer than 80 characters.", "81 characters")],
        {},
    ),
    (
        "MV108 fallback",
        attrs.evolve(GOOD, fallbacksmstext="x" * 161),
        [
            W(
                "MV108",
                "/fallbacksmstext",
                "Fallback SMS text is longer than one SMS and will be sent as 2 segments.",
                "161 characters in GSM-7",
            )
        ],
        {},
    ),
    ("MV108 one segment", attrs.evolve(GOOD, fallbacksmstext="x" * 160), [], {}),
    # passing cases for every rule, and the boundaries of each (README, "Readings of the spec")
    ("E100 padded action", attrs.evolve(GOOD, action="\n    sendMMS\n"), [], {}),
    ("E100 empty api key", attrs.evolve(GOOD, api_key=""), [E("E100", "/api_key", INVALID, "API_KEY is missing")], {}),
    ("E100 empty to", attrs.evolve(GOOD, to=""), [E("E100", "/to", INVALID, "TO is missing")], {}),
    (
        "E100 padded other action",
        attrs.evolve(GOOD, action="\n saveMMS \n"),
        [E("E100", "/action", INVALID, "ACTION is 'saveMMS', not sendMMS")],
        {},
    ),
    ("E110 padded", attrs.evolve(GOOD, to="\n    14158586273\n"), [], {}),
    ("E111 three digits", attrs.evolve(GOOD, from_="100"), [], {}),
    ("E111 eight digits, leading zero", attrs.evolve(GOOD, from_="01234567"), [], {}),
    (
        "E111 nine digits, leading zero",
        attrs.evolve(GOOD, from_="012345678"),
        [
            E(
                "E111",
                "/from",
                BAD_FROM,
                "'012345678' is neither a shortcode (3-8 digits) nor a longcode in international format",
            )
        ],
        {},
    ),
    ("E111 padded", attrs.evolve(GOOD, from_="\n    60856\n"), [], {}),
    (
        "E114 padded",
        attrs.evolve(GOOD, to=" 14158586273\n"),
        [E("E114", "/to", "Phone number is blacklisted. API call rejected.", "14158586273 is on the blocked list")],
        {"blocked_numbers": ["14158586273"]},
    ),
    ("E224 object alone", slide(vcard=VCF), [], {}),
    ("E226 audio alone", slide(audio=MP3), [], {}),
    (
        "E228 one over",
        attrs.evolve(GOOD, slides=(Slide(text="x" * 5), Slide(text="x" * 6))),
        [E("E228", "/slides", "Text more than 10 characters.", "the slides hold 11 characters of text")],
        {"max_total_text": 10},
    ),
    (
        "E228 line breaks count",
        attrs.evolve(GOOD, slides=(Slide(text="\nabcd\n"),)),
        [E("E228", "/slides", "Text more than 5 characters.", "the slides hold 6 characters of text")],
        {"max_total_text": 5},
    ),
    ("E241 https", slide(image="https://example.com/a.jpg"), [], {}),
    ("E241 padded", slide(image="\n    http://example.com/a.jpg\n"), [], {}),
    ("E629 known extension", slide(image="http://h/a.webp"), [], {}),
    ("MV110 extension in the name", slide(image="http://h/v1.2/a.png"), [], {}),
    (
        "MV110 dot in a folder only",
        slide(image="http://h/v1.2/image"),
        [
            W(
                "MV110",
                "/slides/0/image",
                "Content type of a URL without a file extension cannot be checked offline.",
                "IMAGE URL has no file extension",
                slide=1,
            )
        ],
        {},
    ),
    ("MV103 id in the path", slide(image="http://h/42/a.jpg"), [], {}),
    ("E230 one", slide(text="t", duration="1"), [], {}),
    ("E230 sixty", slide(text="t", duration="60"), [], {}),
    ("E230 leading zero", slide(text="t", duration="05"), [], {}),
    (
        "E230 plus sign",
        slide(text="t", duration="+5"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "'+5' is not a whole number of seconds", slide=1)],
        {},
    ),
    (
        "E230 minus one",
        slide(text="t", duration="-1"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "'-1' is not a whole number of seconds", slide=1)],
        {},
    ),
    (
        "E230 empty",
        slide(text="t", duration=""),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "'' is not a whole number of seconds", slide=1)],
        {},
    ),
    ("E230 profile minimum", slide(text="t", duration="3"), [], {"min_duration": 3}),
    (
        "E230 under the profile minimum",
        slide(text="t", duration="2"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "2 seconds; allowed 3 to 60", slide=1)],
        {"min_duration": 3},
    ),
    (
        "E230 over the profile maximum",
        slide(text="t", duration="121"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "121 seconds; allowed 1 to 120", slide=1)],
        {"max_duration": 120},
    ),
    ("E311 padded name", attrs.evolve(GOOD, name="\n    n\n"), [], {}),
    (
        "E311 blank name",
        attrs.evolve(GOOD, name="\n    \n"),
        [E("E311", "/name", NAME_REQUIRED, "NAME is empty")],
        {},
    ),
    ("E312 one slide", GOOD, [], {}),
    (
        "E334 line breaks count",
        slide(text="x" * 4999 + "\n\n"),
        [E("E334", "/slides/0/text", "Text in slide 1 is too long.", "5001 characters; at most 5000", slide=1)],
        {},
    ),
    ("E334 profile limit", slide(text="abc"), [], {"max_slide_text": 3}),
    (
        "E334 over the profile limit",
        slide(text="abcd"),
        [E("E334", "/slides/0/text", "Text in slide 1 is too long.", "4 characters; at most 3", slide=1)],
        {"max_slide_text": 3},
    ),
    (
        "E617 exactly now",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T12:00:00Z"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T12:00:00Z' has already passed")],
        {},
    ),
    ("E617 a second after now", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T12:00:01Z"), [], {}),
    (
        "E617 now at +01:00",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T13:00:00+01:00"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T13:00:00+01:00' has already passed")],
        {},
    ),
    (
        "E617 a second after now at +01:00",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T13:00:01+01:00"),
        [],
        {},
    ),
    (
        "E617 passed at +01:00, not passed if read as UTC",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T12:30:00+01:00"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T12:30:00+01:00' has already passed")],
        {},
    ),
    (
        "E617 now at -05:00",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T07:00:00-05:00"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T07:00:00-05:00' has already passed")],
        {},
    ),
    (
        "E617 a second after now at -05:00",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T07:00:01-05:00"),
        [],
        {},
    ),
    (
        "E617 not passed at -05:00, passed if read as UTC",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T11:30:00-05:00"),
        [],
        {},
    ),
    (
        "E617 now at +0200",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T14:00:00+0200"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T14:00:00+0200' has already passed")],
        {},
    ),
    (
        "E617 a second after now at +0200",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T14:00:01+0200"),
        [],
        {},
    ),
    (
        "E617 now at +01",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T13:00:00+01"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T13:00:00+01' has already passed")],
        {},
    ),
    (
        "E617 naive date-time at now is UTC",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T12:00:00"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T12:00:00' has already passed")],
        {},
    ),
    (
        "E617 naive date-time a second after now",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T12:00:01"),
        [],
        {},
    ),
    (
        "E617 minutes at now",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T12:00Z"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T12:00Z' has already passed")],
        {},
    ),
    ("E617 comma fraction after now", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T12:00:00,5Z"), [], {}),
    (
        "E617 comma fraction before now",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T11:59:59,5Z"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-26T11:59:59,5Z' has already passed")],
        {},
    ),
    ("E617 basic date today", attrs.evolve(GOOD, mmslink_expiration_date="20261126"), [], {}),
    (
        "E617 basic date yesterday",
        attrs.evolve(GOOD, mmslink_expiration_date="20261125"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'20261125' has already passed")],
        {},
    ),
    (
        "E617 basic date-time at now",
        attrs.evolve(GOOD, mmslink_expiration_date="20261126T120000Z"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'20261126T120000Z' has already passed")],
        {},
    ),
    ("E617 basic date-time after now", attrs.evolve(GOOD, mmslink_expiration_date="20261126T120001Z"), [], {}),
    ("E617 padded", attrs.evolve(GOOD, mmslink_expiration_date="\n    2026-11-26\n"), [], {}),
    (
        "E617 padded and passed",
        attrs.evolve(GOOD, mmslink_expiration_date="\n    2026-11-25\n"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-11-25' has already passed")],
        {},
    ),
    (
        "E617 empty",
        attrs.evolve(GOOD, mmslink_expiration_date=""),
        [
            E(
                "E617",
                "/mmslink_expiration_date",
                EXPIRY,
                "'' is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ss±hh:mm)",
            )
        ],
        {},
    ),
    (
        "E622 empty subject and fallback",
        attrs.evolve(GOOD, subject="", fallbacksmstext=""),
        [E("E622", "/fallbacksmstext", FALLBACK_REQUIRED, "an empty SUBJECT and an empty FALLBACKSMSTEXT")],
        {},
    ),
    (
        "E622 no subject, blank fallback",
        attrs.evolve(GOOD, subject=None, fallbacksmstext=" \n "),
        [E("E622", "/fallbacksmstext", FALLBACK_REQUIRED, "no SUBJECT and an empty FALLBACKSMSTEXT")],
        {},
    ),
    ("E622 blank subject, fallback", attrs.evolve(GOOD, subject=" ", fallbacksmstext="hi"), [], {}),
    (
        "E650 empty",
        attrs.evolve(GOOD, operatorid=""),
        [E("E650", "/operatorid", OPERATOR_REQUIRED, "the profile requires OPERATORID")],
        {"require_operator_id": True},
    ),
    ("E650 not required", GOOD, [], {}),
    (
        "E718 empty",
        attrs.evolve(GOOD, campaignref=" "),
        [E("E718", "/campaignref", CAMPAIGN_REQUIRED, "Enforce Campaign Check is on")],
        {"enforce_campaign_check": True},
    ),
    ("E721 padded", attrs.evolve(GOOD, campaignref="\n    C1\n"), [], {"known_campaign_refs": ["C1"]}),
    ("E721 empty is as absent", attrs.evolve(GOOD, campaignref=""), [], {"known_campaign_refs": ["C1"]}),
    ("E721 no list, not checked", attrs.evolve(GOOD, campaignref="C2"), [], {}),
    ("MV102 nothing repeated", GOOD, [], {}),
    (
        "MV102 slide value repeated",
        attrs.evolve(GOOD, repeated=("/slides/0/text[2]", "/slides/0/text[3]")),
        [
            W(
                "MV102",
                "/slides/0/text[2]",
                "TEXT of slide 1 is given more than once; only one is used.",
                None,
                slide=1,
            ),
            W(
                "MV102",
                "/slides/0/text[3]",
                "TEXT of slide 1 is given more than once; only one is used.",
                None,
                slide=1,
            ),
        ],
        {},
    ),
    (
        "MV102 medium given three times",
        slide(audio=MP3, extra=("audio", "audio")),
        [
            W(
                "MV102",
                "/slides/0/audio[2]",
                "AUDIO of slide 1 is given more than once; only one is used.",
                None,
                slide=1,
            ),
            W(
                "MV102",
                "/slides/0/audio[3]",
                "AUDIO of slide 1 is given more than once; only one is used.",
                None,
                slide=1,
            ),
        ],
        {},
    ),
    ("MV104 mask to Canada", attrs.evolve(GOOD, from_mask="Shop", to="16135550123"), [], {}),
    (
        "MV104 mask to +1 of no region",
        attrs.evolve(GOOD, from_mask="Shop", to="15551234888"),
        [
            W(
                "MV109",
                "/to",
                "Receiver number is possible but not a valid number for its country.",
                "'15551234888' is not assigned in its country's numbering plan",
            ),
            W(
                "MV104",
                "/from_mask",
                "FROM_MASK is not supported for numbers in the United States.",
                "TO 15551234888 is a +1 number",
            ),
        ],
        {},
    ),
    (
        "MV104 mask with an invalid TO",
        attrs.evolve(GOOD, from_mask="Shop", to="1415"),
        [E("E110", "/to", BAD_TO, "'1415' is not a possible international number")],
        {},
    ),
    (
        "MV104 padded",
        attrs.evolve(GOOD, from_mask="\n    Shop\n", to="\n    14158586273\n"),
        [
            W(
                "MV104",
                "/from_mask",
                "FROM_MASK is not supported for numbers in the United States.",
                "TO 14158586273 is a +1 number",
            )
        ],
        {},
    ),
    ("MV104 empty mask", attrs.evolve(GOOD, from_mask=""), [], {}),
    (
        "MV104 mask to a +1 number written with its national prefix",
        attrs.evolve(GOOD, from_mask="Shop", to="114158586273"),
        [
            W(
                "MV104",
                "/from_mask",
                "FROM_MASK is not supported for numbers in the United States.",
                "TO 114158586273 is a +1 number",
            )
        ],
        {},
    ),
    (
        "MV104 mask to Canada, written with the national prefix",
        attrs.evolve(GOOD, from_mask="Shop", to="116135550123"),
        [],
        {},
    ),
    ("MV105 mask of 11", attrs.evolve(GOOD, from_mask="Shop_Shop-1", to="442071838750"), [], {}),
    ("MV105 padded", attrs.evolve(GOOD, from_mask="\n    Shop_Shop-1\n", to="442071838750"), [], {}),
    ("MV105 profile limit", attrs.evolve(GOOD, from_mask="Shop", to="442071838750"), [], {"max_from_mask": 4}),
    (
        "MV105 over the profile limit",
        attrs.evolve(GOOD, from_mask="Shop1", to="442071838750"),
        [W("MV105", "/from_mask", "FROM_MASK should be at most 4 letters, digits, '_' or '-'.", "'Shop1'")],
        {"max_from_mask": 4},
    ),
    ("MV106 no", attrs.evolve(GOOD, disablefallbacksmslink="No"), [], {}),
    ("MV106 padded", attrs.evolve(GOOD, disablefallbacksmslink="\n    yes\n"), [], {}),
    (
        "MV106 empty",
        attrs.evolve(GOOD, disablefallbacksmslink=""),
        [
            W(
                "MV106",
                "/disablefallbacksmslink",
                "DISABLEFALLBACKSMSLINK should be 'yes' or 'no'.",
                "'' is neither; only 'yes' disables the link",
            )
        ],
        {},
    ),
    (
        "MV106 padded other",
        attrs.evolve(GOOD, disablefallbacksmslink="\n  true\n"),
        [
            W(
                "MV106",
                "/disablefallbacksmslink",
                "DISABLEFALLBACKSMSLINK should be 'yes' or 'no'.",
                "'true' is neither; only 'yes' disables the link",
            )
        ],
        {},
    ),
    ("MV107 80 characters", attrs.evolve(GOOD, subject="s" * 80), [], {}),
    ("MV107 padded", attrs.evolve(GOOD, subject="\n    " + "s" * 80 + "\n"), [], {}),
    ("MV107 profile limit", attrs.evolve(GOOD, subject="Hello"), [], {"max_subject": 5}),
    (
        "MV107 over the profile limit",
        attrs.evolve(GOOD, subject="Hello!"),
        [W("MV107", "/subject", "Subject longer than 5 characters.", "6 characters")],
        {"max_subject": 5},
    ),
    ("MV108 padded", attrs.evolve(GOOD, fallbacksmstext="\n" + "x" * 160 + "\n"), [], {}),
    ("MV108 160 septets with an extension character", attrs.evolve(GOOD, fallbacksmstext="{" + "x" * 158), [], {}),
    (
        "MV108 161 septets with an extension character",
        attrs.evolve(GOOD, fallbacksmstext="{" + "x" * 159),
        [
            W(
                "MV108",
                "/fallbacksmstext",
                "Fallback SMS text is longer than one SMS and will be sent as 2 segments.",
                "160 characters in GSM-7",
            )
        ],
        {},
    ),
    (
        "MV108 two full GSM-7 segments",
        attrs.evolve(GOOD, fallbacksmstext="x" * 306),
        [
            W(
                "MV108",
                "/fallbacksmstext",
                "Fallback SMS text is longer than one SMS and will be sent as 2 segments.",
                "306 characters in GSM-7",
            )
        ],
        {},
    ),
    (
        "MV108 three GSM-7 segments",
        attrs.evolve(GOOD, fallbacksmstext="x" * 307),
        [
            W(
                "MV108",
                "/fallbacksmstext",
                "Fallback SMS text is longer than one SMS and will be sent as 3 segments.",
                "307 characters in GSM-7",
            )
        ],
        {},
    ),
    ("MV108 70 UCS-2 characters", attrs.evolve(GOOD, fallbacksmstext="ж" * 70), [], {}),
    (
        "MV108 two full UCS-2 segments",
        attrs.evolve(GOOD, fallbacksmstext="ж" * 134),
        [
            W(
                "MV108",
                "/fallbacksmstext",
                "Fallback SMS text is longer than one SMS and will be sent as 2 segments.",
                "134 characters in UCS-2",
            )
        ],
        {},
    ),
    (
        "MV108 three UCS-2 segments",
        attrs.evolve(GOOD, fallbacksmstext="ж" * 135),
        [
            W(
                "MV108",
                "/fallbacksmstext",
                "Fallback SMS text is longer than one SMS and will be sent as 3 segments.",
                "135 characters in UCS-2",
            )
        ],
        {},
    ),
    ("MV108 35 emoji are 70 UTF-16 units", attrs.evolve(GOOD, fallbacksmstext="\U0001f600" * 35), [], {}),
    (
        "MV108 36 emoji are 72 UTF-16 units",
        attrs.evolve(GOOD, fallbacksmstext="\U0001f600" * 35 + "x"),
        [
            W(
                "MV108",
                "/fallbacksmstext",
                "Fallback SMS text is longer than one SMS and will be sent as 2 segments.",
                "36 characters in UCS-2",
            )
        ],
        {},
    ),
    (
        "E617 week date, by default",
        attrs.evolve(GOOD, mmslink_expiration_date="2027-W05"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, WEEK.format("'2027-W05' is an ISO 8601 week date"))],
        {},
    ),
    (
        "E617 basic week date with a day, by default",
        attrs.evolve(GOOD, mmslink_expiration_date="2027W053"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, WEEK.format("'2027W053' is an ISO 8601 week date"))],
        {},
    ),
    (
        "E617 ordinal date, by default",
        attrs.evolve(GOOD, mmslink_expiration_date="2027-181"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, WEEK.format("'2027-181' is an ISO 8601 ordinal date"))],
        {},
    ),
    (
        "E617 basic ordinal date, by default",
        attrs.evolve(GOOD, mmslink_expiration_date="2027181"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, WEEK.format("'2027181' is an ISO 8601 ordinal date"))],
        {},
    ),
    (
        "E617 padded week date, by default",
        attrs.evolve(GOOD, mmslink_expiration_date="\n    2027-W05\n"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, WEEK.format("'2027-W05' is an ISO 8601 week date"))],
        {},
    ),
    ("E617 week date allowed", attrs.evolve(GOOD, mmslink_expiration_date="2027-W05"), [], WEEKS),
    ("E617 week date today", attrs.evolve(GOOD, mmslink_expiration_date="2026-W48-4"), [], WEEKS),
    (
        "E617 week date yesterday",
        attrs.evolve(GOOD, mmslink_expiration_date="2026-W48-3"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026-W48-3' has already passed")],
        WEEKS,
    ),
    ("E617 ordinal date today", attrs.evolve(GOOD, mmslink_expiration_date="2026-330"), [], WEEKS),
    (
        "E617 basic ordinal date yesterday",
        attrs.evolve(GOOD, mmslink_expiration_date="2026329"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'2026329' has already passed")],
        WEEKS,
    ),
    ("E617 day 366 of a leap year", attrs.evolve(GOOD, mmslink_expiration_date="2028-366"), [], WEEKS),
    (
        "E617 day 366 of a common year",
        attrs.evolve(GOOD, mmslink_expiration_date="2027-366"),
        [
            E(
                "E617",
                "/mmslink_expiration_date",
                EXPIRY,
                "'2027-366' is not a real date or time (day 366 is out of range for 2027)",
            )
        ],
        WEEKS,
    ),
    (
        "MV109 padded",
        attrs.evolve(GOOD, to="\n    15551234888\n"),
        [
            W(
                "MV109",
                "/to",
                "Receiver number is possible but not a valid number for its country.",
                "'15551234888' is not assigned in its country's numbering plan",
            )
        ],
        {},
    ),
    (
        "MV104 mask to +1 of no region, written with the national prefix",
        attrs.evolve(GOOD, from_mask="Shop", to="115551234888"),
        [
            W(
                "MV109",
                "/to",
                "Receiver number is possible but not a valid number for its country.",
                "'115551234888' is not assigned in its country's numbering plan",
            ),
            W(
                "MV104",
                "/from_mask",
                "FROM_MASK is not supported for numbers in the United States.",
                "TO 115551234888 is a +1 number",
            ),
        ],
        {},
    ),
    (
        "E224 two media and two objects",
        slide(image=IMG, audio=MP3, vcard=VCF, pdf=PDF),
        [
            E(
                "E223",
                "/slides/0/pdf",
                "More than one object is not allowed in the same slide.",
                "VCARD and PDF",
                slide=1,
            ),
            E(
                "E224",
                "/slides/0/image",
                "MMS audio/video/image are not allowed with object in the same slide.",
                "IMAGE with VCARD",
                slide=1,
            ),
        ],
        {},
    ),
    (
        "E241 padded, not http",
        slide(image="\n    ftp://h/a.jpg\n"),
        [E("E241", "/slides/0/image", NO_CONTENT, "'ftp://h/a.jpg' is not an absolute http(s) URL", slide=1)],
        {},
    ),
    ("E629 trailing spaces are not part of the extension", slide(image="http://example.com/a.jpg   "), [], {}),
    (
        "E110 a single leading zero",
        attrs.evolve(GOOD, to="014158586273"),
        [E("E110", "/to", BAD_TO, "'014158586273' is not a possible international number")],
        {},
    ),
    (
        "E230 more digits than the maximum has",
        slide(text="t", duration="1000"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "1000 seconds; allowed 1 to 60", slide=1)],
        {},
    ),
    (
        "E230 leading zeros do not count",
        slide(text="t", duration="00061"),
        [E("E230", "/slides/0/duration", "Bad 1 slide duration.", "61 seconds; allowed 1 to 60", slide=1)],
        {},
    ),
    (
        "E617 the first moment of year 1, east of UTC",
        attrs.evolve(GOOD, mmslink_expiration_date="0001-01-01T00:00:00+05:00"),
        [E("E617", "/mmslink_expiration_date", EXPIRY, "'0001-01-01T00:00:00+05:00' has already passed")],
        {},
    ),
    (
        "E617 the last moment of year 9999, west of UTC",
        attrs.evolve(GOOD, mmslink_expiration_date="9999-12-31T23:59:59-05:00"),
        [],
        {},
    ),
    ("MV109 valid number", GOOD, [], {}),
    (
        "MV109 possible, not valid",
        attrs.evolve(GOOD, to="15551234888"),
        [
            W(
                "MV109",
                "/to",
                "Receiver number is possible but not a valid number for its country.",
                "'15551234888' is not assigned in its country's numbering plan",
            )
        ],
        {},
    ),
]


@pytest.mark.parametrize(("name", "request_", "expected", "profile"), CASES, ids=[c[0] for c in CASES])
def test_rule(name: str, request_: Request, expected: list[Expected], profile: dict[str, Any]) -> None:
    assert found(request_, **profile) == Counter(expected)


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    """Each rule's code is raised by a case named after it, and some case named after it raises nothing."""
    for rule in RULES:
        named = [expected for name, _, expected, _ in CASES if name.split()[0] == rule.code]
        assert any(rule.code in {e[0] for e in expected} for expected in named), f"no failing case for {rule.code}"
        assert any(not expected for expected in named), f"no passing case for {rule.code}"


def test_messages_fill_the_slide_number() -> None:
    request = attrs.evolve(GOOD, slides=(*GOOD.slides, Slide(), Slide(audio=MP3, video=MP4, duration="0")))
    found = {f.code: f for f in report(request).findings}
    assert found["E313"].message == "Slide 2 is empty." and found["E313"].slide == 2
    assert found["E226"].message == "Audio and Video not allowed in same slide." and found["E226"].slide == 3
    assert found["E230"].message == "Bad 3 slide duration."


def test_all_problems_are_reported_and_first_error_follows_precedence() -> None:
    request = Request(to="1", from_="x", slides=(Slide(),))
    found = report(request)
    assert {"E100", "E110", "E111", "E311", "E313", "E622"} <= set(found.codes)
    assert found.first_error is not None and found.first_error.code == "E100"


def test_clock_from_profile() -> None:
    request = attrs.evolve(GOOD, mmslink_expiration_date="2027-01-01")
    assert codes(request) == set()
    later = pinned(clock=lambda: dt.datetime(2027, 6, 1, tzinfo=dt.UTC))
    assert {f.code for f in run(Parsed("xml", request=request), later).findings} == {"E617"}


def test_sms_segments() -> None:
    assert sms_segments("x" * 160) == (1, "GSM-7")
    assert sms_segments("x" * 161) == (2, "GSM-7")
    assert sms_segments("{" * 81) == (2, "GSM-7")
    assert sms_segments("é" * 160) == (1, "GSM-7")
    assert sms_segments("ü" * 161)[1] == "GSM-7"
    assert sms_segments("ж" * 70) == (1, "UCS-2")
    assert sms_segments("ж" * 71) == (2, "UCS-2")


def test_registry_is_one_record_per_rule() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.scope in ("request", "slide", "content") for r in RULES)
    assert BY_CODE["E226"][0].summary == "A slide does not hold both audio and video."
    assert [r.name for r in BY_CODE["MV102"]] == ["repeated-values", "medium-given-twice"]
