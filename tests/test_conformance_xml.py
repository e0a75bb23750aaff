"""Conformance of the XML body: requests written by hand that an XML parser reads (so E108, "XML Parse error",
is not the API's answer), each expected whole from the spec's tables."""

from __future__ import annotations

import codecs

import pytest

from mmsvalidate import Report
from tests.conftest import check

#: One error on purpose, so that the whole reading shows: slide 1's duration (spec: "E230 Bad X slide duration.";
#: DURATION "The duration of a slide displayed in seconds (integer)", 1 to 60 by default). Its SUBJECT is not ASCII.
REQUEST = """<?xml version="1.0" encoding="{name}"?>
<REQUEST>
    <ACTION>sendMMS</ACTION>
    <API_KEY>k</API_KEY>
    <TO>14158586273</TO>
    <FROM>60856</FROM>
    <SUBJECT>Café crème, 50 € off</SUBJECT>
    <NAME>n</NAME>
    <SLIDE>
        <TEXT>Hi</TEXT>
        <DURATION>0</DURATION>
    </SLIDE>
</REQUEST>
"""
BAD_DURATION = [("E230", "Bad 1 slide duration.", 1, "/slides/0/duration", 11, 9, "0 seconds; allowed 1 to 60")]


def whole(report: Report) -> list[tuple[object, ...]]:
    return [(f.code, f.message, f.slide, f.field, f.line, f.column, f.detail) for f in report.findings]


@pytest.mark.parametrize("name", ["utf8", "UTF8", "Utf8", "utf_8"])
def test_utf8_declared_by_another_name_of_utf8_is_read_as_utf8(name: str) -> None:
    # XML 1.0 4.3.3: a document names its encoding; "UTF8" is a name of UTF-8 that XML parsers read (libxml2, the
    # parser of PHP's XML functions, reads it as UTF-8). Such a body is well-formed: its one error is the duration,
    # not "E108 XML Parse error: $error." for its first non-ASCII character.
    body = REQUEST.format(name=name).encode("utf-8")
    assert whole(check(body)) == BAD_DURATION
    assert whole(check(body, form="xml")) == BAD_DURATION


def test_bytes_that_are_not_utf8_under_utf8_by_another_name_are_an_xml_parse_error_where_they_start() -> None:
    body = REQUEST.format(name="utf8").encode("cp1252")  # "é" is one byte, not UTF-8
    assert whole(check(body)) == [
        ("E108", "XML Parse error: bytes that are not utf8 (declared in the XML declaration).", None, "", 7, 17, None)
    ]


@pytest.mark.parametrize("name", ["UTF16", "utf_16", "UTF-16"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_its_byte_order_mark_is_read_whatever_name_of_utf16_it_declares(name: str, codec: str) -> None:
    # A UTF-16 document starts with its byte order mark (XML 1.0 4.3.3, appendix F), which says how to read it.
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    body = bom + REQUEST.format(name=name).encode(codec)
    assert whole(check(body)) == BAD_DURATION
