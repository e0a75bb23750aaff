"""An XML body's bytes are read as the API's XML parser reads them, whatever its declaration says (XML 1.0 4.3.3
and appendix F: a UTF-16 document's byte order mark says how to read it): docs/security.md."""

from __future__ import annotations

import codecs

import pytest

from mmsvalidate import Report
from tests.conftest import check
from tests.test_conformance_xml import BAD_DURATION, REQUEST

MARKS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def whole(report: Report) -> list[tuple[object, ...]]:
    return [(f.code, f.message, f.slide, f.field, f.line, f.column, f.detail) for f in report.findings]


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16-le", "utf-16be"),  # the other byte order than the mark's
        ("utf-16-be", "UTF-16LE"),
        ("utf-16-le", "ISO-8859-1"),  # another encoding altogether
        ("utf-16-be", "Shift_JIS"),
        ("utf-16-le", "x-no-such-encoding"),  # none at all
        ("utf-16-be", "utf-8"),
    ],
)
def test_a_byte_order_mark_of_utf16_says_how_the_bytes_are_read_whatever_the_declaration_names(
    codec: str, name: str
) -> None:
    body = MARKS[codec] + REQUEST.format(name=name).encode(codec)
    assert whole(check(body)) == BAD_DURATION


def test_a_declaration_far_into_the_document_is_still_the_one_read() -> None:
    # the declaration may hold any white space before its encoding: the mark decides, however long it is
    padded = REQUEST.replace('version="1.0" ', 'version="1.0"' + " " * 300 + " ", 1)
    body = MARKS["utf-16-le"] + padded.format(name="utf-16be").encode("utf-16-le")
    assert whole(check(body)) == BAD_DURATION


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_document_that_is_not_well_formed_is_e108_where_the_parser_stops(codec: str) -> None:
    # with its mark and a declaration, or none: the parser's own message and position (1-based, the mark no column)
    for text in (
        '<?xml version="1.0" encoding="UTF-16"?>\n<REQUEST><ACTION>x</Action></REQUEST>',
        '<?xml version="1.0" encoding="utf-16be"?>\n<REQUEST><ACTION>x</Action></REQUEST>',
    ):
        assert whole(check(MARKS[codec] + text.encode(codec))) == [
            ("E108", "XML Parse error: mismatched tag.", None, "", 2, 21, None)
        ], text
    no_declaration = "<REQUEST><ACTION>x</Action></REQUEST>"
    assert whole(check(MARKS[codec] + no_declaration.encode(codec))) == [
        ("E108", "XML Parse error: mismatched tag.", None, "", 1, 21, None)
    ]


@pytest.mark.parametrize("name", ["UTF-8", "utf-8", "Utf-8"])
def test_bytes_that_are_not_utf8_under_utf8_are_the_parsers_own_e108_where_they_start(name: str) -> None:
    body = f'<?xml version="1.0" encoding="{name}"?>\n<REQUEST><ACTION>\xff</ACTION></REQUEST>'.encode("latin-1")
    assert whole(check(body)) == [("E108", "XML Parse error: not well-formed (invalid token).", None, "", 2, 18, None)]


def test_bytes_not_of_the_declared_encoding_are_located_on_their_line_in_characters() -> None:
    # Shift_JIS: "\x82\xa0" is one character; "\xff" is no Shift_JIS at all, on line 3 after two such characters
    lines = [
        b'<?xml version="1.0" encoding="Shift_JIS"?>',
        b"<REQUEST><ACTION>sendMMS</ACTION>",
        b"<NAME>\x82\xa0\x82\xa0\xff</NAME></REQUEST>",
    ]
    assert whole(check(b"\n".join(lines))) == [
        (
            "E108",
            "XML Parse error: bytes that are not Shift_JIS (declared in the XML declaration).",
            None,
            "",
            3,
            9,
            None,
        )
    ]
    # on the first line, the column counts from the first byte
    first = b'<?xml version="1.0" encoding="Shift_JIS"?><REQUEST>\xff</REQUEST>'
    assert whole(check(first)) == [
        (
            "E108",
            "XML Parse error: bytes that are not Shift_JIS (declared in the XML declaration).",
            None,
            "",
            1,
            52,
            None,
        )
    ]
