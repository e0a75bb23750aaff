"""``check --show-files`` and ``--show-settings`` print paths as every text output does: a name holding a line
break, a terminal escape, a bidirectional control or a byte that is not UTF-8 is one line, escaped. A folder
named ``d\\nmax-slides = 1`` made ``--show-settings`` print a settings line of its own (``max-slides = 1``)
above the file's real settings, and ``--show-files`` a file as three lines."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file names with line breaks and raw bytes")

REQUEST = "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=s&name=n&slide_text_value_0=hi\n"
FOLDER = os.fsdecode(b"d\nmax-slides = 1\n\x1b[2J\xe2\x80\xae\xff")
SHOWN = "d\\nmax-slides = 1\\n\\x1b[2J\\u202e\\xff"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    made = tmp_path / FOLDER
    made.mkdir()
    (made / "r.query").write_text(REQUEST)
    (made / "mmsvalidate.toml").write_text("max-slides = 3\n")
    return made


def test_show_files_prints_each_path_on_one_escaped_line(folder: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--show-files", "."])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{SHOWN}/r.query\n", "")


def test_show_settings_prints_the_paths_escaped_so_none_forges_a_setting(folder: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--show-settings", "."])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:4] == [
        f"# Resolved settings for: {SHOWN}/r.query",
        f"# Settings path: {SHOWN}/mmsvalidate.toml",
        'form = "auto"',
        "max-slides = 3",
    ]
    assert [line for line in result.stdout.splitlines() if line.startswith("max-slides =")] == ["max-slides = 3"]
