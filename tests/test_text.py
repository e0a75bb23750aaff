"""The one line index: offsets to lines and columns, in any order, from any origin, never superlinear."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mmsvalidate.diagnostic import Location
from mmsvalidate.text import LineIndex, locate


def _by_hand(text: str, offset: int, line: int = 1, column: int = 1) -> Location:
    before = text[:offset].split("\n")
    if len(before) == 1:
        return Location(line, column + offset)
    return Location(line + len(before) - 1, len(before[-1]) + 1)


def test_lines_and_columns() -> None:
    text = "ab\ncd\n\nef"
    index = LineIndex(text)
    assert [index.location(o) for o in (0, 2, 3, 4, 6, 7, 9)] == [
        Location(1, 1),
        Location(1, 3),
        Location(2, 1),
        Location(2, 2),
        Location(3, 1),
        Location(4, 1),
        Location(4, 3),
    ]
    assert index.location(1, "to") == Location(1, 2, "to")


def test_backwards_after_forwards_and_bytes() -> None:
    index = LineIndex("x\ny\nz")
    assert index.location(4) == Location(3, 1)
    assert index.location(2) == Location(2, 1)  # behind the previous lookup: the table answers
    assert index.location(0) == Location(1, 1)
    assert locate(b"\xff\n\x00ab", 3) == Location(2, 2)


def test_an_origin_inside_a_request() -> None:
    index = LineIndex(" mmsvalidate\n x", 4, 9)  # a comment's text starting at line 4, column 9
    assert index.location(1) == Location(4, 10)
    assert index.location(14) == Location(5, 2)
    assert index.location(0) == Location(4, 9)  # backwards, from the table: the origin holds


def test_a_byte_order_mark_is_no_column_when_asked() -> None:
    assert LineIndex("\ufeffab", bom=True).location(2) == Location(1, 2)
    assert LineIndex("\ufeffab").location(2) == Location(1, 3)


@given(st.text(alphabet="ab\n", max_size=40), st.lists(st.integers(0, 40), max_size=12), st.booleans())
def test_any_order_of_lookups_agrees_with_counting(text: str, offsets: list[int], ascending: bool) -> None:
    index = LineIndex(text, 3, 5)
    asked = sorted(o for o in offsets if o <= len(text)) if ascending else [o for o in offsets if o <= len(text)]
    for offset in asked:
        assert index.location(offset) == _by_hand(text, offset, 3, 5)
