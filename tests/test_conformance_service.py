"""Conformance of the API's stand-in (``mmsvalidate serve``'s mock) over real HTTP, against the spec's response
examples, with requests written by hand in each form the API takes (XML body, GET query, POST form body)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")
pytest.importorskip("uvicorn", reason="the service's tests need the server extra: pip install -e '.[server]'")
httpx = pytest.importorskip("httpx", reason="the service's tests need the server extra: pip install -e '.[server]'")

from tests.serving import VENDOR, Served, serve  # noqa: E402  (after the skip: it needs the server extra)

XML_BAD_FROM = """<REQUEST>
    <ACTION>sendMMS</ACTION>
    <API_KEY>k</API_KEY>
    <TO>
        15551234888
    </TO>
    <FROM>12</FROM>
    <SUBJECT>s</SUBJECT>
    <NAME>n</NAME>
    <SLIDE>
        <TEXT>Hi</TEXT>
    </SLIDE>
</REQUEST>
"""
QUERY_BAD_FROM = "action=sendmms&api_key=k&to=%2015551234888%20&from=12&name=n&subject=s&slide_text_value_0=Hi"
#: The spec's "Response Example: Failure", with the error table's text of E111 (the example drops its period).
FAILURE = (
    "<RESPONSE>\n"
    "    <STATUS>Failure</STATUS>\n"
    "    <ERRORCODE>E111</ERRORCODE>\n"
    "    <TO>15551234888</TO>\n"
    "    <ERRORINFO>Invalid shortcode.</ERRORINFO>\n"
    "</RESPONSE>\n"
)


@pytest.fixture(scope="module")
def mock() -> Iterator[Served]:
    with serve("--quiet", "--isolated") as served:
        yield served


def test_the_mock_answers_the_number_read_in_every_form(mock: Served) -> None:
    # Spec, "Response Example: Failure": "<TO>15551234888</TO>". TO written over three lines (XML) or with
    # blanks around it (a query) is read as 15551234888 (docs/readings.md), and answered so.
    url = mock.url(VENDOR)
    answers = [
        httpx.post(url, content=XML_BAD_FROM.encode(), headers={"Content-Type": "text/xml"}, timeout=30),
        httpx.get(url + "?" + QUERY_BAD_FROM, timeout=30),
        httpx.post(
            url,
            content=QUERY_BAD_FROM.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=30,
        ),
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "text/xml; charset=utf-8"
        assert answer.text == FAILURE
