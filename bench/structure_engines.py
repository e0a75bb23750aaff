"""The structure check by its hand walkers against the schema libraries, side by side on the pinned corpus.

For every corpus request (their findings pinned in ``corpus/**.findings.toml``, which the walkers give), the
whole check is run twice: as shipped (the compiled validator answers "valid" first, the walker says why), and
with the walkers switched off, so the findings come from the libraries reading the shipped schemas and their
code annotations (xmlschema's errors for XML, jsonschema's for JSON and the query form). It prints, per form,
how many requests the library reports differently (code, field, line, column, text or detail), the first
differences, and the cost of the invalid requests (run alternately, A B A B) as a ratio to the valid ones.

Usage: ``python bench/structure_engines.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mmsvalidate
from mmsvalidate.checker import Checker
from mmsvalidate.structure import jsonwalk, xsd

ROOT = Path(__file__).resolve().parent.parent
FORMS = {".xml": "xml", ".json": "json", ".txt": "query"}


@contextlib.contextmanager
def libraries() -> Iterator[None]:
    """The walkers off: the libraries' errors become the findings."""
    models, walkable = xsd.models, jsonwalk.walkable
    xsd.models = lambda: None  # type: ignore[assignment]
    jsonwalk.walkable = lambda name: None  # type: ignore[assignment]
    try:
        yield
    finally:
        xsd.models, jsonwalk.walkable = models, walkable


def shown(report: mmsvalidate.Report) -> list[tuple[Any, ...]]:
    return [(f.code, f.field, f.line, f.column, f.message, f.detail) for f in report.findings]


def timed(checker: Checker, sources: list[bytes], runs: int) -> float:
    """Median seconds of checking every source once."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for source in sources:
            checker.check(source)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="passes over the corpus per engine")
    args = parser.parse_args()
    checker = Checker()
    files = sorted(p for p in (ROOT / "corpus").glob("*/*") if p.suffix in FORMS)
    print(f"{'form':<6} {'requests':>8} {'differ':>7} {'walker invalid/valid':>21} {'library invalid/valid':>22}")
    for suffix, form in FORMS.items():
        chosen = [p for p in files if p.suffix == suffix]
        walked = {p: shown(checker.check(p)) for p in chosen}
        with libraries():
            by_library = {p: shown(checker.check(p)) for p in chosen}
        differ = [p for p in chosen if walked[p] != by_library[p]]
        sources = {p: p.read_bytes() for p in chosen}
        bad = [sources[p] for p in chosen if p.name.startswith("fail")]
        good = [sources[p] for p in chosen if p.name.startswith("pass")]
        walker: dict[str, list[float]] = {"bad": [], "good": []}
        library: dict[str, list[float]] = {"bad": [], "good": []}
        for _ in range(args.runs):  # alternated: walker, library, walker, library...
            walker["bad"].append(timed(checker, bad, 1) / len(bad))
            walker["good"].append(timed(checker, good, 1) / len(good))
            with libraries():
                library["bad"].append(timed(checker, bad, 1) / len(bad))
                library["good"].append(timed(checker, good, 1) / len(good))

        def per(found: dict[str, list[float]]) -> str:
            bad_, good_ = statistics.median(found["bad"]), statistics.median(found["good"])
            return f"{bad_ / good_:5.2f} ({bad_ * 1e6:6.0f}/{good_ * 1e6:4.0f} µs)"

        print(f"{form:<6} {len(chosen):>8} {len(differ):>7} {per(walker):>21} {per(library):>22}")
        for path in differ[:3]:
            left = [f for f in walked[path] if f not in by_library[path]][:1]
            right = [f for f in by_library[path] if f not in walked[path]][:1]
            print(f"    {path.relative_to(ROOT)}: pinned {left} / library {right}")


if __name__ == "__main__":
    main()
