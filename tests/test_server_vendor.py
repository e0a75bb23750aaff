"""The API's path on the real service: the mock answers as the spec's examples, tag by tag; the proxy
forwards only good requests, byte for byte, to a real upstream that records what it received."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import re
from collections.abc import Iterator
from xml.etree import ElementTree

import httpx

from mmsvalidate.codes import CODES
from tests.conftest import SPEC, VALID_XML
from tests.serving import VENDOR, Served, Upstream, free_port, serve
from tests.test_server_routes import EXAMPLE_JSON, EXAMPLE_QUERY, EXAMPLE_XML

#: The spec's example with a two-digit FROM: the spec's failure example (E111 for 15551234888).
BAD_FROM = EXAMPLE_XML.replace(b"<FROM>60856</FROM>", b"<FROM>12</FROM>")
E100_TEXT = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."


def spec_example(kind: str) -> ElementTree.Element:
    found = re.search(rf"Response Example: {kind}\s*(<RESPONSE>.*?</RESPONSE>)", SPEC.read_text(encoding="utf-8"), re.S)
    assert found is not None
    return ElementTree.fromstring(found[1])


@pytest.fixture(scope="module")
def mock() -> Iterator[Served]:
    with serve("--quiet") as served:
        yield served


def call(served: Served, body: bytes | None = None, content_type: str | None = None, query: str = "") -> httpx.Response:
    url = served.url(VENDOR + ("?" + query if query else ""))
    if body is None:
        return httpx.get(url, timeout=30)
    headers = {"Content-Type": content_type} if content_type else {}
    return httpx.post(url, content=body, headers=headers, timeout=30)


def parsed(answer: httpx.Response) -> ElementTree.Element:
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/xml; charset=utf-8"
    return ElementTree.fromstring(answer.content)


def test_mock_success_is_the_specs_success_example_tag_by_tag(mock: Served) -> None:
    example = spec_example("Success")
    ours = parsed(call(mock, EXAMPLE_XML, "text/xml"))
    assert [e.tag for e in ours] == [e.tag for e in example] == ["STATUS", "TO", "MMSID", "TRACKINGID", "STATUSDETAILS"]
    for tag in ("STATUS", "TO", "STATUSDETAILS"):
        assert ours.findtext(tag) == example.findtext(tag), tag
    assert re.fullmatch(r"[1-9][0-9]*", ours.findtext("MMSID") or "")
    assert re.fullmatch(r"MMS_[0-9a-f]{32}", ours.findtext("TRACKINGID") or "")


def test_mock_ids_are_fresh_for_every_success(mock: Served) -> None:
    answers = [parsed(call(mock, EXAMPLE_XML, "application/xml")) for _ in range(5)]
    assert len({a.findtext("MMSID") for a in answers}) == 5
    assert len({a.findtext("TRACKINGID") for a in answers}) == 5


def test_mock_failure_is_the_specs_failure_example_tag_by_tag(mock: Served) -> None:
    example = spec_example("Failure")
    ours = parsed(call(mock, BAD_FROM, "text/xml"))
    assert [e.tag for e in ours] == [e.tag for e in example] == ["STATUS", "ERRORCODE", "TO", "ERRORINFO"]
    for tag in ("STATUS", "ERRORCODE", "TO"):
        assert ours.findtext(tag) == example.findtext(tag), tag
    # The spec's example drops the table's final period; the table's text is given (see README).
    assert ours.findtext("ERRORINFO") == "Invalid shortcode." == CODES["E111"].text


def test_mock_reads_get_queries_form_bodies_and_xml_without_a_content_type(mock: Served) -> None:
    assert parsed(call(mock, query=EXAMPLE_QUERY)).findtext("STATUS") == "Success"
    assert parsed(call(mock, EXAMPLE_QUERY.encode(), "application/x-www-form-urlencoded")).findtext("TO") == (
        "15551234888"
    )
    assert parsed(call(mock, b"", None, query=EXAMPLE_QUERY)).findtext("STATUS") == "Success"  # POST, empty body
    assert parsed(call(mock, EXAMPLE_XML, None)).findtext("STATUS") == "Success"
    assert parsed(call(mock, EXAMPLE_XML, "application/x-www-form-urlencoded")).findtext("STATUS") == "Success"


@pytest.mark.parametrize(
    ("body", "query", "code", "to"),
    [
        (None, "", "E100", None),  # a GET with nothing
        (EXAMPLE_JSON, "", "E100", None),  # the API takes no JSON: read as a form body
        (b"<REQUEST>" + b"<A>" * 40 + b"</A>" * 40 + b"</REQUEST>", "", "E100", None),  # MV112: too deep
        (None, "action=sendmms&to=15551234888&slide_text_value_5000=x", "E100", None),  # MV112: slide number
        (VALID_XML.replace("<TO>14158586273</TO>", "<TO>12</TO>").encode(), "", "E110", "12"),
        (b"<REQUEST><TO>1</TO>", "", "E108", None),
    ],
)
def test_mock_answers_only_the_apis_own_codes(
    mock: Served, body: bytes | None, query: str, code: str, to: str | None
) -> None:
    ours = parsed(call(mock, body, None, query=query))
    assert [ours.findtext("STATUS"), ours.findtext("ERRORCODE"), ours.findtext("TO")] == ["Failure", code, to]
    if code == "E100":
        assert ours.findtext("ERRORINFO") == E100_TEXT


def test_mock_counts_answers_by_the_code_answered(mock: Served) -> None:
    call(mock, b"<REQUEST>" + b"<A>" * 40 + b"</A>" * 40 + b"</REQUEST>")
    metrics = httpx.get(mock.url("/metrics"), timeout=30).text
    assert 'mmsvalidate_checks_total{first_error="E100",route="/API/wxml/1.3/index.php"}' in metrics
    assert 'first_error="MV112"' not in metrics


# --- the proxy --------------------------------------------------------------------------------


def test_proxy_forwards_a_valid_post_byte_for_byte_and_relays_the_answer() -> None:
    body = EXAMPLE_XML.replace(b"Hi!", "H\u00e9!".encode()) + b"\r\n  "  # odd bytes at the end, kept
    with Upstream(status=201) as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        answer = call(served, body, "text/xml; charset=UTF-8")
        assert (answer.status_code, answer.content) == (201, Upstream.answer)
        assert answer.headers["content-type"] == Upstream.content_type
    (received,) = upstream.received
    assert (received.method, received.target, received.body) == ("POST", VENDOR, body)
    assert received.headers["content-type"] == "text/xml; charset=UTF-8"


def test_proxy_forwards_a_valid_get_with_its_query_string_unchanged() -> None:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base + "/prefix/") as served:
        assert call(served, query=EXAMPLE_QUERY).content == Upstream.answer
        form = call(served, EXAMPLE_QUERY.encode(), "application/x-www-form-urlencoded")
        assert form.content == Upstream.answer
        empty = call(served, b" \r\n", "application/x-www-form-urlencoded", query=EXAMPLE_QUERY)
        assert empty.content == Upstream.answer  # an empty body: the query string is the request
        unlabelled = call(served, b"\n", None, query=EXAMPLE_QUERY)
        assert unlabelled.content == Upstream.answer
        # the path as the caller wrote it: a percent-encoded one is the API's path to the service, sent on unchanged
        encoded = VENDOR.replace(".php", "%2Ephp")
        assert httpx.get(served.url(encoded + "?" + EXAMPLE_QUERY), timeout=30).content == Upstream.answer
    first, second, third, fourth, fifth = upstream.received
    assert fifth.target == "/prefix" + encoded + "?" + EXAMPLE_QUERY
    assert (first.method, first.target, first.body) == ("GET", "/prefix" + VENDOR + "?" + EXAMPLE_QUERY, b"")
    assert "content-type" not in first.headers
    assert (second.method, second.target, second.body) == ("POST", "/prefix" + VENDOR, EXAMPLE_QUERY.encode())
    assert second.headers["content-type"] == "application/x-www-form-urlencoded"
    assert (third.method, third.target, third.body) == ("POST", "/prefix" + VENDOR + "?" + EXAMPLE_QUERY, b"")
    # docs/service.md: an empty body is sent labelled as the caller labelled it; none here, so none is invented
    assert (fourth.method, fourth.target, fourth.body) == ("POST", "/prefix" + VENDOR + "?" + EXAMPLE_QUERY, b"")
    assert "content-type" not in fourth.headers


#: What the proxy says when a POST carries parameters in both its body and its query string.
BOTH = (
    "the proxy forwards a POST's body or its query string, not both: it checks the body, and the API "
    "may read the query string's parameters too; send them all in one of the two\n"
)


#: POSTs with a good body and a query string: (body, Content-Type, query string).
BOTH_CASES = [
    (EXAMPLE_XML, "text/xml", "to=NOTANUMBER"),
    (EXAMPLE_QUERY.encode(), "application/x-www-form-urlencoded", "to=NOTANUMBER"),
    (EXAMPLE_QUERY.encode(), "application/x-www-form-urlencoded", "x=1"),
    (EXAMPLE_XML, None, "action=sendmms&to=1"),
    (EXAMPLE_XML, "text/plain", "%74o=NOTANUMBER"),  # "to", percent-encoded
    (EXAMPLE_XML, "text/xml", "="),
]


def test_proxy_refuses_a_post_whose_query_string_it_did_not_check() -> None:
    """The body is what is checked; the API (PHP) may read the query string's parameters too: refused, not sent."""
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        for body, content_type, query in BOTH_CASES:
            answer = call(served, body, content_type, query=query)
            assert (answer.status_code, answer.text) == (400, BOTH), query
            assert answer.headers["content-type"].startswith("text/plain")
        metrics = httpx.get(served.url("/metrics"), timeout=30).text
    assert upstream.received == []
    assert f'mmsvalidate_proxy_requests_total{{outcome="refused"}} {len(BOTH_CASES)}.0' in metrics


#: (Content-Type sent, Content-Type forwarded) for the spec's XML example.
XML_LABELS = [
    ("application/x-www-form-urlencoded", "text/xml"),  # checked as XML: never forwarded as a form
    ("application/x-www-form-urlencoded; charset=utf-8", "text/xml"),
    ("text/plain", "text/xml"),
    ("multipart/form-data; boundary=x", "text/xml"),
    (None, "text/xml"),
    ("application/xml; charset=utf-8", "application/xml; charset=utf-8"),  # the caller's, naming XML
    ("application/soap+xml", "application/soap+xml"),
    ("Application/XML", "Application/XML"),  # a media type is read in any case
    ("text/xml ; charset=utf-8", "text/xml ; charset=utf-8"),  # and without the blanks before its parameters
]
#: (Content-Type sent, Content-Type forwarded) for the spec's GET example sent as a body.
FORM_LABELS = [
    ("text/plain", "application/x-www-form-urlencoded"),  # checked as a form: PHP reads it only so labelled
    ("application/json", "application/x-www-form-urlencoded"),
    ("multipart/form-data; boundary=x", "application/x-www-form-urlencoded"),
    (None, "application/x-www-form-urlencoded"),
    ("application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded; charset=utf-8"),
]


def test_proxy_forwards_a_body_in_the_form_it_was_checked_in_whatever_it_was_labelled() -> None:
    cases = [(EXAMPLE_XML, *labels) for labels in XML_LABELS] + [
        (EXAMPLE_QUERY.encode(), *labels) for labels in FORM_LABELS
    ]
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        for body, content_type, _ in cases:
            assert call(served, body, content_type).content == Upstream.answer, content_type
    assert len(upstream.received) == len(cases)
    for received, (body, content_type, forwarded) in zip(upstream.received, cases, strict=True):
        assert (received.method, received.target, received.body) == ("POST", VENDOR, body)
        assert received.headers["content-type"] == forwarded, content_type


def test_proxy_checks_a_bad_form_body_labelled_xml_as_a_form_and_never_forwards_it() -> None:
    bad = EXAMPLE_QUERY.replace("to=15551234888", "to=NOTANUMBER").encode()
    assert bad != EXAMPLE_QUERY.encode()
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        for content_type in ("application/x-www-form-urlencoded", "text/plain", None):
            assert parsed(call(served, bad, content_type)).findtext("STATUS") == "Failure"
    assert upstream.received == []


def test_proxy_answers_invalid_requests_itself_and_never_forwards_them() -> None:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        failure = parsed(call(served, BAD_FROM, "text/xml"))
        assert [e.text for e in failure] == ["Failure", "E111", "15551234888", "Invalid shortcode."]
        assert parsed(call(served, query="action=sendmms")).findtext("ERRORCODE") == "E100"
        assert call(served, b"x" * 2_000_000, "text/xml").status_code == 413
        checked = httpx.post(served.url("/v1/check"), content=EXAMPLE_XML, timeout=30).json()
        assert checked["ok"] is True  # /v1/check only checks, never forwards
        metrics = httpx.get(served.url("/metrics"), timeout=30).text
    assert upstream.received == []
    assert 'mmsvalidate_proxy_requests_total{outcome="answered_locally"} 2.0' in metrics


def test_proxy_unreachable_upstream_is_502_and_a_slow_one_504() -> None:
    with serve("--quiet", "--upstream", f"http://127.0.0.1:{free_port()}") as served:
        answer = call(served, EXAMPLE_XML, "text/xml")
        assert answer.status_code == 502 and answer.headers["content-type"].startswith("text/plain")
        assert answer.text == "upstream 127.0.0.1 unreachable: ConnectError\n"
    with (
        Upstream(delay=3) as upstream,
        serve("--quiet", "--upstream", upstream.base, "--upstream-timeout", "0.5") as served,
    ):
        answer = call(served, EXAMPLE_XML, "text/xml")
        assert (answer.status_code, answer.text) == (504, "upstream 127.0.0.1 did not answer within 0.5 s\n")
        # docs/service.md: the whole answer within --upstream-timeout; one that starts at once and trickles in,
        # a byte every 0.1 s (no wait between bytes as long as the timeout), is 504 too
        upstream.delay, upstream.trickle = 0, 0.1
        answer = call(served, EXAMPLE_XML, "text/xml")
        assert (answer.status_code, answer.text) == (504, "upstream 127.0.0.1 did not answer within 0.5 s\n")


def test_proxy_uses_the_same_profile_as_check() -> None:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base, "--enforce-campaign-check") as served:
        assert parsed(call(served, VALID_XML.encode(), "text/xml")).findtext("ERRORCODE") == "E718"
        assert call(served, EXAMPLE_XML, "text/xml").content == Upstream.answer  # it has a CAMPAIGNREF
    assert [r.body for r in upstream.received] == [EXAMPLE_XML]


#: BAD_FROM (E111) with a comment asking mmsvalidate to ignore E111: the API reads no such comment.
SUPPRESSED = BAD_FROM.replace(b"<REQUEST>", b"<REQUEST><!-- mmsvalidate: ignore[E111] -->", 1)


def test_the_apis_path_ignores_the_requests_own_suppressions() -> None:
    """A request that silences its own error is still answered with it, and never forwarded."""
    assert SUPPRESSED != BAD_FROM
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as proxy, serve("--quiet") as mock:
        for served in (proxy, mock):
            failure = parsed(call(served, SUPPRESSED, "text/xml"))
            assert [e.text for e in failure] == ["Failure", "E111", "15551234888", "Invalid shortcode."]
        checked = httpx.post(mock.url("/v1/check"), content=SUPPRESSED, timeout=30).json()
        assert (checked["ok"], [f["code"] for f in checked["findings"]]) == (True, ["MV109"])  # applied, as by check
    assert upstream.received == []
