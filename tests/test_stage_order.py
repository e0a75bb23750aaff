"""The stages run in one order whatever the front end: suppress, then select, then bound.

The request has four errors before three unknown elements (MV101, a warning). Asked for MV101 only and at
most N findings, every front end reports the first N MV101 and, when some are cut, one MV115 counting the
rest (README, "Output bounds": at most ``max-findings`` findings, then MV115 "And N more findings, not
shown."). Before the checker owned the order, the bound ran first and selection then dropped everything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import mmsvalidate
from mmsvalidate import Checker, CheckOptions, Profile
from mmsvalidate.cli import main

BOUND = """<REQUEST>
    <ACTION>sendMMS</ACTION>
    <API_KEY>ea7966f90de2bf520e3f0042053e6ec3</API_KEY>
    <TO>123</TO>
    <FROM>1</FROM>
    <SLIDE>
        <TEXT>Hi</TEXT>
    </SLIDE>
    <COLOUR>red</COLOUR>
    <SIZE>big</SIZE>
    <SHAPE>round</SHAPE>
</REQUEST>
"""
UNKNOWN = "(not part of a sendMMS request in <REQUEST>)"
#: code, severity, line, column, message, detail: written from the request above and the README.
MV101 = [
    ("MV101", "warning", 9, 5, "Unknown element or parameter <COLOUR>.", UNKNOWN[1:-1]),
    ("MV101", "warning", 10, 5, "Unknown element or parameter <SIZE>.", UNKNOWN[1:-1]),
    ("MV101", "warning", 11, 5, "Unknown element or parameter <SHAPE>.", UNKNOWN[1:-1]),
]
MV115_ONE = (
    "MV115",
    "warning",
    None,
    None,
    "And 1 more findings, not shown.",
    "at most 2 findings are reported per request",
)


def whole(report: mmsvalidate.Report) -> list[tuple[object, ...]]:
    return [(f.code, f.severity.value, f.line, f.column, f.message, f.detail) for f in report.findings]


def test_the_request_has_four_errors_before_the_three_unknown_elements() -> None:
    assert [f.code for f in mmsvalidate.validate(BOUND).findings] == [
        "E311",
        "E622",
        "E110",
        "E111",
        "MV101",
        "MV101",
        "MV101",
    ]


@pytest.mark.parametrize(("limit", "expected"), [(3, MV101), (2, [*MV101[:2], MV115_ONE]), (1000, MV101)])
def test_library_selects_before_it_bounds(limit: int, expected: list[tuple[object, ...]]) -> None:
    profile = Profile(max_findings=limit)
    assert whole(mmsvalidate.validate(BOUND, profile=profile, select=["MV101"])) == expected
    (report,) = mmsvalidate.validate_many([BOUND], profile=profile, select=["MV1"])
    assert whole(report) == expected
    options = CheckOptions(profile=profile, codes=frozenset({"MV101", "MV115"}))
    assert whole(Checker(options).check(BOUND)) == expected


def test_a_suppressed_code_is_gone_before_the_bound_counts() -> None:
    suppressed = BOUND.replace("<REQUEST>", "<REQUEST><!-- mmsvalidate: ignore[E311, E622] -->", 1)
    report = mmsvalidate.validate(suppressed, profile=Profile(max_findings=2))
    assert [f.code for f in report.findings] == ["E110", "E111", "MV115"]
    assert report.findings[-1].message == "And 3 more findings, not shown."


def test_a_crash_is_reported_whatever_the_selection() -> None:
    from mmsvalidate.checker.pipeline import Examined
    from mmsvalidate.engine import internal_error
    from mmsvalidate.report import Report

    checker = Checker(CheckOptions(codes=frozenset({"E226"})))
    crashed = Examined(Report((internal_error(RuntimeError("boom")),)))
    assert [f.code for f in checker.finish(crashed).findings] == ["MV900"]


def test_cli_selects_before_it_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bound.xml").write_text(BOUND)
    monkeypatch.chdir(tmp_path)
    args = ["check", "--isolated", "--select", "MV101", "bound.xml"]
    three = CliRunner().invoke(main, [*args, "--max-findings", "3"])
    two = CliRunner().invoke(main, [*args, "--max-findings", "2", "--format", "json"])
    assert (three.exit_code, three.stdout) == (
        0,
        f"bound.xml:9:5: MV101 Unknown element or parameter <COLOUR>. {UNKNOWN}\n"
        f"bound.xml:10:5: MV101 Unknown element or parameter <SIZE>. {UNKNOWN}\n"
        f"bound.xml:11:5: MV101 Unknown element or parameter <SHAPE>. {UNKNOWN}\n"
        "Checked 1 file: 0 errors, 3 warnings; 0 files failed.\n",
    )
    found = json.loads(two.stdout)["files"][0]["findings"]
    assert [(f["code"], f["line"], f["column"], f["message"], f["detail"]) for f in found] == [
        (code, line, column, message, detail) for code, _, line, column, message, detail in [*MV101[:2], MV115_ONE]
    ]


def test_records_select_before_they_bound(tmp_path: Path) -> None:
    from mmsvalidate.bulk import check_file
    from mmsvalidate.writers import to_json_object

    request = mmsvalidate.Checker().read(BOUND).request
    assert request is not None
    line = json.dumps(to_json_object(request) | {"colour": "red", "size": "big", "shape": "round"})
    (tmp_path / "campaign.jsonl").write_text(line + "\n" + line + "\n")
    options = CheckOptions(profile=Profile(max_findings=2), codes=frozenset({"MV101"}))
    results = list(check_file(tmp_path / "campaign.jsonl", options=options))
    assert [(number, [f.code for f in report.findings]) for number, report in results] == [
        (1, ["MV101", "MV101", "MV115"]),
        (2, ["MV101", "MV101", "MV115"]),
    ]
    assert all(report.findings[-1].message == "And 1 more findings, not shown." for _, report in results)


def test_service_selects_before_it_bounds() -> None:
    pytest.importorskip("starlette", reason="the service needs the server extra")
    import httpx

    from tests.serving import serve

    with serve("--quiet", "--isolated", "--select", "MV101", "--max-findings", "2") as served:
        answer = httpx.post(
            served.url("/v1/check"), content=BOUND, headers={"Content-Type": "application/xml"}, timeout=30
        )
    found = answer.json()["findings"]
    assert [(f["code"], f["line"], f["column"], f["message"], f["detail"]) for f in found] == [
        (code, line, column, message, detail) for code, _, line, column, message, detail in [*MV101[:2], MV115_ONE]
    ]
