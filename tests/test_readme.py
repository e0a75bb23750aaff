"""Every ``$ mmsvalidate`` example of the README, run as written and compared with its output byte for byte."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Each fenced block that starts with ``$ mmsvalidate``: its command line and what it prints.
EXAMPLES = [
    (found[1], found[2])
    for found in re.finditer(r"```\n\$ (mmsvalidate [^\n]*)\n(.*?)```", README, re.S)
    if not found[1].startswith("mmsvalidate check examples/")  # JSON Lines and CSV: tests/bulk/test_readme.py
]
#: Examples that need more than this repository: the configuration error's project (built below), and the
#: online check's media server (not run here: its hosts are the README's, not a real server).
SET_UP = {"mmsvalidate check requests/"}
NOT_RUN = {"mmsvalidate check --online --media-preset carrier-safe requests/"}


def run(command: str, cwd: Path) -> str:
    script = Path(sys.executable).with_name("mmsvalidate")
    argv = [str(script)] if script.is_file() else [sys.executable, "-m", "mmsvalidate"]
    env = {k: v for k, v in os.environ.items() if k not in ("CI_PROJECT_DIR", "GITHUB_ACTIONS")}
    done = subprocess.run(
        [*argv, *shlex.split(command)[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "NO_COLOR": "1"},
    )
    return done.stdout + done.stderr


def test_the_readme_has_its_examples() -> None:
    commands = [command for command, _ in EXAMPLES]
    assert len(commands) == len(set(commands)) >= 6
    assert set(commands) >= SET_UP | NOT_RUN


@pytest.mark.parametrize(("command", "output"), [e for e in EXAMPLES if e[0] not in SET_UP | NOT_RUN])
def test_readme_example_prints_what_the_readme_says(command: str, output: str) -> None:
    assert run(command, ROOT) == output


def test_readme_configuration_error_example(tmp_path: Path) -> None:
    """The README's bad configuration, in a project like the one it names (its folder in place of /srv/app)."""
    (command, output) = next(e for e in EXAMPLES if e[0] == "mmsvalidate check requests/")
    (tmp_path / "requests").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.mmsvalidate]\nmax_slides = 8\n", encoding="utf-8")
    assert run(command, tmp_path) == output.replace("/srv/app", str(tmp_path))
