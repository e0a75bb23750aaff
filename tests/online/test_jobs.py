"""``check --online --jobs 2``: the workers run the offline stages, this process only the media stage, in
windows, streaming in order, in flat memory; each distinct URL is fetched once in the whole run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mmsvalidate.writers import to_json_object
from tests.online.conftest import HTML, picture, request
from tests.online.server import MediaServer, Route

#: Runs the CLI in a process that records, per job, which process ran it and the CPU it took, and at the
#: end its own peak memory (the main process's: the workers are forked from it and not counted).
WRAPPER = """
import os, resource, sys, time
from mmsvalidate.cli import batch, main

log = sys.argv[1]
real = batch.run_job

def run_job(job):
    start = time.process_time()
    done = real(job)
    with open(log, "a") as out:
        out.write(f"{os.getpid()} {time.process_time() - start:.6f} {len(done)}\\n")
    return done

batch.run_job = run_job
try:
    main(sys.argv[2:])
finally:
    with open(log, "a") as out:
        out.write(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""


def _campaign(server: MediaServer, folder: Path, records: int) -> Path:
    lines = [json.dumps(to_json_object(request(image=server.url(f"/j{i % 10}.jpg")))) for i in range(records)]
    path = folder / f"campaign-{records}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(campaign: Path, log: Path) -> tuple[subprocess.CompletedProcess[str], dict[int, float], int, int]:
    command = [sys.executable, "-c", WRAPPER, str(log), "check", "--online", "--allow-private", "--jobs", "2"]
    done = subprocess.run(
        [*command, "--format", "jsonl", campaign.name], cwd=campaign.parent, capture_output=True, text=True, timeout=600
    )
    cpu: dict[int, float] = {}
    records = peak = 0
    for line in log.read_text().splitlines():
        first, second, *rest = line.split()
        if first == "peak":
            peak = int(second)
            continue
        cpu[int(first)] = cpu.get(int(first), 0.0) + float(second)
        records += int(rest[0])
    return done, cpu, records, peak


def test_online_jobs_run_the_offline_stages_in_every_worker_in_flat_memory(server: MediaServer, tmp_path: Path) -> None:
    jpeg = picture("JPEG")
    for n in range(10):
        server.routes[f"/j{n}.jpg"] = Route(jpeg, content_type="image/jpeg")
    server.routes["/j9.jpg"] = Route(HTML, content_type="text/html")
    small, big = _campaign(server, tmp_path, 2_000), _campaign(server, tmp_path, 20_000)

    done, cpu, records, small_peak = _run(small, tmp_path / "small.log")
    assert done.returncode == 1, done.stderr
    assert records == 2_000 and server.requests == 10

    done, cpu, records, big_peak = _run(big, tmp_path / "big.log")
    assert done.returncode == 1, done.stderr
    assert records == 20_000 and server.requests == 20  # each of the 10 URLs once in this run too
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    # one JSON line a record, in order: every tenth names the HTML page (E629), the others are clean
    assert [(item["record"], [f["code"] for f in item["findings"]]) for item in lines] == [
        (line, ["E629"] if line % 10 == 0 else []) for line in range(1, 20_001)
    ]
    # with two workers no job runs in this process: each process that logged jobs is a worker
    assert len(cpu) == 2 and all(seconds > 0.5 for seconds in cpu.values()), cpu
    assert big_peak <= 1.2 * small_peak, (small_peak, big_peak)
