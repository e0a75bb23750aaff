"""The corpus: every file gives exactly the findings pinned beside it, and every code is covered.

Each request file has a snapshot (``<file>.findings.toml``, see ``scripts/corpus_snapshots.py``) stating every
finding in full; the manifest's ``codes`` are the hand-written summary the snapshot must agree with. A file's
account profile is its folder's ``mmsvalidate.toml`` (the nearest above it), read as ``mmsvalidate check`` does.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import mmsvalidate
from mmsvalidate.codes import CODES, NOT_ABOUT_REQUESTS
from scripts import corpus_snapshots as snapshots
from tests.conftest import CORPUS, corpus_profile

MANIFEST = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["case"]


def test_manifest_lists_every_file_once() -> None:
    listed = [case["file"] for case in MANIFEST]
    assert len(listed) == len(set(listed))
    on_disk = {
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name not in ("manifest.toml", "mmsvalidate.toml") and not snapshots.is_snapshot(p)
    }
    assert set(listed) == on_disk


def test_every_file_has_a_snapshot_and_every_snapshot_a_file() -> None:
    pinned_files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*" + snapshots.SUFFIX)}
    expected = {snapshots.snapshot_path(CORPUS / case["file"]).relative_to(CORPUS).as_posix() for case in MANIFEST}
    assert pinned_files == expected


def test_profiles_live_in_the_folders_only() -> None:
    """The manifest holds no profile: the folders' mmsvalidate.toml files are the one place they are set."""
    assert all("profile" not in case for case in MANIFEST)
    assert corpus_profile(CORPUS / "E225/limit-2/pass-two-slides-limit-2.txt").max_slides == 2
    assert corpus_profile(CORPUS / "E225/pass-eight-slides.xml").max_slides == 8
    assert corpus_profile(CORPUS / "E313/gaps-skipped/pass-gap-skipped.txt").query_gaps_are_slides is False
    assert corpus_profile(CORPUS / "E114/no-list/pass-no-list.json").blocked_numbers == frozenset()


@pytest.mark.parametrize("case", MANIFEST, ids=[c["file"] for c in MANIFEST])
def test_corpus_file(case: dict[str, Any]) -> None:
    """The file's findings are exactly its snapshot's: every value of every finding, repeats counted."""
    report = mmsvalidate.validate(CORPUS / case["file"], profile=corpus_profile(CORPUS / case["file"]))
    count, expected = snapshots.load(snapshots.snapshot_path(CORPUS / case["file"]))
    found = snapshots.actual(report)
    assert found == expected, (
        "\nmissing:\n  "
        + "\n  ".join(snapshots.describe(expected - found))
        + "\nunexpected:\n  "
        + "\n  ".join(snapshots.describe(found - expected))
    )
    assert len(report.findings) == count == sum(expected.values())
    assert sorted({f.code for f in report.findings}) == sorted(case["codes"])
    for finding in report.findings:
        assert finding.line is not None, (finding.code, "every finding in a file points somewhere")


def _offline_codes() -> set[str]:
    return {code for code, entry in CODES.items() if entry.offline and code not in NOT_ABOUT_REQUESTS}


def test_every_offline_code_has_a_failing_and_a_passing_file() -> None:
    failing = {code for case in MANIFEST for code in case["codes"]}
    folders = {Path(case["file"]).parts[0] for case in MANIFEST}
    passing = {Path(case["file"]).parts[0] for case in MANIFEST if Path(case["file"]).name.startswith("pass")}
    for code in _offline_codes():
        assert code in failing, f"no corpus file raises {code}"
        assert code in folders and code in passing, f"no passing corpus file for {code}"


def test_main_codes_fail_in_every_form() -> None:
    forms: dict[str, set[str]] = {}
    for case in MANIFEST:
        suffix = Path(case["file"]).suffix
        for code in case["codes"]:
            forms.setdefault(code, set()).add(suffix)
    for code in ("E100", "E110", "E111", "E223", "E224", "E226", "E227", "E229", "E230", "E311", "E312", "E313"):
        assert forms[code] >= {".xml", ".txt", ".json"}, code
