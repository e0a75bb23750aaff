"""Pinned findings of the corpus: one ``<file>.findings.toml`` beside each request file.

Shared by ``scripts/pin_findings.py``, which writes them, and the tests, which compare with them (the
scripts import no test code). ``corpus_profile`` is the profile a corpus file is checked with, its clock
pinned to ``NOW``.

A snapshot states every finding in full (code, severity, message, detail, slide, field, param,
line, column) and ``count``, the number of findings. Tests compare a report with its snapshot
exactly: order does not matter, duplicates count. Snapshots are written only by
``python scripts/pin_findings.py`` and every change is reviewed against the spec and the README.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from mmsvalidate import Profile, Report
from mmsvalidate.diagnostic import Finding
from mmsvalidate.profile import FixedClock
from mmsvalidate.settings.config import Overrides
from mmsvalidate.settings.resolve import Resolver

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
#: The time the corpus is checked at (its expiry dates are judged against it).
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)

SUFFIX = ".findings.toml"
#: The keys of a pinned finding, in the order they are written.
KEYS = ("code", "severity", "slide", "field", "param", "line", "column", "message", "detail")
Record = tuple[tuple[str, Any], ...]


def corpus_profile(file: Path) -> Profile:
    """The profile ``mmsvalidate check`` uses for a corpus file (its folder's ``mmsvalidate.toml``), clock pinned."""
    return Resolver(Overrides(profile={"clock": FixedClock(NOW)}), cwd=CORPUS).for_file(file).profile


def snapshot_path(request_file: Path) -> Path:
    """Where the snapshot of ``request_file`` lives: beside it."""
    return request_file.with_name(request_file.name + SUFFIX)


def is_snapshot(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def record(finding: Finding) -> dict[str, Any]:
    """A finding as the plain values a snapshot holds (``None`` values left out)."""
    values = {
        "code": finding.code,
        "severity": str(finding.severity),
        "slide": finding.slide,
        "field": finding.field,
        "param": finding.location.param,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "detail": finding.detail,
    }
    return {key: value for key, value in values.items() if value is not None}


def frozen(values: dict[str, Any]) -> Record:
    """A hashable form of a record, every key present (``None`` when absent)."""
    return tuple((key, values.get(key)) for key in KEYS)


def actual(report: Report) -> Counter[Record]:
    return Counter(frozen(record(f)) for f in report.findings)


def load(path: Path) -> tuple[int, Counter[Record]]:
    """The pinned count and findings of a snapshot file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = {key for item in data.get("finding", []) for key in item} - set(KEYS)
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    return int(data["count"]), Counter(frozen(item) for item in data.get("finding", []))


def _toml_value(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    text = json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escape everything
        text = json.dumps(str(value))
    return text


def dump(request_name: str, report: Report) -> str:
    """The text of a snapshot for ``report`` (findings in the report's order)."""
    lines = [
        f"# Findings of {request_name} (its note is in corpus/manifest.toml).",
        "# Reviewed against the spec and the README; rewrite only with scripts/pin_findings.py and review the diff.",
        f"count = {len(report.findings)}",
    ]
    for finding in report.findings:
        lines += ["", "[[finding]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in record(finding).items()]
    return "\n".join(lines) + "\n"


def describe(found: Counter[Record]) -> list[str]:
    """Readable lines for a set of records, for assertion messages."""
    out = []
    for item, times in sorted(found.items(), key=lambda kv: repr(kv[0])):
        shown = ", ".join(f"{k}={v!r}" for k, v in item if v is not None)
        out.append(f"{times} x {shown}")
    return out
