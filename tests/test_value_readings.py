"""Readings that match the API's meaning: markup inside a value element (MV116, never a vendor code whose
text says something false) and a URL's fragment (not part of the query, RFC 3986)."""

from __future__ import annotations

import pytest

import mmsvalidate
from mmsvalidate import bulk
from tests.conftest import pinned

MARKUP_TEXT = "Markup inside <{}> is not read; only the text around it is."

#: A request with every value element (TO, FROM, ... CAMPAIGNREF; a slide's URL, TEXT and DURATION) given.
FULL = """<REQUEST>
    <ACTION>sendMMS</ACTION>
    <API_KEY>k</API_KEY>
    <TO>14158586273</TO>
    <FROM>60856</FROM>
    <OPERATORID>000189</OPERATORID>
    <CAMPAIGNREF>Spring2027</CAMPAIGNREF>
    <SUBJECT>Spring blast</SUBJECT>
    <NAME>Spring blast</NAME>
    <FALLBACKSMSTEXT>Spring blast</FALLBACKSMSTEXT>
    <SLIDE>
        <IMAGE><URL>http://example.com/a.jpg</URL></IMAGE>
        <TEXT>Spring blast</TEXT>
        <DURATION>5</DURATION>
    </SLIDE>
</REQUEST>
"""

#: (element, field, slide, value as written, the value with an element inside it, what the API reads)
CASES = [
    ("SUBJECT", "/subject", None, "Spring blast", "Spring <I>blast</I>", "Spring "),
    ("NAME", "/name", None, "Spring blast", "Spring <I>blast</I>", "Spring "),
    ("FALLBACKSMSTEXT", "/fallbacksmstext", None, "Spring blast", "Spring<BR/>blast", "Springblast"),
    ("CAMPAIGNREF", "/campaignref", None, "Spring2027", "Spring<B/>2027", "Spring2027"),
    ("OPERATORID", "/operatorid", None, "000189", "000<B>x</B>189", "000189"),
    ("TO", "/to", None, "14158586273", "1415<B/>8586273", "14158586273"),
    ("FROM", "/from", None, "60856", "<B>6</B>60856", "60856"),
    ("TEXT", "/slides/0/text", 1, "Spring blast", "Spring<BR/>blast", "Springblast"),
    ("DURATION", "/slides/0/duration", 1, "5", "5<BR/>", "5"),
    (
        "URL",
        "/slides/0/image",
        1,
        "http://example.com/a.jpg",
        "http://example.com/a.jpg<BR/>",
        "http://example.com/a.jpg",
    ),
]


@pytest.mark.parametrize(("tag", "field", "slide", "plain", "marked", "read"), CASES, ids=[c[0] for c in CASES])
def test_markup_inside_every_value_element_is_mv116_at_the_markup(
    tag: str, field: str, slide: int | None, plain: str, marked: str, read: str
) -> None:
    profile = pinned(known_campaign_refs={"Spring2027"})
    assert mmsvalidate.validate(FULL, profile=profile).findings == ()
    document = FULL.replace(f"<{tag}>{plain}</{tag}>", f"<{tag}>{marked}</{tag}>", 1)
    assert document != FULL
    # where the first element inside the value starts, counted on the document's text
    at = document.index(f"<{tag}>{marked}") + len(f"<{tag}>") + marked.index("<")
    line = document.count("\n", 0, at) + 1
    column = at - document.rfind("\n", 0, at)
    inner = marked[marked.index("<") + 1 :].split(">")[0].split("/")[0]
    found = [
        (f.code, f.severity.value, f.slide, f.field, f.line, f.column, f.message, f.detail)
        for f in mmsvalidate.validate(document, profile=profile).findings
    ]
    detail = f"<{inner}> inside it; the API reads {read!r}"
    assert found == [("MV116", "warning", slide, field, line, column, MARKUP_TEXT.format(tag), detail)]


@pytest.mark.parametrize(("tag", "plain", "marked"), [(c[0], c[3], c[4]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_general_schema_check_finds_markup_in_every_value_element_as_the_walk_does(
    tag: str, plain: str, marked: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the structure check walks the shipped XSD's content models; an XSD past what the walk reads is checked by
    # xmlschema instead (mmsvalidate/structure/xsd.py), which must give the same MV116 for every value element
    from mmsvalidate.structure import xsd

    document = FULL.replace(f"<{tag}>{plain}</{tag}>", f"<{tag}>{marked}</{tag}>", 1)
    profile = pinned(known_campaign_refs={"Spring2027"})
    walked = mmsvalidate.validate(document, profile=profile).findings
    monkeypatch.setattr(xsd, "models", lambda: None)
    assert mmsvalidate.validate(document, profile=profile).findings == walked
    assert [f.code for f in walked] == ["MV116"]


def test_markup_changes_what_is_read_and_the_rules_judge_that() -> None:
    """What the API reads is what the rules see: a name that is all markup is no name."""
    document = FULL.replace("<NAME>Spring blast</NAME>", "<NAME><I>Spring blast</I></NAME>")
    codes = [
        f.code for f in mmsvalidate.validate(document, profile=pinned(known_campaign_refs={"Spring2027"})).findings
    ]
    assert codes == ["E311", "MV116"]  # E311 at <NAME>, MV116 at the <I> after it


GET = (
    "https://secure.skycore.com/API/wxml/1.3/index.php?action=sendMMS&api_key=k&to=14158586273&from=60856"
    "&subject=Hello&name=n&slide_image_url_0=http://example.com/a.jpg&slide_text_value_0=Hi&slide_duration_0=5"
)


def test_a_urls_fragment_is_not_part_of_the_query() -> None:
    alone = mmsvalidate.validate(GET, profile=pinned())
    assert alone.findings == ()
    assert mmsvalidate.validate(GET + "#slide-1", profile=pinned()).findings == ()
    # the fragment takes whatever follows it, even what looks like a parameter
    assert mmsvalidate.validate(GET + "#&slide_duration_0=75", profile=pinned()).findings == ()


def test_a_bare_query_string_or_form_body_keeps_its_hash() -> None:
    """Without ``...?`` the text is a form body: a ``#`` in a value is data (E230 names the value read)."""
    body = GET.partition("?")[2].replace("slide_duration_0=5", "slide_duration_0=5#x")
    [finding] = mmsvalidate.validate(body, form="query", profile=pinned()).findings
    assert (finding.code, finding.detail) == ("E230", "'5#x' is not a whole number of seconds")


def test_a_csv_cell_holding_a_media_url_with_a_fragment_is_that_url() -> None:
    """A cell's value is taken as written: a media URL's fragment belongs to the URL, not to a query."""
    import io

    header = "action,api_key,to,from,subject,name,slide_image_url_0,slide_text_value_0,slide_duration_0\n"
    row = "sendMMS,k,14158586273,60856,Hello,n,http://example.com/a.jpg#top,Hi,5\n"
    [(line, report)] = list(bulk.check_stream(io.BytesIO((header + row).encode()), "query", pinned()))
    assert (line, report.findings) == (2, ())
