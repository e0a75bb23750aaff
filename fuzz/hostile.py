"""Structured hostile requests and what must hold for each: shared by ``fuzz/structured.py`` and the tests.

A request of each form is built from a valid skeleton with pieces put into its values, names,
comments and edges, each repeated up to thousands of times: suppression marks (well formed,
malformed, naming codes that can't be suppressed), runs of blanks, newlines and openers, deep
JSON, huge numbers, lone surrogates and control characters. :func:`check` validates one and
raises ``AssertionError`` when an invariant breaks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.etree import ElementTree

import mmsvalidate
from mmsvalidate.formats import Checked, renderers
from mmsvalidate.settings.suppressions import UNSUPPRESSIBLE

#: Picks an integer in ``range(n)``: the fuzzer's or hypothesis's choice.
Pick = Callable[[int], int]

PIECES = (
    " ", "\t", "\n", "\r\n", "\r", "&", "=", "#", "%", "%0A", "%ZZ", "+", "?", "/", "~", "_",
    "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "</", "<A>", "<A/>", "<SLIDE>", "</SLIDE>", "&amp;", "&e;",
    "mmsvalidate:", "mmsvalidate: ignore[", "ignore[", "]", ",", "E226", "E108", "MV112", "MV900", "E999", "X1",
    "# mmsvalidate: ignore[E110]\n", "<!-- mmsvalidate: ignore[E108] -->",
    "{", "}", "[", "]", '"', "\\", "\\u", "\\ud800", "\\udfff", ":", "null", "true", "1e999", "-0",
    "9" * 40, "0" * 40, "slide_text_value_", "slide_duration_", "slide_image_url_",
    "\ud800", "\udcff", "\x00", "\x1b[31m", "\x1b]0;t\x07", "\u2028", "\x85", "\u202e", "\ufeff", "é", "\U0001f600",
)  # fmt: skip

SKELETONS = {
    "xml": (
        "<REQUEST>{0}<ACTION>sendMMS</ACTION><API_KEY>k{1}</API_KEY><TO>14158586273{1}</TO><FROM>60856</FROM>"
        "<SUBJECT>s{1}</SUBJECT><NAME>n{1}</NAME><SLIDE><TEXT>t{1}</TEXT><DURATION>5{1}</DURATION></SLIDE>"
        "<{2}>x</{2}>{0}</REQUEST>{3}"
    ),
    "query": (
        "{0}action=sendMMS&api_key=k{1}&to=14158586273{1}&from=60856&subject=s{1}&name=n{1}"
        "&slide_text_value_0=t{1}&slide_duration_0=5{1}&{2}=x\n{3}"
    ),
    "json": (
        '{{"action": "sendMMS", "api_key": "k{1}", "to": "14158586273{1}", "from": "60856", "subject": "s{1}",'
        ' "name": "n{1}", "slides": [{{"text": "t{1}", "duration": 5}}], "{2}": {0}1{0}}}{3}'
    ),
}
#: The skeleton's slots: ``{0}`` the edges of the document (or a JSON value), ``{1}`` inside values,
#: ``{2}`` a name, ``{3}`` after the document.
SLOTS = 4


def build(form: str, pick: Pick) -> str:
    """A hostile request in ``form``: the skeleton with pieces, repeated, put into its slots."""
    fills = [""] * SLOTS
    for _ in range(pick(6)):
        piece = PIECES[pick(len(PIECES))]
        times = (1, 2, 7, 64, 513, 4_096)[pick(6)]
        slot = pick(SLOTS)
        fills[slot] += piece * times
    if form != "xml":
        fills[2] = fills[2] or "x"
    else:
        fills[2] = "".join(c for c in fills[2] if c.isalnum()) or "X"
    if form == "json" and pick(4) == 0:  # nesting as deep as a piece asks, closed or not
        depth = (10, 33, 1_000, 50_000)[pick(4)]
        fills[0] = "[" * depth + ("]" * depth if pick(2) else "")
    return SKELETONS[form].format(*fills)


def check(source: str | bytes, form: str = "auto", *, outputs: bool = True) -> None:
    """Validate ``source`` and assert what holds for every request, hostile or not (with ``outputs``,
    in every output format too)."""
    report = mmsvalidate.validate(source, form=form)
    codes = [f.code for f in report.findings]
    assert "MV900" not in codes, report.findings
    assert len(report.findings) <= mmsvalidate.Profile().max_findings + 1
    for finding in report.findings:
        assert len(finding.message) <= 400 and len(finding.detail or "") <= 400, finding
        assert len(finding.location.param or "") <= 80, finding
    unread = set(codes) & UNSUPPRESSIBLE
    plain = mmsvalidate.validate(source, form=form, suppressions=False)
    assert (set(f.code for f in plain.findings) & UNSUPPRESSIBLE) == unread, "a suppression silenced an unread request"
    assert report.ok == (not any(f.severity.value == "error" for f in report.findings))
    if not outputs:
        return
    results = [Checked("r\udcff\n.xml", report, "\ud800")]
    for name, render in renderers().items():
        out = render(results)
        out.encode("utf-8")  # no lone surrogate left
        if name in ("json", "gitlab", "sarif"):
            json.loads(out)
        elif name == "jsonl":
            for line in out.splitlines():
                json.loads(line)
        elif name in ("junit", "response"):
            ElementTree.fromstring(out)
        elif name in ("text", "github"):
            lines = out.split("\n")
            assert lines[-1] == "" and len(lines) == len(report.findings) + (2 if name == "text" else 1), name
            assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in "".join(lines))
