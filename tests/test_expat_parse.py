"""The exact XML reader's parse is defusedxml's: the same tree, the same errors, the same refusals.

``mmsvalidate.readers.xml.parse`` drives expat itself, set up as ElementTree's parser sets it up and with
defusedxml's refusals, rather than through ``defusedxml.ElementTree`` (which imports a second copy of
ElementTree). Here ``defusedxml.ElementTree``'s parser, with DTDs forbidden, is the reference: on the corpus,
on hostile constructs, and on the corpus with generated damage, each input gives the same tree, or the same
``ParseError`` (code, position, message), or a refusal of the same kind where defusedxml raises its own.
"""

from __future__ import annotations

from xml.etree.ElementTree import ParseError, TreeBuilder, tostring

import defusedxml
import pytest
from defusedxml.ElementTree import DefusedXMLParser
from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate.profile import Profile
from mmsvalidate.readers import xml as xml_reader
from mmsvalidate.readers.base import Stop
from scripts import corpus_snapshots as snapshots
from tests.conftest import CORPUS

DOCUMENTS = [p.read_bytes() for p in sorted(CORPUS.rglob("*.xml")) if not snapshots.is_snapshot(p)]
#: No reading limit in the way: the comparison is of the parse alone.
UNLIMITED = Profile(max_depth=100, max_items=1_000_000)
#: What defusedxml refuses, and the reader's words for each.
REFUSED = {
    defusedxml.DTDForbidden: "a DTD (<!DOCTYPE ...>) is not allowed in a request",
    defusedxml.EntitiesForbidden: "entity declarations are not allowed in a request",
    defusedxml.ExternalReferenceForbidden: "external references are not allowed in a request",
}
#: The reader's own refusals, beyond the parser's (defusedxml lets these through).
OWN = ("XInclude is not processed in a request", "schema location hints (xsi:schemaLocation) are not followed")

PIECES = [
    b'<!DOCTYPE REQUEST [<!ENTITY a "b">]>',
    b'<!DOCTYPE REQUEST SYSTEM "http://example.com/r.dtd">',
    b'<!DOCTYPE REQUEST [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b'<!DOCTYPE REQUEST [<!ENTITY u SYSTEM "x" NDATA gif>]>',
    b"&undefined;",
    b"&amp;&lt;&#65;&#x42;",
    b"&#0;",
    b"<?target data?>",
    b"<!-- mmsvalidate: ignore[E100] -->",
    b"<!-- a comment -->",
    b"<![CDATA[<x>&y;]]>",
    b'<a xmlns="urn:x"><b/></a>',
    b'<x:y xmlns:x="urn:q" x:z="1"/>',
    b'<a b="1" b="2"/>',
    b"\xef\xbb\xbf",
    b'<?xml version="1.0" encoding="ISO-8859-1"?>',
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<?xml version="1.0" encoding="no-such-encoding"?>',
    b"\x00",
    b"\r",
    b"\xff\xfe",
    b"\xc3",
    b"</",
    b"<",
    b">",
    b'"',
]


def reference(data: bytes | str) -> tuple[str, object]:
    """What ``defusedxml.ElementTree``'s parser makes of ``data``."""
    parser = DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True)
    try:
        parser.feed(data)
        return "tree", tostring(parser.close())
    except ParseError as exc:
        return "error", (exc.code, exc.position, str(exc))
    except defusedxml.DefusedXmlException as exc:
        return "refused", REFUSED[type(exc)]
    except (LookupError, UnicodeError, ValueError) as exc:
        return "encoding", (type(exc), str(exc))


def ours(data: bytes | str) -> tuple[str, object] | None:
    """What the reader's parse makes of ``data`` (``None``: one of its own refusals, beyond the parser's)."""
    try:
        root, _, _, _ = xml_reader.parse(data, UNLIMITED)
        return "tree", tostring(root)
    except ParseError as exc:
        return "error", (exc.code, exc.position, str(exc))
    except Stop as exc:
        assert exc.failure.kind == "refused", exc.failure
        return None if exc.failure.message in OWN else ("refused", exc.failure.message)
    except (LookupError, UnicodeError, ValueError) as exc:
        return "encoding", (type(exc), str(exc))


def same(data: bytes | str) -> None:
    found = ours(data)
    if found is not None:
        assert found == reference(data), data


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_the_corpus_parses_as_defusedxml_parses_it(index: int) -> None:
    same(DOCUMENTS[index])
    same(DOCUMENTS[index].decode("utf-8", errors="replace"))


@pytest.mark.parametrize("piece", PIECES)
def test_each_hostile_or_broken_piece_at_the_start_inside_and_at_the_end(piece: bytes) -> None:
    example = (CORPUS / "spec" / "example.xml").read_bytes()
    inside = example.index(b"<TO>")
    for data in (piece + example, example[:inside] + piece + example[inside:], example + piece, piece):
        same(data)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(DOCUMENTS),
    st.lists(
        st.tuples(
            st.floats(0, 1), st.sampled_from(["insert", "cut", "byte"]), st.sampled_from(PIECES), st.integers(0, 255)
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_damaged_requests_parse_as_defusedxml_parses_them(
    document: bytes, damage: list[tuple[float, str, bytes, int]]
) -> None:
    data = bytearray(document)
    for where, how, piece, byte in damage:
        at = int(where * len(data))
        if how == "insert":
            data[at:at] = piece
        elif how == "cut":
            del data[at : at + 1 + byte % 16]
        elif data:
            data[min(at, len(data) - 1)] = byte
    same(bytes(data))


def test_a_refusal_is_located_where_expat_stopped() -> None:
    data = b'<?xml version="1.0"?>\n<!DOCTYPE REQUEST [<!ENTITY a "b">]>\n<REQUEST/>'
    with pytest.raises(Stop) as stopped:
        xml_reader.parse(data)
    assert stopped.value.failure.kind == "refused"
    assert stopped.value.failure.message == REFUSED[defusedxml.DTDForbidden]
    assert stopped.value.failure.location.line == 2
