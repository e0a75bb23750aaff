"""The pre-commit hook, run by the real pre-commit against a repository that uses this one as its hook source.

``pre-commit try-repo`` clones the hook repository at a commit, so the test commits a copy of the
files a hook install needs (uncommitted work included) to a scratch repository and points
``try-repo`` at that. pre-commit builds the hook's environment from it, as a user's would.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT, VALID_XML

#: What installing the hook from this repository needs.
HOOK_SOURCE = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "mmsvalidate", "schemas")
GIT = ("git", "-c", "user.name=mmsvalidate tests", "-c", "user.email=tests@invalid", "-c", "commit.gpgsign=false")


def test_manifest_is_valid_for_pre_commit_and_names_a_real_command() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    (hook,) = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "mmsvalidate" and hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["mmsvalidate", "check"]


def test_readme_yaml_snippets_parse_and_the_hook_config_is_valid(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    clientlib = pytest.importorskip("pre_commit.clientlib")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 3
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)
    config = next(block for block in blocks if block.startswith("repos:"))
    (tmp_path / ".pre-commit-config.yaml").write_text(config)
    (hook,) = clientlib.load_config(str(tmp_path / ".pre-commit-config.yaml"))["repos"][0]["hooks"]
    assert hook["id"] == "mmsvalidate"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of what the hook installs from."""
    if importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have pre-commit (the test extra) and git")
        pytest.skip("pre-commit or git is not installed")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_SOURCE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    _git("commit", "--quiet", "--message", "hook source", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def user_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's repository with request files staged."""
    repo = tmp_path_factory.mktemp("user-repo")
    (repo / "requests").mkdir()
    (repo / "requests" / "good.xml").write_text(VALID_XML)
    shutil.copy(CORPUS / "spec" / "example-get.txt", repo / "requests" / "spec.txt")
    shutil.copy(CORPUS / "E226" / "fail-audio-video.xml", repo / "requests" / "bad.xml")
    shutil.copy(CORPUS / "E111" / "fail-two-digits.json", repo / "requests" / "bad.json")
    (repo / "notes.md").write_text("not a request\n")
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    return repo


def try_repo(hook_repo: Path, user_repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(user_repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "mmsvalidate", "--color", "never"]
    return subprocess.run(
        [*command, "--files", *files], cwd=user_repo, env=env, capture_output=True, text=True, timeout=900
    )


def test_real_pre_commit_passes_good_requests_and_fails_bad_ones(hook_repo: Path, user_repo: Path) -> None:
    good = try_repo(hook_repo, user_repo, "requests/good.xml", "requests/spec.txt", "notes.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "mmsvalidate....." in good.stdout and "Passed" in good.stdout  # it ran, not "no files to check"

    bad = try_repo(hook_repo, user_repo, "requests/good.xml", "requests/bad.xml", "requests/bad.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "requests/bad.xml:13:13: E226 Audio and Video not allowed in same slide." in bad.stdout
    assert "requests/bad.json:" in bad.stdout and "E111 Invalid shortcode." in bad.stdout
