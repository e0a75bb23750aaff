"""The public API's answer: ``mmsvalidate.api_response`` gives the API's own ``<RESPONSE>``, never a project code."""

from __future__ import annotations

import json

import mmsvalidate
from mmsvalidate import Finding, Location, Report, Severity
from mmsvalidate.codes import CODES
from mmsvalidate.formats import json as json_format
from tests.conftest import CORPUS, VALID_QUERY, VALID_XML, check

#: The API's answer (spec, "Response Example: Failure") to a valid request whose FROM is 12: E111, TO echoed.
SHORTCODE_FAILURE = (
    "<RESPONSE>\n"
    "    <STATUS>Failure</STATUS>\n"
    "    <ERRORCODE>E111</ERRORCODE>\n"
    "    <TO>14158586273</TO>\n"
    "    <ERRORINFO>Invalid shortcode.</ERRORINFO>\n"
    "</RESPONSE>\n"
)

E100_TEXT = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."


def test_success_is_the_specs_example_with_the_ids_given() -> None:
    report = check(CORPUS / "spec" / "example.xml")
    assert [f.code for f in report.findings] == ["MV109"]  # a warning: never fails
    assert mmsvalidate.api_response(report, mms_id=35674, tracking_id="MMS_12345") == (
        "<RESPONSE>\n"
        "    <STATUS>Success</STATUS>\n"
        "    <TO>15551234888</TO>\n"
        "    <MMSID>35674</MMSID>\n"
        "    <TRACKINGID>MMS_12345</TRACKINGID>\n"
        "    <STATUSDETAILS>MMS request accepted and queued for delivery</STATUSDETAILS>\n"
        "</RESPONSE>\n"
    )


def test_success_without_ids_leaves_them_out() -> None:
    assert mmsvalidate.api_response(check(VALID_XML)) == (
        "<RESPONSE>\n"
        "    <STATUS>Success</STATUS>\n"
        "    <TO>14158586273</TO>\n"
        "    <STATUSDETAILS>MMS request accepted and queued for delivery</STATUSDETAILS>\n"
        "</RESPONSE>\n"
    )


def test_failure_gives_the_first_error_and_echoes_to() -> None:
    report = check(VALID_XML.replace("<FROM>60856</FROM>", "<FROM>12</FROM>"))
    assert mmsvalidate.api_response(report) == SHORTCODE_FAILURE


def test_a_request_past_a_reading_limit_is_answered_e100_not_mv112() -> None:
    report = check(VALID_XML, max_request_bytes=100)
    assert report.first_error is not None and report.first_error.code == "MV112"
    assert mmsvalidate.api_response(report) == (
        "<RESPONSE>\n"
        "    <STATUS>Failure</STATUS>\n"
        "    <ERRORCODE>E100</ERRORCODE>\n"
        f"    <ERRORINFO>{E100_TEXT}</ERRORINFO>\n"
        "</RESPONSE>\n"
    )


def _finding(code: str) -> Finding:
    return Finding(code, CODES[code].severity, CODES[code].render(1), slide=1)


def test_project_errors_never_answer_and_the_apis_own_error_wins() -> None:
    assert "<ERRORCODE>E100</ERRORCODE>" in mmsvalidate.api_response(Report((_finding("MV900"),)))
    assert "<ERRORCODE>E100</ERRORCODE>" in mmsvalidate.api_response(Report((_finding("MV114"),)))
    both = Report((_finding("MV900"), _finding("E226"), _finding("MV101")))
    assert both.first_error == _finding("MV900")  # the report's own precedence is unchanged
    assert "<ERRORCODE>E226</ERRORCODE>" in mmsvalidate.api_response(both)
    assert "<STATUS>Success</STATUS>" in mmsvalidate.api_response(Report((_finding("MV101"),)))


def test_report_to_is_the_requests_as_written_in_every_form() -> None:
    assert check(VALID_XML).to == "14158586273"
    assert check(VALID_QUERY.replace("to=14158586273", "to=%2B1%20415")).to == "+1 415"  # percent-decoded
    assert check({"action": "sendMMS", "to": 14158586273}).to == "14158586273"
    assert check("<REQUEST><TO>1</TO>").to is None  # not well-formed: nothing read
    assert check(VALID_XML.replace("<TO>14158586273</TO>", "")).to is None


def test_suppressions_and_selection_keep_to() -> None:
    report = check(VALID_XML.replace("<FROM>60856</FROM>", "<FROM>12</FROM><!-- mmsvalidate: ignore[E111] -->"))
    assert report.ok and report.to == "14158586273"


def test_finding_param_is_the_json_outputs_param() -> None:
    report = check(VALID_QUERY.replace("to=14158586273", "TO=12"))
    (bad,) = (f for f in report.findings if f.code == "E110")
    assert bad.param == "TO"
    assert bad.location == Location(1, bad.column, "TO") and bad.severity is Severity.ERROR
    assert json.loads(json.dumps(json_format.finding(bad)))["param"] == "TO"
    assert check(VALID_XML.replace("<TO>14158586273</TO>", "<TO>12</TO>")).findings[0].param is None


def test_check_format_response_answers_a_reading_limit_as_e100() -> None:
    from click.testing import CliRunner

    from mmsvalidate.cli import main

    result = CliRunner().invoke(
        main, ["check", "--format", "response", str(CORPUS / "MV112" / "fail-element-depth.xml")]
    )
    assert result.exit_code == 1
    assert result.stdout == (
        "<RESPONSE>\n"
        "    <STATUS>Failure</STATUS>\n"
        "    <ERRORCODE>E100</ERRORCODE>\n"
        f"    <ERRORINFO>{E100_TEXT}</ERRORINFO>\n"
        "</RESPONSE>\n"
    )


def test_a_line_break_in_to_is_a_character_reference_in_the_answer() -> None:
    # docs/formats.md: TO is the request's; a value's line break is written as a character reference, so the
    # answer keeps the spec's layout, one element a line
    report = check(VALID_QUERY.replace("to=14158586273", "to=1415%0A858%0D6273"))
    answer = mmsvalidate.api_response(report)
    assert "<TO>1415&#10;858&#13;6273</TO>" in answer
