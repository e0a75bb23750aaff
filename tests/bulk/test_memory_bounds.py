"""The campaign memory bounds of issue 18 (items 10 and 11), on the real command: ``mmsvalidate check`` runs in a
child process under an address-space limit, and its peak resident memory (its own and its workers', as the
kernel counts them for that one child) is compared with the same command's on a small file.

- A wide CSV row costs memory in proportion to its bytes, a small constant, not ~160 bytes a cell.
- A job holds a bounded number of bytes, not 400 rows whatever their size.
- A header of more names than a request can have is one file-level finding (MV112), not silently the first row.
- ``check --online`` on JSON Lines is streamed (the first answer comes while the input is still open) and flat.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory of one child (Linux)")

NAMES = "action,api_key,to,from,name,subject,slide_text_value_0"
VALUES = "sendMMS,k,14158586273,60856,n,s,Hi"
GOOD = json.dumps(
    {"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s", "name": "n"}
    | {"slides": [{"text": "Hi"}]}
)
#: The address space the command may take: far over what it needs (a Python with its libraries, some
#: threads' arenas), far under what the costs of before needed (3.1 GB for a 22 MB CSV).
LIMIT = 1536 * 1024 * 1024
MB = 1024 * 1024


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


#: Runs the command under the limit and writes its peak resident size (KiB, its own and the workers' it waited
#: for) to the file named first. A launcher of its own, since a process made by forking this test run starts
#: with the test run's peak as its own (the kernel keeps the high-water mark across exec).
LAUNCHER = f"""
import os, resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, ({LIMIT}, {LIMIT}))
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def check(folder: Path, *args: str | Path) -> tuple[int, list[dict[str, Any]], str, int]:
    """Run ``mmsvalidate check --format jsonl ARGS`` under the limit: exit status, the JSON lines printed, standard
    error and the peak resident set size in bytes of the child (and of the workers it waited for)."""
    command = [sys.executable, "-m", "mmsvalidate", "check", "--isolated", "--format", "jsonl", *map(str, args)]
    peak = folder / "peak"
    with (folder / "out").open("w+b") as out, (folder / "err").open("w+b") as err:
        # a session of its own: on a timeout the command and its worker processes are ended together
        child = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(peak), *command],
            stdout=out,
            stderr=err,
            cwd=folder,
            start_new_session=True,
        )
        timer = threading.Timer(120, os.killpg, (child.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, _ = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = [json.loads(line) for line in out.read().splitlines()]
        return child.returncode, lines, err.read().decode(), int(peak.read_text()) * 1024


def write_csv(path: Path, rows: int, row_bytes: int, header: int = 0) -> Path:
    """``rows`` rows of about ``row_bytes`` bytes: cells of one byte past the header's names, or (``header``) as many
    more names as that and a cell for each, every cell kept."""
    extra = [f"x{n}" for n in range(header)]
    if header:
        cell = "1" * max(1, (row_bytes - len(VALUES)) // header - 1)
        filler = ("," + cell) * header
    else:
        filler = ",1" * ((row_bytes - len(VALUES)) // 2)
    path.write_text(",".join([NAMES, *extra]) + "\r\n" + (VALUES + filler + "\r\n") * rows)
    return path


def test_a_wide_csv_row_costs_memory_in_proportion_to_its_bytes(tmp_path: Path) -> None:
    """A 1 MiB row of 524,000 one-byte cells (about 160 MB before): eight of them cost less than their bytes."""
    small = check(tmp_path, "-j", "1", write_csv(tmp_path / "small.csv", 1, 0))
    wide = check(tmp_path, "-j", "1", write_csv(tmp_path / "wide.csv", 8, MB))
    assert (small[0], wide[0]) == (0, 1), wide[2]
    assert [(r["record"], r["first_error"]) for r in wide[1]] == [(n, "E100") for n in range(2, 10)]
    assert wide[3] - small[3] < 8 * MB, (small[3], wide[3])  # less than the rows' own bytes


def test_a_job_holds_a_bounded_number_of_bytes_not_a_number_of_rows(tmp_path: Path) -> None:
    """Rows of a 256 KiB slide text each (E334): with two worker processes, 200 of them (51 MB of file) cost no
    more than 100 do, where jobs of 400 rows held every row of both files at once."""
    text = "x" * (256 << 10)

    def rows(count: int) -> Path:
        path = tmp_path / f"rows-{count}.csv"
        path.write_text(NAMES + "\n" + (VALUES.removesuffix("Hi") + text + "\n") * count)
        return path

    half, whole = check(tmp_path, "-j", "2", rows(100)), check(tmp_path, "-j", "2", rows(200))
    assert (half[0], whole[0]) == (1, 1), whole[2]
    assert [(r["record"], r["first_error"]) for r in whole[1]] == [(n, "E334") for n in range(2, 202)]
    assert whole[3] - half[3] < 12 * MB, (half[3], whole[3])


def test_an_oversized_csv_header_is_one_file_level_finding(tmp_path: Path) -> None:
    """A header of 100,000 names (more than a request can have) is the file's one finding at line 1; the rows
    after it are not read as requests, and the names are not all kept."""
    path = tmp_path / "header.csv"
    path.write_text(",".join(f"c{n}" for n in range(100_000)) + "\n" + VALUES + "\n" + VALUES + "\n")
    small = check(tmp_path, write_csv(tmp_path / "small.csv", 1, 0))
    code, lines, err, peak = check(tmp_path, path)
    assert code == 1 and err == ""
    [line] = lines
    assert (line["record"], line["ok"], line["first_error"]) == (1, False, "MV112")
    [finding] = line["findings"]
    message = "the header row: a header of 100,000 names, over 10,000; the 2 rows after it are not read"
    assert (finding["code"], finding["line"], finding["message"]) == ("MV112", 1, f"Request not checked: {message}.")
    assert peak - small[3] < 16 * MB, (small[3], peak)


def test_json_lines_online_is_streamed_and_flat(tmp_path: Path) -> None:
    """``check --online`` answers each JSON Lines record as it comes (the first answer while standard input is
    still open, once a window of records is in) and its memory does not grow with the number of records."""
    command = [sys.executable, "-m", "mmsvalidate", "check", "--isolated", "--online", "--format", "jsonl"]
    command += ["--stdin-filename", "in.jsonl", "-"]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=_limited, cwd=tmp_path)
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write((GOOD + "\n").encode() * 1100)
        child.stdin.flush()
        ready, _, _ = select.select([child.stdout], [], [], 30)
        assert ready, "no answer while the input is open"
        first = json.loads(child.stdout.readline())
        assert (first["record"], first["ok"]) == (1, True)
    finally:
        child.kill()
        child.wait()
    few = check(tmp_path, "--online", _jsonl(tmp_path / "few.jsonl", 500))
    many = check(tmp_path, "--online", _jsonl(tmp_path / "many.jsonl", 5000))
    assert (few[0], many[0], len(many[1])) == (0, 0, 5000), many[2]
    assert many[3] - few[3] < 12 * MB, (few[3], many[3])  # about 7 KB a record before (707 MB for 100,000)


def _jsonl(path: Path, records: int) -> Path:
    path.write_text((GOOD + "\n") * records)
    return path
