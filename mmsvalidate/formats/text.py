"""Plain text: ``path:line:col: CODE message (slide N: detail)``, one finding a line, then a summary."""

from __future__ import annotations

from collections.abc import Sequence

from mmsvalidate.diagnostic import Finding, Severity
from mmsvalidate.formats import Checked, message, printable, requests

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RED = "\x1b[1;31m"
_YELLOW = "\x1b[1;33m"
_GREEN = "\x1b[1;32m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def line(path: str, finding: Finding, *, color: bool = False, record: int | None = None) -> str:
    """One finding as a line of text, with ANSI colours when ``color``; a finding without a line of its
    own is given the line of its ``record`` (a JSON Lines or CSV file's)."""
    where = _paint(printable(path), _BOLD, color)
    if finding.line is not None or record is not None:
        where += f":{finding.line if finding.line is not None else record}"
        if finding.line is not None and finding.column is not None:
            where += f":{finding.column}"
    style = _RED if finding.severity is Severity.ERROR else _YELLOW
    return f"{where}: {_paint(finding.code, style, color)} {printable(message(finding))}"


def files_of(results: Sequence[Checked]) -> int:
    """How many files: each path once (a JSON Lines or CSV file of many requests is one file)."""
    return len({r.path for r in results})


def summary(results: Sequence[Checked], *, color: bool = False) -> str:
    """Counts over all files."""
    errors = sum(len(r.report.errors) for r in results)
    warnings = sum(len(r.report.warnings) for r in results)
    failing = sum(1 for r in results if not r.report.ok)
    return counted(files_of(results), errors, warnings, failing, color=color, requests=requests(results))


def counted(
    files: int, errors: int, warnings: int, failing: int, *, color: bool = False, requests: int | None = None
) -> str:
    """The summary line from its counts (for output streamed file by file).

    ``requests`` is given when some file held many (JSON Lines, CSV): then ``failing`` counts requests.
    """
    checked = _count(files, "file") if requests is None else f"{_count(files, 'file')} ({_count(requests, 'request')})"
    text = (
        f"Checked {checked}: {_count(errors, 'error')}, "
        f"{_count(warnings, 'warning')}; {_count(failing, 'file' if requests is None else 'request')} failed."
    )
    return _paint(text, _RED if failing else _GREEN, color)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render(results: Sequence[Checked], *, color: bool = False, quiet: bool = False) -> str:
    """Every finding, then the summary (left out when ``quiet``)."""
    lines = [line(r.path, f, color=color, record=r.record) for r in results for f in r.report.findings]
    if not quiet:
        lines.append(summary(results, color=color))
    return "".join(f"{item}\n" for item in lines)
