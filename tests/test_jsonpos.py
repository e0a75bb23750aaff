"""JSON positions: every pointer's offset is where its key (or value) is written, checked by decoding there."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate.readers.jsonpos import locator, offsets

DECODER = json.JSONDecoder()
KEYS = st.sampled_from(["a", "b", "a/b", "c~d", "é", 'q"x', "back\\slash", "\u2028", "slides", "to", ""])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)
)
DOCUMENTS = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=30
)
LAYOUTS = st.sampled_from([(None, (",", ":")), (None, (", ", ": ")), (2, (",", ": ")), ("\t", (" , ", " : "))])


def resolve(document: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def written_at(text: str, offset: int, is_member: bool) -> Any:
    """The value written at ``offset``: after the key and its colon when it is an object member."""
    value, end = DECODER.raw_decode(text, offset)
    if not is_member:
        return value
    while text[end] in " \t\r\n:":
        end += 1
    return DECODER.raw_decode(text, end)[0]


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS, LAYOUTS, st.booleans())
def test_each_pointer_is_where_its_value_is_written(document: Any, layout: Any, ascii_only: bool) -> None:
    indent, separators = layout
    text = json.dumps(document, indent=indent, separators=separators, ensure_ascii=ascii_only)
    table = offsets(text)
    assert table[""] == 0
    for pointer, offset in table.items():
        parent = resolve(document, pointer.rpartition("/")[0]) if pointer else None
        assert written_at(text, offset, isinstance(parent, dict)) == resolve(document, pointer)
    locate = locator(text)
    for pointer, offset in list(table.items())[:12]:  # past eight lookups the line table answers
        where = locate(pointer)
        assert where is not None
        assert (where.line, where.column) == (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))


def test_a_repeated_key_is_located_at_each_occurrence_and_the_last_wins() -> None:
    text = '{"a": 1, "b": {"a": 2}, "a": [3]}'
    assert offsets(text) == {"": 0, "/a": 24, "/a[2]": 24, "/b": 9, "/b/a": 15, "/a/0": 30}


def test_a_scan_that_stops_at_the_pointer_asked_locates_as_the_whole_scan() -> None:
    """Without repeated keys the locator scans only as far as asked; every pointer, asked in any order
    (and pointers never written), is located as the whole scan locates it."""
    import json as json_module
    import random
    from pathlib import Path

    from mmsvalidate.readers.jsonpos import locator, offsets

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    for path in sorted(corpus.glob("*/*.json")):
        text = path.read_text(encoding="utf-8").lstrip("\ufeff")
        try:
            json_module.loads(text, object_pairs_hook=lambda pairs: _no_repeats(pairs))
        except (ValueError, RecursionError):
            continue
        pointers = [*offsets(text), "/nowhere", "/slides/9/x"]
        random.Random(path.name).shuffle(pointers)
        whole, lazy = locator(text), locator(text, unique=True)
        assert [lazy(p) for p in pointers] == [whole(p) for p in pointers], path.name


def _no_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    if len({k for k, _ in pairs}) != len(pairs):
        raise ValueError("a repeated key")
    return dict(pairs)
