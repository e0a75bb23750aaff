"""Where the time goes: profiles of the benchmark's cases, to find what to speed up.

``python bench/hotspots.py [--top N]`` prints, for each case, the functions with the most time of
their own and the most time including callees:

- ``validate()`` on each form of the spec's example and of the worst case (warm, in-process);
- ``import mmsvalidate`` in a fresh interpreter (the slowest modules, from ``-X importtime``);
- ``mmsvalidate check`` on one file in a fresh interpreter (import, schema builds, check, output);
- ``mmsvalidate check`` over a generated corpus of 600 files (per-file cost in a batch).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable
from pathlib import Path

import gen
from run import EXAMPLES, ROOT
from timing import child_environment

import mmsvalidate

_PREFIXES = sorted({str(ROOT) + "/", *(p + "/" for p in sysconfig.get_paths().values())}, key=len, reverse=True)

ENV = child_environment()

_CHECK_PROFILE = """
import cProfile, pstats, sys
profile = cProfile.Profile()
profile.enable()
try:
    from mmsvalidate.cli import main
    main(["check", *sys.argv[2:]], standalone_mode=True)
except SystemExit:
    pass
profile.disable()
sys.stdout = sys.__stdout__
profile.dump_stats(sys.argv[1])
"""


def _short(filename: str) -> str:
    for prefix in _PREFIXES:
        if filename.startswith(prefix):
            return filename[len(prefix) :]
    return filename


def show(title: str, stats: pstats.Stats, top: int, total: float | None = None) -> None:
    """Print the ``top`` functions by own time and by cumulative time."""
    table = stats.stats  # type: ignore[attr-defined]
    total = total or sum(entry[2] for entry in table.values())
    print(f"\n== {title} (profiled total {total * 1e3:.1f} ms)")
    for label, column in (("own time", 2), ("cumulative", 3)):
        print(f"   by {label}:")
        ranked = sorted(table.items(), key=lambda item: item[1][column], reverse=True)[:top]
        for (filename, line, function), (_, calls, own, cumulative, _) in ranked:
            where = f"{_short(filename)}:{line}({function})" if line else function
            print(f"   {own / total:6.1%} own {cumulative / total:6.1%} cum  {calls:>7} calls  {where}")


def profile_calls(call: Callable[[], object], times: int) -> pstats.Stats:
    """Profile ``call`` run ``times`` times, after one run unprofiled (warm caches)."""
    call()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(times):
        call()
    profile.disable()
    return pstats.Stats(profile)


def import_times(top: int) -> None:
    """The slowest modules to import, in a fresh interpreter."""
    argv = [sys.executable, "-X", "importtime", "-c", "import mmsvalidate"]
    subprocess.run(argv, capture_output=True, env=ENV)  # writes the bytecode caches, if missing
    done = subprocess.run(argv, capture_output=True, text=True, env=ENV)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(own), int(cumulative), name.rstrip()))
    total = max(cumulative for _, cumulative, _ in rows)
    print(f"\n== import mmsvalidate, fresh interpreter ({total / 1e3:.1f} ms by -X importtime)")
    for label, column in (("own time", 0), ("cumulative (indent: import depth)", 1)):
        print(f"   by {label}:")
        for row in sorted(rows, key=lambda row: row[column], reverse=True)[:top]:
            print(f"   own {row[0] / 1e3:7.1f} ms  cum {row[1] / 1e3:7.1f} ms  {row[2] if column else row[2].strip()}")


def check_profile(title: str, paths: list[str], top: int) -> None:
    """Profile ``mmsvalidate check PATHS`` in a fresh interpreter, import included."""
    with tempfile.TemporaryDirectory(prefix="mmsvalidate-hotspots-") as work:
        output = Path(work) / "check.prof"
        subprocess.run(
            [sys.executable, "-c", _CHECK_PROFILE, str(output), *paths],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            env=ENV,
            check=True,
        )
        show(title, pstats.Stats(str(output)), top)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--top", type=int, default=15, help="functions to list per table (default 15)")
    parser.add_argument("--calls", type=int, default=300, help="validate() calls per in-process case")
    args = parser.parse_args()
    worst = gen.worst_case()
    cases = {f"example, {form}": path.read_bytes() for form, path in EXAMPLES.items()}
    cases.update({f"worst case, {form}": gen.WRITE[form](worst).encode("utf-8") for form in gen.FORMS})
    for name, data in cases.items():
        stats = profile_calls(lambda data=data: mmsvalidate.validate(data), args.calls)
        show(f"validate(), {name}, {args.calls} calls, warm", stats, args.top)
    import_times(args.top)
    check_profile("mmsvalidate check corpus/spec/example.xml, fresh interpreter", ["corpus/spec/example.xml"], args.top)
    check_profile(
        "mmsvalidate check corpus/spec/example.json, fresh interpreter", ["corpus/spec/example.json"], args.top
    )
    with tempfile.TemporaryDirectory(prefix="mmsvalidate-hotspots-") as work:
        gen.generate(Path(work), 600)
        check_profile("mmsvalidate check over 600 generated files, fresh interpreter", [work], args.top)


if __name__ == "__main__":
    main()
