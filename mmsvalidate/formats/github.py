"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=CODE::message``, one a finding.

Values are escaped as the Actions runner unescapes them: ``%``, CR and LF everywhere, and ``:``
and ``,`` in properties, so a message or path can never end a command early or start another.
"""

from __future__ import annotations

from collections.abc import Sequence

from mmsvalidate.diagnostic import Severity
from mmsvalidate.formats import Checked, message, printable


def escape_data(text: str) -> str:
    """A command's message: printable (no control character reaches the log), then the runner's own escapes."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[Checked]) -> str:
    lines = []
    for result in results:
        for finding in result.report.findings:
            command = "error" if finding.severity is Severity.ERROR else "warning"
            properties = [] if result.path == "-" else [f"file={escape_property(result.path)}"]
            if result.line_of(finding) is not None:
                properties.append(f"line={result.line_of(finding)}")
                if finding.line is not None and finding.column is not None:
                    properties.append(f"col={finding.column}")
            properties.append(f"title={escape_property(finding.code)}")
            text = escape_data(f"{finding.code} {message(finding)}")
            lines.append(f"::{command} {','.join(properties)}::{text}\n")
    return "".join(lines)
