"""The pre-commit hook checks a file whose name starts with ``-`` instead of reading it as an option.

pre-commit runs the hook's entry, then its ``args``, then the file names, with no ``--`` between them. A
repository file named ``-o.xml`` was read as ``-o .xml``: the report was written to a new file ``.xml`` in the
repository, the request in ``-o.xml`` was never checked, and the hook passed however bad it was; ``--strict.json``
stopped the hook with a usage error. With ``--skip-non-requests`` (the hook's entry), an existing file named
like that is a path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mmsvalidate.cli.check import named_files
from tests.conftest import CORPUS
from tests.test_attack_bidi import run as check  # check --isolated as a fresh process
from tests.test_precommit import _git, run_hook
from tests.test_precommit import home as home
from tests.test_precommit import hook_repo as hook_repo

BAD = CORPUS / "E226" / "fail-audio-video.xml"
GOOD = CORPUS / "spec" / "example.xml"
FINDING = "-o.xml:13:13: E226 Audio and Video not allowed in same slide. (slide 1)"


def test_existing_files_named_like_options_are_paths_in_the_hooks_mode_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("-o.xml", "--strict.json", "-q", "-"):
        (tmp_path / name).write_text("x")
    options = {"-o", "--output-file", "--strict", "--skip-non-requests", "-q", "--format"}
    hook = ["--skip-non-requests", "--strict", "-o.xml", "--strict.json", "-q", "-v.xml", "--format=x.json", "-"]
    assert named_files(hook, options) == [
        "--skip-non-requests",
        "--strict",
        "./-o.xml",
        "./--strict.json",
        "-q",  # an option, even with a file of that name
        "-v.xml",  # no such file: left for the parser to refuse
        "--format=x.json",
        "-",  # standard input, even with a file of that name
    ]
    assert named_files(["-o.xml", "a.xml"], options) == ["-o.xml", "a.xml"]  # not the hook: an option, as typed
    after = ["--skip-non-requests", "--", "-o.xml"]
    assert named_files(after, options) == after


def test_the_hook_command_checks_a_bad_request_named_like_an_option(tmp_path: Path) -> None:
    shutil.copy(BAD, tmp_path / "-o.xml")
    shutil.copy(GOOD, tmp_path / "good.xml")
    (tmp_path / "--strict.json").write_text('{"name": "shop"}\n')
    done = check("--force-exclude", "--skip-non-requests", "-o.xml", "--strict.json", "good.xml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == FINDING
    assert done.stdout.splitlines()[-1] == "Checked 2 files: 1 error, 1 warning; 1 file failed."
    assert done.stderr == "mmsvalidate: --strict.json: skipped, not a sendMMS request (--strict checks it)\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["--strict.json", "-o.xml", "good.xml"]


def test_real_pre_commit_fails_a_bad_request_named_like_an_option_and_writes_no_file(
    hook_repo: Path, home: Path, tmp_path: Path
) -> None:
    shutil.copy(BAD, tmp_path / "-o.xml")
    shutil.copy(GOOD, tmp_path / "good.xml")
    _git("init", "--quiet", cwd=tmp_path)
    _git("add", "--all", cwd=tmp_path)
    run_hook(hook_repo, home, tmp_path, "good.xml")  # writes the configuration naming the hook's commit
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--all-files"],  # names -o.xml as git does
        cwd=tmp_path,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert FINDING in done.stdout.splitlines()
    assert not (tmp_path / ".xml").exists()


def test_the_note_of_a_skipped_file_names_it_as_the_findings_do(tmp_path: Path) -> None:
    """A skipped file's name with a line feed, an escape sequence or a byte that is not UTF-8 was written raw
    (a forged second line; the sequence dropped by the terminal library, naming another file; ``\\udce9``):
    it is escaped as the findings escape it."""
    names = [b"a\nb.json", b"c\x1b[31mred.json", b"caf\xe9.json"]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_text('{"name": "shop"}\n')
    done = check("--skip-non-requests", *map(os.fsdecode, names), cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"mmsvalidate: {shown}: skipped, not a sendMMS request (--strict checks it)"
        for shown in ("a\\nb.json", "c\\x1b[31mred.json", "caf\\xe9.json")
    ]
