"""Timing helpers: summary statistics, alternated in-process calls and alternated fresh processes."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stats:
    """Summary of a sample, in the sample's unit."""

    n: int
    min: float
    p10: float
    median: float
    p90: float
    p99: float
    max: float

    def as_dict(self) -> dict[str, float]:
        """The figures as a plain dict (for JSON)."""
        return asdict(self)


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile of a sorted sample, interpolated linearly between ranks."""
    if not ordered:
        raise ValueError("empty sample")
    rank = fraction * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(sample: Sequence[float]) -> Stats:
    """Min, p10, median, p90, p99 and max of a sample."""
    ordered = sorted(sample)
    q = [percentile(ordered, f) for f in (0.1, 0.5, 0.9, 0.99)]
    return Stats(len(ordered), ordered[0], q[0], q[1], q[2], q[3], ordered[-1])


@dataclass(frozen=True)
class Ratio:
    """A against B: the ratio of medians, and the spread of the ratios of paired (alternated) runs."""

    median: float
    p10: float
    p90: float

    def as_dict(self) -> dict[str, float]:
        """The figures as a plain dict (for JSON)."""
        return asdict(self)


def ratio(a: Sequence[float], b: Sequence[float]) -> Ratio:
    """``a`` over ``b``: ratio of the medians, with p10/p90 of the run-by-run ratios ``a[i] / b[i]``."""
    pairs = sorted(x / y for x, y in zip(a, b, strict=True) if y > 0)
    middle = summarize(a).median / summarize(b).median
    return Ratio(middle, percentile(pairs, 0.1), percentile(pairs, 0.9))


def alternate_calls(calls: Mapping[str, Callable[[], object]], runs: int, warmup: int = 3) -> dict[str, list[float]]:
    """Call each function in turn (A B A B ...), ``runs`` times after ``warmup`` rounds; seconds per call."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    clock = time.perf_counter_ns
    for round_ in range(warmup + runs):
        for name, call in calls.items():
            start = clock()
            call()
            elapsed = clock() - start
            if round_ >= warmup:
                times[name].append(elapsed / 1e9)
    return times


@dataclass(frozen=True)
class Run:
    """One finished process: wall time in seconds, peak resident memory in KiB, exit status."""

    seconds: float
    max_rss_kib: int
    returncode: int


#: The launcher: a small, separate interpreter that starts each command and reports on it. A child
#: started by this (large) process would inherit its resident-set high-water mark at ``exec``, so
#: every command would seem to need at least as much memory as the benchmark itself.
_LAUNCHER = """
import json, os, sys, time
null = os.open(os.devnull, os.O_RDWR)
quiet = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
for line in sys.stdin:
    job = json.loads(line)
    if not job["argv"]:
        try:
            with open("/proc/self/status") as status:
                peak = [int(row.split()[1]) for row in status if row.startswith("VmHWM:")][0]
        except (OSError, IndexError):
            peak = 0
        print(json.dumps([0.0, peak, 0]), flush=True)
        continue
    os.chdir(job["cwd"])
    start = time.perf_counter()
    pid = os.posix_spawn(job["argv"][0], job["argv"], os.environ, file_actions=quiet)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps([seconds, usage.ru_maxrss, code]), flush=True)
"""


def child_environment() -> dict[str, str]:
    """This environment for fresh interpreters, minus any ban on writing bytecode caches.

    An installed package has its bytecode cached; without the cache every cold start would
    compile the package's source again and measure that instead.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class Launcher:
    """Runs commands as fresh processes, one at a time, with their output discarded.

    Each run is timed from spawn to exit; its peak memory is ``ru_maxrss`` from ``wait4``: the
    largest resident set of the command or of any process it waited for. The launcher's own
    resident set is a floor under that figure (measure it with :meth:`floor`).
    """

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER],
            env=child_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: Sequence[str], cwd: Path | None = None) -> Run:
        """Run ``argv`` (its first item an executable's path) in ``cwd``."""
        assert self._process.stdin is not None and self._process.stdout is not None
        job = {"argv": [str(a) for a in argv], "cwd": str(cwd or Path.cwd())}  # no argv: the floor
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()
        answer = self._process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the launcher stopped while running {argv[0]}")
        seconds, rss, code = json.loads(answer)
        return Run(seconds, rss, code)

    def floor(self) -> int:
        """The launcher's own peak memory (KiB), which every command inherits: the smallest figure possible."""
        return self.run([]).max_rss_kib

    def close(self) -> None:
        """Stop the launcher."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait()

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def alternate_processes(
    launcher: Launcher, commands: Mapping[str, Sequence[str]], runs: int, warmup: int = 1, cwd: Path | None = None
) -> dict[str, list[Run]]:
    """Run each command in turn (A B C A B C ...), ``runs`` times after ``warmup`` rounds."""
    found: dict[str, list[Run]] = {name: [] for name in commands}
    for round_ in range(warmup + runs):
        for name, argv in commands.items():
            run = launcher.run(argv, cwd)
            if round_ >= warmup:
                found[name].append(run)
    return found
