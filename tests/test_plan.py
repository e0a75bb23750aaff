"""The rule plan compiled per selection: a selection reports exactly what the whole check would, selected.

Expectations come from the corpus's pinned findings (written from the spec) and from the README's rule for
suppressions: one that silences nothing is MV113, whatever codes are selected.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate import CheckOptions, readers
from mmsvalidate.checker import Checker
from mmsvalidate.model import SLOTS, Request, Slide
from mmsvalidate.profile import Profile
from mmsvalidate.rules import RULES, Context
from mmsvalidate.rules.slides import quiet_content, quiet_slide
from mmsvalidate.rules.urls import contents_of
from tests.test_properties import slides

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


#: Slides as the property tests make them, some with slots given again as separate elements.
EXTRA = st.lists(st.sampled_from(SLOTS), max_size=2).map(tuple)
SLIDES = st.builds(lambda slide, extra: attrs.evolve(slide, extra=extra), slides, st.one_of(st.just(()), EXTRA))
PROFILES = st.builds(
    Profile,
    max_slide_text=st.sampled_from([5000, 3, 1]),
    min_duration=st.sampled_from([1, 5]),
    max_duration=st.sampled_from([60, 5, 100]),
)


@settings(max_examples=300, deadline=None)
@given(SLIDES, PROFILES)
def test_a_quiet_slide_or_slot_is_one_no_rule_finds_anything_in(slide: Slide, profile: Profile) -> None:
    """The engine passes the slide and content rules over for a quiet slide or slot: each of those rules
    must find nothing there, whatever the profile and selection."""
    ctx = Context(Request(slides=(slide,)), profile)
    if quiet_slide(slide, profile):
        for rule in RULES:
            if rule.scope == "slide":
                assert list(rule.check(slide, 1, ctx)) == [], rule.name
    for item in contents_of(slide):
        if quiet_content(item):
            for rule in RULES:
                if rule.scope == "content":
                    assert list(rule.check(item, 1, ctx)) == [], rule.name


def test_the_common_slide_and_slot_are_quiet() -> None:
    """The spec's example: each slide is one slot, short text and 5 seconds; each URL a file of its slot's type."""
    parsed = readers.read((CORPUS / "spec" / "example.json").read_bytes())
    assert parsed.request is not None
    for slide in parsed.request.slides:
        assert quiet_slide(slide, Profile())
        assert all(quiet_content(item) for item in contents_of(slide))
    loud = Slide(image="http://example.com/a.jpg?x=1", duration="61")
    assert not quiet_slide(loud, Profile())
    assert not any(quiet_content(item) for item in contents_of(loud))
