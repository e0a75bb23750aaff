"""Plain text: ``path:line:col: CODE message (slide N: detail)``, one finding a line, then a summary."""

from __future__ import annotations

from collections.abc import Sequence

from mmsvalidate.diagnostic import Finding
from mmsvalidate.formats import Checked


def line(path: str, finding: Finding) -> str:
    """One finding as a line of text."""
    where = path
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    notes = [f"slide {finding.slide}"] if finding.slide is not None else []
    if finding.detail:
        notes.append(finding.detail)
    suffix = f" ({': '.join(notes)})" if notes else ""
    return f"{where}: {finding.code} {finding.message}{suffix}"


def summary(results: Sequence[Checked]) -> str:
    """Counts over all files."""
    errors = sum(len(r.report.errors) for r in results)
    warnings = sum(len(r.report.warnings) for r in results)
    failing = sum(1 for r in results if not r.report.ok)
    return (
        f"Checked {_count(len(results), 'file')}: {_count(errors, 'error')}, "
        f"{_count(warnings, 'warning')}; {_count(failing, 'file')} failed."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render(results: Sequence[Checked]) -> str:
    lines = [line(r.path, f) for r in results for f in r.report.findings]
    lines.append(summary(results))
    return "\n".join(lines) + "\n"
