"""The rule plan compiled per selection: a selection reports exactly what the whole check would, selected.

Expectations come from the corpus's pinned findings (written from the spec) and from the README's rule for
suppressions: one that silences nothing is MV113, whatever codes are selected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate import CheckOptions, engine, readers
from mmsvalidate.checker import Checker
from mmsvalidate.model import SLOTS, Request, Slide, attribute
from mmsvalidate.profile import Profile
from mmsvalidate.rules import RULES, Context
from mmsvalidate.rules.request import quiet_request
from mmsvalidate.rules.slides import quiet_content, quiet_slide
from mmsvalidate.rules.urls import contents_of
from tests.test_properties import requests, slides, value

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
        # the findings that say a request was not (fully) read or checked are kept whatever the selection: those
        # codes, and E100 for a document that is no request (it names no variable: no field)
        unread = ("E108", "MV112", "MV114", "MV900")
        expected = [
            f for f in _shown(whole.check(path)) if f[0] in codes or f[0] in unread or (f[0] == "E100" and not f[1])
        ]
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
    max_subject=st.sampled_from([80, 5]),
    max_slides=st.sampled_from([8, 1]),
    max_total_text=st.sampled_from([None, None, None, 10]),
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


QUIET = Request(
    action="sendMMS", api_key="k", to="15551234888", from_="60856", subject="Hi", name="n", slides=(Slide(text="a"),)
)


def _changed(changes: dict[str, Any]) -> Request:
    return attrs.evolve(QUIET, **changes)


#: What each value of a quiet request that the family reads may become: any value the property tests give it.
READ = ("action", "api_key", "to", "from", "subject", "name", "fallbacksmstext", "disablefallbacksmslink")
CHANGES = {
    **{attribute(field): value(field) for field in READ},
    "slides": st.lists(slides, max_size=3).map(tuple),
    "repeated": st.just(("/to[2]",)),
}
#: Values at the family's edges: lengths around the profiles' limits, blanks, ACTION in other cases.
EDGES: dict[str, list[Any]] = {
    "action": ["sendMMS", " SENDmms\n", "saveMMS", "", " ", None],
    "subject": ["x" * n for n in (0, 1, 4, 5, 6, 79, 80, 81)] + [" ", None],
    "name": ["", " ", "n", None],
    "slides": [(Slide(text="abcdef"),) * n for n in range(10)],
    "fallbacksmstext": [None, "", "short"],
    "repeated": [(), ("/to[2]",)],
}
EDGE_PROFILES = [
    Profile(max_subject=subject, max_slides=most, max_total_text=total)
    for subject in (80, 5)
    for most in (8, 1)
    for total in (None, 10)
]
#: Requests around a quiet one (one or two of its values changed), and any request.
NEAR_QUIET = st.one_of(
    requests,
    st.lists(st.sampled_from(sorted(CHANGES)), min_size=1, max_size=2, unique=True)
    .flatmap(lambda names: st.fixed_dictionaries({name: CHANGES[name] for name in names}))
    .map(_changed),
)


@settings(max_examples=300, deadline=None)
@given(NEAR_QUIET, PROFILES)
def test_a_quiet_request_is_one_no_rule_of_its_family_finds_anything_in(request: Request, profile: Profile) -> None:
    """The engine passes the rules of mmsvalidate.rules.request over for a quiet request: each must find
    nothing there, whatever the profile and selection."""
    if quiet_request(request, profile):
        ctx = Context(request, profile)
        for rule in RULES:
            if rule.check.__module__ == quiet_request.__module__:
                assert list(rule.check(request, ctx)) == [], rule.name


def test_a_quiet_request_at_the_edges_is_one_no_rule_of_its_family_finds_anything_in() -> None:
    """Every edge value of the family's fields, with each profile: quiet means no rule of it finds anything."""
    family = [rule for rule in RULES if rule.check.__module__ == quiet_request.__module__]
    quiet = 0
    for name, values in EDGES.items():
        for edge in values:
            request = _changed({name: edge})
            for profile in EDGE_PROFILES:
                if quiet_request(request, profile):
                    quiet += 1
                    ctx = Context(request, profile)
                    assert all(list(rule.check(request, ctx)) == [] for rule in family), (name, edge, profile)
    assert quiet


def test_the_family_run_first_shares_no_code_with_the_other_request_rules() -> None:
    """Running it first keeps every report's order: findings sort by place and code."""
    family = {r.code for r in RULES if r.check.__module__ == quiet_request.__module__}
    others = {r.code for r in RULES if r.scope == "request" and r.check.__module__ != quiet_request.__module__}
    assert family and others and not family & others
    assert {rule.code for _, rules in engine.FULL.overall for rule in rules} == family
    assert quiet_request(QUIET, Profile())
    assert not quiet_request(attrs.evolve(QUIET, subject=" "), Profile())
