"""GitLab Code Quality: a JSON array of issues for ``artifacts:reports:codequality``.

Paths are relative to the project root (``root``, which the command line takes from
``CI_PROJECT_DIR`` or the working folder), however they were named: ``./`` and ``..`` resolved.
Fingerprints leave out line numbers, so an issue keeps its fingerprint when lines above it move,
and are made unique within the report.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from mmsvalidate.diagnostic import Severity
from mmsvalidate.formats import Checked, message
from mmsvalidate.formats.jsontext import json_text


def relative(path: str, root: str | None, cwd: str | None = None) -> str:
    """``path`` (relative to ``cwd``) made relative to ``root`` when it lies under it; normalised, forward slashes.

    A path outside ``root`` stays absolute. Symlinks are resolved only when the plain paths don't nest
    (``root`` named through a link, or the working folder).
    """
    if path == "-":
        return path
    full = os.path.normpath(os.path.join(cwd, path)) if cwd is not None else os.path.normpath(path)
    if root is not None and os.path.isabs(full):
        base = os.path.normpath(os.path.join(cwd or "", root))
        for there, here in ((full, base), (os.path.realpath(full), os.path.realpath(base))):
            with contextlib.suppress(ValueError):
                return Path(there).relative_to(here).as_posix()
    return Path(full).as_posix()


def render(results: Sequence[Checked], *, root: str | None = None, cwd: str | None = None) -> str:
    """The Code Quality report; paths relative to ``root``, those given relative taken from ``cwd``."""
    issues: list[dict[str, object]] = []
    seen: Counter[str] = Counter()
    for result in results:
        path = relative(result.path, root, cwd)
        for finding in result.report.findings:
            key = "\0".join((path, finding.code, finding.field or "", finding.message, finding.detail or ""))
            seen[key] += 1
            if seen[key] > 1:
                key += f"\0{seen[key]}"
            issues.append(
                {
                    "type": "issue",
                    "check_name": finding.code,
                    "description": f"{finding.code} {message(finding)}",
                    "categories": ["Bug Risk"],
                    "severity": "major" if finding.severity is Severity.ERROR else "minor",
                    "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest(),
                    "location": {"path": path, "lines": {"begin": result.line_of(finding) or 1}},
                }
            )
    return json_text(issues, indent=2) + "\n"
