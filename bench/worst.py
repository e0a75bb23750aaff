"""Time and memory of ``validate()`` on the worst input of each hostile-input class (``bench/worst_cases.py``).

``python bench/worst.py [--size BYTES] [--timeout S] [--source FOLDER] [CASE ...]``: each case runs in a
fresh process (killed after ``--timeout`` seconds), which prints the seconds ``validate()`` took and
the growth of its peak resident memory over a warmed-up baseline. ``--source`` checks with the
``mmsvalidate`` package found in another checkout (to measure an older commit with the same cases).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import importlib.util, json, resource, sys, time
sys.path.insert(0, {source!r})
spec = importlib.util.spec_from_file_location("worst", {worst!r})
worst = importlib.util.module_from_spec(spec)
spec.loader.exec_module(worst)
import mmsvalidate
mmsvalidate.validate(worst.QUERY); mmsvalidate.validate(worst.XML.format("")); mmsvalidate.validate(worst._json())
group, name = {case!r}.split(": ", 1)
text = worst.CASES[group][name]({size})
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
report = mmsvalidate.validate(text)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
codes = sorted({{f.code for f in report.findings}})
print(json.dumps({{"seconds": seconds, "extra_mib": (peak - base) / 1024, "findings": len(report.findings),
                  "codes": codes, "bytes": len(text.encode("utf-8", "surrogatepass"))}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_048_576 - 512, help="characters per case (default: 1 MiB)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a case is killed")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose mmsvalidate is measured")
    parser.add_argument("cases", nargs="*", help="cases to run (default: all), as 'class: case'")
    options = parser.parse_args()
    from worst_cases import CASES  # this script's neighbour

    names = options.cases or [f"{group}: {name}" for group, built in CASES.items() for name in built]
    print(f"{'case':<58} {'seconds':>9} {'extra MiB':>10} {'findings':>9}  codes")
    for case in names:
        code = CHILD.format(
            source=str(options.source), worst=str(ROOT / "bench" / "worst_cases.py"), case=case, size=options.size
        )
        try:
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=options.timeout)
        except subprocess.TimeoutExpired:
            print(f"{case:<58} {'>' + str(int(options.timeout)):>9} {'-':>10} {'-':>9}  (killed)", flush=True)
            continue
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{case:<58} {'-':>9} {'-':>10} {'-':>9}  exit {run.returncode}: {last[:60]}", flush=True)
            continue
        result = json.loads(run.stdout.strip().splitlines()[-1])
        codes = ",".join(result["codes"])[:40]
        print(
            f"{case:<58} {result['seconds']:>9.3f} {result['extra_mib']:>10.1f} {result['findings']:>9}  {codes}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
