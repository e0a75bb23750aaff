"""Requests written by hand against the spec's error tables: whole findings, each expected from the spec's text."""

from __future__ import annotations

import pathlib

import pytest

from mmsvalidate import Report
from tests.conftest import check

INVALID = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."


def whole(report: Report) -> list[tuple[object, ...]]:
    """Every finding, whole: code, message, slide, field, line, column and detail."""
    return [(f.code, f.message, f.slide, f.field, f.line, f.column, f.detail) for f in report.findings]


def test_a_json_value_of_the_wrong_type_is_an_invalid_request_not_a_code_that_says_something_false() -> None:
    # NAME, SUBJECT, OPERATORID and FALLBACKSMSTEXT are given (so none is "required") and a slide text of one
    # character is not "too long"; the account does not require OPERATORID nor list its campaigns (E721 is
    # not checked), and a campaign may well be called 123. What is wrong is the request's shape: a value that
    # is not text, an invalid request (E100).
    text = """{
  "action": "sendMMS",
  "api_key": "k",
  "to": "14158586273",
  "from": "60856",
  "name": 5,
  "subject": ["s"],
  "operatorid": true,
  "campaignref": 123,
  "fallbacksmstext": 7,
  "slides": [{"text": 5}]
}
"""
    assert whole(check(text)) == [
        ("E100", INVALID, None, "/name", 6, 3, "/name: 5 is not of type string, null"),
        ("E100", INVALID, None, "/subject", 7, 3, '/subject: ["s"] is not of type string, null'),
        ("E100", INVALID, None, "/operatorid", 8, 3, "/operatorid: true is not of type string, integer, null"),
        ("E100", INVALID, None, "/campaignref", 9, 3, "/campaignref: 123 is not of type string, null"),
        ("E100", INVALID, None, "/fallbacksmstext", 10, 3, "/fallbacksmstext: 7 is not of type string, null"),
        ("E100", INVALID, 1, "/slides/0/text", 11, 15, "/slides/0/text: 5 is not of type string, null"),
    ]


def test_a_blocked_number_on_the_command_line_is_checked_as_the_configuration_checks_it() -> None:
    # TO is digits only (E110 otherwise), so a blocked number written with '+' or blanks could never match:
    # the configuration refuses it, and the command line too, as a usage error, rather than never reporting E114.
    from click.testing import CliRunner

    from mmsvalidate.cli import main

    refused = CliRunner().invoke(main, ["check", "--blocked-number", "+15551234888", "corpus/spec/example.xml"])
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr.splitlines()[-1] == (
        "Error: Invalid value for --blocked-number: expected a number in international format, digits only"
        " (14155550100), got '+15551234888'"
    )
    taken = CliRunner().invoke(main, ["check", "--blocked-number", "15551234888", "corpus/spec/example.xml"])
    assert taken.exit_code == 1
    assert taken.stdout.splitlines()[0] == (
        "corpus/spec/example.xml:4:5: E114 Phone number is blacklisted. API call rejected. (15551234888 is on the"
        " blocked list)"
    )


def test_a_blocked_number_in_a_profile_is_digits_only_as_in_the_configuration() -> None:
    from mmsvalidate import Profile

    with pytest.raises(ValueError) as raised:
        Profile(blocked_numbers=["14155550100", "+1 415 555 0101"])
    assert str(raised.value) == (
        "Profile.blocked_numbers: numbers in international format, digits only (14155550100), not '+1 415 555 0101'"
    )
    assert Profile(blocked_numbers=[14155550100]).blocked_numbers == frozenset({"14155550100"})


def test_a_request_that_could_not_be_read_never_passes_a_check_of_other_codes(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # E108: the XML is not well-formed, and a JSON array is no request (E100), so no other code was checked;
    # selecting E2 (the slide rules) or ignoring those codes must not turn them into a pass with exit 0.
    from click.testing import CliRunner

    from mmsvalidate.cli import main

    monkeypatch.chdir(tmp_path)
    pathlib.Path("broken.xml").write_text("<REQUEST><ACTION>sendMMS</Action></REQUEST>\n", encoding="utf-8")
    pathlib.Path("list.json").write_text("[1]\n", encoding="utf-8")
    for option in (["--select", "E2"], ["--ignore", "E108,E100"]):
        result = CliRunner().invoke(main, ["check", "--isolated", *option, "broken.xml", "list.json"])
        assert (result.exit_code, result.stdout) == (
            1,
            "broken.xml:1:27: E108 XML Parse error: mismatched tag.\n"
            "list.json:1:1: E100 Invalid request. Make a valid request via GET/POST/XML with all the required"
            " variables. (a JSON array, not an object)\n"
            "Checked 2 files: 2 errors, 0 warnings; 2 files failed.\n",
        ), option
    # the rules' E100 (a variable missing) is selected as any code is
    pathlib.Path("partial.json").write_text('{"action": "sendMMS"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "--select", "E2", "partial.json"])
    assert (result.exit_code, result.stdout) == (0, "Checked 1 file: 0 errors, 0 warnings; 0 files failed.\n")


SHIFT_JIS_REQUEST = """<?xml version="1.0" encoding="Shift_JIS"?>
<REQUEST>
  <ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><TO>14158586273</TO><FROM>60856</FROM>
  <NAME>キャンペーン</NAME><SUBJECT>こんにちは</SUBJECT>
  <SLIDE><TEXT>ようこそ</TEXT><DURATION>0</DURATION></SLIDE>
</REQUEST>
"""


def test_an_xml_body_in_a_declared_multi_byte_encoding_is_read_as_an_xml_parser_reads_it() -> None:
    # XML 1.0 lets a document declare its encoding; Shift_JIS, EUC-JP, GBK and Big5 bodies are well-formed and
    # the API's parser reads them. The request's one error is the duration (E230), located in characters.
    body = SHIFT_JIS_REQUEST.encode("shift_jis")
    expected = [("E230", "Bad 1 slide duration.", 1, "/slides/0/duration", 5, 27, "0 seconds; allowed 1 to 60")]
    assert whole(check(body)) == expected
    assert whole(check(body, form="xml")) == expected
    # bytes that are not of the declared encoding are not well-formed: E108, where the bad bytes start
    bad = SHIFT_JIS_REQUEST.replace("Shift_JIS", "EUC-JP").encode("shift_jis")
    assert whole(check(bad)) == [
        (
            "E108",
            "XML Parse error: bytes that are not EUC-JP (declared in the XML declaration).",
            None,
            "",
            4,
            9,
            None,
        )
    ]
