"""An empty path (an unset variable's expansion, ``mmsvalidate check "$FILE"``) is no file: it is said and
reported as MV114, exit 2, as a missing path is. It was read as the working folder, and every request under it
was checked instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main

REASON = "an empty path names no file or folder"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.query").write_text("action=sendMMS&to=1\n")
    (tmp_path / "good.query").write_text(
        "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=s&name=n&slide_text_value_0=hi\n"
    )
    return tmp_path


def test_an_empty_path_is_not_the_working_folder(folder: Path) -> None:
    result = CliRunner().invoke(main, ["check", "", "good.query", ""])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        f": MV114 File not checked: {REASON}.\nChecked 2 files: 1 error, 0 warnings; 1 file failed.\n",
        f"mmsvalidate: : {REASON}\n",
    )


def test_an_empty_path_is_in_every_format_and_shows_no_files(folder: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "json", ""])
    assert result.exit_code == 2
    [entry] = json.loads(result.stdout)["files"]
    assert (entry["path"], [(f["code"], f["message"]) for f in entry["findings"]]) == (
        "",
        [("MV114", f"File not checked: {REASON}.")],
    )
    shown = CliRunner().invoke(main, ["check", "--show-files", ""])
    assert (shown.exit_code, shown.stdout, shown.stderr) == (2, "", f"mmsvalidate: : {REASON}\n")


@pytest.mark.parametrize("command", [["check"], ["convert", "--to", "json"]])
def test_an_empty_output_file_is_a_usage_error(folder: Path, command: list[str]) -> None:
    # it was the working folder: every request was checked, then "cannot be written: Is a directory"
    result = CliRunner().invoke(main, [*command, "-o", "", "good.query"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr.splitlines()[-1] == "Error: Invalid value for '-o' / '--output-file': an empty path names no file"
    )
