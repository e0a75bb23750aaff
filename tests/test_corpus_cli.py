"""The README's first command, ``mmsvalidate check corpus/``, reports what every corpus file's name says.

``corpus/<CODE>/fail-*`` raises CODE and ``pass-*`` does not (nor any error); a folder's ``mmsvalidate.toml``
gives the account profile its files need, and the command line finds it as a user's project would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

from tests.conftest import CORPUS, ROOT

REQUEST_SUFFIXES = {".xml", ".json", ".txt", ".query", ".qs", ".url"}


def corpus_files() -> set[str]:
    return {
        p.relative_to(ROOT).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix in REQUEST_SUFFIXES and not any(part.startswith(".") for part in p.parts)
    }


def check_corpus(*options: str) -> subprocess.CompletedProcess[str]:
    """The README's command, as a fresh process from the repository root."""
    script = Path(sys.executable).with_name("mmsvalidate")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "mmsvalidate"]
    return subprocess.run(
        [*command, "check", *options, "corpus/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_check_corpus_reports_what_every_file_name_says() -> None:
    done = check_corpus("--format", "json")
    assert done.returncode == 1, done.stderr  # the fail-* files fail, on purpose
    assert done.stderr == ""
    files = json.loads(done.stdout)["files"]
    assert {f["path"] for f in files} == corpus_files()
    wrong = []
    for file in files:
        path = PurePosixPath(file["path"])
        code, name = path.parts[1], path.name
        found = sorted({finding["code"] for finding in file["findings"]})
        if name.startswith("fail-") and code not in found:
            wrong.append(f"{path}: named to fail with {code}, reports {found}")
        elif name.startswith("pass-") and (code in found or not file["ok"]):
            wrong.append(f"{path}: named to pass {code}, reports {found}")
        elif not name.startswith(("fail-", "pass-")) and not file["ok"]:
            wrong.append(f"{path}: an example that should pass, reports {found}")
    assert wrong == []


def test_check_corpus_text_output_is_one_line_a_finding_then_the_summary() -> None:
    summary = json.loads(check_corpus("--format", "json").stdout)["summary"]
    done = check_corpus()
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert summary["files"] == len(corpus_files())
    assert lines[-1] == (
        f"Checked {summary['files']} files: {summary['errors']} errors, {summary['warnings']} warnings; "
        f"{summary['failed']} files failed."
    )
    assert len(lines) - 1 == summary["errors"] + summary["warnings"]
    assert all(line.startswith("corpus/") for line in lines[:-1])
