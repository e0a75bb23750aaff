"""The CI knobs: several formats in one run (each to its own place), the output format from the environment,
``--fail-level``, and Ctrl+C as exit 130 with one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from tests.conftest import VALID_XML

BAD = VALID_XML.replace("<FROM>60856</FROM>", "<FROM>1</FROM>")
WARNED = VALID_XML.replace("</REQUEST>", "<COLOUR>red</COLOUR></REQUEST>")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.xml").write_text(BAD)
    (tmp_path / "good.xml").write_text(VALID_XML)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MMSVALIDATE_OUTPUT_FORMAT", raising=False)
    return tmp_path


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def bad_line() -> int:
    return next(n for n, text in enumerate(BAD.splitlines(), start=1) if "<FROM>" in text)


def test_one_run_writes_github_to_standard_output_and_sarif_to_a_file(here: Path) -> None:
    code, out, _ = invoke("check", "--format", "github", "--format", "sarif", "-o", "report.sarif", ".")
    assert code == 1
    assert out.startswith(f"::error file=bad.xml,line={bad_line()},col=5,title=E111::E111 Invalid shortcode.")
    sarif = json.loads((here / "report.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("E111", bad_line())
    ]
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_two_files_take_the_two_formats_in_order(here: Path) -> None:
    code, out, _ = invoke("check", "--format", "json", "--format", "junit", "-o", "a.json", "-o", "b.xml", ".")
    assert (code, out) == (1, "")
    document = json.loads((here / "a.json").read_text())
    assert document["summary"] == {"files": 2, "requests": 2, "failed": 1, "errors": 1, "warnings": 0}
    junit = (here / "b.xml").read_text()
    assert junit.count("<testcase ") == 2 and junit.count("<failure ") == 1 and 'type="E111"' in junit


def test_two_formats_cannot_share_standard_output(here: Path) -> None:
    code, _, err = invoke("check", "--format", "text", "--format", "github", ".")
    assert code == 2 and "only one format can go to standard output: give --output-file for the others" in err
    code, _, err = invoke("check", "-o", "a.txt", "-o", "b.txt", ".")
    assert code == 2 and "2 output files for 1 formats: give one --format each" in err


def test_the_output_format_from_the_environment(here: Path) -> None:
    code, out, _ = invoke("check", "bad.xml", env={"MMSVALIDATE_OUTPUT_FORMAT": "github"})
    assert code == 1 and out.startswith("::error file=bad.xml,")
    code, out, _ = invoke("check", "--format", "text", "bad.xml", env={"MMSVALIDATE_OUTPUT_FORMAT": "github"})
    assert code == 1 and out.startswith(f"bad.xml:{bad_line()}:5: E111 Invalid shortcode.")


def test_fail_level_warning_fails_on_a_warning(here: Path) -> None:
    (here / "warned.xml").write_text(WARNED)
    assert invoke("check", "--quiet", "warned.xml")[0] == 0
    code, out, _ = invoke("check", "--fail-level", "warning", "warned.xml")
    assert code == 1 and "MV101 Unknown element or parameter <COLOUR>." in out
    assert invoke("check", "--fail-level", "warning", "good.xml")[0] == 0
    assert invoke("check", "--fail-level", "warning", "--exit-zero", "warned.xml")[0] == 0


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _big_run(folder: Path) -> subprocess.Popen[str]:
    """``check --jobs 2`` of 200,000 JSON Lines records in a session of its own, once its first answer is out
    (well into the run, the workers busy). Started as from an interactive shell: a test run started in the
    background inherits SIGINT ignored, and so would the command, which then (rightly) ignores Ctrl+C too."""
    line = json.dumps({"action": "sendMMS", "api_key": "k", "to": "14155550100", "from": "60856", "name": "n"})
    (folder / "big.jsonl").write_text((line + "\n") * 200_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "mmsvalidate", "check", "--jobs", "2", "--format", "jsonl", "big.jsonl"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_interruptible,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith('{"path": "big.jsonl"')
    return process


@pytest.mark.parametrize("whole_group", [False, True], ids=["main process", "process group (Ctrl+C)"])
def test_ctrl_c_is_exit_130_with_one_line(tmp_path: Path, whole_group: bool) -> None:
    process = _big_run(tmp_path)
    time.sleep(0.5)
    assert process.poll() is None
    if whole_group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert (process.returncode, err) == (130, "mmsvalidate: interrupted\n")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads a process's children from /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    """A ``check --jobs 2`` killed outright (no chance to stop its pool) leaves no worker running."""
    process = _big_run(tmp_path)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    workers = [int(pid) for pid in children]
    try:
        assert len(workers) == 2
        process.kill()
        process.communicate(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_running(pid) for pid in workers):
            time.sleep(0.1)
        assert [pid for pid in workers if _running(pid)] == []
    finally:
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False
