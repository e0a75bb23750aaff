"""Conformance: the API's own ``<RESPONSE>``, from requests written by hand against the spec's response examples."""

from __future__ import annotations

import mmsvalidate
from tests.conftest import VALID_QUERY, VALID_XML, check
from tests.test_api_response import SHORTCODE_FAILURE

#: VALID_XML with TO pretty-printed over three lines, as an editor's "format document" leaves it.
INDENTED_TO = VALID_XML.replace("<TO>14158586273</TO>", "<TO>\n        14158586273\n    </TO>")


def test_the_answers_to_is_the_number_read_without_the_whitespace_around_it() -> None:
    # Spec, "Response Example: Success" and "Failure": "<TO>15551234888</TO>", the recipient's number (Response
    # Parameters: "status, to, ..."). docs/readings.md: whitespace around a value is not part of it, so TO here
    # is 14158586273 (no E110), and the API answers with that number, not with the line breaks around it.
    report = check(INDENTED_TO)
    assert report.ok
    assert mmsvalidate.api_response(report, mms_id=35674, tracking_id="MMS_12345") == (
        "<RESPONSE>\n"
        "    <STATUS>Success</STATUS>\n"
        "    <TO>14158586273</TO>\n"
        "    <MMSID>35674</MMSID>\n"
        "    <TRACKINGID>MMS_12345</TRACKINGID>\n"
        "    <STATUSDETAILS>MMS request accepted and queued for delivery</STATUSDETAILS>\n"
        "</RESPONSE>\n"
    )
    failed = check(INDENTED_TO.replace("<FROM>60856</FROM>", "<FROM>12</FROM>"))
    assert mmsvalidate.api_response(failed) == SHORTCODE_FAILURE


def test_a_query_to_with_blanks_around_it_is_answered_without_them() -> None:
    # "to=+14158586273" unencoded is " 14158586273" ('+' is a space in a query): the number read is 14158586273.
    report = check(VALID_QUERY.replace("from=60856", "from=12").replace("to=14158586273", "to=+14158586273%20"))
    assert "    <TO>14158586273</TO>\n" in mmsvalidate.api_response(report)


def test_a_blank_to_is_no_to_in_the_answer() -> None:
    # A TO of blanks is a missing TO (E100, "with all the required variables"): the answer has none to give back.
    report = check(VALID_XML.replace("<TO>14158586273</TO>", "<TO>   </TO>"))
    assert [f.code for f in report.findings] == ["E100"]
    assert mmsvalidate.api_response(report) == (
        "<RESPONSE>\n"
        "    <STATUS>Failure</STATUS>\n"
        "    <ERRORCODE>E100</ERRORCODE>\n"
        "    <ERRORINFO>Invalid request. Make a valid request via GET/POST/XML with all the required variables."
        "</ERRORINFO>\n"
        "</RESPONSE>\n"
    )


def test_check_format_response_answers_the_number_read() -> None:
    from click.testing import CliRunner

    from mmsvalidate.cli import main

    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "response", "-"], input=INDENTED_TO)
    assert result.exit_code == 0
    assert result.stdout == (
        "<RESPONSE>\n"
        "    <STATUS>Success</STATUS>\n"
        "    <TO>14158586273</TO>\n"
        "    <STATUSDETAILS>MMS request accepted and queued for delivery</STATUSDETAILS>\n"
        "</RESPONSE>\n"
    )
