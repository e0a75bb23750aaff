"""On a terminal, the status line never breaks a finding line: it is wiped before anything is written to
standard output, shown while a long run goes on, and gone at the end. Run in a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mmsvalidate
from mmsvalidate.writers import to_json_object
from tests.conftest import VALID_XML

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

STATUS = re.compile(r"mmsvalidate: [0-9,]+ requests checked")


def screen(raw: str) -> list[str]:
    """The lines a terminal shows for ``raw``: ``\\r`` returns to the line's start, ``ESC [K`` wipes to its end,
    ``\\n`` starts a new line, other characters overwrite."""
    lines: list[str] = []
    current: list[str] = []
    column = 0
    for token in re.findall(r"\x1b\[K|\r|\n|[^\r\n\x1b]+|\x1b", raw):
        if token == "\r":
            column = 0
        elif token == "\n":
            lines.append("".join(current))
            current, column = [], 0
        elif token == "\x1b[K":
            del current[column:]
        else:
            current[column : column + len(token)] = list(token)
            column += len(token)
    if current:
        lines.append("".join(current))
    return lines


def run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "400"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "mmsvalidate", *args], cwd=cwd, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_findings_stay_whole_while_the_status_line_comes_and_goes(tmp_path: Path) -> None:
    request = mmsvalidate.Checker().read(VALID_XML).request
    assert request is not None
    body = to_json_object(request)
    line = json.dumps({**body, "colour": "red"})  # one MV101 a record
    records = 30_000
    (tmp_path / "campaign.jsonl").write_text((line + "\n") * records)
    status, raw = run_on_a_terminal(["check", "--color", "never", "--jobs", "1", "campaign.jsonl"], tmp_path)
    assert status == 0, raw[-2000:]
    assert STATUS.search(raw), "no status line was shown during a long run"
    shown = [text for text in screen(raw.replace("\r\n", "\n")) if text]
    column = line.index('"colour"') + 1
    expected = [
        f"campaign.jsonl:{n}:{column}: MV101 Unknown element or parameter 'colour'. "
        "(not part of a sendMMS request as a JSON key)"
        for n in range(1, records + 1)
    ]
    assert shown[:-1] == expected  # every finding line whole, in order, nothing glued before or after
    assert shown[-1] == f"Checked 1 file ({records} requests): 0 errors, {records} warnings; 0 requests failed."
    assert not STATUS.search(shown[-1])
