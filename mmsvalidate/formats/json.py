"""JSON: one document with every file and its findings, for scripts and CI."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mmsvalidate.diagnostic import Finding
from mmsvalidate.formats import Checked


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


def render(results: Sequence[Checked]) -> str:
    files = [
        {
            "path": r.path,
            "form": r.report.form,
            "ok": r.report.ok,
            "first_error": r.report.first_error.code if r.report.first_error else None,
            "findings": [finding(f) for f in r.report.findings],
        }
        for r in results
    ]
    summary = {
        "files": len(results),
        "failed": sum(1 for r in results if not r.report.ok),
        "errors": sum(len(r.report.errors) for r in results),
        "warnings": sum(len(r.report.warnings) for r in results),
    }
    return json.dumps({"files": files, "summary": summary}, ensure_ascii=False, indent=2) + "\n"
