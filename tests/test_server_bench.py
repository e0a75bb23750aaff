"""The service's benchmark runs and checks every answer (a smoke run: it times nothing)."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import json
import re
import subprocess
import sys

from tests.serving import ROOT


def test_bench_serve_smoke_runs_and_every_answer_is_right() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve.py"), "--smoke"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("mmsvalidate serve benchmark: Python ")
    assert any(
        line.lstrip().startswith("workers  case          answers  wrong  checks/s   p50 ms   p99 ms") for line in lines
    )
    rows = [line.split() for line in lines if re.match(r"\s+1  (check|mock) xml ", line)]
    assert [row[1:3] for row in rows] == [["check", "xml"], ["mock", "xml"]]
    assert all(int(row[3]) > 0 and row[4] == "0" for row in rows)  # answers counted, none wrong


def test_the_readmes_benchmark_table_is_the_recorded_results() -> None:
    page = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    block = re.search(r"\$ python bench/serve\.py --output bench/results-serve\.json\n(.*?)```", page, re.S)
    assert block is not None
    recorded = json.loads((ROOT / "bench" / "results-serve.json").read_text(encoding="utf-8"))
    assert f"load average {recorded['load_average']} at start" in block[1]
    rows = [line.split() for line in block[1].splitlines() if re.match(r"\s+\d+  (check|mock) ", line)]
    expected = [
        [
            str(r["workers"]),
            *r["case"].split(),
            str(r["answers"]),
            str(r["wrong"]),
            f"{r['checks_per_s']:.0f}",
            f"{r['p50_ms']:.1f}",
            f"{r['p99_ms']:.1f}",
            f"{r['server_cpu_s']:.2f}",
            f"{r['checks_per_cpu_s']:.0f}",
            f"{r['client_cpu_s']:.2f}",
        ]
        for r in recorded["rows"]
    ]
    assert rows == expected


def test_serve_vs_app_smoke_runs_with_a_checkout_before_in_the_same_rounds() -> None:
    # a short run of the service beside the trivial app, with --before (this same checkout) and the services'
    # access log on: each round loads the service, the one before and the app in turn, and every answer is right
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "serve_vs_app.py"),
            *("--seconds", "0.5", "--rounds", "1", "--warm-up", "0.2", "--workers", "1", "--connections", "4"),
            *("--client", "raw", "--before", str(ROOT), "--access-log"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    rows = [line.split() for line in lines if re.match(r"\s+1  (service|before|app) ", line)]
    assert [row[1] for row in rows] == ["service", "before", "app"]
    assert all(int(row[2]) > 0 and row[3] == "0" for row in rows)  # answers counted, none wrong
    assert [line.split()[1] for line in lines if line.startswith("median ")] == ["service", "before", "app"]
    assert any(line.startswith("before / app: ") for line in lines)
    assert any(line.startswith("service / app: ") for line in lines)
    assert "alternated, the services access-logging" in run.stdout
