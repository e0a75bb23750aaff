"""What wide campaign records cost ``mmsvalidate check``: wall time and peak memory, under an address-space limit.

Writes a CSV of ``--rows`` rows, each about ``--row-kib`` KiB of short cells (a header naming the sendMMS
parameters and as many more as ``--header`` says), or a JSON Lines file of as many records of that size
(``--form json``: each a request whose slides' texts fill it), then runs ``mmsvalidate check -j N --format
jsonl FILE`` in a child process whose address space is limited to ``--limit-mb`` MB
(``resource.setrlimit(RLIMIT_AS)``, Linux). Reports the file's size, the exit status, the wall time, the peak
resident memory of the child and its workers (``ru_maxrss`` of the waited-for children) and whether the output
the number of findings printed and the last line of standard error.

    python bench/wide_rows.py --rows 22 --row-kib 1024 --limit-mb 3072 -j 1
    python bench/wide_rows.py --form json --rows 64 --row-kib 4096 --limit-mb 3072 -j 2
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMES = "action,api_key,to,from,name,subject,slide_text_value_0"
VALUES = "sendmms,ea7966f90de2bf520e3f0042053e6ec3,15551234888,60856,Campaign,Hello,Hi"


def write_csv(path: Path, rows: int, row_bytes: int, header: int) -> None:
    extra = [f"x{n}" for n in range(header)]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join([NAMES, *extra]) + "\r\n")
        if header:  # a cell for every name, filling the row: every cell is kept
            cell = "1" * max(1, (row_bytes - len(VALUES)) // header - 1)
            filler = ("," + cell) * header
        else:  # cells of one byte past the header's names
            filler = ",1" * max(0, (row_bytes - len(VALUES)) // 2)
        for _ in range(rows):
            out.write(VALUES + filler + "\r\n")


def write_jsonl(path: Path, rows: int, row_bytes: int) -> None:
    slides = max(1, row_bytes // 4096)
    text = "x" * max(1, row_bytes // slides - 40)
    record = {
        "action": "sendmms",
        "api_key": "ea7966f90de2bf520e3f0042053e6ec3",
        "to": "15551234888",
        "from": "60856",
        "name": "Campaign",
        "subject": "Hello",
        "slides": [{"text": text} for _ in range(slides)],
    }
    line = json.dumps(record) + "\n"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(rows):
            out.write(line)


def limited(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--form", choices=("csv", "json"), default="csv")
    parser.add_argument("--rows", type=int, default=22)
    parser.add_argument("--row-kib", type=int, default=1024)
    parser.add_argument(
        "--header", type=int, default=0, help="extra header names (CSV), each given a cell in every row"
    )
    parser.add_argument("--limit-mb", type=int, default=3072, help="address-space limit of the run")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--online", action="store_true", help="check --online (no media URL is fetched)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("wide.csv" if options.form == "csv" else "big.jsonl")
        if options.form == "csv":
            write_csv(path, options.rows, options.row_kib * 1024, options.header)
        else:
            write_jsonl(path, options.rows, options.row_kib * 1024)
        size = path.stat().st_size
        command = [sys.executable, "-m", "mmsvalidate", "check", "-j", str(options.jobs), "--format", "jsonl"]
        if options.online:
            command += ["--online"]
        start = time.perf_counter()
        run = subprocess.run(
            [*command, str(path)],
            capture_output=True,
            text=True,
            preexec_fn=lambda: limited(options.limit_mb),
            cwd=folder,
        )
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    said = run.stderr.strip().splitlines()[-1:] or [""]
    print(f"file: {size / 1e6:.1f} MB, {options.rows} records of {options.row_kib} KiB ({options.form})")
    print(f"limit: {options.limit_mb} MB address space; -j {options.jobs}{' --online' if options.online else ''}")
    print(f"exit: {run.returncode}")
    print(f"wall: {seconds:.1f} s")
    print(f"peak RSS of one process: {peak:.0f} MB")
    print(f"findings printed: {run.stdout.count(chr(10))}; last line of standard error: {said[0][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
