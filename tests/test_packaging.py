"""What a user installs: the licence and metadata, an sdist whose own tests pass, phonenumberslite, shell completion."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
#: What the sdist must hold for its own tests (and the README's commands) to work unpacked.
SDIST_FOLDERS = ("mmsvalidate", "schemas", "tests", "corpus", "examples", "bench", "fuzz", "scripts", ".ci")
SDIST_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")


def test_licence_file_matches_the_declared_licence() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert licence.startswith("MIT License\n") and 'THE SOFTWARE IS PROVIDED "AS IS"' in licence


def test_metadata_has_classifiers_keywords_and_no_invented_urls() -> None:
    assert "Programming Language :: Python :: 3.11" in PROJECT["classifiers"]
    assert "Typing :: Typed" in PROJECT["classifiers"]
    assert "sendMMS" in PROJECT["keywords"]
    # the project has no public address: no URL until it has one, never a placeholder
    assert "urls" not in PROJECT
    assert "your-org" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_phone_numbers_come_from_phonenumberslite() -> None:
    names = [re.split(r"[<>=\[ ]", dependency)[0] for dependency in PROJECT["dependencies"]]
    assert "phonenumberslite" in names and "phonenumbers" not in names


def _source_files() -> set[str]:
    """The files of the sdist's folders as this checkout has them (tracked files, when it is a git checkout)."""
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "--", *SDIST_FOLDERS, *SDIST_FILES], cwd=ROOT, capture_output=True, text=True
        )
        if listed.returncode == 0:
            return {line for line in listed.stdout.splitlines() if (ROOT / line).is_file()}
    found = {name for name in SDIST_FILES}
    for folder in SDIST_FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(path.relative_to(ROOT).as_posix())
    return found - {"bench/results.json"}


def unpack(archive: Path, out: Path) -> None:
    """Unpack a source archive: regular files and folders only, all inside ``out``.

    ``extractall(filter="data")`` says so where the interpreter has it (3.11.4 and later); before it (Debian 12's
    3.11.2, which ``requires-python`` claims), each member is checked here first.
    """
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(out, filter="data")
            return
        members = tar.getmembers()
        for member in members:
            inside = (out / member.name).resolve().is_relative_to(out.resolve())
            assert (member.isfile() or member.isdir()) and inside, member.name
        tar.extractall(out, members=members)  # every member checked above


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source archive, built and unpacked."""
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (archive,) = out.glob("mmsvalidate-*.tar.gz")
    unpack(archive, out)
    (unpacked,) = (p for p in out.iterdir() if p.is_dir())
    return unpacked


def test_sdist_holds_the_tests_and_everything_they_read(sdist: Path) -> None:
    inside = {p.relative_to(sdist).as_posix() for p in sdist.rglob("*") if p.is_file()}
    missing = _source_files() - inside
    assert missing == set()
    assert os.access(sdist / ".ci" / "bare-path", os.X_OK)


def test_sdist_tests_pass_unpacked(sdist: Path) -> None:
    """A sample of the tests that read bench/, .pre-commit-hooks.yaml, .ci/ and the corpus, run from the sdist
    (the benchmarks' smoke runs, which the suite runs from the checkout, once: the speed targets')."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_bench.py",
            "-k",
            "not smoke_run or speed_targets",
            "tests/test_ci.py",
            "tests/test_corpus_cli.py",
            "tests/test_precommit.py::test_manifest_is_valid_for_pre_commit_and_names_a_real_command",
            "tests/test_precommit.py::test_every_corpus_file_is_taken_for_a_request_and_other_files_are_not",
        ],
        cwd=sdist,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout.split("\n")[-2]


def _complete(shell: str, **env: str) -> str:
    script = Path(sys.executable).with_name("mmsvalidate")
    if not script.is_file():
        pytest.skip("the mmsvalidate command is not installed beside this interpreter")
    done = subprocess.run(
        [str(script)],
        env={**os.environ, "_MMSVALIDATE_COMPLETE": shell, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_shell_completion_the_readme_documents() -> None:
    from tests.docs import page

    for shell in ("bash", "zsh", "fish"):
        assert f"_MMSVALIDATE_COMPLETE={shell}_source mmsvalidate" in page("docs/install.md")
    assert "complete -o nosort -F _mmsvalidate_completion mmsvalidate" in _complete("bash_source")
    assert "compdef _mmsvalidate_completion mmsvalidate" in _complete("zsh_source")
    assert "complete --no-files --command mmsvalidate" in _complete("fish_source")
    words = _complete("bash_complete", COMP_WORDS="mmsvalidate check --format g", COMP_CWORD="3")
    assert words.splitlines() == ["plain,github", "plain,gitlab"]
    commands = _complete("bash_complete", COMP_WORDS="mmsvalidate ex", COMP_CWORD="1")
    assert commands.splitlines() == ["plain,explain"]
