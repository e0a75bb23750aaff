"""Properties over random requests and random input: same request, same codes; no input raises."""

from __future__ import annotations

import json

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate import readers, writers
from mmsvalidate.diagnostic import Finding
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.report import Report
from tests.conftest import pinned

PROFILE = pinned()
# Text any form can carry: no surrogates, no control characters but tab and line breaks.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r"),
    max_size=30,
)
URLS = st.sampled_from(
    [
        "http://example.com/a.jpg",
        "https://example.com/p/a.mp3",
        "http://example.com/v.mp4",
        "http://example.com/c.vcf",
        "http://example.com/e.ics",
        "http://example.com/d.pdf",
        "http://example.com/c.pkpass",
        "http://example.com/x.docx",
        "http://example.com/noext",
        "http://example.com/a.jpg?id=1",
        "ftp://example.com/a.jpg",
        "",
    ]
)
GOOD_VALUES = {
    "action": st.sampled_from(["sendMMS", "sendmms", "saveMMS", ""]),
    "api_key": st.sampled_from(["k", " "]),
    "to": st.sampled_from(["14158586273", "15551234888", "442071838750", "+14158586273", "1415", "0044207"]),
    "from": st.sampled_from(["60856", "12", "14158586273", "SHOP"]),
    "from_mask": st.sampled_from(["Shop", "ShopShopShop!"]),
    "mmslink_expiration_date": st.sampled_from(["2099-12-31", "2020-01-01", "2099-02-30", "31/12/2099"]),
    "disablefallbacksmslink": st.sampled_from(["yes", "no", "true"]),
    "fallbacksmstext": st.sampled_from(["hi", "x" * 161]),
}


def value(field: str) -> st.SearchStrategy[str | None]:
    good = GOOD_VALUES.get(field, st.sampled_from(["value"]))
    return st.one_of(st.none(), good, text)


slides = st.builds(
    Slide,
    **{slot: st.one_of(st.none(), st.none(), URLS) for slot in SLOTS},
    text=st.one_of(st.none(), text, st.just("x" * 5001)),
    duration=st.one_of(st.none(), st.sampled_from(["5", "0", "61", "5.5"]), text),
)
requests = st.builds(
    Request,
    slides=st.lists(slides, max_size=10).map(tuple),
    **{attribute(field): value(field) for field in FIELDS},
)


def essence(report: Report) -> list[tuple[str, str, str | None, int | None]]:
    def key(f: Finding) -> tuple[str, str, str | None, int | None]:
        return (f.code, f.message, f.detail, f.slide)

    return sorted(key(f) for f in report.findings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests)
def test_same_request_same_findings_in_every_form(request: Request) -> None:
    assume(writers.query_params(request))  # an empty query string is no request at all
    xml = mmsvalidate.validate(writers.to_xml(request), profile=PROFILE)
    query = mmsvalidate.validate(writers.to_query(request), profile=PROFILE)
    spec_layout = mmsvalidate.validate(writers.to_query(request, multiline=True), profile=PROFILE)
    json_ = mmsvalidate.validate(writers.to_json(request), profile=PROFILE)
    assert (xml.form, query.form, json_.form) == ("xml", "query", "json")
    assert essence(xml) == essence(query) == essence(spec_layout) == essence(json_)


@settings(max_examples=200, deadline=None)
@given(requests)
def test_writing_and_reading_gives_the_model_back(request: Request) -> None:
    assume(writers.query_params(request))
    for form, write in writers.WRITERS.items():
        parsed = readers.read(write(request), form)
        assert parsed.request is not None
        assert parsed.request == _normalised(request), form


def _normalised(request: Request) -> Request:
    """The writers say an empty slide as an empty text."""
    return attrs.evolve(request, slides=tuple(Slide(text="") if s == Slide() else s for s in request.slides))


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)), st.sampled_from(["auto", "xml", "query", "json"]))
def test_random_bytes_and_text_give_a_report(data: bytes | str, form: str) -> None:
    report = mmsvalidate.validate(data, form=form, profile=PROFILE)
    assert all(f.code != "MV900" for f in report.findings), report.findings
    assert report.findings, "no text or bytes this short is a valid request"
    assert report.ok == all(f.severity == "warning" for f in report.findings)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | text, lambda c: st.lists(c) | st.dictionaries(text, c)
    )
)
def test_random_json_values_give_a_report(value: object) -> None:
    report = mmsvalidate.validate(json.dumps(value), form="json", profile=PROFILE)
    assert all(f.code != "MV900" for f in report.findings), report.findings
    if isinstance(value, dict):
        mapping = mmsvalidate.validate(value, profile=PROFILE)
        assert all(f.code != "MV900" for f in mapping.findings), mapping.findings
