"""``mmsvalidate check`` on JSON Lines and CSV files: file lines, a record per entry, streamed in order."""

from __future__ import annotations

import json
import os
import pty
import select
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from mmsvalidate.cli.run import Progress
from tests.bulk.test_records import AUDIO_VIDEO, CSV, GOOD

E100 = "E100 Invalid request. Make a valid request via GET/POST/XML with all the required variables."


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.jsonl"
    path.write_text(f"{GOOD}\n\n{AUDIO_VIDEO}\nnot json\n{GOOD}\n")
    return path


def test_text_gives_the_file_line_of_each_record(campaign: Path) -> None:
    code, out, err = run("check", str(campaign))
    video = AUDIO_VIDEO.index('"video"') + 1
    assert code == 1 and err == ""
    assert out.splitlines() == [
        f"{campaign}:3:{video}: E226 Audio and Video not allowed in same slide. (slide 1)",
        f"{campaign}:4:1: {E100} (Expecting value)",
        "Checked 1 file (4 requests): 2 errors, 0 warnings; 2 requests failed.",
    ]


def test_csv_and_a_plain_file_together(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(CSV)
    (tmp_path / "one.json").write_text(GOOD)
    code, out, _ = run("check", "--quiet", str(tmp_path / "rows.csv"), str(tmp_path / "one.json"))
    rows = tmp_path / "rows.csv"
    assert code == 1
    assert out.splitlines() == [
        f"{rows}:3:11: E110 Invalid receiver number. ('1415' is not a possible international number)",
        f"{rows}:4:23: E227 Video and Image not allowed in same slide. (slide 1)",
        f"{rows}:6:38: {E100} (a row of 10 cells; the header names 9)",
        f"{rows}:7:1: E622 The \u2018fallbacksmstext\u2019 is required. (no SUBJECT and no FALLBACKSMSTEXT)",
    ]
    code, out, _ = run("check", str(tmp_path / "rows.csv"), str(tmp_path / "one.json"))
    assert out.splitlines()[-1] == "Checked 2 files (5 requests): 4 errors, 0 warnings; 3 requests failed."


def test_json_has_an_entry_per_record(campaign: Path) -> None:
    code, out, _ = run("check", "--format", "json", str(campaign))
    document = json.loads(out)
    assert code == 1
    assert [(f["record"], f["ok"], f["first_error"]) for f in document["files"]] == [
        (1, True, None),
        (3, False, "E226"),
        (4, False, "E100"),
        (5, True, None),
    ]
    assert document["summary"] == {"files": 1, "requests": 4, "failed": 2, "errors": 2, "warnings": 0}
    assert document["files"][1]["findings"][0]["line"] == 3


def test_jsonl_streams_one_object_a_request_in_input_order_whatever_the_jobs(tmp_path: Path) -> None:
    lines = [GOOD.replace("14158586273", "1415") if i % 7 == 3 else GOOD for i in range(1000)]
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(lines) + "\n")
    one = run("check", "--format", "jsonl", "--jobs", "1", str(big))
    two = run("check", "--format", "jsonl", "--jobs", "2", str(big))
    assert one == two and one[0] == 1
    records = [json.loads(line) for line in one[1].splitlines()]
    assert [r["record"] for r in records] == list(range(1, 1001))
    assert [r["first_error"] for r in records] == ["E110" if i % 7 == 3 else None for i in range(1000)]
    assert set(records[0]) == {"path", "record", "form", "ok", "first_error", "findings"}
    plain = run("check", "--format", "jsonl", str(tmp_path / "missing.xml"))
    assert json.loads(plain[1])["record"] is None and plain[0] == 2


def test_stdin_named_as_json_lines_is_read_as_records() -> None:
    code, out, _ = run("check", "--quiet", "--stdin-filename", "in.ndjson", "-", input=f"{GOOD}\nnot json\n".encode())
    assert code == 1 and out == f"in.ndjson:2:1: {E100} (Expecting value)\n"


def test_no_progress_when_piped(campaign: Path) -> None:
    assert run("check", "--quiet", str(campaign))[2] == ""


def test_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(Progress, "AFTER", 0.0)
        progress = Progress()
        for _ in range(128):
            progress.tick()
        progress.close()
        terminal.flush()
        shown = ""
        # read until the last thing written has come through the terminal (bounded: a minute without any)
        while not shown.endswith("\r\x1b[K") and select.select([leader], [], [], 60.0)[0]:
            shown += os.read(leader, 4096).decode()
    os.close(leader)
    assert "\rmmsvalidate: 64 requests checked" in shown and shown.endswith("\r\x1b[K")


def test_the_command_line_knows_the_bulk_suffixes_without_importing_bulk() -> None:
    from mmsvalidate import bulk
    from mmsvalidate.cli import batch

    assert set(batch.STREAM_SUFFIXES) == set(bulk.SUFFIXES)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_response_format_answers_each_record_with_its_own_to(tmp_path: Path, jobs: str) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(CSV)
    code, out, _ = run("check", "--format", "response", "-j", jobs, str(rows))
    assert code == 1
    # the TO of each row of CSV as written there, and the code the API answers first (written by hand)
    answers = [
        ("Success", None, "14158586273"),
        ("Failure", "E110", "1415"),
        ("Failure", "E100", None),  # a row with more cells than the header: no request read, no TO
        ("Failure", "E622", "14158586273"),
    ]
    document = ElementTree.fromstring(out)
    found = [(r.findtext("STATUS"), r.findtext("ERRORCODE"), r.findtext("TO")) for r in document.iter("RESPONSE")]
    assert found == answers
