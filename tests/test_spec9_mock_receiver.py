"""The mock's ``Prefer: code=E114``. E114 is the spec's "Phone number is blacklisted. API call rejected.": the API
can say it only of a receiver number it has read, and the project's order of checks puts it after the request is
read (E108), its variables given (E100) and its sender and receiver valid (E111, E110), as a number on the
profile's ``blocked_numbers`` is answered. The mock answered it whatever the request held: an XML body that does
not parse, or one with no TO at all, was "Phone number is blacklisted". Now a request whose own error comes
before E114 gets that error (the spec's failure ``<RESPONSE>``, whole); one whose error comes after it (no NAME,
E311), or none, gets E114; the other general codes are still answered whatever the request holds."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

with warnings.catch_warnings():  # the test client's notice about the HTTP library it runs on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import mmsvalidate
from mmsvalidate.server.app import create_app
from mmsvalidate.server.config import ServerConfig
from tests.conftest import CORPUS

VENDOR = "/API/wxml/1.3/index.php"
EXAMPLE = (CORPUS / "spec" / "example.xml").read_text(encoding="utf-8")
BLACKLISTED = "Phone number is blacklisted. API call rejected."
INVALID = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."


def failure(code: str, info: str, to: str | None = "15551234888") -> str:
    """The spec's failure ``<RESPONSE>``, indented as the spec prints it."""
    lines = ["<RESPONSE>", "    <STATUS>Failure</STATUS>", f"    <ERRORCODE>{code}</ERRORCODE>"]
    lines += [f"    <TO>{to}</TO>"] if to is not None else []
    return "\n".join([*lines, f"    <ERRORINFO>{info}</ERRORINFO>", "</RESPONSE>", ""])


NO_TO = EXAMPLE.replace("<TO>15551234888</TO>", "")
BAD_TO = EXAMPLE.replace("<TO>15551234888</TO>", "<TO>1555</TO>")
BAD_FROM = EXAMPLE.replace("<FROM>60856</FROM>", "<FROM>12</FROM>")
NO_NAME = EXAMPLE.replace("<NAME>Membership coupon</NAME>", "")
NOT_XML = EXAMPLE.replace("</REQUEST>", "")


@pytest.mark.parametrize(
    ("body", "expected", "applied"),
    [
        (NOT_XML, failure("E108", "XML Parse error: no element found.", to=None), False),
        (NO_TO, failure("E100", INVALID, to=None), False),
        (BAD_FROM, failure("E111", "Invalid shortcode."), False),
        (BAD_TO, failure("E110", "Invalid receiver number.", to="1555"), False),
        (NO_NAME, failure("E114", BLACKLISTED), True),  # E311 comes after E114
        (EXAMPLE, failure("E114", BLACKLISTED), True),
    ],
)
def test_e114_is_played_only_once_a_receiver_number_is_read(body: str, expected: str, applied: bool) -> None:
    with TestClient(create_app(ServerConfig(access_log=False))) as client:
        answer = client.post(VENDOR, content=body.encode(), headers={"Content-Type": "text/xml", "Prefer": "code=E114"})
    assert (answer.status_code, answer.text) == (200, expected)
    assert answer.headers.get("preference-applied") == ("code=E114" if applied else None)


@pytest.mark.parametrize("body", [NOT_XML, NO_TO, BAD_FROM, BAD_TO, NO_NAME])
def test_the_mock_answers_e114_as_the_offline_check_of_a_blocked_number_does(body: str) -> None:
    profile = mmsvalidate.Profile(blocked_numbers=["15551234888"])
    offline = mmsvalidate.api_response(mmsvalidate.validate(body, profile=profile))
    with TestClient(create_app(ServerConfig(access_log=False))) as client:
        played = client.post(VENDOR, content=body.encode(), headers={"Content-Type": "text/xml", "Prefer": "code=E114"})
    assert played.text == offline


@pytest.mark.parametrize("body", [NOT_XML, NO_TO, BAD_TO])
def test_the_other_general_codes_are_answered_whatever_the_request_holds(body: str) -> None:
    to = "1555" if body is BAD_TO else None
    with TestClient(create_app(ServerConfig(access_log=False))) as client:
        answer = client.post(VENDOR, content=body.encode(), headers={"Content-Type": "text/xml", "Prefer": "code=E104"})
    assert (answer.status_code, answer.text) == (200, failure("E104", "User Authentication Failed.", to=to))
    assert answer.headers["preference-applied"] == "code=E104"
