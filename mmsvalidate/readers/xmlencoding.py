"""The encodings of an XML request that expat does not read itself, read as the API's parser (libxml2) reads them.

expat reads UTF-8, UTF-16, ISO-8859-1 and US-ASCII, and other single-byte encodings by a table; a document in a
multi-byte encoding (Shift_JIS, EUC-JP, GBK, Big5, EUC-KR), in one that shifts in and out of ASCII (ISO-2022-JP,
ISO-2022-KR, HZ), or declaring UTF-8 or UTF-16 by another of its names (``utf8``, ``UTF16``) is decoded here by
its declaration and read as text. UTF-7 is refused, as XML parsers refuse it.
"""

from __future__ import annotations

import codecs
import re

from mmsvalidate.diagnostic import Location
from mmsvalidate.readers.base import Failure

#: Why a request declared in UTF-7 is not read.
UTF7_REFUSED = "UTF-7 is refused: what its bytes say is not what they look like"
#: The encoding an XML declaration names, at the very start of the bytes.
_DECLARED = re.compile(rb"""<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


def by_declaration(data: bytes) -> str | Failure | None:
    """Bytes in a multi-byte encoding that expat does not read itself (Shift_JIS, EUC-JP, GBK, Big5, EUC-KR),
    decoded by Python's codec of the encoding their declaration names, as an XML parser that knows it (the
    API's) reads them; a :class:`Failure` where the bytes are not of that encoding, and for UTF-7 (not
    ASCII-compatible: what its bytes say is not what they look like, and XML parsers refuse it); ``None``
    without a declaration or a codec of its name."""
    declared = _DECLARED.match(data)
    if declared is None:
        return None
    name = declared[1].decode("ascii")
    try:
        if codecs.lookup(name).name == "utf-7":
            return Failure("syntax", f"the declared encoding can't be read ({UTF7_REFUSED})", Location(1, 1))
        return data.decode(name)
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode(name, errors="replace")) + 1
        where = Location(data.count(b"\n", 0, exc.start) + 1, column)
        return Failure("syntax", f"bytes that are not {name} (declared in the XML declaration)", where)


#: The byte order marks of UTF-16, which say how a document's bytes are read whatever encoding it declares.
_UTF16_MARKS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: :data:`_DECLARED` over decoded text.
_DECLARED_TEXT = re.compile(_DECLARED.pattern.decode("ascii"))


def by_another_name(data: bytes) -> str | Failure | None:
    """Bytes in UTF-8 or UTF-16 that expat refused for the name their declaration gives them, decoded as an XML
    parser reads them (libxml2, the API's): a document with the byte order mark of UTF-16 by its mark, whatever
    encoding its declaration names; one that names UTF-8 by another name of it (``utf8``, ``UTF8``) by that
    name (a :class:`Failure` where the bytes are not UTF-8); ``None`` for any other document.

    expat reads ``UTF-8`` and ``UTF-16`` by those names only: under ``utf8`` it takes every byte past ASCII for
    an error, and it refuses a declaration that its byte order mark contradicts (``utf-16be`` after the mark of
    UTF-16LE, or any other encoding), which libxml2 reads by the mark."""
    for mark, codec in _UTF16_MARKS:
        if data.startswith(mark):
            try:
                text = data[len(mark) :].decode(codec)
            except UnicodeDecodeError:
                return None  # expat's own reading says where
            # with no declaration, expat read the document by its mark: its answer stands
            return text if _DECLARED_TEXT.match(text) is not None else None
    declared = _DECLARED.match(data)
    if declared is None or declared[1].lower() == b"utf-8":
        return None
    try:
        utf8 = codecs.lookup(declared[1].decode("ascii")).name == "utf-8"
    except LookupError:
        return None
    return by_declaration(data) if utf8 else None


def by_utf8_mark(data: bytes) -> str | Failure | None:
    """Bytes with the byte order mark of UTF-8 whose declaration names another encoding (``ISO-8859-1``,
    ``Shift_JIS``, ``UTF-16``, one of no codec) or UTF-8 by another name (``utf8``), decoded by the mark, as
    libxml2 (the API's parser) reads them, its declaration ignored; a :class:`Failure` where they are not UTF-8;
    ``None`` for any other document.

    expat reads such a document by its declaration: a single-byte one makes mojibake of every byte past ASCII
    (``café`` read as ``cafÃ©``), and any other it refuses (``utf8`` among them)."""
    if not data.startswith(codecs.BOM_UTF8):
        return None
    declared = _DECLARED.match(data, len(codecs.BOM_UTF8))
    if declared is None or declared[1].lower() == b"utf-8":  # expat reads these itself
        return None
    try:
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + len(codecs.BOM_UTF8)
        start = data.rfind(b"\n", 0, at) + 1
        column = len(data[max(start, len(codecs.BOM_UTF8)) : at].decode("utf-8", errors="replace")) + 1
        where = Location(data.count(b"\n", 0, at) + 1, column)
        return Failure("syntax", "bytes that are not UTF-8 (its byte order mark says UTF-8)", where)


def shifting(data: bytes) -> bool:
    """Whether ``data`` declares one of the 7-bit East Asian encodings that shift in and out of ASCII with escape
    sequences (ISO-2022-JP, ISO-2022-KR, HZ): expat, given a byte table of them, reads their shifts as ASCII."""
    declared = _DECLARED.match(data)
    if declared is None:
        return False
    try:
        name = codecs.lookup(declared[1].decode("ascii")).name
    except LookupError:
        return False
    return name == "hz" or name.startswith("iso2022_")
