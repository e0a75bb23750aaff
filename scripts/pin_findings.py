"""Draft the pinned findings of corpus files: ``python scripts/pin_findings.py [--check] [FILE ...]``.

Writes ``<file>.findings.toml`` beside each corpus file named (paths relative to ``corpus/``, or
every file of the manifest when none is named) from what the code reports today, and prints
which snapshots changed. The output is a draft: read every changed finding and check it against
the spec and the README before committing it (a wrong finding is a bug to fix, not to pin).
Tests never run this. ``--check`` writes nothing and lists the files whose snapshot differs.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mmsvalidate  # noqa: E402
from scripts import corpus_snapshots as snapshots  # noqa: E402
from scripts.corpus_snapshots import CORPUS, corpus_profile  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", help="corpus files, relative to corpus/ (default: all)")
    parser.add_argument("--check", action="store_true", help="write nothing; list the snapshots that differ")
    args = parser.parse_args(argv)
    cases = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["case"]
    by_file = {case["file"]: case for case in cases}
    wanted = args.files or list(by_file)
    unknown = [name for name in wanted if name not in by_file]
    if unknown:
        parser.error(f"not in corpus/manifest.toml: {', '.join(unknown)}")
    changed = []
    for name in wanted:
        report = mmsvalidate.validate(CORPUS / name, profile=corpus_profile(CORPUS / name))
        path = snapshots.snapshot_path(CORPUS / name)
        text = snapshots.dump(Path(name).name, report)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            continue
        changed.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    verb = "differ" if args.check else "written"
    print(f"{len(changed)} of {len(wanted)} snapshots {verb}" + "".join(f"\n  {n}" for n in changed))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
