"""JSON positions of a document's own keys found by one search: always where the scan of the text finds them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate.diagnostic import Location
from mmsvalidate.readers import jsonpos
from mmsvalidate.readers.jsonpos import locator

#: Keys, and strings that write a key's name inside them or beside a quote or a backslash.
KEYS = st.sampled_from(["to", "from", "name", "slides", "a-b", "x_1", "a/b", "a~1b", "é", "t\\o", 'to"', ""])
STRINGS = st.sampled_from(['"to"', 'say "to"', "to", "to\\", "\\to", "\\", "\u0074o", "\n", "é", "x"]) | st.text(
    alphabet='to"\\ \nu0074', max_size=8
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), STRINGS)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=12
)
LAYOUTS = st.sampled_from([(None, (",", ":")), (None, (", ", ": ")), (2, (",", ": ")), ("\t", (" , ", " : "))])


def by_scan(text: str, pointer: str) -> Location | None:
    return locator(text, unique=True)(pointer)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=5), LAYOUTS, st.booleans())
def test_a_key_found_by_search_is_where_the_scan_finds_it(document: dict[str, Any], layout: Any, ascii: bool) -> None:
    indent, separators = layout
    text = json.dumps(document, indent=indent, separators=separators, ensure_ascii=ascii)
    locate = locator(text, unique=True, document=document)
    for key in (*document, "to", "missing"):
        pointer = "/" + key.replace("~", "~0").replace("/", "~1")
        assert locate(pointer) == by_scan(text, pointer), (text, pointer)


@pytest.mark.parametrize(
    ("text", "pointer", "expected"),
    [
        ('{"to": "1"}', "/to", (1, 2)),
        ('{"name": "to", "to": "1"}', "/to", (1, 16)),  # the value "to" comes first
        ('{"slides": [{"to": 1}], "to": "1"}', "/to", (1, 25)),  # a slide's key "to" comes first
        ('{"subject": "say \\"to", "to": "1"}', "/to", (1, 25)),  # a string ending in an escaped quote
        ('{"\\u0074o": "1", "x": "to"}', "/to", (1, 2)),  # the key written with an escape
        ('{"a": "\\\\", "to": "1"}', "/to", (1, 13)),  # an escaped backslash
        ('{\n  "from": "1",\n  "to": "2"\n}', "/to", (3, 3)),
        ('{"o": 1, "to": "1"}', "/to", (1, 10)),  # a key that ends the one asked for
        ('{"to": "1"}', "/from", None),
        ('{"x": {"to": 1}}', "/to", None),  # no such key of the document: the nested one is not it
    ],
)
def test_keys_written_in_ways_a_search_could_mistake(text: str, pointer: str, expected: tuple[int, int] | None) -> None:
    document = json.loads(text)
    found = locator(text, unique=True, document=document)(pointer)
    assert (None if found is None else (found.line, found.column)) == expected
    assert found == by_scan(text, pointer)


def test_a_key_the_document_lacks_is_nowhere_without_a_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing field's finding (E100, E622) asks where the field is: the document says it is nowhere."""
    text = '{"to": "1", "slides": [{"subject": 1}], "x": "subject"}'
    scanned: list[str] = []
    scan = jsonpos._scan

    def counted(text: str) -> Any:
        for pointer, offset in scan(text):
            scanned.append(pointer)
            yield pointer, offset

    monkeypatch.setattr(jsonpos, "_scan", counted)
    assert locator(text, unique=True, document=json.loads(text))("/subject") is None
    assert scanned == []
    assert locator(text, unique=True)("/subject") is None
    assert scanned == ["", "/to", "/slides", "/slides/0", "/slides/0/subject", "/x"]


def test_a_document_that_repeats_a_key_is_located_by_the_scan() -> None:
    text = '{"to": "1", "to": "2"}'
    located = locator(text, unique=False, document=json.loads(text))
    assert (located("/to"), located("/to[2]")) == (Location(1, 13), Location(1, 13))


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pointers the locators search the text for, from now on."""
    searched: list[str] = []
    search = jsonpos._key_offset

    def counted(text: str, key: str) -> int | None:
        searched.append(f"/{key}")
        return search(text, key)

    monkeypatch.setattr(jsonpos, "_key_offset", counted)
    return searched


def test_only_the_first_keys_asked_for_are_searched_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each search reads the whole text: a request of many findings on its keys leaves the rest to the one scan."""
    searched = counting(monkeypatch)
    document = {f"k{n}": n for n in range(10)}
    text = json.dumps(document)
    locate = locator(text, unique=True, document=document)
    found = [locate(f"/k{n}") for n in range(10)]
    assert searched == [f"/k{n}" for n in range(jsonpos.SEARCHES)] and jsonpos.SEARCHES == 4
    assert found == [by_scan(text, f"/k{n}") for n in range(10)]


def test_a_long_text_is_not_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SEARCH_CHARS characters the scan, which stops at the key, reads less than a search of the whole text."""
    searched = counting(monkeypatch)
    for size, expected in ((jsonpos.SEARCH_CHARS, ["/to"]), (jsonpos.SEARCH_CHARS + 1, [])):
        searched.clear()
        text = '{"to": "1", "text": ""}'
        text = text.replace('""', '"' + "x" * (size - len(text)) + '"')
        assert len(text) == size and jsonpos.SEARCH_CHARS == 4096
        assert locator(text, unique=True, document=json.loads(text))("/to") == Location(1, 2)
        assert searched == expected
