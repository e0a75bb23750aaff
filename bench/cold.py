"""Cold start alone: ``mmsvalidate check`` of one file against a process that only imports its dependencies.

The same two commands as ``bench/speed.py``'s cold-start target (and, with ``--before CHECKOUT``, the check
of another checkout's package), run as fresh processes in alternation, ``--rounds`` times after two warm-up
rounds. Each run is timed from spawn to exit (wall) and by the CPU time the process used (user and system,
from ``wait4``): on a busy machine the wall figures spread widely, the CPU figures much less. Each ratio is
the ratio of the medians, with the 10th to 90th percentiles of the paired runs' ratios in brackets.

Usage: ``python bench/cold.py [--rounds N] [--before CHECKOUT]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import IMPORT_FLOOR  # noqa: E402
from timing import child_environment, percentile  # noqa: E402


def check(source: Path, example: Path) -> list[str]:
    code = f"import sys; sys.path.insert(0, {str(source)!r}); from mmsvalidate.cli import main; main()"
    return [sys.executable, "-c", code, "check", str(example)]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process, its output discarded."""
    quiet = os.open(os.devnull, os.O_WRONLY)
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(
            argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, quiet, 1), (os.POSIX_SPAWN_DUP2, quiet, 2)]
        )
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(quiet)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{argv[-1]}: exit status {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime


def ratio(side: list[float], floor: list[float]) -> str:
    paired = sorted(a / b for a, b in zip(side, floor, strict=True))
    median = statistics.median(side) / statistics.median(floor)
    return f"{median:.2f} ({percentile(paired, 0.1):.2f}-{percentile(paired, 0.9):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="measured rounds (after two warm-up rounds)")
    parser.add_argument("--before", type=Path, help="another checkout whose check runs in the same rounds")
    args = parser.parse_args()
    example = ROOT / "corpus" / "spec" / "example.xml"
    commands = {"floor": [sys.executable, "-c", IMPORT_FLOOR], "check": check(ROOT, example)}
    if args.before:
        commands["check (before)"] = check(args.before, example)
    env = child_environment()
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round_ in range(args.rounds + 2):
        for name, argv in commands.items():
            spent = timed(argv, env)
            if round_ >= 2:
                found[name].append(spent)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds")
    floor = found["floor"]
    for name in commands:
        if name != "floor":
            runs = found[name]
            wall = ratio([w for w, _ in runs], [w for w, _ in floor])
            cpu = ratio([c for _, c in runs], [c for _, c in floor])
            print(f"cold {name} / import of its dependencies: wall {wall}, CPU {cpu}")


if __name__ == "__main__":
    main()
