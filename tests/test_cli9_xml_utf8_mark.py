"""An XML request with the byte order mark of UTF-8 is read by its mark whatever encoding its declaration names,
as libxml2 (the API's parser) reads it. It was read by its declaration: ``ISO-8859-1`` or ``windows-1252`` made
``café`` into ``cafÃ©`` with no finding; ``UTF-16``, ``utf8``, ``Shift_JIS`` or a name of no codec were E108."""

from __future__ import annotations

import pytest

import mmsvalidate

BOM = b"\xef\xbb\xbf"
BODY = (
    "<REQUEST><ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><SUBJECT>caf\u00e9</SUBJECT><TO>1</TO><FROM>60856</FROM>"
    "<NAME>n</NAME><SLIDE><TEXT>x</TEXT></SLIDE></REQUEST>"
)
NAMES = ["ISO-8859-1", "windows-1252", "UTF-16", "utf8", "Shift_JIS", "EBCDIC-US", "no-such-encoding", "UTF-8"]


def _document(name: str) -> bytes:
    return BOM + f'<?xml version="1.0" encoding="{name}"?>\n'.encode() + BODY.encode()


@pytest.mark.parametrize("name", NAMES)
def test_the_mark_of_utf8_says_how_the_bytes_are_read(name: str) -> None:
    report = mmsvalidate.validate(_document(name), form="xml")
    column = BODY.index("<TO>") + 1
    assert [(f.code, f.field, f.detail, f.line, f.column) for f in report.findings] == [
        ("E110", "/to", "'1' is not a possible international number", 2, column)
    ]
    parsed = mmsvalidate.validate(_document(name).replace(b"<TO>1</TO>", b"<TO>14158586273</TO>"), form="xml")
    assert parsed.ok


def test_bytes_that_are_not_utf8_after_its_mark_are_e108_where_they_are() -> None:
    data = BOM + b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<REQUEST><SUBJECT>caf\xe9</SUBJECT></REQUEST>'
    report = mmsvalidate.validate(data, form="xml")
    assert [(f.code, f.message, f.line, f.column) for f in report.findings] == [
        ("E108", "XML Parse error: bytes that are not UTF-8 (its byte order mark says UTF-8).", 2, 22)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_subject_is_read_as_libxml2_reads_it(name: str) -> None:
    etree = pytest.importorskip("lxml.etree")
    from click.testing import CliRunner

    from mmsvalidate.cli import main

    result = CliRunner().invoke(main, ["convert", "--to", "json", "-"], input=_document(name))
    assert result.exit_code == 0
    assert '"subject": "caf\u00e9"' in result.stdout
    assert etree.fromstring(_document(name)).findtext("SUBJECT") == "caf\u00e9"
