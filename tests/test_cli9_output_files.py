"""Two formats given one output file (``--format json --format sarif -o out -o ./out``) is a usage error
(exit 2, nothing checked or written): the second format silently replaced the first's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main

REQUEST = "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=s&name=n&slide_text_value_0=hi\n"


@pytest.mark.parametrize(
    ("files", "named"), [(["out", "out"], "out"), (["out", "./out"], "out"), (["a/../out", "out"], "out")]
)
def test_one_file_for_two_formats_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[str], named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    args = ["check", "--format", "json", "--format", "sarif", "-o", files[0], "-o", files[1], "-"]
    result = CliRunner().invoke(main, args, input=REQUEST.encode())
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: the output file '{named}' is given for two formats: give each its own file"
    )
    assert not (tmp_path / "out").exists()


def test_two_files_for_two_formats_are_each_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["check", "--format", "json", "--format", "sarif", "-o", "out.json", "-o", "out.sarif", "-"]
    result = CliRunner().invoke(main, args, input=REQUEST.encode())
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "out.json").read_text().startswith('{\n  "files"')
    assert '"version": "2.1.0"' in (tmp_path / "out.sarif").read_text()
