"""The mmsvalidate benchmark, side by side with the tools users would pick instead.

Four parts, each comparison measured in the same run with the commands alternated (A B A B ...):

1. in-process, per request: ``validate()`` against merely parsing the same input;
2. cold start: ``mmsvalidate check`` on one file as a fresh process, against ``xmllint --schema``,
   ``check-jsonschema`` and the bare interpreter;
3. batch: files per second over a generated corpus, each tool given all its files in one call;
4. growth: time against slides per request and against files; peak memory against files.

Prints a table and writes the same figures as JSON (``bench/results.json`` unless ``--output``).
Usage: ``python bench/run.py [--quick] [--output FILE] [--label TEXT]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import itertools
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import gen
from timing import Launcher, Run, alternate_calls, alternate_processes, child_environment, ratio, summarize

import mmsvalidate

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
EXAMPLES = {
    "xml": ROOT / "corpus" / "spec" / "example.xml",
    "query": ROOT / "corpus" / "spec" / "example-get.txt",
    "json": ROOT / "corpus" / "spec" / "example.json",
}
XSD = ROOT / "schemas" / "request.xsd"
JSON_SCHEMA = ROOT / "schemas" / "request.schema.json"
PARSERS = {"xml": "lxml", "query": "urllib.parse", "json": "json"}
LABELS = {"xml": "XML", "query": "query", "json": "JSON"}
ENV = child_environment()


@dataclass(frozen=True)
class Config:
    """How much to measure: ``full`` for the record, ``quick`` for a look, ``smoke`` for the tests."""

    name: str
    typical_runs: int
    worst_runs: int
    cold_runs: int
    breakdown_runs: int
    batch_files: int
    small_files: int
    batch_runs: int
    slide_counts: tuple[int, ...]
    slide_runs: int


CONFIGS = {
    "full": Config("full", 2000, 300, 15, 3, 10_000, 1_000, 3, (1, 10, 100, 1000), 21),
    "quick": Config("quick", 300, 40, 5, 1, 2_000, 200, 2, (1, 10, 100, 1000), 5),
    "smoke": Config("smoke", 5, 2, 1, 1, 30, 6, 1, (1, 10), 2),
}


@dataclass(frozen=True)
class Tools:
    """The commands found on this machine; ``None`` (with the reason in ``missing``) when absent."""

    mmsvalidate: list[str]
    jobs: int | None
    xmllint: str | None
    check_jsonschema: str | None
    missing: dict[str, str]


def _beside_interpreter(name: str) -> str | None:
    """An executable installed next to this interpreter (same environment), else on ``PATH``."""
    local = Path(sys.executable).parent / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


def find_tools(without: Collection[str] = ()) -> Tools:
    """Find mmsvalidate, xmllint and check-jsonschema (none named in ``without``); whether check has --jobs."""
    script = _beside_interpreter("mmsvalidate")
    command = [script] if script else [sys.executable, "-m", "mmsvalidate"]
    help_text = subprocess.run([*command, "check", "--help"], capture_output=True, text=True, env=ENV).stdout
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    jobs = cpus if re.search(r"--jobs\b", help_text) else None
    missing = {}
    xmllint = None if "xmllint" in without else shutil.which("xmllint")
    if "xmllint" in without:
        missing["xmllint"] = "xmllint left out (--without xmllint)"
    elif xmllint is None:
        missing["xmllint"] = "xmllint not found: install libxml2's xmllint (Debian and Ubuntu package libxml2-utils)"
    check_jsonschema = None if "check-jsonschema" in without else _beside_interpreter("check-jsonschema")
    if "check-jsonschema" in without:
        missing["check-jsonschema"] = "check-jsonschema left out (--without check-jsonschema)"
    elif check_jsonschema is None:
        missing["check-jsonschema"] = "check-jsonschema not found: pip install -e '.[bench]'"
    try:
        import lxml  # noqa: F401
    except ImportError:
        missing["lxml"] = "lxml not installed: pip install -e '.[bench]'"
    return Tools(command, jobs, xmllint, check_jsonschema, missing)


def _version(argv: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else None


def _libxml_version(xmllint: str | None) -> str | None:
    found = re.search(r"libxml version \S+", _version([xmllint, "--version"]) or "") if xmllint else None
    return found.group() if found else None


def _dist_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def meta(tools: Tools, config: Config, label: str | None) -> dict[str, Any]:
    """Where and with what the figures were taken."""
    return {
        "label": label,
        "mode": config.name,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "jobs": tools.jobs,
        "versions": {
            "mmsvalidate": mmsvalidate.__version__,
            **{name: _dist_version(name) for name in ("xmlschema", "jsonschema", "lxml", "check-jsonschema")},
            "xmllint": _libxml_version(tools.xmllint),
        },
        "missing": tools.missing,
    }


# ---------------------------------------------------------------- 1. per request


def _parser(form: str) -> Callable[[bytes], object] | None:
    """The fastest safe parse of a form: lxml (no entities, no network), ``urllib.parse``, ``json``."""
    if form == "xml":
        try:
            from lxml import etree
        except ImportError:
            return None
        safe = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return lambda data: etree.fromstring(data, safe)
    if form == "query":
        return lambda data: parse_qsl(data.decode("utf-8"), keep_blank_values=True)
    return json.loads


def per_request(config: Config) -> dict[str, Any]:
    """``validate()`` against parse-only, per form, on the spec's examples and on the worst case."""
    cases: dict[str, tuple[str, bytes, int]] = {}
    for form, path in EXAMPLES.items():
        cases[f"example-{form}"] = (form, path.read_bytes(), config.typical_runs)
    worst = gen.worst_case()
    for form in gen.FORMS:
        cases[f"worst-{form}"] = (form, gen.WRITE[form](worst).encode("utf-8"), config.worst_runs)
    results: dict[str, Any] = {}
    for name, (form, data, runs) in cases.items():
        print(f"  per request: {name} ({runs} runs)", file=sys.stderr)
        report = mmsvalidate.validate(data)
        entry: dict[str, Any] = {
            "form": form,
            "bytes": len(data),
            "findings": [f.code for f in report.findings],
            "parser": PARSERS[form],
        }
        parse = _parser(form)
        calls: dict[str, Callable[[], object]] = {"validate": lambda data=data: mmsvalidate.validate(data)}
        if parse is not None:
            calls["parse"] = lambda data=data, parse=parse: parse(data)
        times = alternate_calls(calls, runs)
        entry["validate"] = summarize(times["validate"]).as_dict()
        if parse is not None:
            entry["parse"] = summarize(times["parse"]).as_dict()
            entry["ratio"] = ratio(times["validate"], times["parse"]).as_dict()
        else:
            entry["skipped"] = "lxml not installed: pip install -e '.[bench]'"
        results[name] = entry
    return results


# ---------------------------------------------------------------- 2. cold start

_BREAKDOWN = """
import json, sys, time
start = time.perf_counter()
import mmsvalidate
imported = time.perf_counter()
data = open(sys.argv[1], "rb").read()
mmsvalidate.validate(data)
first = time.perf_counter()
mmsvalidate.validate(data)
second = time.perf_counter()
print(json.dumps([imported - start, first - imported, second - first]))
"""


def _run_stats(runs: Sequence[Run]) -> dict[str, Any]:
    return {
        "seconds": summarize([r.seconds for r in runs]).as_dict(),
        "max_rss_kib": summarize([float(r.max_rss_kib) for r in runs]).as_dict(),
        "returncodes": sorted({r.returncode for r in runs}),
    }


class Broken(Exception):
    """mmsvalidate failed in a way no request can cause: the figures would mean nothing."""


def sane(argv: Sequence[str], cwd: Path) -> None:
    """Run ``mmsvalidate check`` once, seen: it must exit 0 or 1 without a traceback."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=ENV)
    if done.returncode not in (0, 1) or "Traceback (most recent call last)" in done.stderr:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise Broken(f"{' '.join(argv[-2:])} exited {done.returncode}:\n{tail}")


def cold_start(config: Config, tools: Tools, launcher: Launcher) -> dict[str, Any]:
    """One file checked by a fresh process, against the other tools and the bare interpreter."""
    xml, js = "corpus/spec/example.xml", "corpus/spec/example.json"
    commands: dict[str, tuple[list[str], str]] = {
        "python": ([sys.executable, "-c", "pass"], "python -c pass"),
        "import": ([sys.executable, "-c", "import mmsvalidate"], "python -c 'import mmsvalidate'"),
        "mmsvalidate-xml": ([*tools.mmsvalidate, "check", xml], f"mmsvalidate check {xml}"),
        "mmsvalidate-json": ([*tools.mmsvalidate, "check", js], f"mmsvalidate check {js}"),
    }
    if tools.xmllint:
        argv = [tools.xmllint, "--noout", "--nonet", "--schema", str(XSD.relative_to(ROOT)), xml]
        commands["xmllint"] = (argv, f"xmllint --noout --nonet --schema schemas/request.xsd {xml}")
    if tools.check_jsonschema:
        argv = [tools.check_jsonschema, "--schemafile", str(JSON_SCHEMA.relative_to(ROOT)), js]
        commands["check-jsonschema"] = (argv, f"check-jsonschema --schemafile schemas/request.schema.json {js}")
    print(f"  cold start: {len(commands)} commands x {config.cold_runs} runs", file=sys.stderr)
    argvs = {k: v[0] for k, v in commands.items()}
    for name in ("mmsvalidate-xml", "mmsvalidate-json"):
        sane(argvs[name], ROOT)
    runs = alternate_processes(launcher, argvs, config.cold_runs, warmup=2, cwd=ROOT)
    seconds = {name: [r.seconds for r in found] for name, found in runs.items()}
    result: dict[str, Any] = {
        "commands": {name: {"command": commands[name][1], **_run_stats(found)} for name, found in runs.items()},
        "import_seconds": summarize(seconds["import"]).median - summarize(seconds["python"]).median,
        "ratios": {
            "mmsvalidate-xml/python": ratio(seconds["mmsvalidate-xml"], seconds["python"]).as_dict(),
            "mmsvalidate-json/python": ratio(seconds["mmsvalidate-json"], seconds["python"]).as_dict(),
        },
    }
    if "xmllint" in seconds:
        result["ratios"]["mmsvalidate-xml/xmllint"] = ratio(seconds["mmsvalidate-xml"], seconds["xmllint"]).as_dict()
    if "check-jsonschema" in seconds:
        cjs = seconds["check-jsonschema"]
        result["ratios"]["mmsvalidate-json/check-jsonschema"] = ratio(seconds["mmsvalidate-json"], cjs).as_dict()
        result["ratios"]["mmsvalidate-xml/check-jsonschema"] = ratio(seconds["mmsvalidate-xml"], cjs).as_dict()
    print("  cold start: in-process breakdown", file=sys.stderr)
    breakdown: dict[str, Any] = {}
    samples: dict[str, list[list[float]]] = {form: [] for form in EXAMPLES}
    for _ in range(config.breakdown_runs):
        for form, path in EXAMPLES.items():
            done = subprocess.run(
                [sys.executable, "-c", _BREAKDOWN, str(path)], capture_output=True, text=True, check=True, env=ENV
            )
            samples[form].append(json.loads(done.stdout))
    for form, rows in samples.items():
        columns = list(zip(*rows, strict=True))
        breakdown[form] = {
            key: summarize(column).median for key, column in zip(("import", "first", "second"), columns, strict=True)
        }
    result["breakdown"] = breakdown
    return result


# ---------------------------------------------------------------- 3 and 4. batch, growth in files


def batch(config: Config, tools: Tools, launcher: Launcher, workdir: Path) -> dict[str, Any]:
    """Files per second over a generated corpus, and time and peak memory against the number of files."""
    big, small = workdir / "big", workdir / "small"
    print(f"  batch: generating {config.batch_files} + {config.small_files} files", file=sys.stderr)
    files = gen.generate(big, config.batch_files)
    gen.generate(small, config.small_files)
    by_form = {form: [str(f.path.relative_to(big)) for f in files if f.form == form] for form in gen.FORMS}
    check = [*tools.mmsvalidate, "check", *(["--jobs", str(tools.jobs)] if tools.jobs else [])]
    shown = "mmsvalidate check" + (f" --jobs {tools.jobs}" if tools.jobs else "")
    counts = {"all": len(files), "small": config.small_files, **{f: len(v) for f, v in by_form.items()}}
    commands: dict[str, tuple[list[str], str]] = {
        "mmsvalidate-all": ([*check, "."], f"{shown} <corpus>  (all {counts['all']} files, 3 forms)"),
        "mmsvalidate-xml": ([*check, "xml"], f"{shown} <corpus>/xml  ({counts['xml']} XML files)"),
        "mmsvalidate-json": ([*check, "json"], f"{shown} <corpus>/json  ({counts['json']} JSON files)"),
        "mmsvalidate-small": (
            [*check, os.path.relpath(small, big)],
            f"{shown} <small corpus>  ({counts['small']} files)",
        ),
    }
    if tools.xmllint:
        argv = [tools.xmllint, "--noout", "--nonet", "--schema", str(XSD), *by_form["xml"]]
        commands["xmllint"] = (argv, f"xmllint --noout --nonet --schema request.xsd <{counts['xml']} XML files>")
    if tools.check_jsonschema:
        argv = [tools.check_jsonschema, "--schemafile", str(JSON_SCHEMA), *by_form["json"]]
        shown_cjs = f"check-jsonschema --schemafile request.schema.json <{counts['json']} JSON files>"
        commands["check-jsonschema"] = (argv, shown_cjs)
    files_of = {
        "mmsvalidate-all": counts["all"],
        "mmsvalidate-xml": counts["xml"],
        "mmsvalidate-json": counts["json"],
        "mmsvalidate-small": counts["small"],
        "xmllint": counts["xml"],
        "check-jsonschema": counts["json"],
    }
    print(f"  batch: {len(commands)} commands x {config.batch_runs} runs", file=sys.stderr)
    argvs = {k: v[0] for k, v in commands.items()}
    sane(argvs["mmsvalidate-small"], big)
    runs = alternate_processes(launcher, argvs, config.batch_runs, warmup=0, cwd=big)
    seconds = {name: [r.seconds for r in found] for name, found in runs.items()}
    result: dict[str, Any] = {"files": counts, "jobs": tools.jobs, "commands": {}, "ratios": {}}
    for name, found in runs.items():
        stats = _run_stats(found)
        rates = summarize([files_of[name] / r.seconds for r in found]).as_dict()
        result["commands"][name] = {"command": commands[name][1], "files": files_of[name], "files_per_second": rates}
        result["commands"][name].update(stats)
    # Throughput ratios: A's files/s over B's = B's time over A's, on the same files.
    if "xmllint" in seconds:
        result["ratios"]["mmsvalidate/xmllint (XML files)"] = ratio(seconds["xmllint"], seconds["mmsvalidate-xml"])
    if "check-jsonschema" in seconds:
        pair = ratio(seconds["check-jsonschema"], seconds["mmsvalidate-json"])
        result["ratios"]["mmsvalidate/check-jsonschema (JSON files)"] = pair
    result["ratios"] = {k: v.as_dict() for k, v in result["ratios"].items()}
    big_runs, small_runs = runs["mmsvalidate-all"], runs["mmsvalidate-small"]
    scale = counts["all"] / counts["small"]
    big_time = summarize([r.seconds for r in big_runs]).median
    small_time = summarize([r.seconds for r in small_runs]).median
    big_rss = summarize([float(r.max_rss_kib) for r in big_runs]).median
    small_rss = summarize([float(r.max_rss_kib) for r in small_runs]).median
    result["growth"] = {
        "files": [counts["small"], counts["all"]],
        "seconds": [small_time, big_time],
        "max_rss_kib": [small_rss, big_rss],
        "exponent": math.log(big_time / small_time) / math.log(scale),
        "rss_ratio": big_rss / small_rss,
        "kib_per_1000_files": (big_rss - small_rss) / (counts["all"] - counts["small"]) * 1000,
    }
    return result


# ---------------------------------------------------------------- 4. growth in slides


def growth_slides(config: Config) -> dict[str, Any]:
    """``validate()`` time against slides per request, per form, the sizes alternated run by run.

    Parse-only times are taken alongside, for scale.
    """
    result: dict[str, Any] = {}
    for form in gen.FORMS:
        parse = _parser(form)
        inputs = {count: gen.WRITE[form](gen.with_slides(count)).encode("utf-8") for count in config.slide_counts}
        calls: dict[str, Callable[[], object]] = {}
        for count, data in inputs.items():
            calls[f"validate-{count}"] = lambda data=data: mmsvalidate.validate(data)
            if parse is not None:
                calls[f"parse-{count}"] = lambda data=data, parse=parse: parse(data)
        print(f"  growth: {form}, {config.slide_runs} runs of each size", file=sys.stderr)
        times = alternate_calls(calls, config.slide_runs, warmup=1)
        rows = []
        for count, data in inputs.items():
            codes = sorted({f.code for f in mmsvalidate.validate(data).findings})
            row = {"slides": count, "bytes": len(data), "codes": codes}
            row["validate"] = summarize(times[f"validate-{count}"]).median
            if parse is not None:
                row["parse"] = summarize(times[f"parse-{count}"]).median
            rows.append(row)
        exponents = [
            math.log(b["validate"] / a["validate"]) / math.log(b["slides"] / a["slides"])
            for a, b in itertools.pairwise(rows)
        ]
        result[form] = {"rows": rows, "exponents": exponents}
    return result


# ---------------------------------------------------------------- targets and table


#: The benchmark's reading of the issue's "linear" and "flat": the largest exponent k (time ~ size^k)
#: still linear within what this measurement resolves on a busy machine, and the largest ratio of peak
#: memory, most files over fewest, still flat.
LINEAR = 1.15
FLAT = 1.1


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ratio the issue sets a target for, with whether it is met."""
    found: list[dict[str, Any]] = []

    def add(name: str, value: float | None, op: str, target: float, why: str = "") -> None:
        met = None if value is None else (value <= target if op == "<=" else value >= target)
        found.append({"target": name, "value": value, "op": op, "limit": target, "met": met, "skipped": why})

    per = results["per_request"]
    for form in gen.FORMS:
        entry = per[f"example-{form}"]
        value = entry["ratio"]["median"] if "ratio" in entry else None
        add(
            f"per request, {LABELS[form]} example: validate / parse ({PARSERS[form]})",
            value,
            "<=",
            5,
            entry.get("skipped", ""),
        )
    cold = results["cold_start"]["ratios"]
    cjs = cold.get("mmsvalidate-json/check-jsonschema")
    add(
        "cold start, one JSON file: mmsvalidate / check-jsonschema",
        cjs and cjs["median"],
        "<=",
        0.5,
        results["meta"]["missing"].get("check-jsonschema", ""),
    )
    add("cold start, one XML file: mmsvalidate / bare python", cold["mmsvalidate-xml/python"]["median"], "<=", 4)
    ratios = results["batch"]["ratios"]
    cjs = ratios.get("mmsvalidate/check-jsonschema (JSON files)")
    add(
        "batch files/s, JSON files: mmsvalidate / check-jsonschema",
        cjs and cjs["median"],
        ">=",
        5,
        results["meta"]["missing"].get("check-jsonschema", ""),
    )
    lint = ratios.get("mmsvalidate/xmllint (XML files)")
    add(
        "batch files/s, XML files: mmsvalidate / xmllint",
        lint and lint["median"],
        ">=",
        1 / 3,
        results["meta"]["missing"].get("xmllint", ""),
    )
    for form, entry in results["growth_slides"].items():
        add(f"growth, {LABELS[form]}: exponent of time vs slides (last step)", entry["exponents"][-1], "<=", LINEAR)
    growth = results["batch"]["growth"]
    add("growth: exponent of time vs files", growth["exponent"], "<=", LINEAR)
    add("growth: peak memory, most files / fewest files", growth["rss_ratio"], "<=", FLAT)
    return found


def _t(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _r(entry: dict[str, float]) -> str:
    return f"{entry['median']:.2f}x ({entry['p10']:.2f}-{entry['p90']:.2f})"


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB"


def _grid(rows: list[list[str]], right: Collection[int] = ()) -> list[str]:
    """Rows padded into columns (``right``: right-aligned column numbers), indented."""
    if not rows:  # e.g. no ratios when neither xmllint nor check-jsonschema is installed
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "   "
        + "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def table(results: dict[str, Any]) -> str:
    """The printed report."""
    m = results["meta"]
    head = f"mmsvalidate {m['versions']['mmsvalidate']} benchmark, {m['mode']} mode"
    head += f" ({m['label']})" if m["label"] else ""
    head += f": Python {m['python']}, {m['cpus']} CPUs, check --jobs: {m['jobs'] or 'not offered'}"
    lines = [head, *(f"   skipped: {why}" for why in m["missing"].values())]

    lines += ["", "1. In-process, per request: validate() vs parse only (ratio: of medians, p10-p90 of paired runs)"]
    rows = [["request", "bytes", "validate median", "p99", "parse median", "p99", "ratio"]]
    for name, e in results["per_request"].items():
        parse = e.get("parse")
        rows.append(
            [
                f"{name} ({PARSERS[e['form']]})",
                str(e["bytes"]),
                _t(e["validate"]["median"]),
                _t(e["validate"]["p99"]),
                _t(parse["median"]) if parse else "-",
                _t(parse["p99"]) if parse else "-",
                _r(e["ratio"]) if "ratio" in e else e.get("skipped", ""),
            ]
        )
    lines += _grid(rows, {1, 2, 3, 4, 5})

    cold = results["cold_start"]
    lines += ["", "2. Cold start: one file, a fresh process each run"]
    rows = [["command", "median", "p10", "p90", "peak RSS"]]
    for e in cold["commands"].values():
        t = e["seconds"]
        rows.append([e["command"], _t(t["median"]), _t(t["p10"]), _t(t["p90"]), _mib(e["max_rss_kib"]["median"])])
    lines += _grid(rows, {1, 2, 3, 4})
    lines.append(f"   import mmsvalidate: {_t(cold['import_seconds'])} (median import run minus median bare start-up)")
    lines += _grid([[f"ratio {name}", _r(r)] for name, r in cold["ratios"].items()])
    rows = [
        [
            f"fresh interpreter, {LABELS[form]}:",
            f"import {_t(b['import'])}",
            f"first validate() {_t(b['first'])}",
            f"second {_t(b['second'])}",
        ]
        for form, b in cold["breakdown"].items()
    ]
    lines += _grid(rows)

    bat = results["batch"]
    lines += ["", "3. Batch: a generated corpus, each tool given all its files in one call"]
    rows = [["command", "files/s median", "p10", "p90", "peak RSS", "exit"]]
    for e in bat["commands"].values():
        f = e["files_per_second"]
        rows.append(
            [
                e["command"],
                f"{f['median']:.0f}",
                f"{f['p10']:.0f}",
                f"{f['p90']:.0f}",
                _mib(e["max_rss_kib"]["median"]),
                ",".join(map(str, e["returncodes"])),
            ]
        )
    lines += _grid(rows, {1, 2, 3, 4})
    lines += _grid([[f"ratio of files/s, {name}", _r(r)] for name, r in bat["ratios"].items()])

    g = bat["growth"]
    lines += ["", "4. Growth: k in time ~ size^k between successive sizes (1.0 is linear)"]
    lines.append(
        f"   files {g['files'][0]} -> {g['files'][1]}: {_t(g['seconds'][0])} -> {_t(g['seconds'][1])}, "
        f"k = {g['exponent']:.2f}; peak RSS {_mib(g['max_rss_kib'][0])} -> {_mib(g['max_rss_kib'][1])}"
        f" (x{g['rss_ratio']:.2f}, {g['kib_per_1000_files']:.0f} KiB more per 1,000 files)"
    )
    rows = []
    for form, e in results["growth_slides"].items():
        steps = [f"{row['slides']}: {_t(row['validate'])}" for row in e["rows"]]
        rows.append([f"slides, {LABELS[form]}", *steps, "k = " + ", ".join(f"{k:.2f}" for k in e["exponents"])])
    lines += _grid(rows, set(range(1, len(rows[0]) - 1)))
    for form, e in results["growth_slides"].items():
        for row in e["rows"]:
            if set(row["codes"]) - {"E225"}:  # not checked in full (a reading limit?): the time means little
                lines.append(f"   note: {LABELS[form]}, {row['slides']} slides gave {', '.join(row['codes'])}")

    lines += ["", "Targets"]
    rows = []
    for t in results["targets"]:
        state = "skipped: " + t["skipped"] if t["met"] is None else "met" if t["met"] else "NOT met"
        value = "-" if t["value"] is None else f"{t['value']:.2f}"
        rows.append([t["target"], value, ("≤ " if t["op"] == "<=" else "≥ ") + f"{t['limit']:.2f}", state])
    lines += _grid(rows, {1})
    lines.append(f"   (peak RSS: the launcher's floor is {_mib(m['rss_floor_kib'])})")
    return "\n".join(lines) + "\n"


def measure(config: Config, tools: Tools, label: str | None, corpus: Path | None) -> dict[str, Any]:
    """Every part of the benchmark, in order; the results as one JSON-ready dict."""
    results: dict[str, Any] = {"meta": meta(tools, config, label)}
    print("1/4 per request", file=sys.stderr)
    results["per_request"] = per_request(config)
    with Launcher() as launcher:
        print("2/4 cold start", file=sys.stderr)
        results["cold_start"] = cold_start(config, tools, launcher)
        print("3/4 batch", file=sys.stderr)
        if corpus:
            results["batch"] = batch(config, tools, launcher, corpus)
        else:
            with tempfile.TemporaryDirectory(prefix="mmsvalidate-bench-") as workdir:
                results["batch"] = batch(config, tools, launcher, Path(workdir))
        results["meta"]["rss_floor_kib"] = launcher.floor()
    print("4/4 growth in slides", file=sys.stderr)
    results["growth_slides"] = growth_slides(config)
    results["targets"] = targets(results)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer runs and 2,000 files (about a minute)")
    mode.add_argument("--smoke", action="store_true", help="a handful of runs: checks that the benchmark works")
    parser.add_argument("--output", type=Path, default=BENCH / "results.json", help="JSON file to write")
    parser.add_argument("--label", help="a note kept with the figures, e.g. 'before speed work'")
    parser.add_argument("--corpus", type=Path, help="generate the batch corpus here (kept) instead of a temp dir")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=("xmllint", "check-jsonschema"),
        help="leave out this tool's comparison, as if it were not installed; repeatable",
    )
    args = parser.parse_args(argv)
    config = CONFIGS["smoke" if args.smoke else "quick" if args.quick else "full"]
    tools = find_tools(args.without)
    for why in tools.missing.values():
        print(f"note: {why}; that comparison is skipped", file=sys.stderr)
    if args.corpus and args.corpus.exists() and any(args.corpus.iterdir()):
        parser.error(f"--corpus {args.corpus}: give a new or empty folder")
    try:
        results = measure(config, tools, args.label, args.corpus)
    except Broken as exc:
        print(f"mmsvalidate is broken, nothing measured: {exc}", file=sys.stderr)
        return 2
    text = table(results)
    print(text, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
