"""A byte order mark is no column of the XML form's first line, as it is none of the JSON and query forms'.

docs/security.md: "UTF-8 with or without BOM and UTF-16/32 with BOM in every form"; findings carry "the line and
column" (an editor's: a byte order mark is not shown, and the text after it starts at column 1). The same request
on one line gives its E110 at the column of ``<TO>`` whether or not a byte order mark leads it, in every
encoding that carries one, and whichever XML reader reads it; so do a parse error's and a refusal's positions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

import mmsvalidate
from mmsvalidate.readers import xmltree
from tests.test_boundaries import full

LINE = (
    "<REQUEST><ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><NAME>\u00e9t\u00e9</NAME><FROM>60856</FROM>"
    "<SUBJECT>s</SUBJECT><TO>abc</TO><SLIDE><TEXT>Hi</TEXT></SLIDE></REQUEST>\n"
)
TO = LINE.index("<TO>") + 1
E110 = (
    "E110",
    "error",
    None,
    "/to",
    None,
    1,
    TO,
    "Invalid receiver number.",
    "'abc' must be digits only, in international format without '+' or '00'",
)
#: The request with each byte order mark: bytes in UTF-8, UTF-16 (either order) and UTF-32, and a str.
MARKED = {
    "utf-8": b"\xef\xbb\xbf" + LINE.encode("utf-8"),
    "utf-16": LINE.encode("utf-16"),
    "utf-16-be": b"\xfe\xff" + LINE.encode("utf-16-be"),
    "utf-32": LINE.encode("utf-32"),
    "str": "\ufeff" + LINE,
}


@pytest.fixture(params=["never", "always"])
def reader(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each XML reader: the exact one, and lxml's fast path where it is installed."""
    if request.param == "always":
        pytest.importorskip("lxml")
    before = xmltree.mode
    xmltree.mode = request.param
    try:
        yield request.param
    finally:
        xmltree.mode = before


def test_without_a_mark(reader: str) -> None:
    assert full(mmsvalidate.validate(LINE)) == Counter([E110])


@pytest.mark.parametrize("encoding", list(MARKED))
def test_a_byte_order_mark_is_no_column(reader: str, encoding: str) -> None:
    assert full(mmsvalidate.validate(MARKED[encoding])) == Counter([E110])


@pytest.mark.parametrize("encoding", ["utf-8", "str"])
def test_a_parse_error_after_a_byte_order_mark_is_where_it_is_written(reader: str, encoding: str) -> None:
    broken = LINE.replace("<TO>abc</TO>", "<TO>abc</T0>")
    data = b"\xef\xbb\xbf" + broken.encode() if encoding == "utf-8" else "\ufeff" + broken
    # where the parser points, as it does without a mark: at the name of the closing tag
    mismatched = Counter(
        [("E108", "error", None, "", None, 1, broken.index("T0>") + 1, "XML Parse error: mismatched tag.", None)]
    )
    assert full(mmsvalidate.validate(broken)) == mismatched
    assert full(mmsvalidate.validate(data)) == mismatched


#: One-line requests whose findings sit on the first line: a refused DTD, an XInclude, a schema hint, a limit,
#: an inline suppression mark, a plain comment before an error.
FIRST_LINE = [
    '<!DOCTYPE r [<!ENTITY a "b">]><REQUEST/>',
    '<REQUEST><x:include xmlns:x="http://www.w3.org/2001/XInclude" href="/etc/passwd"/></REQUEST>',
    LINE.replace("<TO>", '<TO xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x">'),
    LINE.replace("<SLIDE>", "<SLIDE>" * 3),
    LINE.replace("<TO>abc</TO>", "<TO>abc</TO><!-- mmsvalidate: ignore[E999] -->"),
    LINE.replace("<TO>abc</TO>", "<!-- a note --><TO>abc</TO>"),
]


@pytest.mark.parametrize("line", FIRST_LINE)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "str"])
def test_first_line_findings_are_where_they_are_without_a_mark(reader: str, line: str, encoding: str) -> None:
    data = "\ufeff" + line if encoding == "str" else ("\ufeff" + line).encode(encoding)
    if encoding == "utf-16":
        data = line.encode("utf-16")  # the codec writes the mark itself
    profile = mmsvalidate.Profile(max_depth=5)
    assert full(mmsvalidate.validate(data, profile=profile)) == full(mmsvalidate.validate(line, profile=profile))
