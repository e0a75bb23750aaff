"""Readers: each form of a request into the canonical model. They translate; they decide no codes.

Each form's reader is imported when a request in that form is first read: a check of one XML file loads
no JSON or query reader.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable, Mapping

from mmsvalidate.diagnostic import Location
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers import xml as xml_reader
from mmsvalidate.readers import xmltree
from mmsvalidate.readers.base import Failure, Parsed
from mmsvalidate.text import locate

FORMS = ("xml", "query", "json")

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_SPACE_BYTES = re.compile(rb"[ \t\r\n\x00]*")
#: Nothing but white space: matched from the start, so it stops at the first other character (no copy).
_BLANK_BYTES = re.compile(rb"[ \t\r\n]*\Z")


# The patterns of a str source, compiled when one is first read (a file's bytes never need them).
@functools.cache
def _space() -> re.Pattern[str]:
    return re.compile("[ \t\r\n\ufeff]*")


@functools.cache
def _blank() -> re.Pattern[str]:
    return re.compile("[ \t\r\n\ufeff]*\\Z")


@functools.cache
def _surrogate() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


#: The first byte of most requests, and the form it starts.
_MARKUP = {b"<": "xml", b"{": "json", b"[": "json"}


def detect(data: bytes | str) -> str:
    """The form of a request from its first significant character: ``<`` XML, ``{``/``[`` JSON, else query.

    Leading whitespace is skipped however long it is, without copying the data.
    """
    if isinstance(data, bytes):
        lead = data[:1]
        if lead in _MARKUP:  # the common request: no byte order mark starts with any of these
            return _MARKUP[lead]
        start, unit, encoding = 0, 1, "latin-1"
        for bom, name in BOMS:
            if data.startswith(bom):
                start, encoding = len(bom), name
                unit = 4 if "32" in name else 2 if "16" in name else 1
                break
        spaces = _SPACE_BYTES.match(data, start).end() - start  # type: ignore[union-attr]
        at = start + spaces // unit * unit
        first = data[at : at + unit].decode(encoding, errors="ignore")[:1]
    else:
        at = _space().match(data).end()  # type: ignore[union-attr]
        first = data[at : at + 1]
    return "xml" if first == "<" else "json" if first in ("{", "[") else "query"


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, encoding: str, skipped: int) -> Failure:
    start = exc.start + skipped
    return Failure("syntax", f"not valid {encoding.upper()}: {exc.reason} at byte {start}", locate(data, start))


def _decode(data: bytes) -> str | Failure:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                return _bad_bytes(data, exc, encoding, len(bom))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _bad_bytes(data, exc, "utf-8", 0)


def _binary(text: str) -> Failure | None:
    """A NUL character means binary content, not a text request."""
    at = text.find("\x00")
    if at < 0:
        return None
    return Failure("syntax", "a NUL character: binary content, not a text request", locate(text, at))


def _not_text(text: str) -> Failure | None:
    """A lone surrogate in a str source: no encoding carries it, so it is no text request (as invalid UTF-8
    in bytes is not)."""
    found = _surrogate().search(text)
    if found is None:
        return None
    return Failure("syntax", f"a lone surrogate U+{ord(found[0]):04X}: not text", locate(text, found.start()))


def oversize(source: bytes | str, limit: int) -> Failure | None:
    """The MV112 failure of a request over ``limit`` bytes (UTF-8 for text), else ``None``; cheap."""
    if isinstance(source, str):
        size = len(source)
        if size <= limit // 4:  # no character takes more than 4 bytes
            return None
        if size <= limit:
            size = len(source.encode("utf-8", errors="surrogatepass"))
    else:
        size = len(source)
    if size <= limit:
        return None
    return Failure("limit", f"{size} bytes, over {limit}", Location(1, 1))


def empty(source: bytes | str) -> bool:
    """Whether ``source`` holds nothing but white space (after a byte order mark)."""
    if isinstance(source, str):
        return _blank().match(source) is not None
    if source[:1] in _MARKUP:
        return False
    for bom, encoding in BOMS:
        if source.startswith(bom):
            return not source[len(bom) :].decode(encoding, errors="replace").strip(" \t\r\n")
    return _BLANK_BYTES.match(source) is not None


def read(source: bytes | str | Mapping[str, object], form: str = "auto", profile: Profile = DEFAULT_PROFILE) -> Parsed:
    """Read ``source`` in ``form`` (``auto`` detects it from the content) within the profile's limits."""
    if type(source) is not bytes and type(source) is not str and isinstance(source, Mapping):  # exact types first
        if form not in ("auto", "json"):
            raise ValueError(f"a mapping can only be read in the json form, not {form!r}")
        return _json_object()(source, profile)
    if form == "auto":
        form = detect(source)
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}; expected one of auto, {', '.join(FORMS)}")
    too_big = oversize(source, profile.max_request_bytes)
    if too_big is not None:
        return Parsed(form, failure=too_big)
    if empty(source):
        return Parsed(form, failure=Failure("syntax", "the request is empty", Location(1, 1)))
    unreadable = _not_text(source) if isinstance(source, str) else None
    if unreadable is not None:
        return Parsed(form, failure=unreadable)
    if form == "xml":
        if isinstance(source, bytes) and source.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            decoded = _decode(source)  # the XML parser reads UTF-8 and UTF-16 itself, but not UTF-32
            if isinstance(decoded, Failure):
                return Parsed(form, failure=decoded)
            return xml_reader.read(decoded, profile)
        fast = xmltree.read(source, profile) if xmltree.ready() else None
        return fast if fast is not None else xml_reader.read(source, profile)
    text = _decode(source) if isinstance(source, bytes) else source
    if isinstance(text, Failure):
        return Parsed(form, failure=text)
    # no zero byte, no NUL character in any encoding: a search in C of the bytes instead of the text
    binary = None if isinstance(source, bytes) and b"\x00" not in source else _binary(text)
    if binary is not None:
        return Parsed(form, failure=binary)
    if form == "json":
        return _json_text()(text, profile)
    return _query_text()(text, profile)


#: A reader of one form: the request's text (or object) and the profile, read.
Reader = Callable[[str, Profile], Parsed]


@functools.cache
def _json_text() -> Reader:
    """The JSON reader, imported on first use: a cached call a request, not an import."""
    from mmsvalidate.readers.json import read_text

    return read_text


@functools.cache
def _json_object() -> Callable[[Mapping[str, object], Profile], Parsed]:
    """The reader of a mapping in the JSON form, imported on first use."""
    from mmsvalidate.readers.json import read_object

    return read_object


@functools.cache
def _query_text() -> Reader:
    """The query string reader, imported on first use."""
    from mmsvalidate.readers.query import read

    return read


__all__ = ["BOMS", "FORMS", "Failure", "Parsed", "detect", "empty", "oversize", "read"]
