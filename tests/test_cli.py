"""``mmsvalidate check`` end to end: exit codes, text and JSON output, folders, stdin, profile switches."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from tests.conftest import CORPUS, VALID_QUERY, VALID_XML


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "good.xml").write_text(VALID_XML)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.txt").write_text(VALID_QUERY + "&slide_video_url_0=http://h/v.mp4")
    (tmp_path / "sub" / "notes.md").write_text("not a request")
    return tmp_path


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_clean_file_exits_0(files: Path) -> None:
    code, out, _ = run("check", str(files / "good.xml"))
    assert code == 0
    assert out.strip() == "Checked 1 file: 0 errors, 0 warnings; 0 files failed."


def test_folder_is_recursed_and_errors_exit_1(files: Path) -> None:
    code, out, _ = run("check", str(files))
    assert code == 1
    bad = str(files / "sub" / "bad.txt")
    assert f"{bad}:1:157: E227 Video and Image not allowed in same slide. (slide 1)" in out.splitlines()
    assert "notes.md" not in out
    assert "Checked 2 files: 1 error, 0 warnings; 1 file failed." in out


def test_missing_path_exits_2_and_checks_the_rest(files: Path) -> None:
    code, out, err = run("check", str(files / "nope.xml"), str(files / "good.xml"))
    assert code == 2
    assert "nope.xml: no such file or folder" in err
    assert f"{files / 'nope.xml'}: MV114 File not checked: no such file or folder." in out
    assert "Checked 2 files: 1 error, 0 warnings; 1 file failed." in out


def test_json_format(files: Path) -> None:
    code, out, _ = run("check", "--format", "json", str(files))
    document = json.loads(out)
    assert code == 1
    by_path = {Path(f["path"]).name: f for f in document["files"]}
    assert by_path["good.xml"]["findings"] == [] and by_path["good.xml"]["form"] == "xml"
    finding = by_path["bad.txt"]["findings"][0]
    assert by_path["bad.txt"]["form"] == "query"
    assert finding["code"] == "E227" and finding["severity"] == "error" and finding["slide"] == 1
    assert finding["line"] == 1 and finding["column"] == 157 and finding["param"] == "slide_video_url_0"
    assert set(finding) >= {"code", "severity", "message", "slide", "line", "column"}


def test_stdin_and_form_override() -> None:
    code, out, _ = run("check", "--form", "query", "-", input=VALID_QUERY.encode())
    assert code == 0 and "Checked 1 file" in out
    code, out, _ = run("check", "--form", "xml", "-", input=VALID_QUERY.encode())
    assert code == 1 and "E108" in out


def test_profile_switches(files: Path) -> None:
    good = str(files / "good.xml")
    assert run("check", "--enforce-campaign-check", good)[1].count("E718") == 1
    assert "E650" in run("check", "--require-operator-id", good)[1]
    assert "E114" in run("check", "--blocked-number", "14158586273", good)[1]
    assert "E230" in run("check", "--max-duration", "4", good)[1]
    assert run("check", "--now", "2026-01-01T00:00:00", good)[0] == 0
    assert run("check", "--now", "yesterday", good)[0] == 2


def test_spec_examples_have_no_error() -> None:
    code, out, _ = run("check", str(CORPUS / "spec"))
    assert code == 0, out
    assert " E" not in out


def test_console_script_runs_as_a_process(files: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mmsvalidate", "check", str(files / "good.xml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_jobs_give_the_same_output_as_one_process() -> None:
    args = ["check", "--format", "json", "--now", "2026-11-26T12:00:00Z", str(CORPUS)]
    one = run(*args, "--jobs", "1")
    two = run(*args, "--jobs", "2")
    assert one[0] == two[0] == 1
    assert json.loads(one[1]) == json.loads(two[1])
    assert json.loads(two[1])["summary"]["files"] > 250
