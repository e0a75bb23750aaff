"""The rule plan compiled per selection: a selection reports exactly what the whole check would, selected.

Expectations come from the corpus's pinned findings (written from the spec) and from the README's rule for
suppressions: one that silences nothing is MV113, whatever codes are selected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mmsvalidate import CheckOptions
from mmsvalidate.checker import Checker
from mmsvalidate.profile import Profile

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".xml", ".json", ".txt"))
SELECTIONS = (
    frozenset({"E226"}),
    frozenset({"MV113"}),
    frozenset({"E110", "E230"}),
    frozenset({"MV101", "MV109", "E622"}),
)


def _shown(report: object) -> list[tuple[object, ...]]:
    return [(f.code, f.field, f.line, f.column, f.message, f.detail) for f in report.findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize("codes", SELECTIONS, ids=lambda c: "+".join(sorted(c)))
def test_a_selection_is_the_whole_check_selected(codes: frozenset[str]) -> None:
    whole = Checker(CheckOptions(profile=Profile(max_findings=10_000)))
    chosen = Checker(CheckOptions(codes=codes, profile=Profile(max_findings=10_000)))
    for path in FILES:
        expected = [f for f in _shown(whole.check(path)) if f[0] in codes or f[0] == "MV900"]
        assert _shown(chosen.check(path)) == expected, path.name


def test_a_suppression_of_an_unselected_code_is_judged_by_its_rules() -> None:
    used = CORPUS / "MV113" / "pass-used.xml"  # ignore[E226], and E226 fires: the suppression is used
    assert _shown(Checker(CheckOptions(codes=frozenset({"MV113"}))).check(used)) == []
    unused = used.read_text(encoding="utf-8").replace("ignore[E226]", "ignore[E227]")
    found = Checker(CheckOptions(codes=frozenset({"MV113"}))).check(unused)
    assert [(f.code, f.line, f.column) for f in found.findings] == [("MV113", 1, 6)]
