"""The campaign benchmark: per request with fresh values, cold start, JSON Lines throughput and memory.

Each target is a ratio measured in one run, the two sides alternated (A B A B ...):

1. ``validate()`` on the spec's XML example against lxml's safe parse of the same bytes, and on its
   JSON twin against ``json.loads``; every call gets a request with new values (TO, URLs, NAME), so
   no per-value cache can answer;
2. ``mmsvalidate check`` on one file as a fresh process against a bare ``python -c pass``;
3. a JSON Lines campaign checked with every CPU (``check --jobs 0 --format jsonl``) against a
   one-process ``json.loads`` loop over the same file, in records per second;
4. peak memory of that check over 100,000 records against 10,000 (``--million``: 1,000,000 too).

Usage: ``python bench/targets.py [--quick] [--million] [--output FILE] [--label TEXT]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gen
from timing import Launcher, alternate_calls, alternate_processes, ratio, summarize

import mmsvalidate

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
XML = (ROOT / "corpus" / "spec" / "example.xml").read_text(encoding="utf-8")
JSON = (ROOT / "corpus" / "spec" / "example.json").read_text(encoding="utf-8")
TARGETS = {
    "per request, XML example: validate / lxml safe parse": ("xml", 10.0, "<="),
    "per request, JSON example: validate / json.loads": ("json", 12.0, "<="),
    "cold start, one XML file: check / python -c pass": ("cold", 7.0, "<="),
    "JSON Lines records/s, check all CPUs / one-process json.loads": ("lines", 0.1, ">="),
    "peak memory, 100,000 records / 10,000": ("memory", 1.2, "<="),
}
JSON_LOOP = """
import json, sys
count = 0
with open(sys.argv[1], "rb") as lines:
    for line in lines:
        if line.strip():
            try:
                json.loads(line)
            except ValueError:
                pass
            count += 1
"""


def fresh(text: str, count: int) -> list[bytes]:
    """``count`` variants of a request, each with its own TO, URLs and NAME (same findings)."""
    out = []
    for i in range(count):
        varied = text.replace("15551234888", f"1555{i % 10_000_000:07d}")
        varied = re.sub(r"(welcome|coupon)\.(jpg|pkpass)", lambda m, i=i: f"{m[1]}{i}.{m[2]}", varied)
        out.append(varied.replace("Membership coupon", f"Membership coupon {i}").encode("utf-8"))
    return out


def per_request(runs: int) -> dict[str, Any]:
    """validate() with fresh values against the bare parse of the same bytes, per form."""
    from lxml import etree

    safe = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parsers: dict[str, Callable[[bytes], object]] = {
        "xml": lambda data: etree.fromstring(data, safe),
        "json": json.loads,
    }
    results = {}
    for form, text in (("xml", XML), ("json", JSON)):
        variants = fresh(text, runs + 3)
        codes = {tuple(f.code for f in mmsvalidate.validate(v).findings) for v in variants[:50]}
        assert len(codes) == 1, f"variants of the {form} example must give the same findings: {codes}"

        def call(run: Callable[[bytes], object], variants: list[bytes] = variants) -> Callable[[], object]:
            feed = iter(variants)
            return lambda: run(next(feed))

        parse = parsers[form]
        times = alternate_calls({"validate": call(mmsvalidate.validate), "parse": call(parse)}, runs)
        results[form] = {
            "validate": summarize(times["validate"]).as_dict(),
            "parse": summarize(times["parse"]).as_dict(),
            "ratio": ratio(times["validate"], times["parse"]).as_dict(),
            "findings": list(codes.pop()),
        }
    return results


def script(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def cold(launcher: Launcher, runs: int) -> dict[str, Any]:
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "check": [script("mmsvalidate"), "check", "corpus/spec/example.xml"],
    }
    found = alternate_processes(launcher, commands, runs, warmup=2, cwd=ROOT)
    seconds = {name: [r.seconds for r in runs_] for name, runs_ in found.items()}
    return {
        **{name: summarize(values).as_dict() for name, values in seconds.items()},
        "ratio": ratio(seconds["check"], seconds["python"]).as_dict(),
    }


def lines(launcher: Launcher, folder: Path, records: int, runs: int) -> dict[str, Any]:
    path = folder / f"campaign-{records}.jsonl"
    size = gen.campaign(path, records)
    commands = {
        "check": [script("mmsvalidate"), "check", "--jobs", "0", "--format", "jsonl", str(path)],
        "json.loads": [sys.executable, "-c", JSON_LOOP, str(path)],
    }
    found = alternate_processes(launcher, commands, runs, warmup=0)
    rates = {name: [records / r.seconds for r in runs_] for name, runs_ in found.items()}
    return {
        "records": records,
        "bytes": size,
        **{f"{name} records/s": summarize(values).as_dict() for name, values in rates.items()},
        "check peak RSS KiB": max(r.max_rss_kib for r in found["check"]),
        "ratio": ratio(rates["check"], rates["json.loads"]).as_dict(),
    }


def memory(launcher: Launcher, folder: Path, sizes: tuple[int, ...]) -> dict[str, Any]:
    """Peak memory of ``check --format jsonl`` (every CPU) over campaigns of each size."""
    peaks: dict[str, Any] = {}
    for records in sizes:
        path = folder / f"campaign-{records}.jsonl"
        if not path.exists():
            gen.campaign(path, records)
        run = launcher.run([script("mmsvalidate"), "check", "--jobs", "0", "--format", "jsonl", str(path)])
        peaks[str(records)] = {"peak RSS KiB": run.max_rss_kib, "seconds": run.seconds, "exit": run.returncode}
        path.unlink()
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller campaign")
    parser.add_argument("--smoke", action="store_true", help="a handful of runs on tiny campaigns (for the tests)")
    parser.add_argument("--million", action="store_true", help="also check a campaign of 1,000,000 records")
    parser.add_argument("--output", type=Path, default=BENCH / "results-targets.json")
    parser.add_argument("--label", default="")
    parser.add_argument("--memory-only", action="store_true", help="only the peak-memory part (with --million: 1e6)")
    args = parser.parse_args()
    if args.memory_only:
        sizes = (10_000, 100_000, 1_000_000) if args.million else (10_000, 100_000)
        with Launcher() as launcher, tempfile.TemporaryDirectory() as tmp:
            floor = launcher.floor()
            found = memory(launcher, Path(tmp), sizes)
        print(json.dumps({"launcher floor KiB": floor, "memory": found, "load": os.getloadavg()}, indent=2))
        args.output.write_text(json.dumps({"memory": found, "label": args.label}, indent=2) + "\n", encoding="utf-8")
        return
    runs = 5 if args.smoke else 300 if args.quick else 2000
    campaign = 500 if args.smoke else 20_000 if args.quick else 100_000
    sizes = (200, 2_000) if args.smoke else (10_000, 100_000)
    load = os.getloadavg()
    print(f"mmsvalidate campaign benchmark ({args.label or 'unlabelled'}); load average {load[0]:.2f}", file=sys.stderr)
    results: dict[str, Any] = {
        "label": args.label,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load average at start": load,
    }
    results["per request"] = per_request(runs)
    with Launcher() as launcher, tempfile.TemporaryDirectory() as tmp:
        results["launcher floor KiB"] = launcher.floor()
        results["cold start"] = cold(launcher, 1 if args.smoke else 5 if args.quick else 15)
        results["lines"] = lines(launcher, Path(tmp), campaign, 1 if args.smoke else 2 if args.quick else 3)
        results["memory"] = memory(launcher, Path(tmp), (*sizes, 1_000_000) if args.million else sizes)
    results["load average at end"] = os.getloadavg()
    measured = {
        "xml": results["per request"]["xml"]["ratio"]["median"],
        "json": results["per request"]["json"]["ratio"]["median"],
        "cold": results["cold start"]["ratio"]["median"],
        "lines": results["lines"]["ratio"]["median"],
        "memory": results["memory"][str(sizes[1])]["peak RSS KiB"] / results["memory"][str(sizes[0])]["peak RSS KiB"],
    }
    results["targets"] = {}
    for name, (key, bound, sense) in TARGETS.items():
        met = measured[key] <= bound if sense == "<=" else measured[key] >= bound
        results["targets"][name] = {"measured": measured[key], "target": f"{sense} {bound}", "met": met}
    print(render(results))
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:8.1f} µs"


def report(results: dict[str, Any]) -> str:
    """The figures as lines of text."""
    out = []
    for form, entry in results["per request"].items():
        r = entry["ratio"]
        out.append(
            f"per request {form:4}  validate {_us(entry['validate']['median'])}  "
            f"parse {_us(entry['parse']['median'])}  ratio {r['median']:.2f}x ({r['p10']:.2f}-{r['p90']:.2f})"
            f"  findings {entry['findings']}"
        )
    c = results["cold start"]
    out.append(
        f"cold start        check {c['check']['median'] * 1e3:7.1f} ms  "
        f"python -c pass {c['python']['median'] * 1e3:6.1f} ms  "
        f"ratio {c['ratio']['median']:.2f}x ({c['ratio']['p10']:.2f}-{c['ratio']['p90']:.2f})"
    )
    lines_ = results["lines"]
    out.append(
        f"JSON Lines, {lines_['records']:,} records ({lines_['bytes'] / 2**20:.0f} MiB): check --jobs 0 "
        f"{lines_['check records/s']['median']:,.0f}/s, "
        f"json.loads loop {lines_['json.loads records/s']['median']:,.0f}/s, ratio {lines_['ratio']['median']:.3f}"
    )
    for records, entry in results["memory"].items():
        out.append(
            f"peak memory, check --jobs 0 --format jsonl, {int(records):>9,} records: "
            f"{entry['peak RSS KiB'] / 1024:6.1f} MiB in {entry['seconds']:.1f} s (exit {entry['exit']})"
        )
    start, end = results["load average at start"][0], results["load average at end"][0]
    out.append(f"(launcher floor {results['launcher floor KiB'] / 1024:.1f} MiB; load average {start:.2f} → {end:.2f})")
    out.append("Targets")
    return "\n".join(out)


def render(results: dict[str, Any]) -> str:
    """The figures and each target, met or not, as printed (and as the README shows them)."""
    lines_ = [report(results)]
    for name, target in results["targets"].items():
        sense, bound = target["target"].split()
        verdict = "met" if target["met"] else "NOT met"
        lines_.append(f"   {name:64} {target['measured']:7.2f}  {sense} {float(bound):<5}  {verdict}")
    return "\n".join(lines_)


if __name__ == "__main__":
    main()
