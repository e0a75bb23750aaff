"""JSON: one document with every file and its findings, for scripts and CI."""

from __future__ import annotations

from collections.abc import Sequence

from mmsvalidate.diagnostic import Finding
from mmsvalidate.formats import Checked, json_text


def finding(item: Finding) -> dict[str, object]:
    """A finding as plain JSON data."""
    return {
        "code": item.code,
        "severity": item.severity.value,
        "message": item.message,
        "detail": item.detail,
        "slide": item.slide,
        "line": item.line,
        "column": item.column,
        "param": item.location.param,
        "field": item.field,
    }


def entry(checked: Checked) -> dict[str, object]:
    """One checked request as plain JSON data; ``record`` is its line in a JSON Lines or CSV file."""
    report = checked.report
    return {
        "path": checked.path,
        "record": checked.record,
        "form": report.form,
        "ok": report.ok,
        "first_error": report.first_error.code if report.first_error else None,
        "findings": [finding(f) for f in report.findings],
    }


def render(results: Sequence[Checked]) -> str:
    files = [entry(r) for r in results]
    from mmsvalidate.formats.text import files_of

    summary = {
        "files": files_of(results),
        "requests": sum(r.requests for r in results),
        "failed": sum(1 for r in results if not r.report.ok),
        "errors": sum(len(r.report.errors) for r in results),
        "warnings": sum(len(r.report.warnings) for r in results),
    }
    return json_text({"files": files, "summary": summary}, indent=2) + "\n"
