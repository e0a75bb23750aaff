"""The benchmark works: its requests are what they claim, and a tiny run writes every figure (no timings checked)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import mmsvalidate
from mmsvalidate.profile import DEFAULT_PROFILE
from tests.conftest import ROOT, pinned

BENCH = ROOT / "bench"


def load(name: str) -> ModuleType:
    """A module of ``bench/`` (which is not a package), loaded from its file."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = load("gen")
timing = load("timing")


def test_generated_files_pass_or_fail_as_they_claim(tmp_path: Path) -> None:
    files = gen.generate(tmp_path, 150)
    assert {f.form for f in files} == set(gen.FORMS)
    assert 0.3 < sum(f.fault is None for f in files) / len(files) < 0.7
    for file in files:
        report = mmsvalidate.validate(file.path, profile=pinned())
        assert report.ok == (file.fault is None), (file, [f.code for f in report.findings])


def test_a_small_corpus_is_the_start_of_a_large_one() -> None:
    assert [gen.request_file(i) for i in range(20)] == [gen.request_file(i) for i in range(20)]
    assert gen.request_file(5, seed=1) != gen.request_file(5, seed=0)


@pytest.mark.parametrize("form", ["xml", "query", "json"])
def test_worst_case_is_valid_and_at_every_limit(form: str) -> None:
    request = gen.worst_case()
    assert len(request.slides) == DEFAULT_PROFILE.max_slides
    assert all(len(slide.text) == DEFAULT_PROFILE.max_slide_text for slide in request.slides)
    assert len(request.subject) == DEFAULT_PROFILE.max_subject
    assert len(request.from_mask) == DEFAULT_PROFILE.max_from_mask
    report = mmsvalidate.validate(gen.WRITE[form](request), profile=pinned())
    assert report.form == form
    assert report.findings == ()


def test_growth_requests_have_the_slides_asked_for() -> None:
    report = mmsvalidate.validate(gen.to_xml(gen.with_slides(10)), profile=pinned())
    assert [f.code for f in report.findings] == ["E225"]
    assert len(gen.with_slides(1000).slides) == 1000


def test_statistics() -> None:
    stats = timing.summarize([5.0, 1.0, 3.0, 2.0, 4.0])
    assert (stats.min, stats.median, stats.max) == (1.0, 3.0, 5.0)
    assert stats.p10 == pytest.approx(1.4)
    pair = timing.ratio([2.0, 4.0, 6.0], [1.0, 1.0, 2.0])
    assert pair.median == pytest.approx(4.0)  # of the medians; the spread is of the paired ratios 2, 4, 3
    assert (pair.p10, pair.p90) == (pytest.approx(2.2), pytest.approx(3.8))


def test_launcher_reports_exit_status_and_memory() -> None:
    with timing.Launcher() as launcher:
        floor = launcher.floor()
        # the command holds 64 MiB: its peak is its own. (A command no bigger than the launcher may come out some
        # KiB under the floor: the kernel reads the peak it inherits at exec from per-CPU counters.)
        run = launcher.run([sys.executable, "-c", "held = b'x' * (64 << 20); raise SystemExit(3)"])
    assert run.returncode == 3
    assert run.max_rss_kib >= floor > 0
    assert run.max_rss_kib >= 64 << 10


def test_smoke_run_without_xmllint_or_check_jsonschema(tmp_path: Path) -> None:
    """A newcomer's machine has neither: their comparisons are said to be skipped, and everything else runs."""
    output = tmp_path / "results.json"
    argv = [sys.executable, str(BENCH / "run.py"), "--smoke", "--output", str(output)]
    done = subprocess.run(
        [*argv, "--without", "xmllint", "--without", "check-jsonschema"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "note: xmllint left out (--without xmllint); that comparison is skipped" in done.stderr
    results = json.loads(output.read_text(encoding="utf-8"))
    assert set(results["cold_start"]["commands"]) == {"python", "import", "mmsvalidate-xml", "mmsvalidate-json"}
    assert results["cold_start"]["ratios"].keys() == {"mmsvalidate-xml/python", "mmsvalidate-json/python"}
    assert results["batch"]["ratios"] == {}
    skipped = [t["target"] for t in results["targets"] if t["met"] is None]
    assert skipped == [
        "cold start, one JSON file: mmsvalidate / check-jsonschema",
        "batch files/s, JSON files: mmsvalidate / check-jsonschema",
        "batch files/s, XML files: mmsvalidate / xmllint",
    ]


def test_smoke_run_writes_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--output", str(output), "--label", "test"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(output.read_text(encoding="utf-8"))
    assert set(results) == {"meta", "per_request", "cold_start", "batch", "growth_slides", "targets"}
    assert results["meta"]["label"] == "test"
    assert "Targets" in done.stdout
    for command in ("mmsvalidate-xml", "mmsvalidate-json"):
        assert set(results["cold_start"]["commands"][command]["returncodes"]) <= {0, 1}
    assert results["batch"]["commands"]["mmsvalidate-all"]["returncodes"] == [1]
    assert str(ROOT) not in output.read_text(encoding="utf-8")
    assert len(results["targets"]) == 12


def test_campaign_lines_are_one_request_each_with_their_own_receiver(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    gen.campaign(path, 1200)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1200
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            continue
    assert 0.95 < len(parsed) / len(lines) < 1  # about 2 % of the lines are broken on purpose
    receivers = [p["to"] for p in parsed if p.get("to", "").startswith("447700")]
    assert len(receivers) > 900 and len(set(receivers)) == len(receivers)


def test_campaign_benchmark_smoke_run_writes_every_target(tmp_path: Path) -> None:
    out = tmp_path / "targets.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "targets.py"), "--smoke", "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results["targets"]) == {
        "per request, XML example: validate / lxml safe parse",
        "per request, JSON example: validate / json.loads",
        "cold start, one XML file: check / python -c pass",
        "JSON Lines records/s, check all CPUs / one-process json.loads",
        "peak memory, 100,000 records / 10,000",
    }
    assert results["per request"]["xml"]["findings"] == ["MV109"]  # the spec's example: TO not assigned
    assert "Targets" in done.stdout


def test_readme_campaign_figures_are_the_kept_results(monkeypatch: pytest.MonkeyPatch) -> None:
    """The docs' campaign benchmark blocks are what bench/targets.py printed for the kept results."""
    monkeypatch.syspath_prepend(str(BENCH))  # targets.py imports its neighbours as top-level modules
    targets = load("targets")
    from tests.docs import page

    section = page("docs/performance.md").split("## The campaign benchmark", 1)[1]
    history = page("docs/changelog.md").split("### The campaign benchmark, before and after", 1)[1]
    blocks = [text.split("```\n", 2)[1] for text in (section, history)]  # the first fenced block of each
    after = json.loads((BENCH / "results-targets-after.json").read_text(encoding="utf-8"))
    before = json.loads((BENCH / "results-targets-before.json").read_text(encoding="utf-8"))
    assert blocks[0] == f"$ python bench/targets.py\n{targets.render(after)}\n"
    assert blocks[1] == f"{targets.render(before)}\n"
    million = json.loads((BENCH / "results-million.json").read_text(encoding="utf-8"))["memory"]
    peaks = {int(size): entry["peak RSS KiB"] / 1024 for size, entry in million.items()}
    assert f"{peaks[1_000_000]:.1f} MiB against {peaks[10_000]:.1f} MiB for 10,000 records" in section


def test_speed_targets_smoke_run_prints_every_target(tmp_path: Path) -> None:
    """bench/speed.py runs from a clone and prints each target of the speed work as a ratio (no timing asserted)."""
    out = tmp_path / "speed.json"
    argv = [sys.executable, str(BENCH / "speed.py"), "--runs", "5", "--records", "200", "--process-runs", "1"]
    done = subprocess.run([*argv, "--output", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(out.read_text(encoding="utf-8"))
    keys = {"xml", "json", "worst xml", "worst json", "invalid xml", "invalid json", "cold", "lines", "jobs"}
    assert keys <= set(found)
    assert found["xml"]["findings"] == ["MV109"]  # the spec's example: TO not assigned
    assert found["invalid xml"]["findings"] == found["invalid json"]["findings"] == ["E110", "E230", "E622", "MV101"]
    assert sum(" met" in line for line in done.stdout.splitlines()) == len(keys)  # one line a target


def test_cold_start_smoke_run_prints_wall_and_cpu_ratios() -> None:
    """bench/cold.py runs the cold-start commands of bench/speed.py and prints both ratios (no timing asserted)."""
    argv = [sys.executable, str(BENCH / "cold.py"), "--rounds", "1", "--before", str(BENCH.parent)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[1:]] == [
        "cold check / import of its dependencies",
        "cold check (before) / import of its dependencies",
    ]
    assert all(", CPU " in line for line in lines[1:])
