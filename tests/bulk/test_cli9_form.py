"""A JSON Lines or CSV file's records are in its own form (JSON, query): ``--form`` or the configuration's
``form`` naming another is refused for that file (MV114, exit 2, said on standard error), where it was
ignored without a word; the other files are still checked, and the file's own form still reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from tests.bulk.test_records import CSV, GOOD

E226 = "E226 Audio and Video not allowed in same slide."
JSONL = "a JSON Lines file holds JSON-form requests, one a line"
ROWS = "a CSV file holds query-form requests, one a row"


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.jsonl").write_text(f"{GOOD}\n")
    (tmp_path / "c.csv").write_text(CSV)
    (tmp_path / "a.xml").write_text(
        "<REQUEST><ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><TO>14158586273</TO><FROM>60856</FROM>"
        "<SUBJECT>s</SUBJECT><NAME>n</NAME><SLIDE><AUDIO><URL>http://h/a.mp3</URL></AUDIO>"
        "<VIDEO><URL>http://h/v.mp4</URL></VIDEO></SLIDE></REQUEST>"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("form", "path", "holds"),
    [("xml", "c.jsonl", JSONL), ("query", "c.jsonl", JSONL), ("json", "c.csv", ROWS), ("xml", "c.csv", ROWS)],
)
def test_a_form_other_than_the_files_is_refused_for_it(folder: Path, form: str, path: str, holds: str) -> None:
    also = ["a.xml"] if form == "xml" else []  # the other files are still checked, in the form asked
    code, out, err = run("check", "--isolated", "--form", form, path, *also)
    reason = f"the form {form} was asked, but {holds}"
    assert (code, err) == (2, f"mmsvalidate: {path}: {reason}\n")
    summary = (
        "Checked 2 files: 2 errors, 0 warnings; 2 files failed."
        if also
        else "Checked 1 file: 1 error, 0 warnings; 1 file failed."
    )
    checked = [f"a.xml:1:180: {E226} (slide 1)"] if also else []
    assert out.splitlines() == [f"{path}: MV114 File not checked: {reason}.", *checked, summary]


def test_the_refusal_is_in_every_format(folder: Path) -> None:
    code, out, _ = run("check", "--isolated", "--form", "xml", "--format", "json", "c.jsonl")
    assert code == 2
    [entry] = json.loads(out)["files"]
    assert [(f["code"], f["message"], f["line"]) for f in entry["findings"]] == [
        ("MV114", f"File not checked: the form xml was asked, but {JSONL}.", None)
    ]


def test_the_configurations_form_is_refused_too_and_stdin_named_as_a_campaign(folder: Path) -> None:
    (folder / "mmsvalidate.toml").write_text('form = "json"\n')
    code, out, err = run("check", "--stdin-filename", "c.csv", "-", input=CSV.encode())
    reason = f"the form json was asked, but {ROWS}"
    assert (code, out, err) == (
        2,
        f"c.csv: MV114 File not checked: {reason}.\nChecked 1 file: 1 error, 0 warnings; 1 file failed.\n",
        f"mmsvalidate: c.csv: {reason}\n",
    )


@pytest.mark.parametrize(("form", "path"), [("json", "c.jsonl"), ("query", "c.csv"), ("auto", "c.jsonl")])
def test_the_files_own_form_or_auto_still_reads_it(folder: Path, form: str, path: str) -> None:
    assert run("check", "--isolated", "--form", form, path) == run("check", "--isolated", path)
    assert "MV114" not in run("check", "--isolated", "--form", form, path)[1]
