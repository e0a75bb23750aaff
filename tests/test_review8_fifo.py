"""A folder holding a named pipe (FIFO) whose name ends ``.csv``, ``.jsonl`` or ``.ndjson``: ``check FOLDER``
waited forever, opening it to see whether it is a campaign (no writer ever came). It is now said not checked,
as a pipe named ``.xml`` always was (MV114, exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@pytest.mark.parametrize("name", ["campaign.csv", "campaign.jsonl", "campaign.ndjson"])
def test_a_named_pipe_in_a_folder_is_not_checked_and_never_waited_on(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "requests"
    folder.mkdir()
    os.mkfifo(folder / name)
    done = subprocess.run(
        [sys.executable, "-m", "mmsvalidate", "check", "requests"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    path = f"requests/{name}"
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        f"{path}: MV114 File not checked: not a regular file.\nChecked 1 file: 1 error, 0 warnings; 1 file failed.\n",
        f"mmsvalidate: {path}: not a regular file\n",
    )
