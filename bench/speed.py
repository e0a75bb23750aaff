"""The speed targets, each printed as a ratio of two things measured in the same run with fresh values.

Every per-request figure alternates the two sides call by call (A B A B ...), each call on a request with
new values (receiver, URLs, NAME), so no per-value cache can answer:

- the spec's XML example: ``validate()`` / lxml's safe parse of the same bytes (target ≤ 9);
- its JSON twin: ``validate()`` / ``json.loads`` (≤ 12);
- the worst valid case (8 slides, every limit reached): XML ≤ 2.5, JSON ≤ 3.5 of the same bare parses;
- an invalid request / a valid one of the same size (an unknown element or key, a bad receiver and a bad
  duration), per form (≤ 3);
- cold start: ``mmsvalidate check`` of one file / a process that only imports attrs, click, defusedxml and
  phonenumbers (≤ 1.3);
- a JSON Lines campaign: ``check --jobs 2`` / a one-process ``json.loads`` loop over the same records, in
  records per second (≥ 0.1), and ``--jobs 2`` / ``--jobs 1`` (close to 2 on an idle machine).

The service's figure (``serve --workers 2`` against a trivial app on the same server) is ``bench/serve.py``'s.

Usage: ``python bench/speed.py [--runs N] [--records N] [--source CHECKOUT] [--before CHECKOUT] [--only
processes]``; ``--source`` measures the ``mmsvalidate`` package of another checkout (an older commit) with the
same cases and the same interpreter; ``--before`` measures the process cases of a second checkout in the same
rounds, alternated with the first's, so a before and after of cold start and JSON Lines share one load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
XML = (ROOT / "corpus" / "spec" / "example.xml").read_text(encoding="utf-8")
JSON = (ROOT / "corpus" / "spec" / "example.json").read_text(encoding="utf-8")
IMPORT_FLOOR = "import attrs, click, defusedxml, phonenumbers"
JSON_LOOP = """
import json, sys
with open(sys.argv[1], "rb") as lines:
    for line in lines:
        if line.strip():
            try:
                json.loads(line)
            except ValueError:
                pass
"""
TARGETS = {
    "xml": ("XML example: validate / lxml safe parse", 9.0, "<="),
    "json": ("JSON example: validate / json.loads", 12.0, "<="),
    "worst xml": ("8-slide worst case, XML: validate / lxml safe parse", 2.5, "<="),
    "worst json": ("8-slide worst case, JSON: validate / json.loads", 3.5, "<="),
    "invalid xml": ("invalid / valid XML of the same size", 3.0, "<="),
    "invalid json": ("invalid / valid JSON of the same size", 3.0, "<="),
    "cold": ("cold check of one file / import of its dependencies", 1.3, "<="),
    "lines": ("JSON Lines --jobs 2 / one-process json.loads loop", 0.1, ">="),
    "jobs": ("JSON Lines --jobs 2 / --jobs 1 (records/s)", 1.6, ">="),
}
#: The cases measured as whole processes (``--before`` measures these of a second checkout too).
PROCESS_CASES = ("cold", "lines", "jobs")


def fresh(text: str, count: int) -> list[bytes]:
    """``count`` variants of a request, each with its own receiver, URLs and NAME (same findings)."""
    out = []
    for i in range(count):
        varied = re.sub(r"15551234888|447911123456", f"1555{i % 10_000_000:07d}", text)
        varied = re.sub(r"(welcome|coupon|/img)(\.|/)", lambda m, i=i: f"{m[1]}{i}{m[2]}", varied)
        varied = varied.replace("Membership coupon", f"Membership coupon {i}").replace("NNNNNNNN", f"{i:08d}", 1)
        out.append(varied.encode("utf-8"))
    return out


def broken(text: str, form: str) -> str:
    """The same request, the same size, with an unknown name, a bad receiver and a bad duration."""
    if form == "xml":
        text = text.replace("<SUBJECT>", "<SUBJEKT>", 1).replace("</SUBJECT>", "</SUBJEKT>", 1)
    else:
        text = text.replace('"subject"', '"subjekt"', 1)
    text = re.sub(r"15551234888|447911123456", "15551234ABC", text, count=1)
    return re.sub(r"(DURATION>|\"duration\": )5", r"\g<1>0", text, count=1)


def worst(form: str) -> str:
    import gen

    from mmsvalidate.writers import to_json, to_xml

    return (to_xml if form == "xml" else to_json)(gen.worst_case())


def per_request(runs: int) -> dict[str, Any]:
    from lxml import etree
    from timing import alternate_calls, ratio

    import mmsvalidate

    safe = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parse: dict[str, Callable[[bytes], object]] = {"xml": lambda data: etree.fromstring(data, safe), "json": json.loads}
    found: dict[str, Any] = {}

    def feed(run: Callable[[bytes], object], variants: list[bytes]) -> Callable[[], object]:
        items = iter(variants)
        return lambda: run(next(items))

    def codes(variants: list[bytes]) -> set[tuple[str, ...]]:
        return {tuple(f.code for f in mmsvalidate.validate(v).findings) for v in variants[:20]}

    for form, text in (("xml", XML), ("json", JSON)):
        for key, source in ((form, text), (f"worst {form}", worst(form))):
            variants = fresh(source, runs + 3)
            assert len(codes(variants)) == 1, f"the variants of {key} differ in findings"
            times = alternate_calls({"a": feed(mmsvalidate.validate, variants), "b": feed(parse[form], variants)}, runs)
            found[key] = ratio(times["a"], times["b"]).as_dict() | {"findings": sorted(codes(variants).pop())}
        bad = broken(text, form)
        assert len(bad) == len(text)
        valid, invalid = fresh(text, runs + 3), fresh(bad, runs + 3)
        sides = {"a": feed(mmsvalidate.validate, invalid), "b": feed(mmsvalidate.validate, valid)}
        times = alternate_calls(sides, runs)
        found[f"invalid {form}"] = ratio(times["a"], times["b"]).as_dict() | {"findings": sorted(codes(invalid).pop())}
    return found


def processes(records: int, runs: int, sources: dict[str, Path]) -> dict[str, Any]:
    """The process cases, each checkout of ``sources`` (by tag: ``""`` the measured one, ``" before"`` a
    baseline) alternated with the others and with the floors in the same rounds."""
    import gen
    from timing import Launcher, alternate_processes, ratio

    python = sys.executable

    def check(source: Path) -> list[str]:
        return [
            python,
            "-c",
            f"import sys; sys.path.insert(0, {str(source)!r}); from mmsvalidate.cli import main; main()",
        ]

    found: dict[str, Any] = {}
    with Launcher() as launcher, tempfile.TemporaryDirectory() as tmp:
        example = str(ROOT / "corpus" / "spec" / "example.xml")
        commands = {"floor": [python, "-c", IMPORT_FLOOR]}
        commands |= {f"check{tag}": [*check(source), "check", example] for tag, source in sources.items()}
        cold = alternate_processes(launcher, commands, runs * 4, 2)
        for tag in sources:
            found[f"cold{tag}"] = ratio([r.seconds for r in cold[f"check{tag}"]], [r.seconds for r in cold["floor"]])
            found[f"cold{tag}"] = found[f"cold{tag}"].as_dict()
        path = Path(tmp) / "campaign.jsonl"
        gen.campaign(path, records)
        commands = {"json.loads": [python, "-c", JSON_LOOP, str(path)]}
        for tag, source in sources.items():
            for jobs in ("2", "1"):
                commands[f"jobs {jobs}{tag}"] = [
                    *check(source),
                    "check",
                    "--jobs",
                    jobs,
                    "--format",
                    "jsonl",
                    str(path),
                ]
        lines = alternate_processes(launcher, commands, runs, 0)
        rate = {name: [records / r.seconds for r in done] for name, done in lines.items()}
        for tag in sources:
            found[f"lines{tag}"] = ratio(rate[f"jobs 2{tag}"], rate["json.loads"]).as_dict()
            found[f"jobs{tag}"] = ratio(rate[f"jobs 2{tag}"], rate[f"jobs 1{tag}"]).as_dict()
            found[f"lines{tag}"]["peak RSS KiB"] = max(r.max_rss_kib for r in lines[f"jobs 2{tag}"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="calls per side of each per-request ratio")
    parser.add_argument("--records", type=int, default=100_000, help="records of the JSON Lines campaign")
    parser.add_argument("--process-runs", type=int, default=3, help="runs of each process (cold start: four times)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose mmsvalidate is measured")
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout (an earlier commit) whose process cases are measured in the same rounds, "
        "alternated with --source's, and printed below them",
    )
    parser.add_argument(
        "--only", choices=("requests", "processes"), help="measure only the per-request or only the process cases"
    )
    parser.add_argument("--output", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    sys.path.insert(0, str(args.source))
    sys.path.insert(1, str(BENCH))
    sources = {"": args.source} | ({" before": args.before} if args.before else {})
    found = {} if args.only == "processes" else per_request(args.runs)
    if args.only != "requests":
        found |= processes(args.records, args.process_runs, sources)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.runs} calls a side, {args.records:,} records")
    for key, (name, bound, sense) in TARGETS.items():
        for tag in sources if key in PROCESS_CASES else ("",):
            if key + tag not in found:
                continue
            r = found[key + tag]
            met = r["median"] <= bound if sense == "<=" else r["median"] >= bound
            extra = f"  {r['findings']}" if "findings" in r else ""
            label = f"{name}{' (before)' if tag else ''}"
            print(
                f"{label:<65} {r['median']:6.2f} ({r['p10']:.2f}-{r['p90']:.2f})"
                f"  {sense} {bound:<4} {'met' if met else 'NOT met'}{extra}"
            )
    if args.output:
        args.output.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
