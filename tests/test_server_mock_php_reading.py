"""The mock answers a form as the API, a PHP script, reads it: what PHP hands the script, not what the check reads.

The check reads a form as a linter reads a file (line breaks and ``#`` comment lines as the spec prints its GET
example, a URL's query after its ``?``, a byte order mark skipped, names case-insensitively); PHP reads the bytes
(a line break is data, every ``&`` starts a parameter, ``to%00``, `` to`` and ``slide.duration.0`` are ``to``,
``to`` and ``slide_duration_0``, ``to[]`` an array, no more than 1,000 parameters). For such a form the proxy
refuses to forward (docs/service.md); the mock answered what the check read, a Success where the API would answer
that ``to=NOTANUMBER`` is no number. It now answers what PHP's reading of the form holds, as the API would.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from collections.abc import Iterator

import httpx

from tests.conftest import CORPUS
from tests.serving import VENDOR, Served, serve
from tests.test_server_routes import EXAMPLE_QUERY

E100 = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."


def failure(code: str, info: str, to: str | None) -> str:
    """The spec's failure ``<RESPONSE>``, its TO when the request has one."""
    echoed = f"    <TO>{to}</TO>\n" if to is not None else ""
    return (
        f"<RESPONSE>\n    <STATUS>Failure</STATUS>\n    <ERRORCODE>{code}</ERRORCODE>\n{echoed}"
        f"    <ERRORINFO>{info}</ERRORINFO>\n</RESPONSE>\n"
    )


NOT_A_NUMBER = failure("E110", "Invalid receiver number.", "NOTANUMBER")
#: (the form body, the API's answer): each passes the check, which reads it otherwise than PHP.
MISREAD = [
    (EXAMPLE_QUERY + "\n#&to=NOTANUMBER", NOT_A_NUMBER),  # no comment to PHP: the last to= stands
    (EXAMPLE_QUERY + "&to=NOTANUMBER&\tto=15551234888", NOT_A_NUMBER),  # "\tto" is no "to" to PHP
    (EXAMPLE_QUERY + "&%20to=NOTANUMBER", NOT_A_NUMBER),  # " to" is "to"
    (EXAMPLE_QUERY + "&+to=NOTANUMBER", NOT_A_NUMBER),
    (EXAMPLE_QUERY + "&to%00=NOTANUMBER", NOT_A_NUMBER),  # cut at the NUL
    (EXAMPLE_QUERY + "&slide.duration.0=99999", failure("E230", "Bad 1 slide duration.", "15551234888")),
    (EXAMPLE_QUERY + "&slide duration 0=99999", failure("E230", "Bad 1 slide duration.", "15551234888")),
    (EXAMPLE_QUERY + "&to[]=NOTANUMBER", failure("E110", "Invalid receiver number.", "Array")),  # an array
    # the spec's printed GET example, posted as it is: PHP's first name is the whole URL up to "action"
    ((CORPUS / "spec" / "example-get.txt").read_text(encoding="utf-8"), failure("E100", E100, "15551234888")),
    # more than max_input_vars: PHP never reads the good request past them
    (
        "to=NOTANUMBER&" + "&".join(f"x{n}=1" for n in range(1000)) + "&" + EXAMPLE_QUERY,
        failure("E100", E100, "NOTANUMBER"),
    ),
]


@pytest.fixture(scope="module")
def mock() -> Iterator[Served]:
    with serve("--quiet") as served:
        yield served


def answered(served: Served, body: bytes) -> httpx.Response:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return httpx.post(served.url(VENDOR), content=body, headers=headers, timeout=30)


@pytest.mark.parametrize(("form", "expected"), MISREAD)
def test_a_form_php_reads_otherwise_is_answered_as_php_reads_it(mock: Served, form: str, expected: str) -> None:
    body = form.encode()
    # the check itself finds no error in it
    assert httpx.post(mock.url("/v1/check"), content=body, timeout=30).json()["first_error"] is None
    answer = answered(mock, body)
    assert (answer.status_code, answer.headers["content-type"], answer.text) == (
        200,
        "text/xml; charset=utf-8",
        expected,
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a UTF-8 mark is the start of the first name: no "action"
        (b"\xef\xbb\xbf" + EXAMPLE_QUERY.encode(), failure("E100", E100, "15551234888")),
        # a UTF-16 form is no parameter PHP knows
        (EXAMPLE_QUERY.encode("utf-16"), failure("E100", E100, None)),
    ],
)
def test_a_form_with_a_byte_order_mark_is_answered_as_php_reads_it(mock: Served, body: bytes, expected: str) -> None:
    assert answered(mock, body).text == expected


def test_a_query_string_php_reads_otherwise_is_answered_as_php_reads_it(mock: Served) -> None:
    answer = httpx.get(mock.url(f"{VENDOR}?{EXAMPLE_QUERY}&to%5B%5D=NOTANUMBER"), timeout=30)
    assert answer.text == failure("E110", "Invalid receiver number.", "Array")


@pytest.mark.parametrize(
    "extra",
    ["", "&subject=caf%C3%A9%20%2B%20th%C3%A9", "&to=15551234888", "&x.y=1&utm source=2&a[b]=3"],
)
def test_a_form_php_reads_alike_is_still_a_success(mock: Served, extra: str) -> None:
    answer = answered(mock, (EXAMPLE_QUERY + extra).encode())
    assert "<STATUS>Success</STATUS>" in answer.text and "<TO>15551234888</TO>" in answer.text
