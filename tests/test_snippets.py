"""The install, CI and pre-commit snippets of the README and the docs, run as written against a local clone.

mmsvalidate has no public address, so each snippet names a copy of this repository: the install line a clone's
path (``/path/to/mmsvalidate``), the CI snippets and the pre-commit one a Git address (``git.example.com`` stands for
it). The tests put a local clone of this repository in that place and change nothing else: the commit the snippets
name must be in the clone, pip installs from ``git+file://``, and the real pre-commit installs the hook from it.
pip is run without dependencies and without build isolation (the test environment has both already), into a
folder of its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import CORPUS, ROOT
from tests.docs import fenced, page

HOST = "https://git.example.com/tools/mmsvalidate"
PLACEHOLDER = "/path/to/mmsvalidate"
GIT = ("git", "-c", "user.name=mmsvalidate tests", "-c", "user.email=tests@invalid", "-c", "commit.gpgsign=false")


def snippets() -> str:
    """Every shell and YAML block of the README and the docs."""
    return "\n".join(block for language in ("sh", "yaml") for _, block in fenced(language))


def the_commit() -> str:
    """The one commit of this repository the snippets name."""
    (commit,) = set(re.findall(r"\b[0-9a-f]{40}\b", snippets()))
    return commit


def test_the_snippets_name_no_placeholder_host_and_one_commit() -> None:
    text = snippets()
    assert "your-org" not in text and "github.com/" not in text
    assert re.fullmatch(r"[0-9a-f]{40}", the_commit())


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository, as a user's would be."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a Git checkout (an unpacked source archive): the snippets install from a Git clone")
    where = tmp_path_factory.mktemp("clone") / "mmsvalidate"
    subprocess.run([*GIT, "clone", "--quiet", "--no-checkout", str(ROOT), str(where)], check=True, capture_output=True)
    named = subprocess.run([*GIT, "cat-file", "-t", the_commit()], cwd=where, capture_output=True, text=True)
    assert named.stdout.strip() == "commit", f"the snippets' commit {the_commit()} is not in this repository"
    return where


def pip_bash(site: Path) -> str:
    """A bash ``pip`` that installs into ``site`` with this interpreter's pip."""
    return (
        f'pip() {{ "{sys.executable}" -m pip "$@" --quiet --no-deps --no-build-isolation --no-input'
        f' --disable-pip-version-check --target "{site}"; }}\n'
    )


def run_bash(script: str, cwd: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``script`` in bash, with ``pip`` installing into ``site`` and what it installed first on the paths."""
    environment = {
        **os.environ,
        **env,
        "PATH": f"{site / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(site),
        "NO_COLOR": "1",
    }
    environment.pop("GITHUB_ACTIONS", None)
    environment.pop("CI_PROJECT_DIR", None)
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", pip_bash(site) + script],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def installed_from(site: Path) -> dict[str, object]:
    """What pip recorded of where the package in ``site`` came from."""
    (direct,) = site.glob("mmsvalidate-*.dist-info/direct_url.json")
    return dict(json.loads(direct.read_text(encoding="utf-8")))


def test_the_install_line_installs_the_named_commit_from_a_clone(clone: Path, tmp_path: Path) -> None:
    (line,) = {block.strip() for _, block in fenced("sh") if "git+file://" in block}
    assert line in page("README.md") and line in page("docs/install.md")
    site = tmp_path / "site"
    done = run_bash(line.replace(PLACEHOLDER, str(clone)), tmp_path, site)
    assert done.returncode == 0, done.stderr
    origin = installed_from(site)
    assert origin["url"] == f"file://{clone}"
    assert origin["vcs_info"] == {"vcs": "git", "requested_revision": the_commit(), "commit_id": ANY_COMMIT}


class _AnyCommit:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(r"[0-9a-f]{40}", other) is not None


ANY_COMMIT = _AnyCommit()


def test_pip_install_dot_from_a_checkout(clone: Path, tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    subprocess.run([*GIT, "clone", "--quiet", str(clone), str(checkout)], check=True, capture_output=True)
    (line,) = {block.strip() for _, block in fenced("sh") if block.strip() == "pip install ."}
    done = run_bash(line, checkout, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "mmsvalidate" / "__init__.py").is_file()


def requests_project(folder: Path) -> Path:
    """A project with the requests/ folder the snippets check: one good request, one with E226."""
    (folder / "requests").mkdir(parents=True)
    shutil.copy(CORPUS / "spec" / "example.xml", folder / "requests" / "good.xml")
    shutil.copy(CORPUS / "E226" / "fail-audio-video.xml", folder / "requests" / "bad.xml")
    return folder


def ci_snippet(start: str) -> dict[str, object]:
    (block,) = [block for _, block in fenced("yaml") if block.startswith(start)]
    return dict(yaml.safe_load(block))


def test_the_github_actions_workflow_runs(clone: Path, tmp_path: Path) -> None:
    workflow = ci_snippet("name: mmsvalidate")
    spec = str(workflow["env"]["MMSVALIDATE"])  # type: ignore[index]
    steps = [step for step in workflow["jobs"]["requests"]["steps"] if "run" in step]  # type: ignore[index]
    assert [step["run"].split()[:2] for step in steps] == [["pip", "install"], *[["mmsvalidate", "check"]] * 2]
    project, site = requests_project(tmp_path / "project"), tmp_path / "site"
    done = [run_bash(step["run"], project, site, MMSVALIDATE=spec.replace(HOST, f"file://{clone}")) for step in steps]
    assert done[0].returncode == 0, done[0].stderr
    assert installed_from(site)["url"] == f"file://{clone}"
    assert done[1].returncode == 1  # the bad request fails the job, as an annotation
    assert done[1].stdout.startswith("::error file=requests/bad.xml,line=13,col=13,title=E226::E226 Audio and Video")
    assert done[2].returncode == 0  # --exit-zero: the SARIF step always uploads
    sarif = json.loads((project / "mmsvalidate.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"E226"}


def test_the_gitlab_ci_job_runs(clone: Path, tmp_path: Path) -> None:
    job = ci_snippet("mmsvalidate:\n  image:")["mmsvalidate"]
    spec = str(job["variables"]["MMSVALIDATE"])  # type: ignore[index]
    project, site = requests_project(tmp_path / "project"), tmp_path / "site"
    variables = {"MMSVALIDATE": spec.replace(HOST, f"file://{clone}"), "CI_PROJECT_DIR": str(project)}
    done = [run_bash(line, project, site, **variables) for line in job["script"]]  # type: ignore[index]
    assert [d.returncode for d in done] == [0, 0, 1], [d.stderr for d in done]
    quality = json.loads((project / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert {issue["check_name"] for issue in quality} >= {"E226"}
    assert "<testsuite" in (project / "mmsvalidate-junit.xml").read_text(encoding="utf-8")
    for report in job["artifacts"]["reports"].values():  # type: ignore[index]
        assert (project / report).is_file()


def test_the_pre_commit_snippet_runs_with_real_pre_commit(clone: Path, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("the pre-commit test needs git")
    (block,) = [block for _, block in fenced("yaml") if block.startswith("repos:")]
    assert f"repo: {HOST}\n" in block
    user = requests_project(tmp_path / "user")
    (user / ".pre-commit-config.yaml").write_text(block.replace(HOST, str(clone)), encoding="utf-8")
    subprocess.run([*GIT, "init", "--quiet"], cwd=user, check=True)
    subprocess.run([*GIT, "add", "--all"], cwd=user, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--all-files"]
    done = subprocess.run(command, cwd=user, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "requests/bad.xml:13:13: E226 Audio and Video not allowed in same slide." in done.stdout
    assert "Failed" in done.stdout
