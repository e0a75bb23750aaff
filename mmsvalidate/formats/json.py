"""JSON: one document with every file and its findings, for scripts and CI."""

from __future__ import annotations

from collections.abc import Sequence

from mmsvalidate.diagnostic import Finding
from mmsvalidate.formats import Checked
from mmsvalidate.formats.jsontext import json_scalar, json_text


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


def finding_text(item: Finding) -> str:
    """:func:`finding` as compact JSON text, written as ``json_text(finding(item), compact=True)`` writes it
    (less :func:`~mmsvalidate.formats.json_safe`, for the whole document), without the mapping and the encoder:
    the service writes one for every finding it answers."""
    return (
        f'{{"code":{json_scalar(item.code)},"severity":{json_scalar(item.severity.value)},'
        f'"message":{json_scalar(item.message)},"detail":{json_scalar(item.detail)},'
        f'"slide":{json_scalar(item.slide)},"line":{json_scalar(item.line)},"column":{json_scalar(item.column)},'
        f'"param":{json_scalar(item.location.param)},"field":{json_scalar(item.field)}}}'
    )


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
