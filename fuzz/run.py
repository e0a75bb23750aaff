"""Run every fuzz target for a bounded time: each reader on raw bytes, seeded from the corpus, each
form's structured target (``structured.py``: hostile requests built from the fuzzer's choices), the
record readers' structured targets (``records.py``: hostile CSV and JSON Lines files) and the service's
request parsing (``service.py``).

``python fuzz/run.py --seconds 20``: each of the nine targets runs that long; ``--total 90``: the nine share
90 seconds by their weights (``WEIGHTS``: the structured targets, which reach the deep paths, more than the raw
readers, which libFuzzer's byte mutations exhaust soonest). Exit 1 if any crashed. Crash inputs are left in the
working folder given by ``--artifacts`` (default: a temporary folder).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = {"xml": ".xml", "query": ".txt", "json": ".json"}
#: A target's share of ``--total`` by its script: the raw readers 8 of 90 s each, the structured requests 10,
#: the campaign files and the service's request parsing 12.
WEIGHTS = {"target.py": 8, "structured.py": 10, "records.py": 12, "service.py": 12}


def seeds(form: str, into: Path) -> Path:
    """A seed folder holding the corpus files of ``form``."""
    folder = into / f"seeds-{form}"
    folder.mkdir(parents=True, exist_ok=True)
    for number, file in enumerate(sorted((ROOT / "corpus").rglob(f"*{SUFFIX[form]}"))):
        shutil.copyfile(file, folder / f"{number:04d}{file.suffix}")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20, help="time per target")
    parser.add_argument("--total", type=int, help="time of the whole run, shared by the targets' weights")
    parser.add_argument("--artifacts", type=Path, default=None, help="where crash inputs are written")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mmsvalidate-fuzz-"))
    artifacts = options.artifacts or work
    artifacts.mkdir(parents=True, exist_ok=True)
    failed = []
    targets = [(f"{form}", "target.py", form, [str(seeds(form, work))]) for form in SUFFIX]
    targets += [(f"structured {form}", "structured.py", form, []) for form in SUFFIX]
    targets += [(f"records {kind}", "records.py", kind, []) for kind in ("csv", "jsonl")]
    targets += [("service", "service.py", "", [])]
    weights = sum(WEIGHTS[script] for _, script, _, _ in targets)
    spent = 0
    for name, script, form, corpus in targets:
        prefix = name.replace(" ", "-")
        seconds = options.seconds if options.total is None else max(1, options.total * WEIGHTS[script] // weights)
        spent += seconds
        run = subprocess.run(
            [
                sys.executable,
                str(ROOT / "fuzz" / script),
                *([form] if form else []),
                f"-max_total_time={seconds}",
                "-max_len=4096",
                "-timeout=10",
                "-rss_limit_mb=2048",
                f"-artifact_prefix={artifacts}/{prefix}-",
                *corpus,
            ],
            capture_output=True,
            text=True,
            cwd=work,
        )
        summary = [line for line in run.stderr.splitlines() if line.startswith(("#", "Done", "==", "INFO: -max_total"))]
        print(f"{name}: {seconds} s, exit {run.returncode}; {summary[-1] if summary else ''}")
        if run.returncode != 0:
            failed.append(name)
            print(run.stderr[-3000:])
    print(f"fuzzed {len(targets)} targets for {spent} s in all: {', '.join(failed) or 'no'} crashes")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
