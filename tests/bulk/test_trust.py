"""A campaign owner's trust: no record lost or mislabelled. Malformed CSV rows are their own findings
with every later row still read; UTF-16/UTF-32 files read record by record; every output format names
the record. Expected findings are written from the README ("JSON Lines and CSV") and the spec's texts."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

import mmsvalidate
from mmsvalidate import bulk
from mmsvalidate.cli import main
from tests.bulk.test_records import GOOD
from tests.conftest import pinned

E100 = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."
E110 = "Invalid receiver number."
HEADER = "action,api_key,to,from,subject,name,slide_text_value_0\n"
ROW = "sendMMS,k,14158586273,60856,s,n,hi\n"
BAD_TO = "sendMMS,k,1415,60856,s,n,hi\n"
#: E110 for BAD_TO: the TO cell is the third, at column 11 ("sendMMS,k," is 10 characters)
BAD_TO_FINDING = ("E110", 11, "/to", f"{E110}", "'1415' is not a possible international number")

#: (name, the file's text, the findings of each record: line -> [(code, column, field, message, detail)])
MALFORMED = [
    (
        "an unclosed quote",
        HEADER + ROW + 'sendMMS,k,"14158586273,60856,s,n,hi\n' + ROW + BAD_TO + ROW,
        {
            2: [],
            3: [("E100", 11, "", E100, "the quote opened at line 3 column 11 is never closed")],
            4: [],
            5: [BAD_TO_FINDING],
            6: [],
        },
    ),
    (
        "a NUL in a cell",
        HEADER + ROW + "sendMMS,k,14158586273,60856,s\x00b,n,hi\n" + BAD_TO,
        {
            2: [],
            3: [("E100", 29, "", E100, "subject: a NUL character: binary content, not a text request")],
            4: [BAD_TO_FINDING],
        },
    ),
    (
        "more cells than the header",
        HEADER + ROW + "sendMMS,k,14158586273,60856,s,n,hi,extra\n" + BAD_TO,
        {2: [], 3: [("E100", 36, "", E100, "a row of 8 cells; the header names 7")], 4: [BAD_TO_FINDING]},
    ),
    (
        "text after a closing quote",
        HEADER + ROW + 'sendMMS,k,"1415"8586273,60856,s,n,hi\n' + BAD_TO,
        {
            2: [],
            3: [("E100", 17, "", E100, "text after the closing quote of a cell (line 3 column 17)")],
            4: [BAD_TO_FINDING],
        },
    ),
    (
        "a byte order mark mid-file (two files joined)",
        HEADER + ROW + "\ufeff" + HEADER + ROW,
        {
            2: [],
            3: [
                (
                    "E100",
                    1,
                    "",
                    E100,
                    "action: a byte order mark (U+FEFF) inside the file: files joined together, or the encoding"
                    " changing",
                )
            ],
            4: [],
        },
    ),
    (
        "a header naming a parameter twice",
        "action,api_key,to,from,subject,name,name,slide_text_value_0\n"
        "sendMMS,k,14158586273,60856,s,n,m,hi\nsendMMS,k,14158586273,60856,s,n,,hi\n",
        # the second NAME cell is a repeat (MV102 at it, the last one kept); an empty cell is no parameter
        {2: [("MV102", 33, "/name[2]", "NAME is given more than once; only one is used.", None)], 3: []},
    ),
    (
        "a header with an empty name",
        "action,api_key,to,,from,subject,name,slide_text_value_0\n"
        "sendMMS,k,14158586273,x,60856,s,n,hi\nsendMMS,k,14158586273,,60856,s,n,hi\n",
        {
            2: [("MV101", 23, "/", "Unknown element or parameter ''.", "not part of a sendMMS request as a parameter")],
            3: [],
        },
    ),
]


def findings(report: mmsvalidate.Report) -> list[tuple[object, ...]]:
    return [(f.code, f.column, f.field, f.message, f.detail) for f in report.findings]


def lines_of(report: mmsvalidate.Report) -> set[int | None]:
    return {f.line for f in report.findings}


@pytest.mark.parametrize(("name", "text", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_row_is_its_own_finding_and_every_later_row_is_read(
    name: str, text: str, expected: dict[int, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    path = tmp_path / "campaign.csv"
    path.write_text(text, encoding="utf-8", newline="")
    checked = list(bulk.check_file(path, profile=pinned()))
    assert {line: findings(report) for line, report in checked} == expected
    for line, report in checked:
        assert lines_of(report) <= {line}  # every finding on its record's own line
    # validate_many over the records gives the same reports, in order
    again = list(mmsvalidate.validate_many(bulk.read_records(path), profile=pinned()))
    assert [findings(r) for r in again] == [findings(r) for _, r in checked]
    # and so does the command line, record by record (--format json: an entry a record)
    result = CliRunner().invoke(main, ["check", "--format", "json", "--isolated", str(path)])
    entries = json.loads(result.stdout)["files"]
    assert [entry["record"] for entry in entries] == list(expected)
    assert [[(f["code"], f["line"], f["column"]) for f in e["findings"]] for e in entries] == [
        [(code, line, column) for code, column, *_ in found] for line, found in expected.items()
    ]


def test_a_quote_left_open_mid_file_in_a_big_row_is_reread_from_the_file(tmp_path: Path) -> None:
    """An open quote whose row runs past max_request_bytes: the lines after it are read again from the file."""
    path = tmp_path / "campaign.csv"
    rows = [ROW] * 40
    path.write_text(HEADER + 'sendMMS,k,"14158586273,60856,s,n,hi\n' + "".join(rows) + BAD_TO)
    checked = list(bulk.check_file(path, profile=pinned(max_request_bytes=400)))
    assert [line for line, _ in checked] == list(range(2, 44))
    assert findings(checked[0][1]) == [("E100", 11, "", E100, "the quote opened at line 2 column 11 is never closed")]
    assert all(findings(r) == [] for _, r in checked[1:-1])
    assert findings(checked[-1][1]) == [BAD_TO_FINDING]


def test_a_legit_quoted_cell_over_several_lines_is_one_row(tmp_path: Path) -> None:
    path = tmp_path / "campaign.csv"
    path.write_text(HEADER + 'sendMMS,k,1415,60856,s,n,"line one\nline ""two"""\n' + ROW)
    checked = list(bulk.check_file(path, profile=pinned()))
    assert [(line, findings(report)) for line, report in checked] == [(2, [BAD_TO_FINDING]), (4, [])]
    [record, _] = list(bulk.read_records(path))
    assert dict((c.name, c.value) for c in record.cells)["slide_text_value_0"] == 'line one\nline "two"'


def test_an_encoding_changing_midway_is_that_records_finding(tmp_path: Path) -> None:
    path = tmp_path / "campaign.jsonl"
    latin = GOOD.replace('"subject": "s"', '"subject": "caf\u00e9"')
    path.write_bytes((GOOD + "\n").encode() + (latin + "\n").encode("latin-1") + (GOOD + "\n").encode())
    checked = list(bulk.check_file(path, profile=pinned()))
    column = latin.index("\u00e9") + 1
    assert [(line, [(f.code, f.line, f.column, f.detail) for f in r.findings]) for line, r in checked] == [
        (1, []),
        (2, [("E100", 2, column, "not valid UTF-8: byte 0xE9")]),
        (3, []),
    ]


ENCODINGS = {
    "UTF-8 with a BOM": (codecs.BOM_UTF8, "utf-8"),
    "UTF-16 LE": (codecs.BOM_UTF16_LE, "utf-16-le"),
    "UTF-16 BE": (codecs.BOM_UTF16_BE, "utf-16-be"),
    "UTF-32 LE": (codecs.BOM_UTF32_LE, "utf-32-le"),
    "UTF-32 BE": (codecs.BOM_UTF32_BE, "utf-32-be"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".csv"])
def test_every_encoding_the_readme_names_is_read_record_by_record(encoding: str, suffix: str, tmp_path: Path) -> None:
    bom, codec = ENCODINGS[encoding]
    bad = GOOD.replace("14158586273", "1415")
    if suffix == ".csv":
        text = HEADER + ROW + "\r\n" + BAD_TO + "sendMMS,k,14158586273,60856,s,n,\u4e2d\u6587 \U0001f600\n"
        expected = {2: [], 4: [BAD_TO_FINDING], 5: []}
    else:
        wide = GOOD.replace("hi", "\u4e2d\u6587 \U0001f600")
        text = f"{GOOD}\n\n{bad}\r\n{{not json\n{wide}\n"
        to = bad.index('"to"') + 1
        bad_to = ("E110", to, "/to", E110, "'1415' is not a possible international number")
        expected = {
            1: [],
            3: [bad_to],
            4: [("E100", 2, "", E100, "Expecting property name enclosed in double quotes")],
            5: [],
        }
    path = tmp_path / f"campaign{suffix}"
    path.write_bytes(bom + text.encode(codec))
    checked = list(bulk.check_file(path, profile=pinned()))
    assert {line: findings(report) for line, report in checked} == expected
    for line, report in checked:
        assert lines_of(report) <= {line}


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    campaign = tmp_path / "campaign.csv"
    campaign.write_text(HEADER + ROW + BAD_TO + ROW)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    return campaign, empty


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--isolated", *args])
    return result.exit_code, result.stdout, result.stderr


def test_junit_has_a_testcase_a_record_named_path_line(two_files: tuple[Path, Path]) -> None:
    campaign, empty = two_files
    code, out, err = run("--format", "junit", str(campaign), str(empty))
    assert code == 1 and err == f"mmsvalidate: {empty}: no requests in this file (no record in it)\n"
    cases = ElementTree.fromstring(out).findall("./testsuite/testcase")
    assert [case.get("name") for case in cases] == [f"{campaign}:2", f"{campaign}:3", f"{campaign}:4", str(empty)]
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "E110"
    assert failure.text == f"{campaign}:3:11: E110 {E110} ('1415' is not a possible international number)"
    assert cases[3].findtext("system-out") == f"{empty}: no requests in this file"


def test_response_has_an_answer_a_record_named_path_line(two_files: tuple[Path, Path]) -> None:
    campaign, empty = two_files
    _, out, _ = run("--format", "response", str(campaign), str(empty))
    files = ElementTree.fromstring(out).findall("FILE")
    assert [(f.get("PATH"), f.findtext("RESPONSE/STATUS"), f.findtext("RESPONSE/ERRORCODE")) for f in files] == [
        (f"{campaign}:2", "Success", None),
        (f"{campaign}:3", "Failure", "E110"),
        (f"{campaign}:4", "Success", None),
    ]


def test_statistics_and_summary_count_requests_and_an_empty_campaign_file(two_files: tuple[Path, Path]) -> None:
    campaign, empty = two_files
    code, out, err = run("--statistics", str(campaign), str(empty))
    assert out.splitlines() == [f"1  E110   error    {E110}", "1  total  (1 error, 0 warnings in 2 files (3 requests))"]
    code, out, err = run(str(campaign), str(empty))
    assert out.splitlines()[-1] == "Checked 2 files (3 requests): 1 error, 0 warnings; 1 request failed."
    code, out, err = run(str(empty))
    assert (code, out, err) == (
        0,
        "Checked 1 file (0 requests): 0 errors, 0 warnings; 0 requests failed.\n",
        f"mmsvalidate: {empty}: no requests in this file (no record in it)\n",
    )
    code, out, err = run("--format", "json", str(empty))
    assert json.loads(out)["summary"] == {"files": 1, "requests": 0, "failed": 0, "errors": 0, "warnings": 0}


def test_sarif_github_and_gitlab_place_a_finding_without_a_line_at_its_record(tmp_path: Path) -> None:
    """MV115 (findings cut) has no line of its own: it is placed at its record's line."""
    path = tmp_path / "campaign.csv"
    path.write_text(HEADER + ROW + "sendMMS,k,1415,60856,s,n,\n")
    code, out, _ = run("--max-findings", "1", "--format", "github", str(path))
    assert code == 1
    assert out.splitlines()[-1].startswith(f"::warning file={path},line=3,title=MV115::MV115 And 1 more")
    _, out, _ = run("--max-findings", "1", "--format", "sarif", str(path))
    results = json.loads(out)["runs"][0]["results"]
    regions = [(r["ruleId"], r["locations"][0]["physicalLocation"].get("region"), r["properties"]) for r in results]
    assert regions[-1] == ("MV115", {"startLine": 3}, {"field": "", "record": 3})
    _, out, _ = run("--max-findings", "1", "--format", "gitlab", str(path))
    assert [issue["location"]["lines"]["begin"] for issue in json.loads(out)] == [3, 3]


@pytest.mark.parametrize("encoding", ["UTF-16 LE", "UTF-32 BE"])
def test_the_command_line_reads_a_wide_campaign_file_record_by_record(encoding: str, tmp_path: Path) -> None:
    bom, codec = ENCODINGS[encoding]
    path = tmp_path / "campaign.csv"
    path.write_bytes(bom + (HEADER + ROW + "\n" + BAD_TO + 'sendMMS,k,"1415,60856,s,n,hi\n' + ROW).encode(codec))
    code, out, err = run("--format", "json", str(path))
    entries = json.loads(out)["files"]
    assert (code, err) == (1, "")
    assert [(e["record"], [(f["code"], f["line"], f["column"]) for f in e["findings"]]) for e in entries] == [
        (2, []),
        (4, [("E110", 4, 11)]),
        (5, [("E100", 5, 11)]),
        (6, []),
    ]
