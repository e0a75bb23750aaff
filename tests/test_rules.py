"""Each rule on the model: one failing and one passing case at least, and the messages it gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from mmsvalidate.engine import check as run
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


def report(request: Request, **profile: Any) -> Report:
    return run(Parsed("xml", request=request), pinned(**profile))


def codes(request: Request, **profile: Any) -> set[str]:
    return {f.code for f in report(request, **profile).findings}


def slide(**members: Any) -> Request:
    return attrs.evolve(GOOD, slides=(Slide(**members),))


def test_good_request_is_clean() -> None:
    assert codes(GOOD) == set()


CASES: list[tuple[str, Request, set[str], dict[str, Any]]] = [
    ("E100 no action", attrs.evolve(GOOD, action=None), {"E100"}, {}),
    ("E100 blank api key", attrs.evolve(GOOD, api_key="  "), {"E100"}, {}),
    ("E100 other action", attrs.evolve(GOOD, action="saveMMS"), {"E100"}, {}),
    ("E100 action any case", attrs.evolve(GOOD, action="SENDmms"), set(), {}),
    ("E100 no to", attrs.evolve(GOOD, to=None), {"E100"}, {}),
    ("E100 no from", attrs.evolve(GOOD, from_=""), {"E100"}, {}),
    ("E110 plus", attrs.evolve(GOOD, to="+14158586273"), {"E110"}, {}),
    ("E110 00 prefix", attrs.evolve(GOOD, to="0014158586273"), {"E110"}, {}),
    ("E110 too short", attrs.evolve(GOOD, to="1415"), {"E110"}, {}),
    ("E110 letters", attrs.evolve(GOOD, to="phone"), {"E110"}, {}),
    ("E110 spec number passes, warns", attrs.evolve(GOOD, to="15551234888"), {"MV109"}, {}),
    ("E110 UK number", attrs.evolve(GOOD, to="442071838750"), set(), {}),
    ("E111 short", attrs.evolve(GOOD, from_="12"), {"E111"}, {}),
    ("E111 letters", attrs.evolve(GOOD, from_="SHOP"), {"E111"}, {}),
    ("E111 eight digits", attrs.evolve(GOOD, from_="12345678"), set(), {}),
    ("E111 longcode", attrs.evolve(GOOD, from_="14158586273"), set(), {}),
    ("E114 blocked", GOOD, {"E114"}, {"blocked_numbers": ["14158586273"]}),
    ("E114 other blocked", GOOD, set(), {"blocked_numbers": ["442071838750"]}),
    ("E223 two objects", slide(vcard=VCF, pdf=PDF), {"E223"}, {}),
    ("E223 one object", slide(passbook=PASS, text="t"), set(), {}),
    ("E224 object with image", slide(image=IMG, ical=ICS), {"E224"}, {}),
    ("E224 object with audio", slide(audio=MP3, vcard=VCF), {"E224"}, {}),
    ("E225 nine slides", attrs.evolve(GOOD, slides=GOOD.slides * 9), {"E225"}, {}),
    ("E225 eight slides", attrs.evolve(GOOD, slides=GOOD.slides * 8), set(), {}),
    ("E225 profile", attrs.evolve(GOOD, slides=GOOD.slides * 3), {"E225"}, {"max_slides": 2}),
    ("E226 audio and video", slide(audio=MP3, video=MP4), {"E226"}, {}),
    ("E227 video and image", slide(video=MP4, image=IMG), {"E227"}, {}),
    ("E227 image and audio allowed", slide(image=IMG, audio=MP3), set(), {}),
    ("E228 total text", attrs.evolve(GOOD, slides=(Slide(text="x" * 6),) * 2), {"E228"}, {"max_total_text": 10}),
    ("E228 under", attrs.evolve(GOOD, slides=(Slide(text="x" * 5),) * 2), set(), {"max_total_text": 10}),
    ("E229 mp3 as image", slide(image=MP3), {"E229"}, {}),
    ("E229 jpg as video", slide(video=IMG), {"E229"}, {}),
    ("E229 case-insensitive ext", slide(image="http://h/A.JPG"), set(), {}),
    ("E629 unknown ext", slide(image="http://h/a.docx"), {"E629"}, {}),
    ("MV110 no ext", slide(image="http://h/image"), {"MV110"}, {}),
    ("MV103 url params", slide(image="http://h/a.jpg?id=1"), {"MV103"}, {}),
    ("E241 not http", slide(image="ftp://h/a.jpg"), {"E241"}, {}),
    ("E241 relative", slide(image="/a.jpg"), {"E241"}, {}),
    ("E241 empty", slide(image=""), {"E241"}, {}),
    ("E230 zero", slide(text="t", duration="0"), {"E230"}, {}),
    ("E230 61", slide(text="t", duration="61"), {"E230"}, {}),
    ("E230 decimal", slide(text="t", duration="5.5"), {"E230"}, {}),
    ("E230 60", slide(text="t", duration=" 60 "), set(), {}),
    ("E230 profile", slide(text="t", duration="90"), set(), {"max_duration": 120}),
    ("E311 no name", attrs.evolve(GOOD, name=None), {"E311"}, {}),
    ("E311 empty name", attrs.evolve(GOOD, name=""), {"E311"}, {}),
    ("E312 no slides", attrs.evolve(GOOD, slides=()), {"E312"}, {}),
    ("E313 empty slide", attrs.evolve(GOOD, slides=(*GOOD.slides, Slide(duration="5"))), {"E313"}, {}),
    ("E313 blank text", slide(text=" \n "), {"E313"}, {}),
    ("E313 text only", slide(text="t"), set(), {}),
    ("E334 long text", slide(text="x" * 5001), {"E334"}, {}),
    ("E334 limit", slide(text="x" * 5000), set(), {}),
    ("E617 format", attrs.evolve(GOOD, mmslink_expiration_date="31/12/2099"), {"E617"}, {}),
    ("E617 space", attrs.evolve(GOOD, mmslink_expiration_date="2099-12-31 10:00"), {"E617"}, {}),
    ("E617 not a date", attrs.evolve(GOOD, mmslink_expiration_date="2099-02-30"), {"E617"}, {}),
    ("E617 passed", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-25"), {"E617"}, {}),
    ("E617 passed time", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T11:00:00Z"), {"E617"}, {}),
    ("E617 today", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26"), set(), {}),
    ("E617 later today", attrs.evolve(GOOD, mmslink_expiration_date="2026-11-26T13:00:00+00:00"), set(), {}),
    ("E617 basic format", attrs.evolve(GOOD, mmslink_expiration_date="20991231T235959Z"), set(), {}),
    ("E622 no subject", attrs.evolve(GOOD, subject=None), {"E622"}, {}),
    ("E622 empty subject", attrs.evolve(GOOD, subject=""), {"E622"}, {}),
    ("E622 fallback", attrs.evolve(GOOD, subject=None, fallbacksmstext="hi"), set(), {}),
    ("E650 required", GOOD, {"E650"}, {"require_operator_id": True}),
    ("E650 given", attrs.evolve(GOOD, operatorid="000189"), set(), {"require_operator_id": True}),
    ("E718 enforced", GOOD, {"E718"}, {"enforce_campaign_check": True}),
    ("E718 given", attrs.evolve(GOOD, campaignref="C1"), set(), {"enforce_campaign_check": True}),
    ("E721 unknown", attrs.evolve(GOOD, campaignref="C2"), {"E721"}, {"known_campaign_refs": ["C1"]}),
    ("E721 known", attrs.evolve(GOOD, campaignref="C1"), set(), {"known_campaign_refs": ["C1"]}),
    ("MV102 repeated", attrs.evolve(GOOD, repeated=("/to[2]",)), {"MV102"}, {}),
    ("E223 object given twice", slide(vcard=VCF, text="t", extra=("vcard",)), {"E223"}, {}),
    ("MV102 medium given twice", slide(image=IMG, extra=("image",)), {"MV102"}, {}),
    ("MV104 mask to US", attrs.evolve(GOOD, from_mask="Shop"), {"MV104"}, {}),
    ("MV104 mask to UK", attrs.evolve(GOOD, from_mask="Shop", to="442071838750"), set(), {}),
    ("MV105 mask too long", attrs.evolve(GOOD, from_mask="ShopShopShop", to="442071838750"), {"MV105"}, {}),
    ("MV105 mask chars", attrs.evolve(GOOD, from_mask="Shop!", to="442071838750"), {"MV105"}, {}),
    ("MV106 flag", attrs.evolve(GOOD, disablefallbacksmslink="true"), {"MV106"}, {}),
    ("MV106 yes", attrs.evolve(GOOD, disablefallbacksmslink="YES"), set(), {}),
    ("MV107 subject", attrs.evolve(GOOD, subject="s" * 81), {"MV107"}, {}),
    ("MV108 fallback", attrs.evolve(GOOD, fallbacksmstext="x" * 161), {"MV108"}, {}),
    ("MV108 one segment", attrs.evolve(GOOD, fallbacksmstext="x" * 160), set(), {}),
]


@pytest.mark.parametrize(("name", "request_", "expected", "profile"), CASES, ids=[c[0] for c in CASES])
def test_rule(name: str, request_: Request, expected: set[str], profile: dict[str, Any]) -> None:
    assert codes(request_, **profile) == expected


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    failing = {code for _, _, expected, _ in CASES for code in expected}
    passing_names = {name.split()[0] for name, _, expected, _ in CASES if not expected}
    for rule in RULES:
        assert rule.code in failing, rule.code
    assert {"E100", "E110", "E111", "E223", "E227", "E230", "E617", "E622"} <= passing_names


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
    assert all(r.scope in ("request", "slide") for r in RULES)
    assert BY_CODE["E226"][0].summary.startswith("A slide does not hold both audio and video")
