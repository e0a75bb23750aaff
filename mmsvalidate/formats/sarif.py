"""SARIF 2.1.0: one run, every catalogued code as a rule with its help, one result per finding.

Rule help is the same text ``mmsvalidate explain`` prints. Relative paths are given against
``%SRCROOT%``, which ``root`` (the working folder, from the command line) defines when given.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from mmsvalidate import __version__
from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import Finding, Severity
from mmsvalidate.formats import Checked, message
from mmsvalidate.formats.jsontext import json_text

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT = "%SRCROOT%"


def rules() -> list[dict[str, object]]:
    """Every code as a SARIF reportingDescriptor, in catalogue order."""
    from mmsvalidate import explain

    found = []
    for code, entry in CODES.items():
        item = explain.doc(code)
        rule: dict[str, object] = {
            "id": code,
            "shortDescription": {"text": entry.text},
            "fullDescription": {"text": item.checks},
            "help": {"text": explain.text(code), "markdown": explain.markdown(code)},
            "defaultConfiguration": {"level": entry.severity.value},
            "properties": {
                "tags": ["vendor" if entry.vendor else "mmsvalidate", "offline" if entry.offline else "online"]
            },
        }
        if item.rules:
            rule["name"] = item.rules[0]
        found.append(rule)
    return found


def artifact(path: str) -> dict[str, str]:
    """An artifactLocation for ``path``: a file URI when absolute, else relative to ``%SRCROOT%``.

    A file name that is not UTF-8 is written as its own bytes, percent-encoded; any other lone
    surrogate as its backslash escape.
    """
    posix = Path(path).as_posix() if path != "-" else path
    bytes_only = all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in posix)
    uri = quote(posix, safe="/", errors="surrogateescape" if bytes_only else "backslashreplace")
    if os.path.isabs(path):
        return {"uri": "file://" + uri}
    return {"uri": uri, "uriBaseId": ROOT}


def result(path: str, finding: Finding, index: int, record: int | None = None) -> dict[str, object]:
    """One finding as a SARIF result; ``record`` is the line of its record in a JSON Lines or CSV file."""
    location: dict[str, object] = {"artifactLocation": artifact(path)}
    line = finding.line if finding.line is not None else record
    if line is not None:
        region: dict[str, int] = {"startLine": line}
        if finding.line is not None and finding.column is not None:
            region["startColumn"] = finding.column
        location["region"] = region
    properties = {"slide": finding.slide, "field": finding.field, "param": finding.location.param, "record": record}
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": "error" if finding.severity is Severity.ERROR else "warning",
        "message": {"text": message(finding)},
        "locations": [{"physicalLocation": location}],
        "properties": {name: value for name, value in properties.items() if value is not None},
    }


def render(results: Sequence[Checked], *, root: str | None = None, exit_code: int = 0) -> str:
    """The SARIF log; ``exit_code`` 2 (a path not checked, an internal error) makes the run unsuccessful."""
    index = {code: i for i, code in enumerate(CODES)}
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "mmsvalidate",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules(),
            }
        },
        "invocations": [{"executionSuccessful": exit_code != 2, "exitCode": exit_code}],
        "columnKind": "unicodeCodePoints",
        "results": [result(r.path, f, index[f.code], r.record) for r in results for f in r.report.findings],
    }
    if root is not None:
        base = Path(root).as_uri()  # a base URI ends with one '/'; the root folder's (file:///) already does
        run["originalUriBaseIds"] = {ROOT: {"uri": base if base.endswith("/") else base + "/"}}
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document, indent=2) + "\n"
