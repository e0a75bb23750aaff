"""The README's JSON Lines and CSV examples, run as written and compared byte for byte."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SECTION = re.search(r".*?(?=\n## )", (ROOT / "docs" / "bulk.md").read_text(encoding="utf-8"), re.S)


def _section() -> str:
    assert SECTION is not None
    return SECTION[0]


def test_readme_commands_print_what_the_readme_says() -> None:
    block = re.search(r"```\n(\$ mmsvalidate check .*?)```", _section(), re.S)
    assert block is not None
    runs = re.split(r"^\$ ", block[1], flags=re.M)[1:]
    assert len(runs) == 2
    for run in runs:
        command, _, expected = run.partition("\n")
        script = Path(sys.executable).with_name("mmsvalidate")
        done = subprocess.run([str(script), *command.split()[1:]], cwd=ROOT, capture_output=True, text=True)
        assert (done.returncode, done.stdout) == (1, expected)


def test_readme_python_prints_what_the_readme_says(monkeypatch: pytest.MonkeyPatch) -> None:
    found = re.search(r"```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", _section(), re.S)
    assert found is not None
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(found[1], "docs/bulk.md", "exec"), {"__name__": "readme"})
    assert printed.getvalue() == found[2]
    assert os.getcwd() == str(ROOT)
