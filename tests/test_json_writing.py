"""A finding written straight to compact JSON text is what the encoder writes for its mapping, character for character,
whatever its values hold (quotes, controls, line separators, lone surrogates), and reads back as that mapping."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mmsvalidate.diagnostic import Finding, Location, Severity
from mmsvalidate.formats import json_safe, json_scalar, json_text
from mmsvalidate.formats.json import finding, finding_text

HOSTILE = '"\\\x00\x1f\x7f\x85\x9f\u2028\u2029\ud800\udfff\U0001f600 é'
optional_text = st.none() | st.text() | st.sampled_from(["", HOSTILE, "/slides/0/image"])
optional_number = st.none() | st.integers(min_value=0, max_value=10**12)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    location = Location(draw(optional_number), draw(optional_number), draw(optional_text))
    return Finding(
        draw(st.sampled_from(["E100", "MV109", "E226"])),
        draw(st.sampled_from(list(Severity))),
        draw(st.text() | st.just(HOSTILE)),
        draw(optional_text),
        draw(optional_number),
        draw(optional_text),
        location,
    )


@given(findings())
def test_a_finding_written_as_text_is_what_the_encoder_writes(item: Finding) -> None:
    written = json_safe(finding_text(item))
    assert written == json_text(finding(item), compact=True)
    values = [v for v in finding(item).values() if isinstance(v, str)]
    if not any(0xD800 <= ord(c) <= 0xDFFF for v in values for c in v):  # a lone surrogate is written as plain text
        assert json.loads(written) == finding(item)


def test_scalars_and_the_escapes_of_the_whole_text() -> None:
    assert [json_scalar(v) for v in (None, 'a"b', 7, True, 1.5)] == ["null", '"a\\"b"', "7", "true", "1.5"]
    assert json_safe('"plain ascii"') == '"plain ascii"'
    assert json_safe('"ascii and DEL\x7f"') == '"ascii and DEL\\u007f"'  # DEL is ASCII, and still escaped
    assert json_safe('"\x7f\x85\u2028\ud800"') == '"\\u007f\\u0085\\u2028\\\\ud800"'  # a surrogate as plain text
    # every lone surrogate, to the range's last (docs/security.md: lone surrogates as backslash escapes)
    assert json_safe('"\udc7f\udfff"') == '"\\\\udc7f\\\\udfff"'


def test_compact_indented_json_leaves_out_only_the_spaces_after_commas_and_colons() -> None:
    """json_text: ``compact`` leaves out the spaces after ``,`` and ``:``; indented, each value keeps its line."""
    document = {"a": [1, 2], "b": "c"}
    assert json_text(document, indent=2, compact=True) == '{\n  "a":[\n    1,\n    2\n  ],\n  "b":"c"\n}'
    assert json_text(document, indent=2) == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "c"\n}'
    assert json_text(document, compact=True) == '{"a":[1,2],"b":"c"}'
    assert json_text(document) == '{"a": [1, 2], "b": "c"}'


def test_the_json_writers_are_reached_from_formats_as_before_they_moved() -> None:
    """mmsvalidate.formats still names the JSON writers of mmsvalidate.formats.jsontext (imported when asked for)."""
    from mmsvalidate import formats
    from mmsvalidate.formats import jsontext

    for name in ("json_safe", "json_scalar", "json_string", "json_text"):
        assert getattr(formats, name) is getattr(jsontext, name), name
    assert not hasattr(formats, "json_dumps")
