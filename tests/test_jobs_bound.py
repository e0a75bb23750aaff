"""``check --jobs N`` starts no more processes than can run at once or than there is work for.

``--jobs 100000`` started a pool of 100,000 forked processes, whatever the files: one per job asked, all forked
at the first file, on any machine. The pool is now never larger than the jobs the files make (16 files a job; a
JSON Lines or CSV file's records make many), nor than the CPUs this process may use (two, when asked for at
least two: a worker keeps a file whose check crashes it apart). The tests here ask for a few processes only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mmsvalidate.cli import batch
from mmsvalidate.cli.paths import Target
from mmsvalidate.cli.run import cpus, workers
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


def files(count: int, suffix: str = ".xml") -> list[Target]:
    return [Target(f"r{number}{suffix}", f"r{number}{suffix}") for number in range(count)]


def test_a_pool_is_never_larger_than_the_cpus_or_the_work() -> None:
    assert cpus() == (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    most = max(cpus(), 2)
    assert workers(100_000, files(1)) == 1
    assert workers(100_000, files(16)) == 1
    assert workers(100_000, files(17)) == min(2, most)
    assert workers(100_000, files(batch.PARALLEL_FROM)) == most
    assert workers(100_000, files(1, ".jsonl")) == most  # its records make many jobs
    assert workers(2, files(40)) == 2
    assert workers(0, files(batch.PARALLEL_FROM)) == cpus()
    assert workers(None, files(10)) == 1 and workers(None, files(batch.PARALLEL_FROM)) == cpus()


def test_jobs_far_above_the_files_starts_no_process_for_one_file(tmp_path: Path) -> None:
    (tmp_path / "r.xml").write_text(VALID_XML, encoding="utf-8")
    assert forks(tmp_path, "--jobs", "5", "r.xml") == (0, 0)  # 5 forked before
    assert forks(tmp_path, "--jobs", "0", "r.xml") == (0, 0)


def test_jobs_far_above_the_cpus_starts_one_process_a_cpu(tmp_path: Path) -> None:
    for number in range(100):
        (tmp_path / f"r{number}.xml").write_text(VALID_XML, encoding="utf-8")
    asked = max(cpus(), 2) + 3
    assert forks(tmp_path, "--jobs", str(asked), *(f"r{number}.xml" for number in range(100))) == (0, max(cpus(), 2))
