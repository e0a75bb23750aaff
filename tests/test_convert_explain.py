"""``convert`` says everything it drops, carries suppressions, refuses what XML can't hold and keeps queries readable;
``explain`` honours ``--form`` in every format and says when an example exists in one form only."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from click.testing import CliRunner

import mmsvalidate
from mmsvalidate.cli import main
from tests.conftest import VALID_XML


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


COMMENTED = VALID_XML.replace(
    "<ACTION>",
    "<!-- mmsvalidate: ignore[MV107] -->\n    <!-- sent by the spring campaign -->\n"
    "    <!-- mmsvalidate: ignore -->\n    <ACTION>",
).replace("<SUBJECT>Hello</SUBJECT>", "<SUBJECT>" + "s" * 81 + "</SUBJECT>")


def test_convert_says_each_comment_and_malformed_suppression_it_drops() -> None:
    code, _, err = run("convert", "--to", "json", "-", input=COMMENTED.encode())
    assert code == 0
    assert err == (
        "mmsvalidate: -:3: not carried over: a comment\n"
        "mmsvalidate: -:4: not carried over: a malformed suppression 'mmsvalidate: ignore'\n"
    )
    code, _, err = run("convert", "--to", "xml", "-", input=b"# sent by the spring campaign\n" + VALID_QUERY)
    assert code == 0 and err == "mmsvalidate: -:1: not carried over: a comment\n"


VALID_QUERY = (
    b"action=sendMMS&api_key=k&to=14158586273&from=60856&subject=Hello&name=n"
    b"&slide_image_url_0=http://example.com/a.jpg&slide_text_value_0=Hi&slide_duration_0=5"
)


def test_convert_carries_suppressions_in_each_form() -> None:
    _, as_json, _ = run("convert", "--to", "json", "-", input=COMMENTED.encode())
    assert json.loads(as_json)["$mmsvalidate"] == {"ignore": ["MV107"]}
    _, as_query, _ = run("convert", "--to", "query", "-", input=as_json.encode())
    assert as_query.startswith("# mmsvalidate: ignore[MV107]\naction=sendMMS&")
    _, as_xml, _ = run("convert", "--to", "xml", "-", input=as_query.encode())
    assert as_xml.startswith("<REQUEST>\n    <!-- mmsvalidate: ignore[MV107] -->\n    <ACTION>")
    for text in (as_json, as_query, as_xml):
        # the suppression still silences the long subject, and is used (no MV113)
        assert mmsvalidate.validate(text).findings == ()
    assert [f.code for f in mmsvalidate.validate(COMMENTED).findings] == ["MV113"]


def test_convert_refuses_control_characters_xml_cannot_carry() -> None:
    request = {
        "action": "sendMMS",
        "api_key": "k",
        "to": "14158586273",
        "from": "60856",
        "subject": "bell \u0007",
        "name": "n",
        "slides": [{"text": "nul \u0000 here"}],
    }
    body = json.dumps(request).encode()
    code, out, err = run("convert", "--to", "xml", "-", input=body)
    assert code == 1 and out == ""
    assert err == (
        "mmsvalidate: -:1:77: cannot convert to XML: SUBJECT holds U+0007, a character XML 1.0 cannot carry\n"
        "mmsvalidate: -:1:128: cannot convert to XML: slide 1 TEXT holds U+0000, a character XML 1.0 cannot carry\n"
    )
    code, out, _ = run("convert", "--to", "query", "-", input=body)
    assert code == 0 and "&subject=bell+%07&" in out
    code, out, _ = run("convert", "--to", "json", "-", input=body)
    assert code == 0 and json.loads(out)["subject"] == "bell \u0007"
    tab_and_breaks = json.dumps({**request, "subject": "a\tb\r\nc", "slides": [{"text": "t"}]}).encode()
    code, out, _ = run("convert", "--to", "xml", "-", input=tab_and_breaks)
    assert code == 0 and ElementTree.fromstring(out).findtext("SUBJECT") == "a\tb\r\nc"


def test_convert_keeps_a_query_readable_as_the_spec_prints_it() -> None:
    spec = (
        "<REQUEST><ACTION>sendMMS</ACTION><API_KEY>ea7966f90de2bf520e3f0042053e6ec3</API_KEY><TO>15551234888</TO>"
        "<FROM>60856</FROM><SUBJECT>Free coupon!</SUBJECT><NAME>Membership coupon</NAME><SLIDE><IMAGE>"
        "<URL>http://www.yoursite.com/images/welcome.jpg</URL></IMAGE><TEXT>50% off, a+b=c &amp; d #1?</TEXT>"
        "</SLIDE></REQUEST>"
    )
    code, out, _ = run("convert", "--to", "query", "--multiline", "-", input=spec.encode())
    assert code == 0
    assert out == (
        "action=sendMMS\n"
        "&api_key=ea7966f90de2bf520e3f0042053e6ec3\n"
        "&to=15551234888\n"
        "&from=60856\n"
        "&subject=Free+coupon!\n"
        "&name=Membership+coupon\n"
        "&slide_image_url_0=http://www.yoursite.com/images/welcome.jpg\n"
        "&slide_text_value_0=50%25+off,+a%2Bb%3Dc+%26+d+%231%3F\n"
    )
    back = mmsvalidate.validate(out)
    assert [f.code for f in back.findings] == ["MV109"]


def test_explain_markdown_honours_form() -> None:
    code, out, err = run("explain", "E226", "--form", "query", "--format", "markdown")
    assert code == 0 and err == ""
    assert "```text\naction=sendMMS\n&api_key=" in out and "```xml" not in out
    _, out, _ = run("explain", "E226", "--form", "json", "--format", "markdown")
    assert '```json\n{\n  "action": "sendMMS",' in out and "```xml" not in out
    assert "```xml\n<REQUEST>" in run("explain", "E226", "--format", "markdown")[1]


def test_explain_says_when_an_example_exists_in_one_form_only() -> None:
    note = (
        "mmsvalidate: the E108 example exists only in the xml form (no other form can raise E108);"
        " shown in the xml form, not in the json form\n"
    )
    for output_format in ("text", "json", "markdown"):
        code, out, err = run("explain", "E108", "--form", "json", "--format", output_format)
        assert code == 0 and err == note, output_format
        assert "<REQUEST>" in out
    assert json.loads(run("explain", "E108", "--form", "json", "--format", "json")[1])["example"]["form"] == "xml"
    assert run("explain", "E108", "--form", "xml")[2] == ""
