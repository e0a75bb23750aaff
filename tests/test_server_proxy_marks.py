"""The proxy never forwards a form body that starts with a byte order mark.

The check reads past a mark, in the encoding it names (a UTF-16 form is read as its text); PHP reads a form's bytes
as they are, so a UTF-8 mark is the start of the first parameter's name (``\\xef\\xbb\\xbfaction``, and the API
finds no ``action``) and a UTF-16 or UTF-32 form holds no parameter it knows. Such a body passed the check and was
forwarded, to be refused by the API; docs/service.md: a form PHP would read otherwise than the check did is refused,
400 with a plain message, and never forwarded. An XML body may carry a mark: XML parsers read it as one.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import codecs
from collections.abc import Iterator

import httpx

from tests.serving import VENDOR, Served, Upstream, serve
from tests.test_server_routes import EXAMPLE_QUERY, EXAMPLE_XML

REFUSED = (
    "the proxy forwards a form only when the API (PHP) reads its parameters as they were checked: "
    "it starts with a byte order mark, which PHP reads as part of the form, not as its encoding\n"
)
#: Each mark and the encoding of the text after it.
MARKED = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
]


@pytest.fixture(scope="module")
def proxied() -> Iterator[tuple[Upstream, Served]]:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        yield upstream, served


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", None])
@pytest.mark.parametrize(("mark", "encoding"), MARKED)
def test_a_form_body_with_a_byte_order_mark_is_refused_and_never_forwarded(
    proxied: tuple[Upstream, Served], mark: bytes, encoding: str, content_type: str | None
) -> None:
    upstream, served = proxied
    body = mark + EXAMPLE_QUERY.encode(encoding)
    # the check itself finds nothing wrong with it
    checked = httpx.post(
        served.url("/v1/check"), content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (checked.json()["form"], checked.json()["first_error"]) == ("query", None)
    before = len(upstream.received)
    headers = {"Content-Type": content_type} if content_type else {}
    answer = httpx.post(served.url(VENDOR), content=body, headers=headers, timeout=30)
    assert (answer.status_code, answer.headers["content-type"], answer.text) == (
        400,
        "text/plain; charset=utf-8",
        REFUSED,
    )
    assert len(upstream.received) == before


@pytest.mark.parametrize(("mark", "encoding"), MARKED[:3])
def test_an_xml_body_with_a_byte_order_mark_is_still_forwarded_as_it_came(
    proxied: tuple[Upstream, Served], mark: bytes, encoding: str
) -> None:
    upstream, served = proxied
    body = mark + EXAMPLE_XML.decode().encode(encoding)
    answer = httpx.post(served.url(VENDOR), content=body, headers={"Content-Type": "text/xml"}, timeout=30)
    assert (answer.status_code, answer.content) == (200, Upstream.answer)
    assert (upstream.received[-1].method, upstream.received[-1].body) == ("POST", body)
