"""A request in a 7-bit East Asian encoding its XML declaration names is read in that encoding.

docs/security.md: "an XML declaration naming another encoding (``ISO-8859-1``, ``windows-1252``, and multi-byte
ones such as ``Shift_JIS``, ``EUC-JP``, ``GBK``, ``Big5``, ...) is honoured". ISO-2022-JP (the encoding of
Japanese mail and many phones), ISO-2022-KR and HZ shift in and out of ASCII with escape sequences (``ESC $ B``,
``~{``); read byte by byte as a table of single bytes, a request in them was E108 (``not well-formed``) as soon
as a value held a character of the script, though it is as valid as the same request in Shift_JIS.
"""

from __future__ import annotations

from collections import Counter

import pytest

import mmsvalidate
from mmsvalidate.readers import xml
from tests.test_boundaries import full

#: A valid request whose NAME ("spring sale") and SUBJECT ("notice") need the encoding's shifts.
REQUEST = (
    "<REQUEST>\n<ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><TO>14158586273</TO><FROM>60856</FROM>\n"
    "<NAME>{name}</NAME><SUBJECT>{subject}</SUBJECT><SLIDE><TEXT>Hi</TEXT></SLIDE></REQUEST>\n"
)
#: (the declared name, the name and subject in its script)
CASES = [
    ("ISO-2022-JP", "\u6625\u306e\u30bb\u30fc\u30eb", "\u304a\u77e5\u3089\u305b"),
    ("iso-2022-jp-2", "\u6625\u306e\u30bb\u30fc\u30eb", "\u304a\u77e5\u3089\u305b"),
    ("ISO-2022-KR", "\ubd04 \uc138\uc77c", "\uc54c\ub9bc"),
    ("HZ-GB-2312", "\u6625\u5b63\u4fc3\u9500", "\u901a\u77e5"),
]


@pytest.mark.parametrize(("encoding", "name", "subject"), CASES)
def test_a_request_in_a_shifting_encoding_is_read_in_it(encoding: str, name: str, subject: str) -> None:
    text = REQUEST.format(name=name, subject=subject)
    data = f'<?xml version="1.0" encoding="{encoding}"?>\n{text}'.encode(encoding)
    assert full(mmsvalidate.validate(data)) == Counter()
    request = xml.read(data).request
    assert request is not None and (request.name, request.subject) == (name, subject)


def test_bytes_that_are_not_of_the_shifting_encoding_declared_are_one_e108() -> None:
    good = f'<?xml version="1.0" encoding="ISO-2022-JP"?>\n{REQUEST.format(name="n", subject="s")}'.encode()
    data = good.replace(b"<NAME>n", b"<NAME>\x1b$B\xff\xfe")
    message = "XML Parse error: bytes that are not ISO-2022-JP (declared in the XML declaration)."
    assert full(mmsvalidate.validate(data)) == Counter([("E108", "error", None, "", None, 4, 7, message, None)])
