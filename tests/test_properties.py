"""Properties over random requests and random input: same request, same codes; no input raises."""

from __future__ import annotations

import datetime as dt
import json
import re

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate import readers, writers
from mmsvalidate.diagnostic import Finding
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.report import Report
from tests.conftest import NOW, pinned

PROFILE = pinned()
# Text any form can carry: no surrogates, no control characters but tab and line breaks.
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r")
text = st.text(alphabet=CHARACTERS, max_size=30)
GSM = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà"


def around(limit: int, spread: int = 2) -> st.SearchStrategy[int]:
    """A length or count at, just under and just over ``limit``."""
    return st.integers(max(0, limit - spread), limit + spread)


def sized(lengths: st.SearchStrategy[int], alphabet: str | st.SearchStrategy[str] = "xyé ") -> st.SearchStrategy[str]:
    """Text of one of ``lengths`` characters."""
    return lengths.flatmap(lambda n: st.text(alphabet=alphabet, min_size=n, max_size=n))


#: Fallback text around one SMS and its segments: GSM-7 (some extension characters), UCS-2, emoji.
SMS = st.one_of(
    st.tuples(around(160), st.integers(0, 3)).map(lambda t: "{" * t[1] + "x" * (t[0] - 2 * t[1])),
    sized(st.sampled_from([153, 159, 160, 161, 306, 307]), GSM + "^{}[]~|€"),
    sized(around(70), "жé"),
    st.tuples(around(35, 1), st.booleans()).map(lambda t: "\U0001f600" * t[0] + ("x" if t[1] else "")),
)
#: Moments around the pinned clock, written in each accepted ISO 8601 form and in wrong ones.
OFFSETS = [dt.timedelta(0), dt.timedelta(hours=1), dt.timedelta(hours=-5), dt.timedelta(hours=5, minutes=30)]


@st.composite
def expiry(draw: st.DrawFn) -> str:
    seconds = draw(st.one_of(st.integers(-3, 3), st.integers(-2 * 86400, 2 * 86400)))
    zone = dt.timezone(draw(st.sampled_from(OFFSETS)))
    moment = (NOW + dt.timedelta(seconds=seconds)).astimezone(zone)
    offset = moment.strftime("%z")
    style = draw(st.sampled_from(["date", "basic date", "extended", "basic", "naive", "hhmm", "Z", "comma", "space"]))
    return {
        "date": moment.strftime("%Y-%m-%d"),
        "basic date": moment.strftime("%Y%m%d"),
        "extended": moment.strftime("%Y-%m-%dT%H:%M:%S") + offset[:3] + ":" + offset[3:],
        "basic": moment.strftime("%Y%m%dT%H%M%S") + offset,
        "naive": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "hhmm": moment.strftime("%Y-%m-%dT%H:%M:%S") + offset,
        "Z": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "comma": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S,5Z"),
        "space": moment.strftime("%Y-%m-%d %H:%M:%S"),
    }[style]


#: Receivers: possible, valid or not, of several regions (US, Canada, +1 of no region, UK, Germany), and wrong.
TO = st.one_of(
    st.sampled_from(["14158586273", "16135550123", "15551234888", "442071838750", "4915112345678"]),
    st.tuples(st.sampled_from(["1", "44", "49", "33", "61", "86"]), st.text("0123456789", min_size=3, max_size=13)).map(
        "".join
    ),
    st.sampled_from(["+14158586273", "0014158586273", "1415", "abc", "1-415-858-6273"]),
)
#: Senders around the shortcode lengths (3 to 8), with and without a leading zero, and longcodes.
FROM = st.one_of(
    st.tuples(st.sampled_from(["", "0"]), st.integers(1, 9)).map(lambda t: t[0] + "123456789"[: t[1]]),
    st.sampled_from(["14158586273", "SHOP", "60856x"]),
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
    "to": TO,
    "from": FROM,
    "from_mask": st.one_of(sized(around(11), "Ab1_-"), st.sampled_from(["Shop", "My Shop", "my.shop"])),
    "subject": sized(around(80)),
    "mmslink_expiration_date": expiry(),
    "disablefallbacksmslink": st.sampled_from(["yes", "no", "YES", "true", "1", ""]),
    "fallbacksmstext": SMS,
}


def value(field: str) -> st.SearchStrategy[str | None]:
    good = GOOD_VALUES.get(field, st.sampled_from(["value"]))
    padded = good.map(lambda v: f"\n    {v}\n")
    return st.one_of(st.none(), good, padded, text)


DURATIONS = st.one_of(
    st.integers(-1, 62).map(str),
    st.sampled_from(["05", "+5", "5.0", "5.5", " 60 ", "", "true"]),
    text,
)
slides = st.builds(
    Slide,
    **{slot: st.one_of(st.none(), st.none(), URLS) for slot in SLOTS},
    text=st.one_of(st.none(), text, sized(st.sampled_from([4999, 5000, 5001]), "x\n")),
    duration=st.one_of(st.none(), DURATIONS),
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
        if form == "xml" and _NONCHARACTERS.search(json.dumps(attrs.asdict(request), ensure_ascii=False)):
            continue  # XML 1.0 cannot carry U+FFFE or U+FFFF (CHARACTERS draws no other it refuses): convert says so
        parsed = readers.read(write(request), form)
        assert parsed.request is not None
        assert parsed.request == _normalised(request), form


#: The characters CHARACTERS draws that XML 1.0 cannot carry, even as character references.
_NONCHARACTERS = re.compile("[\ufffe\uffff]")


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
