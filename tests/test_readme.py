"""Every ``$ mmsvalidate`` example of the README and the docs pages, run as written; output compared byte for byte."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docs import PAGES

#: Each fenced block that starts with ``$ mmsvalidate``, on every page: the page, its command line and what it prints.
EXAMPLES = [
    (name, found[1], found[2])
    for name, text in PAGES.items()
    for found in re.finditer(r"```\n\$ (mmsvalidate [^\n]*)\n(.*?)```", text, re.S)
    if not found[1].startswith("mmsvalidate check examples/")  # JSON Lines and CSV: tests/bulk/test_readme.py
]
#: Examples that need more than this repository: the configuration error's project (built below), and the
#: online check's media server (tests/online/test_cli.py serves its files from a local server).
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


def test_the_docs_have_their_examples() -> None:
    commands = [(name, command) for name, command, _ in EXAMPLES]
    assert len(commands) == len(set(commands)) >= 8  # one example of a command a page
    assert {command for _, command in commands} >= SET_UP | NOT_RUN
    assert {name for name, _ in commands} >= {"README.md", "docs/cli.md", "docs/formats.md", "docs/configuration.md"}


@pytest.mark.parametrize(
    ("name", "command", "output"),
    [e for e in EXAMPLES if e[1] not in SET_UP | NOT_RUN],
    ids=[f"{e[0]}: {e[1]}" for e in EXAMPLES if e[1] not in SET_UP | NOT_RUN],
)
def test_example_prints_what_the_docs_say(name: str, command: str, output: str) -> None:
    assert run(command, ROOT) == output


def test_configuration_error_example(tmp_path: Path) -> None:
    """The docs' bad configuration, in a project like the one it names (its folder in place of /srv/app)."""
    (_, command, output) = next(e for e in EXAMPLES if e[1] == "mmsvalidate check requests/")
    (tmp_path / "requests").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.mmsvalidate]\nmax_slides = 8\n", encoding="utf-8")
    assert run(command, tmp_path) == output.replace("/srv/app", str(tmp_path))


#: Each ``python`` block followed by "prints" and the output, on every page; Dask's and Spark's need their extras
#: and engines, and are run by tests/bulk/test_dask.py and tests/bulk/test_spark.py.
SNIPPETS = [
    (name, found[1], found[2])
    for name, text in PAGES.items()
    for found in re.finditer(r"```python\n((?:(?!```).)*?)```\n\nprints\n\n```\n(.*?)```", text, re.S)
    if "dask" not in found[1] and "pyspark" not in found[1]
]


def test_the_docs_have_their_python_examples() -> None:
    assert {name for name, _, _ in SNIPPETS} >= {"README.md", "docs/bulk.md"}


@pytest.mark.parametrize(("name", "code", "output"), SNIPPETS, ids=[f"{e[0]}: {i}" for i, e in enumerate(SNIPPETS)])
def test_python_example_prints_what_the_docs_say(name: str, code: str, output: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.stdout, done.stderr) == (output, "")


def test_the_json_output_example_is_what_check_prints_for_its_request(tmp_path: Path) -> None:
    """docs/cli.md's ``--format json`` document, laid out for reading: the same JSON, its file named req.xml."""
    from tests.docs import page

    (shown,) = re.findall(r"`--format json` prints one document:\n\n```json\n(.*?)```", page("docs/cli.md"), re.S)
    (tmp_path / "req.xml").write_bytes((ROOT / "corpus" / "E226" / "fail-audio-video.xml").read_bytes())
    printed = run("mmsvalidate check --format json req.xml", tmp_path)
    assert json.loads(printed) == json.loads(shown)
