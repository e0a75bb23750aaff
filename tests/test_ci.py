"""CI runs what a newcomer runs: no system packages, and the tests on a PATH without xmllint or check-jsonschema."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CI = ROOT / ".ci"


def test_ci_installs_no_system_package_but_chromium_in_its_extras_step() -> None:
    script = (CI / "run").read_text(encoding="utf-8")
    newcomer, extras = script.split("\n# 2. the extras\n")
    for manager in ("apt-get", "apt ", "dpkg", "yum", "dnf", "apk ", "brew", "sudo", "port install"):
        assert manager not in newcomer, manager
    installs = [line for line in newcomer.splitlines() if re.search(r"\binstall\b", line)]
    assert installs and all(re.search(r"pip (--python \S+ )?install", line) for line in installs), installs
    # the one system package, for the playground's browser tests, and only where it is missing
    system = [line.strip() for line in extras.splitlines() if re.search(r"apt|dpkg|yum|dnf|apk |brew|sudo", line)]
    assert system == ["apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null"]
    assert "if ! command -v chromium >/dev/null 2>&1; then" in extras


def test_ci_runs_the_newcomers_commands_first_without_xmllint_or_check_jsonschema() -> None:
    lines = [line.strip() for line in (CI / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert 'bare_path=$(.ci/bare-path "$bare")' in commands
    installs = [i for i, line in enumerate(commands) if "pip install --quiet -e" in line]
    first_tests = commands.index('PATH="$bare_path" .venv/bin/python -m pytest --junitxml="$bare/newcomer.xml"')
    # the README's install, then the README's two commands, before any extra is installed
    assert commands[installs[0]] == ".venv/bin/python -m pip install --quiet -e '.[test]'"
    assert installs[0] < commands.index('PATH="$bare_path" .venv/bin/mmsvalidate check corpus/ >/dev/null || status=$?')
    assert installs[0] < first_tests < installs[1]
    # every later test run is on the same PATH
    assert all(line.startswith('PATH="$bare_path"') for line in commands if "-m pytest" in line)


def test_skipped_modules_names_the_modules_a_run_skipped_whole(tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="" name="tests.bulk.test_dask"><skipped message="collection skipped"/></testcase>'
        '<testcase classname="tests.test_schemas" name="test_xmllint"><skipped message="xmllint"/></testcase>'
        '<testcase classname="tests.test_cli" name="test_ok"/>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(CI / "skipped-modules"), str(report)], capture_output=True, text=True, check=True
    )
    assert done.stdout == "tests/bulk/test_dask.py\n"


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


def test_ci_sets_ci_for_the_tests_and_runs_a_bounded_mutation_sample() -> None:
    """With CI set, a test whose data is missing fails instead of skipping; the mutation sample is bounded."""
    lines = (CI / "run").read_text(encoding="utf-8").splitlines()
    first_tests = next(i for i, line in enumerate(lines) if "-m pytest" in line)
    assert "export CI=true" in lines[:first_tests]
    mutation = [line for line in lines if "scripts/mutate.py" in line and not line.lstrip().startswith("#")]
    assert len(mutation) == 1 and "--sample 30" in mutation[0] and "--time-limit 180" in mutation[0]
