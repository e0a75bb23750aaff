"""The offline check of a request read: the schema and the rules, their hits turned into located findings.

The stages' order, and the stages around this one, are :class:`mmsvalidate.checker.Checker`'s.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from mmsvalidate import structure
from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import NOT_OF_TYPE, Finding, Hit, Location, clip
from mmsvalidate.files import read_file
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Failure, Parsed, is_record
from mmsvalidate.report import Report
from mmsvalidate.rules import RULES, Context, Rule
from mmsvalidate.rules.request import quiet_request
from mmsvalidate.rules.slides import quiet_content, quiet_slide
from mmsvalidate.rules.urls import contents_of

if TYPE_CHECKING:  # a record exists only once a campaign file is read (its module imported then)
    from typing import TypeAlias

    from mmsvalidate.readers.records import Record

    #: A request: its content, a path to it, a mapping in the JSON form, or a record of a campaign file.
    Source: TypeAlias = str | bytes | bytearray | memoryview | os.PathLike[str] | Mapping[str, object] | Record

REQUEST_RULES = tuple(rule for rule in RULES if rule.scope == "request")
#: The request rules :func:`~mmsvalidate.rules.request.quiet_request` stands for: those of its module.
_OVERALL = frozenset(rule for rule in REQUEST_RULES if rule.check.__module__ == quiet_request.__module__)
SLIDE_RULES = tuple(rule for rule in RULES if rule.scope == "slide")
CONTENT_RULES = tuple(rule for rule in RULES if rule.scope == "content")

#: Rules that share what they must be given (``None``: nothing), in the order of the first of them.
Group = tuple[str | None, tuple[Rule, ...]]


def _grouped(rules: Iterable[Rule]) -> tuple[Group, ...]:
    groups: dict[str | None, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule.given, []).append(rule)
    return tuple((given, tuple(members)) for given, members in groups.items())


class Plan:
    """The rules a check runs, compiled once per selection, and the codes left out.

    Request and slide rules come in groups by what they must be given: a group whose attribute is absent
    (``from_mask``, a slide's ``duration``) is passed over at once, none of its rules called. The check makes
    one pass per slide: its slide rules, then each content slot's URL read once and handed to every content
    rule (the five URL rules share one reading instead of each walking the slide). A slide or a slot that
    :func:`~mmsvalidate.rules.slides.quiet_slide` or :func:`~mmsvalidate.rules.slides.quiet_content` finds
    quiet (the common valid case, in which none of those rules can find anything) is passed over at once;
    so are the rules of :mod:`mmsvalidate.rules.request` (``overall``) for a request
    :func:`~mmsvalidate.rules.request.quiet_request` finds quiet. Findings are sorted by place and code,
    and no other request rule shares a code with that module's (a test checks), so running its rules first
    changes no report.

    ``skipped`` are the codes whose rules do not run: their findings would be dropped by the selection. A
    request whose own suppressions name one of them is checked with every rule its profile turns on (a
    suppression of a code that raised nothing is judged MV113, so that code's rules must run to judge it).
    """

    __slots__ = ("content", "overall", "request", "skipped", "slide")

    def __init__(
        self,
        request: tuple[Group, ...],
        slide: tuple[Group, ...],
        content: tuple[Rule, ...],
        skipped: frozenset[str] = frozenset(),
        overall: tuple[Group, ...] = (),
    ) -> None:
        self.request = request
        self.slide = slide
        self.content = content
        self.skipped = skipped
        #: The request rules of :mod:`mmsvalidate.rules.request`, run before ``request`` unless the request is quiet.
        self.overall = overall


def _compile(runs: frozenset[str] | None, profile: Profile | None) -> Plan:
    def chosen(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
        return tuple(
            r
            for r in rules
            if (runs is None or r.code in runs) and (profile is None or r.when is None or r.when(profile))
        )

    skipped = frozenset() if runs is None else frozenset(r.code for r in RULES if r.code not in runs)
    request = chosen(REQUEST_RULES)
    return Plan(
        _grouped(r for r in request if r not in _OVERALL),
        _grouped(chosen(SLIDE_RULES)),
        chosen(CONTENT_RULES),
        skipped,
        _grouped(r for r in request if r in _OVERALL),
    )


#: Every rule: the plan of a check that reports every code, for any profile.
FULL = _compile(None, None)


def plan(codes: frozenset[str] | None, keep: frozenset[str] = frozenset(), profile: Profile | None = None) -> Plan:
    """The plan for a selection of ``codes`` (``None``: all); codes in ``keep`` (the ones no suppression
    silences, whose findings change how the others are judged) always run. With a ``profile``, the rules it
    leaves off (an account setting it does not turn on) are left out too: they could find nothing, so the
    plan is then only for checks with that profile."""
    if codes is None and profile is None:
        return FULL
    return _compile(None if codes is None else codes | keep, profile)


#: What an attribute holds when it is not given: ``None`` (a value), ``()`` (repeats, extra elements).
_ABSENT: tuple[object, ...] = (None, ())


#: The most characters of a finding's text, detail or field: values quoted in them are cut shorter still.
DETAIL_LIMIT = 400


def __getattr__(name: str) -> object:
    """``Source`` (the type of a request), made when first asked for: it names the record type, whose module
    a check that reads no campaign file never imports."""
    if name == "Source":
        from mmsvalidate.readers.records import Record

        return str | bytes | bytearray | memoryview | os.PathLike[str] | Mapping[str, object] | Record
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def finding(code: str, hit: Hit, where: Location, slide: int | None = None) -> Finding:
    """A finding for ``code`` from a hit, with the documented text filled in."""
    entry = CODES[code]
    x = hit.x if hit.x is not None else slide
    detail = clip(hit.detail, DETAIL_LIMIT) if hit.detail is not None else None
    field = clip(hit.field, DETAIL_LIMIT) if hit.field is not None else None
    return Finding(code, entry.severity, clip(entry.render(x), DETAIL_LIMIT), detail, slide, field, where)


def _slide_of(pointer: str | None) -> int | None:
    if pointer and pointer.startswith("/slides/"):
        number = pointer.split("/")[2].partition("[")[0]
        if number.isdecimal() and number.isascii():
            return int(number) + 1
    return None


def _failure(parsed: Parsed, failure: Failure) -> Finding:
    """The finding for a source that could not be read: E108 for XML, MV112 past a limit, else E100."""
    if failure.kind == "limit":
        return finding("MV112", Hit("", x=failure.message), failure.location)
    if failure.kind in ("syntax", "refused") and parsed.form == "xml":
        return finding("E108", Hit("", x=failure.message), failure.location)
    return finding("E100", Hit("", detail=failure.message), failure.location)


def _rule_findings(parsed: Parsed, profile: Profile, plan: Plan) -> Iterable[Finding]:
    request = parsed.request
    assert request is not None
    ctx = Context(request, profile)
    overall = plan.overall
    for given, rules in (*overall, *plan.request) if overall and not quiet_request(request, profile) else plan.request:
        if given is not None and getattr(request, given) in _ABSENT:
            continue
        for rule in rules:
            for hit in rule.check(request, ctx):
                yield finding(rule.code, hit, hit.location or parsed.where(hit.field), _slide_of(hit.field))
    slide_groups, content_rules = plan.slide, plan.content
    for index, slide in enumerate(request.slides):  # one pass per slide
        number = index + 1
        if slide_groups and not quiet_slide(slide, profile):
            for given, rules in slide_groups:
                if given is not None and getattr(slide, given) in _ABSENT:
                    continue
                for rule in rules:
                    for hit in rule.check(slide, number, ctx):
                        yield _slide_finding(parsed, rule.code, hit, index)
        if content_rules:
            for item in contents_of(slide):
                if quiet_content(item):
                    continue
                for rule in content_rules:
                    for hit in rule.check(item, number, ctx):
                        yield _slide_finding(parsed, rule.code, hit, index)


def _slide_finding(parsed: Parsed, code: str, hit: Hit, index: int) -> Finding:
    """The finding of a slide or content rule's hit, its pointer made absolute."""
    pointer = f"/slides/{index}/{hit.field}" if hit.field else f"/slides/{index}"
    return finding(code, hit._replace(field=pointer), parsed.where(pointer), index + 1)


def check(parsed: Parsed, profile: Profile = DEFAULT_PROFILE, *, from_text: bool = True, plan: Plan = FULL) -> Report:
    """Check a read request; ``from_text`` is false for a mapping given as such (not parsed from text);
    ``plan`` the rules to run (all by default)."""
    if parsed.failure is not None:
        return Report((_failure(parsed, parsed.failure),), parsed.form)
    found: list[Finding] = []
    seen: dict[tuple[str, str | None, str], int] = {}

    def add(item: Finding) -> None:
        key = (item.code, item.field, item.message)
        place = seen.get(key)
        if place is None:
            seen[key] = len(found)
            found.append(item)
        elif found[place].detail is None and item.detail is not None and NOT_OF_TYPE in item.detail:
            found[place] = attrs.evolve(found[place], detail=item.detail)  # the rule's finding, and why: a type

    for item in _rule_findings(parsed, profile, plan):
        add(item)
    for code, hit in structure.check(parsed, compiled=from_text):
        add(finding(code, hit, hit.location or parsed.where(hit.field), _slide_of(hit.field)))
    found.sort(key=lambda f: (f.line or 0, f.column or 0, f.code))
    return Report(tuple(found), parsed.form, parsed.request.to if parsed.request is not None else None)


def bounded(report: Report, limit: int) -> Report:
    """At most ``limit`` findings (the first error always among them), then one MV115 counting the rest."""
    if len(report.findings) <= limit:
        return report
    first = report.first_error
    kept = list(report.findings[:limit])
    if first is not None and first not in kept:
        kept[-1] = first
    rest = len(report.findings) - len(kept)
    summary = finding(
        "MV115", Hit("", x=f"{rest:,}", detail=f"at most {limit:,} findings are reported per request"), Location()
    )
    return attrs.evolve(report, findings=(*kept, summary))


def load(source: Source, limit: int) -> bytes | str | Mapping[str, object] | Record:
    """The content to read: a path-like is read from disk (at most ``limit + 1`` bytes), a
    bytes-like object is taken as bytes, and a str, mapping or record is content already."""
    if type(source) is bytes or type(source) is str:  # exact types first: no abstract-class test
        return source
    if isinstance(source, os.PathLike):
        return read_file(source, limit)
    if isinstance(source, bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str | bytes | Mapping) or is_record(source):
        return source
    raise TypeError(f"a request is str, bytes, a path or a mapping, not {type(source).__name__}")


def internal_error(exc: Exception) -> Finding:
    """MV900 for a bug met while checking a request."""
    hit = Hit(
        "", x=f"{type(exc).__name__}: {clip(str(exc))}", detail="please report this with the request that caused it"
    )
    return finding("MV900", hit, Location())
