"""``--jobs N`` starts no more worker processes than there are jobs, and at most 256: ``--jobs 100000`` on one
file forked a hundred thousand processes (a pool starts all of them at once); it now starts none, one file being
one job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import batch, main
from mmsvalidate.cli.run import fitted

GOOD = (
    "action=sendmms&api_key=k&to=14158586273&from=60856&name=n&subject=s"
    "&slide_image_url_0=http://a.example/x.jpg&slide_text_value_0=hi"
)


@pytest.mark.parametrize(
    ("jobs", "processes", "expected"),
    [
        (1, 100_000, 1),  # one job: one process (no pool)
        (3, 8, 3),
        (3, 2, 2),  # more jobs than processes: as asked
        (0, 4, 1),
        (5, 1, 1),
    ],
)
def test_processes_are_cut_to_the_jobs_and_every_job_is_kept(jobs: int, processes: int, expected: int) -> None:
    work = [("files", [f"job {n}"]) for n in range(jobs)]
    kept, count = fitted(iter(work), processes)
    assert (list(kept), count) == (work, expected)


def test_only_as_many_jobs_as_processes_are_read_ahead() -> None:
    made: list[int] = []

    def work() -> Any:
        for n in range(1000):
            made.append(n)
            yield ("files", [n])

    kept, count = fitted(work(), 4)
    assert (count, made) == (4, [0, 1, 2, 3])
    assert [job[1][0] for job in kept] == list(range(1000))


def _refusing_pool(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    started: list[int] = []

    def refuse(processes: int) -> None:  # never starts the processes it is asked for
        started.append(processes)
        raise RuntimeError(f"a pool of {processes} processes")

    monkeypatch.setattr(batch, "Workers", refuse)
    return started


def test_check_with_a_huge_jobs_on_one_file_starts_no_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = _refusing_pool(monkeypatch)
    request = tmp_path / "one.txt"
    request.write_text(GOOD)
    result: Any = CliRunner().invoke(main, ["check", "--jobs", "256", str(request)])
    assert (result.exit_code, result.stdout, result.stderr, started) == (
        0,
        "Checked 1 file: 0 errors, 0 warnings; 0 files failed.\n",
        "",
        [],
    )


def test_a_campaign_of_three_jobs_asks_for_three_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 CSV rows are three jobs of at most 400 rows: ``--jobs 64`` asks the pool for three processes."""
    started = _refusing_pool(monkeypatch)
    header = ",".join(pair.partition("=")[0] for pair in GOOD.split("&"))
    row = ",".join(pair.partition("=")[2] for pair in GOOD.split("&"))
    campaign = tmp_path / "campaign.csv"
    campaign.write_text(header + "\n" + (row + "\n") * 1000)
    result: Any = CliRunner().invoke(main, ["check", "--jobs", "64", str(campaign)])
    assert started == [3]
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)


def test_jobs_is_bounded_as_the_services_workers_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = _refusing_pool(monkeypatch)
    request = tmp_path / "one.txt"
    request.write_text(GOOD)
    result: Any = CliRunner().invoke(main, ["check", "--jobs", "257", str(request)])
    assert result.exit_code == 2 and started == []
    assert result.stderr.endswith("Error: Invalid value for '-j' / '--jobs': 257 is not in the range 0<=x<=256.\n")
