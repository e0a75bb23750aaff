"""The mock plays the API's account-side answers on request (``Prefer: code=E104``); the proxy ignores that header.

Expected answers are the spec's failure ``<RESPONSE>`` with each code's text copied from the spec's tables.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import re
from collections.abc import Iterator

import httpx

from tests.serving import VENDOR, Served, Upstream, serve
from tests.test_server_routes import EXAMPLE_QUERY, EXAMPLE_XML
from tests.test_server_vendor import BAD_FROM

#: The spec's general codes that only the account can raise (E114: the account's blocked numbers), as the spec
#: words them.
GENERAL = {
    "E104": "User Authentication Failed.",
    "E105": "This account has no API rights.",
    "E106": "You can call API every X seconds.",
    "E107": "This account has no rights to use this action.",
    "E109": "API not activated.",
    "E112": "IP was not whitelisted. API call rejected.",
    "E113": "Set throughput exceeded for this API action. API call rejected.",
    "E114": "Phone number is blacklisted. API call rejected.",
    "E120": "Account has reached the API request limit.",
    "E503": "Internal error.",
}
#: The spec's sendMMS codes whose condition lies beyond the request's text (the media the API fetches, the
#: carrier and service look-ups, the account's campaigns).
SENDMMS = {
    "E241": "This content does not exist.",
    "E331": "Image in slide X is too big.",
    "E332": "Audio in slide X is too big.",
    "E333": "Video in slide X is too big.",
    "E335": "vCard in slide X is too big.",
    "E336": "iCal in slide X is too big.",
    "E337": "PDF in slide X is too big.",
    "E338": "Passbook file in slide X is too big.",
    "E341": "Image file in slide X is corrupted.",
    "E351": "Could not copy Image in slide X.",
    "E352": "Could not copy Audio in slide X.",
    "E353": "Could not copy Video in slide X.",
    "E355": "Could not copy vCard in slide X.",
    "E356": "Could not copy iCal in slide X.",
    "E357": "Could not copy PDF in slide X.",
    "E358": "Could not copy Passbook file in slide X.",
    "E618": "Carrier lookup failed. Please retry.",
    "E619": "Carrier not provisioned.",
    "E627": "Invalid serviceid / serviceid is required",
    "E628": "Operator Not supported.",
    "E715": "Number is not subscribed in this campaign",
    "E721": "Invalid campaignref",
}
PLAYED = {**GENERAL, **SENDMMS}
#: X when the caller names none: 60 seconds for E106, else slide 1.
DEFAULT_X = {"E106": "60"}


def failure(code: str, info: str, to: str | None = "15551234888") -> bytes:
    """The spec's failure ``<RESPONSE>``, indented as the spec prints it."""
    lines = ["<RESPONSE>", "    <STATUS>Failure</STATUS>", f"    <ERRORCODE>{code}</ERRORCODE>"]
    if to is not None:
        lines.append(f"    <TO>{to}</TO>")
    lines += [f"    <ERRORINFO>{info}</ERRORINFO>", "</RESPONSE>", ""]
    return "\n".join(lines).encode()


@pytest.fixture(scope="module")
def mock() -> Iterator[Served]:
    with serve("--quiet") as served:
        yield served


def post(served: Served, body: bytes, *prefer: str) -> httpx.Response:
    headers = [("Content-Type", "text/xml")] + [("Prefer", value) for value in prefer]
    return httpx.post(served.url(VENDOR), content=body, headers=headers, timeout=30)


@pytest.mark.parametrize("code", sorted(PLAYED))
def test_the_mock_plays_each_account_side_code_with_the_specs_response(mock: Served, code: str) -> None:
    answer = post(mock, EXAMPLE_XML, f"code={code}")
    info = re.sub(r"\bX\b", DEFAULT_X.get(code, "1"), PLAYED[code])
    assert (answer.status_code, answer.content) == (200, failure(code, info))
    assert answer.headers["content-type"] == "text/xml; charset=utf-8"
    assert answer.headers["preference-applied"] == f"code={code}"


@pytest.mark.parametrize(
    ("prefer", "code", "info"),
    [
        ("code=E106, x=30", "E106", "You can call API every 30 seconds."),
        ("code=E106, x=" + "9" * 20, "E106", f"You can call API every {'9' * 20} seconds."),  # the longest x taken
        ("code=E351, x=2", "E351", "Could not copy Image in slide 2."),
        ("code=E338; x=9, x=2", "E338", "Passbook file in slide 2 is too big."),  # ;x=9 is code's own parameter
        ('code="E113"', "E113", "Set throughput exceeded for this API action. API call rejected."),
        ('code = "E113" , x = 2', "E113", "Set throughput exceeded for this API action. API call rejected."),  # BWS
        ("respond-async, code=e104, wait=10", "E104", "User Authentication Failed."),
        ("code=E104, code=E105", "E104", "User Authentication Failed."),  # the first of a name counts
        ("Respond-Async, CODE=E104", "E104", "User Authentication Failed."),  # names are case-insensitive
    ],
)
def test_x_quoting_case_and_other_preferences(mock: Served, prefer: str, code: str, info: str) -> None:
    answer = post(mock, EXAMPLE_XML, prefer)
    assert (answer.status_code, answer.content) == (200, failure(code, info))


def test_the_first_prefer_header_naming_a_code_counts_and_a_get_plays_too(mock: Served) -> None:
    answer = post(mock, EXAMPLE_XML, "return=minimal", "code=E120", "code=E503")
    assert answer.content == failure("E120", "Account has reached the API request limit.")
    got = httpx.get(mock.url(VENDOR + "?" + EXAMPLE_QUERY), headers={"Prefer": "code=E619"}, timeout=30)
    assert got.content == failure("E619", "Carrier not provisioned.")


def test_general_codes_are_answered_whatever_the_request_holds_sendmms_ones_only_for_a_good_request(
    mock: Served,
) -> None:
    general = post(mock, BAD_FROM, "code=E104")  # the account refuses the call before reading it
    assert general.content == failure("E104", "User Authentication Failed.")
    no_to = post(mock, b"<REQUEST><ACTION>sendMMS</ACTION></REQUEST>", "code=E112")
    assert no_to.content == failure("E112", "IP was not whitelisted. API call rejected.", to=None)
    own = post(mock, BAD_FROM, "code=E351")  # its own error comes first, as from the API
    assert own.content == failure("E111", "Invalid shortcode.")
    assert "preference-applied" not in own.headers


def test_without_a_code_preference_the_mock_answers_as_before(mock: Served) -> None:
    answer = post(mock, EXAMPLE_XML, "return=minimal, respond-async")
    assert answer.status_code == 200 and b"<STATUS>Success</STATUS>" in answer.content
    assert "preference-applied" not in answer.headers


@pytest.mark.parametrize(
    ("prefer", "message"),
    [
        ("code=E226", "Prefer: code=E226 is not a code the mock plays; it plays E104, E105"),
        ("code=E100", "Prefer: code=E100 is not a code the mock plays"),
        ("code=", "Prefer: code= is not a code the mock plays"),
        ("code=E104<x>", "Prefer: code=E104?x? is not a code the mock plays"),
        ("code=E106, x=", "Prefer: x= takes 1 to 20 letters, digits, '-', '_' or '.'"),
        ("code=E106, x=<b>", "Prefer: x= takes 1 to 20 letters, digits, '-', '_' or '.'"),
        ("code=E106, x=" + "9" * 21, "Prefer: x= takes 1 to 20 letters, digits, '-', '_' or '.'"),
    ],
)
def test_a_code_the_mock_does_not_play_is_400_with_the_list(mock: Served, prefer: str, message: str) -> None:
    answer = post(mock, EXAMPLE_XML, prefer)
    assert answer.status_code == 400 and answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.text.startswith(message) and answer.text.endswith("\n") and answer.text.count("\n") == 1
    if "plays E104" in message:
        assert answer.text == f"{message}, {', '.join([*GENERAL, *SENDMMS][2:])}\n"


def test_the_proxy_ignores_prefer() -> None:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        forwarded = post(served, EXAMPLE_XML, "code=E104")
        assert (forwarded.status_code, forwarded.content) == (200, Upstream.answer)
        assert "preference-applied" not in forwarded.headers
        local = post(served, BAD_FROM, "code=E104")
        assert local.content == failure("E111", "Invalid shortcode.")
        unknown = post(served, EXAMPLE_XML, "code=E226")  # not refused either: the proxy does not read it
        assert (unknown.status_code, unknown.content) == (200, Upstream.answer)
    assert [r.body for r in upstream.received] == [EXAMPLE_XML, EXAMPLE_XML]
    assert all("prefer" not in r.headers for r in upstream.received)
