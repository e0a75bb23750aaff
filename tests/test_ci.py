"""CI runs what a newcomer runs: no system packages, and the tests on a PATH without xmllint or check-jsonschema."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

CI = ROOT / ".ci"


def test_ci_installs_no_system_package() -> None:
    script = (CI / "run").read_text(encoding="utf-8")
    for manager in ("apt-get", "apt ", "dpkg", "yum", "dnf", "apk ", "brew", "sudo", "port install"):
        assert manager not in script, manager
    installs = [line for line in script.splitlines() if re.search(r"\binstall\b", line)]
    assert installs and all("pip install" in line for line in installs), installs


def test_ci_runs_the_tests_without_xmllint_or_check_jsonschema() -> None:
    lines = (CI / "run").read_text(encoding="utf-8").splitlines()
    pytest_runs = [line for line in lines if "-m pytest" in line and not line.lstrip().startswith("#")]
    assert pytest_runs == ['PATH="$bare_path" .venv/bin/python -m pytest']
    assert 'bare_path=$(.ci/bare-path "$bare")' in lines


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bare_path_hides_xmllint_and_check_jsonschema_only(tmp_path: Path) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("xmllint", "check-jsonschema", "git-like"):
        (tools / name).write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        (tools / name).chmod(0o755)
    path = f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(
        [str(CI / "bare-path"), str(tmp_path / "bare")],
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=True,
    )
    bare = done.stdout.strip()
    assert shutil.which("xmllint", path=bare) is None
    assert shutil.which("check-jsonschema", path=bare) is None
    assert shutil.which("git-like", path=bare) is not None
    assert bare.split(os.pathsep)[0] != str(tools)


def test_readme_set_up_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Set-up")
    section = readme[start : readme.index("\n## ", start)]
    blocks = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert blocks == [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/mmsvalidate check corpus/",
        ".venv/bin/python -m pytest",
    ]
    script = (CI / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv" in script
    assert ".venv/bin/python -m pip install --quiet -e '.[test," in script
