"""``check --jobs N`` starts no more processes than there is work for, counted as they fork.

``--jobs 100000`` started a pool of 100,000 forked processes, whatever the files: one per job asked, all forked
at the first file, on any machine. The tests here ask for a few processes only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import VALID_XML

#: Runs ``check`` with its arguments in this process, counting the processes it forks (into the file named first).
COUNTING = """
import os, sys
count = sys.argv[1]
os.register_at_fork(after_in_child=lambda: open(count, "a").write("1"))
from mmsvalidate.cli import main
sys.argv = ["mmsvalidate", "check", "--isolated", "--quiet", *sys.argv[2:]]
main()
"""


def forks(tmp_path: Path, *args: str) -> tuple[int, int]:
    """The exit status of ``check ARGS`` in ``tmp_path`` and how many processes it forked."""
    count = tmp_path / "forks.count"
    count.write_text("")
    done = subprocess.run(
        [sys.executable, "-c", COUNTING, str(count), *args], cwd=tmp_path, capture_output=True, timeout=120, check=False
    )
    return done.returncode, len(count.read_text())


def test_jobs_far_above_the_files_starts_no_process_for_one_file(tmp_path: Path) -> None:
    (tmp_path / "r.xml").write_text(VALID_XML, encoding="utf-8")
    assert forks(tmp_path, "--jobs", "5", "r.xml") == (0, 0)  # 5 forked before
    assert forks(tmp_path, "--jobs", "0", "r.xml") == (0, 0)
