"""What each code means, written once: ``mmsvalidate explain``, ``mmsvalidate codes`` and SARIF's rule help."""

from __future__ import annotations

import difflib
import json

import attrs

from mmsvalidate.codes import CODES
from mmsvalidate.codetable import checks
from mmsvalidate.diagnostic import clip
from mmsvalidate.examples import EXAMPLES, Example
from mmsvalidate.rules import BY_CODE


@attrs.frozen
class Doc:
    """Everything said about one code."""

    code: str
    text: str
    severity: str
    vendor: bool
    offline: bool
    checks: str
    rules: tuple[str, ...]
    example: Example | None


def lookup(code: str) -> str:
    """The catalogued code for ``code`` in any case; ``KeyError`` with a suggestion when there is none."""
    upper = code.strip().upper()
    if upper in CODES:
        return upper
    close = difflib.get_close_matches(upper, list(CODES), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else "; 'mmsvalidate codes' lists them all"
    raise KeyError(f"unknown code {clip(repr(code))}{hint}")  # cut short: what was asked may be a megabyte


def doc(code: str) -> Doc:
    """The documentation of a catalogued code."""
    entry = CODES[code]
    return Doc(
        code,
        entry.text,
        entry.severity.value,
        entry.vendor,
        entry.offline,
        checks(code),
        tuple(rule.name for rule in BY_CODE.get(code, ())),
        EXAMPLES.get(code),
    )


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(json.dumps(str(v)) for v in value) + "]"
    return json.dumps(value)


def profile_lines(example: Example) -> list[str]:
    """The example's profile as configuration lines (``max-slides = 2``)."""
    return [f"{name.replace('_', '-')} = {_toml(value)}" for name, value in example.profile]


def _origin(item: Doc) -> str:
    return "the API's own code" if item.vendor else "a code of mmsvalidate's own"


def _example_form(item: Doc, form: str | None) -> str:
    assert item.example is not None
    return form if form in item.example.forms else item.example.form


def text(code: str, form: str | None = None) -> str:
    """The explanation for a terminal; examples in ``form`` when they exist in it."""
    item = doc(code)
    lines = [f"{item.code}: {item.text}", "", f"Severity: {item.severity}; {_origin(item)}."]
    lines.append(f"Offline check: {item.checks}" if item.offline else item.checks)
    example = item.example
    if example is not None:
        shown = _example_form(item, form)
        lines += ["", example.note_in(shown)]
        if example.profile:
            lines += ["", "With this profile (in mmsvalidate.toml or [tool.mmsvalidate]):"]
            lines += [f"    {entry}" for entry in profile_lines(example)]
        for title, which in ((f"Fails ({shown} form):", "failing"), ("Fixed:", "fixed")):
            lines += ["", title]
            lines += [f"    {row}" if row else "" for row in example.text(which, shown).rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def available(code: str, form: str | None) -> bool:
    """Whether ``code``'s examples can be shown in ``form`` (any form when none is asked, or no example)."""
    example = doc(code).example
    return form is None or example is None or form in example.forms


def markdown(code: str, form: str | None = None) -> str:
    """The explanation in Markdown (SARIF's ``help.markdown``); examples in ``form`` when they exist in it."""
    item = doc(code)
    parts = [f"**{item.code}** ({item.severity}; {_origin(item)}): {item.text}", "", item.checks]
    example = item.example
    if example is not None:
        shown = _example_form(item, form)
        parts += ["", example.note_in(shown)]
        if example.profile:
            parts += ["", "With this profile:", "", "```toml", *profile_lines(example), "```"]
        for title, which in (("Fails:", "failing"), ("Fixed:", "fixed")):
            fence = "text" if shown == "query" else shown
            parts += ["", title, "", f"```{fence}", example.text(which, shown).rstrip("\n"), "```"]
    return "\n".join(parts) + "\n"


def data(code: str, form: str | None = None) -> dict[str, object]:
    """The explanation as plain JSON data."""
    item = doc(code)
    result: dict[str, object] = {
        "code": item.code,
        "text": item.text,
        "severity": item.severity,
        "vendor": item.vendor,
        "offline": item.offline,
        "checks": item.checks,
        "rules": list(item.rules),
        "example": None,
    }
    if item.example is not None:
        shown = _example_form(item, form)
        result["example"] = {
            "note": item.example.note_in(shown),
            "form": shown,
            "profile": {n.replace("_", "-"): list(v) if isinstance(v, tuple) else v for n, v in item.example.profile},
            "failing": item.example.text("failing", shown),
            "fixed": item.example.text("fixed", shown),
        }
    return result
