"""JSON has no ``NaN``, ``Infinity`` or ``-Infinity``: a request holding one is no JSON (E100 where it stands),
as every strict parser reads it, though Python's parser takes them. A number too big for a float (``1e400``) is
quoted as written, as its twin in the query form is, never as ``Infinity``. ``convert`` says where an input it
cannot read went wrong, and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mmsvalidate
from mmsvalidate.cli import main

E100 = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."
HEAD = '{"action":"sendMMS","api_key":"k","to":14158586273,"from":60856,"subject":"NaN, Infinity","name":"n",'


def _findings(report: mmsvalidate.Report) -> list[tuple[object, ...]]:
    return [(f.code, f.slide, f.field, f.detail, f.line, f.column) for f in report.findings]


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("key", ["to", "x"])
def test_a_word_json_has_not_is_e100_where_it_stands(word: str, key: str) -> None:
    body = HEAD + f'\n "slides":[{{"text":"x","duration":5}}],\n "{key}": {word}}}'
    report = mmsvalidate.validate(body, form="json")
    assert _findings(report) == [("E100", None, "", f"Expecting value: {word} is not JSON", 3, len(key) + 6)]


def test_a_word_json_has_not_in_a_slide_and_in_a_campaign_is_its_record_e100() -> None:
    good = HEAD + '"slides":[{"text":"x","duration":5}]}'
    bad = HEAD + '"slides":[{"text":"x","duration":NaN}]}'
    result = CliRunner().invoke(
        main, ["check", "--stdin-filename", "c.jsonl", "-"], input=f"{good}\n\n{bad}\n{good}\n".encode()
    )
    assert (result.exit_code, result.stdout) == (
        1,
        f"c.jsonl:3:{bad.index('NaN}') + 1}: E100 {E100} (Expecting value: NaN is not JSON)\n"
        "Checked 1 file (3 requests): 1 error, 0 warnings; 1 request failed.\n",
    )


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1E+999"])
def test_a_number_too_big_for_a_float_is_quoted_as_written_in_every_form(number: str) -> None:
    body = HEAD + f'"slides":[{{"text":"x","duration":{number}}}]}}'
    written = number.replace("+", "%2B")
    query = (
        "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=s&name=n"
        f"&slide_text_value_0=x&slide_duration_0={written}"
    )
    expected = ("E230", 1, "/slides/0/duration", f"'{number}' is not a whole number of seconds")
    for form, text in (("json", body), ("query", query)):
        report = mmsvalidate.validate(text, form=form)
        assert [(f.code, f.slide, f.field, f.detail) for f in report.findings] == [expected]
    converted = CliRunner().invoke(main, ["convert", "--to", "query", "-"], input=body.encode())
    assert converted.exit_code == 0
    assert converted.stdout.endswith(f"slide_duration_0={written}\n")


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('{"to": NaN}', f"-:1:8: cannot convert: E100 {E100} (Expecting value: NaN is not JSON)"),
        (
            '{"action":\n "sendMMS",',
            f"-:2:12: cannot convert: E100 {E100} (Expecting property name enclosed in double quotes)",
        ),
        ("<REQUEST>\n<TO>", "-:2:5: cannot convert: E108 XML Parse error: no element found."),
        ("", f"-:1:1: cannot convert: E100 {E100} (the request is empty)"),
    ],
)
def test_convert_says_where_and_why_it_cannot_read_the_input(body: str, said: str) -> None:
    result = CliRunner().invoke(main, ["convert", "--to", "xml", "-"], input=body.encode())
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"mmsvalidate: {said}\n")


@pytest.mark.parametrize(
    ("body", "detail", "column"),
    [
        ('{"action":"sendMMS","name":"abc', "Unterminated string: its closing quote is missing", 28),
        ('{"action":"send\tMMS"}', "Invalid control character U+0009 in a string: write it escaped", 16),
        ('{"action":"sendMMS","name":"a\x0cb"}', "Invalid control character U+000C in a string: write it escaped", 30),
        ('{"action":"sendMMS",}', "Expecting property name enclosed in double quotes", 21),
    ],
)
def test_a_syntax_error_says_what_is_wrong_in_whole_words(body: str, detail: str, column: int) -> None:
    # Python's parser ends two of its messages with "at", leaving the place to its own wording
    for text, line in ((body, 1), ("\n" + body, 2)):
        report = mmsvalidate.validate(text, form="json")
        assert _findings(report) == [("E100", None, "", detail, line, column)]


@pytest.mark.parametrize("number", ["1e400", "1" * 70, "5.5"])
def test_a_number_where_text_is_taken_is_shown_as_the_number_written(number: str) -> None:
    # a number kept as written (too long for an int, too big for a float) was shown quoted, as a string
    body = HEAD + f'"slides":[{{"text":"x"}}],"fallbacksmstext":{number}}}'
    report = mmsvalidate.validate(body, form="json")
    detail = f"/fallbacksmstext: {number} is not of type string, null"
    assert _findings(report) == [("E100", None, "/fallbacksmstext", detail, 1, body.index('"fallbacksmstext"') + 1)]


def test_a_json_file_of_one_request_a_line_says_it_is_json_lines() -> None:
    said = "Extra data: another JSON value starts on a new line; one request a line is a JSON Lines file (.jsonl)"
    good = HEAD + '"slides":[{"text":"x"}]}'
    for body, line, column, detail in (
        (f"{good}\n{good}\n", 2, 1, said),
        (f"{good}\r\n\r\n  {good}", 3, 3, said),
        (f"{good}  {good}", 1, len(good) + 3, "Extra data"),
    ):
        report = mmsvalidate.validate(body, form="json")
        assert _findings(report) == [("E100", None, "", detail, line, column)]
    result = CliRunner().invoke(main, ["check", "--stdin-filename", "c.jsonl", "-"], input=f"{good}\n{good}\n".encode())
    assert (result.exit_code, result.stdout) == (
        0,
        "Checked 1 file (2 requests): 0 errors, 0 warnings; 0 requests failed.\n",
    )


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("c.csv", "a CSV file holds many requests, one a row; convert reads one (--form query reads the file as one)"),
        (
            "c.JSONL",
            "a JSON Lines file holds many requests, one a line; convert reads one (--form json reads the file as one)",
        ),
        (
            "c.ndjson",
            "a JSON Lines file holds many requests, one a line; convert reads one (--form json reads the file as one)",
        ),
    ],
)
def test_convert_refuses_a_campaign_file_unless_its_form_is_named(tmp_path: Path, name: str, said: str) -> None:
    # a CSV campaign was "E100 ... (no sendMMS parameter found)", a JSON Lines one an E100 at its second line
    good = HEAD + '"slides":[{"text":"x"}]}'
    path = tmp_path / name
    path.write_text(f"{good}\n{good}\n" if "csv" not in name else "to,from\n14158586273,60856\n")
    result = CliRunner().invoke(main, ["convert", "--to", "xml", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mmsvalidate: {path}: {said}\n")
    one = tmp_path / f"one{path.suffix}"
    one.write_text(f"{good}\n")
    forced = CliRunner().invoke(main, ["convert", "--to", "xml", "--form", "json", str(one)])
    assert forced.exit_code == 0 and forced.stdout.startswith("<REQUEST>\n    <ACTION>sendMMS</ACTION>\n")
