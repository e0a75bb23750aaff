"""Bidirectional controls in a file name or a request's value are escaped in the text and github formats.

docs/security.md: in the text and github formats and on standard error "every value and path is printed with
control characters ... as backslash escapes ... so no request or file name can start a ``path:line:col:`` line,
a workflow command or a terminal escape". A right-to-left override (U+202E) or isolate (U+2066-U+2069) is such
a control: a terminal or CI log viewer that follows them shows the rest of the line reordered, so
``a\\u202elmx.txt`` reads as ``atxt.xml`` and a finding's text can be made to read as another (the "Trojan
Source" class). Each of the nine embedding, override and isolate controls is written ``\\u202e`` as the other
escapes are; text in right-to-left scripts, which needs none of them, is printed as it is.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import VALID_XML

ROOT = Path(__file__).resolve().parent.parent
#: LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mmsvalidate", "check", "--isolated", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("control", list(CONTROLS))
def test_a_bidi_control_in_a_file_name_is_escaped(tmp_path: Path, control: str) -> None:
    name = f"a{control}lmx.txt"
    (tmp_path / name).write_text(VALID_XML.replace("<TO>", "<TO>x"), encoding="utf-8")
    escaped = f"a\\u{ord(control):04x}lmx.txt"
    text = run(name, cwd=tmp_path)
    assert text.returncode == 1
    assert text.stdout.splitlines()[0].startswith(f"{escaped}:")
    github = run("--format", "github", name, cwd=tmp_path)
    assert github.stdout.startswith(f"::error file={escaped},line=")
    assert not set(CONTROLS) & set(text.stdout + text.stderr + github.stdout + github.stderr)


def test_a_bidi_control_in_a_value_is_escaped_and_right_to_left_text_is_kept(tmp_path: Path) -> None:
    value = "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c"  # Hebrew, then an override
    (tmp_path / "r.xml").write_text(VALID_XML.replace("<TO>", f"<TO>{value}"), encoding="utf-8")
    for fmt in ("text", "github"):
        out = run("--format", fmt, "r.xml", cwd=tmp_path).stdout
        assert "\u05e9\u05dc\u05d5\u05dd \\u202eevil\\u202c" in out, fmt
        assert not set(CONTROLS) & set(out), fmt
