"""The table of every code, for the code reference (docs/reference/codes.md, `mmsvalidate codes`) and for people: code,
severity, text, what checks it."""

from __future__ import annotations

from mmsvalidate.codes import CODES, online_check
from mmsvalidate.rules import BY_CODE


def checks(code: str) -> str:
    """What raises ``code`` offline, or why it is only known to the API."""
    entry = CODES[code]
    said = [rule.summary for rule in BY_CODE.get(code, ())]
    if entry.raised_by:
        said.append(f"Raised by {entry.raised_by}.")
    online = online_check(code)
    if online:
        said.append(f"Online check: {online}")
    elif not entry.offline:
        said.append("Not checked here: only the API decides it (the account, a content fetch, the carrier).")
    return " ".join(said)


def markdown() -> str:
    """The code table in Markdown."""
    rows = ["| code | severity | text | offline check |", "| --- | --- | --- | --- |"]
    for code, entry in CODES.items():
        text = entry.text.replace("|", "\\|")
        rows.append(f"| {code} | {entry.severity.value} | {text} | {checks(code).replace('|', '/')} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
