"""The XML body's fast path: lxml's safe parser and libxml2's XSD answer first; the exact reader does the rest.

Most requests are valid. For those, libxml2 parses (no entities resolved, no network, no DTD loaded, no huge
trees), the shipped ``request.xsd`` (compiled once per thread) says "valid", and one pass over the tree builds
the model, reading what the exact reader reads. Positions are found only when a finding asks for one, by a
scan of the text that goes only as far as the element asked for.

Anything the fast path can't settle is left to the exact reader (:func:`mmsvalidate.readers.xml.read`), so
every finding keeps its code, field, line, column and detail: a parse error, an XSD error, a DTD, a comment,
a processing instruction, an entity left unresolved, an attribute, an encoding other than UTF-8, a NUL, a
lone carriage return (libxml2 counts lines without them), a reading limit. Such a request is read twice; the
fast path's part is a parse in C.

lxml is optional (``pip install '.[fast]'`` in a checkout). Importing it and compiling the XSD costs far more than
one request saves, so a process takes the fast path only once lxml is imported anyway, or after its first
:data:`WARM_AFTER` XML requests (read by expat): a one-file ``check`` never pays for it, a service or a campaign does.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any

from mmsvalidate.diagnostic import Location
from mmsvalidate.files import schema_path
from mmsvalidate.model import Request, Slide, attribute
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Parsed
from mmsvalidate.readers.xml import FIELD_TAGS, MEMBER_TAGS, SLOT_TAGS, XsdValid, parse
from mmsvalidate.text import LineIndex

#: How many XML requests a process reads with the exact reader before it imports lxml (when it isn't yet):
#: importing it and compiling the XSD take about 8.5 ms of CPU, the fast path saves about 70 µs a request, so
#: from about the 120th on it has paid for itself; switching there costs a process at most twice the better choice.
WARM_AFTER = 128
#: ``"auto"`` (the rule above), ``"always"`` (whenever lxml is installed) or ``"never"`` (the exact reader only).
mode = "auto"


class _Patterns:
    """The byte and text patterns of the fast path, compiled when it is first taken (a cold one-file
    ``check`` never takes it)."""

    def __init__(self) -> None:
        self.declaration = re.compile(
            rb"<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:\"1\.0\"|'1\.0')"
            rb"(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:\"(?i:utf-8)\"|'(?i:utf-8)'))?"
            rb"(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:\"(?:yes|no)\"|'(?:yes|no)'))?[ \t\r\n]*\?>"
        )
        self.lone_cr = re.compile(rb"\r(?!\n)")
        #: Where an element may start (see :class:`_Locator`).
        self.start = re.compile("<(?![/?])")
        self.start_bytes = re.compile(b"<(?![/?])")


_patterns = functools.cache(_Patterns)
_BOM = b"\xef\xbb\xbf"
#: Each field's tag: the model's attribute and the field's pointer.
_FIELDS = {tag: (attribute(field), f"/{field}") for tag, field in FIELD_TAGS.items()}

_state = threading.local()
_lock = threading.Lock()
_seen = 0
_missing = False


def _tools() -> Any:
    """This thread's parser, schema and attribute test (lxml's objects are not shared across threads)."""
    tools = getattr(_state, "tools", None)
    if tools is None:
        from lxml import etree

        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            attribute_defaults=False,
            huge_tree=False,
            remove_blank_text=False,
            collect_ids=False,
        )
        schema = etree.XMLSchema(etree.parse(str(schema_path("request.xsd")), parser))
        tools = _state.tools = (etree, parser, schema, etree.XPath("boolean(//@*)"))
    return tools


def ready() -> bool:
    """Whether this read takes the fast path (see the module's text); counts the XML requests read."""
    global _seen, _missing
    if mode == "never" or _missing:
        return False
    if mode == "auto" and "lxml.etree" not in sys.modules:
        with _lock:
            _seen += 1
            if _seen <= WARM_AFTER:
                return False
    try:
        _tools()
    except ImportError:
        _missing = True
        return False
    return True


def _plain(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with nothing the parser's tree hides from the checks after it: no NUL (nor
    UTF-16), no encoding declared but UTF-8, no lone carriage return (libxml2 counts lines without them).
    Each test is one scan of single bytes in C or an anchored match."""
    if b"\x00" in data or (b"\r" in data and _patterns().lone_cr.search(data) is not None):
        return False
    start = 3 if data.startswith(_BOM) else 0
    return not data.startswith(b"<?", start) or _patterns().declaration.match(data, start) is not None


class _Locator:
    """Where the n-th element (in document order) starts, found when a finding asks, scanning only as far as it.

    Text holds no literal ``<``, and a request with a comment, processing instruction or DTD never gets here:
    so past the declaration every ``<`` not followed by ``/`` or ``?`` starts an element, unless a CDATA
    section holds one; then the exact reader's positions are taken. The bytes are scanned; columns count
    characters, so outside ASCII the line up to the element is decoded, until that has cost twice the
    request's size: then the whole text is decoded, once, and scanned instead.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._ascii = data.isascii()
        self._decoded = 0
        self._starts: list[int] = []
        self._scan: Iterator[re.Match[bytes]] | None = None
        self._lines: LineIndex | None = None
        self._exact: list[Location] | None = None

    def _start(self, at: int) -> int | None:
        """The byte offset of the ``at``-th element's ``<``."""
        if self._scan is None:
            self._scan = _patterns().start_bytes.finditer(self._data)
        starts = self._starts
        for found in self._scan:
            starts.append(found.start())
            if len(starts) > at:
                break
        return starts[at] if at < len(starts) else None

    def _text_mode(self) -> None:
        text = self._data.decode("utf-8")
        self._starts = [found.start() for found in _patterns().start.finditer(text)]
        self._scan, self._ascii = iter(()), True  # offsets are characters from now on
        self._lines = LineIndex(text, bom=True)

    def __call__(self, at: int) -> Location | None:
        if self._lines is None and self._exact is None:
            if b"<![CDATA[" in self._data:
                exact, positions, _, _ = parse(self._data)
                self._exact = [positions[id(e)] for e in exact.iter()]
            else:
                self._lines = LineIndex(self._data)
        if self._exact is not None:
            return self._exact[at] if at < len(self._exact) else None
        offset = self._start(at)
        if offset is None:
            return None
        where = self._lines.location(offset)  # type: ignore[union-attr]
        if self._ascii or where.column is None:
            return where
        line_start = offset - where.column + 1
        self._decoded += offset - line_start
        if self._decoded > 2 * len(self._data):
            self._text_mode()
            return self(at)
        shown = self._data[line_start:offset].decode("utf-8")
        # a byte order mark is no column (docs: an editor's columns; the exact reader's)
        return Location(where.line, len(shown) + 1 - (line_start == 0 and shown.startswith("\ufeff")))


def _build(root: Any, limit: int, slides_read: int) -> tuple[Request, dict[str, int]] | None:
    """The model of a request the XSD found valid and each pointer's element (its number in document order);
    ``None`` past a reading limit or at anything but the elements the XSD allows (the exact reader reads
    those). The caller has made sure the tree holds no comment, processing instruction or entity: so in a
    valid request ``<REQUEST>`` holds fields and ``<SLIDE>``s, a slide holds slots, ``<TEXT>`` and
    ``<DURATION>``, a slot holds exactly one ``<URL>``, and a value holds text only. One pass over that shape
    in document order, reading what :func:`mmsvalidate.readers.xml.read` reads (the first of a repeated value
    wins; a repeated slot is an extra): the tests hold both to the same findings."""
    spots: dict[str, int] = {"": 0}
    repeats: dict[str, int] = {}
    values: dict[str, str] = {}
    slides: list[Slide] = []
    at = 0  # the number of the element in hand, in document order (the root is 0)
    for element in root:
        at += 1
        tag = element.tag
        field = _FIELDS.get(tag)
        if field is not None:
            name, pointer = field
            if name not in values:
                values[name] = element.text or ""
                spots[pointer] = at
            else:
                repeats[pointer] = count = repeats.get(pointer, 1) + 1
                spots[f"{pointer}[{count}]"] = at
            continue
        if tag != "SLIDE" or len(slides) >= slides_read:
            return None
        base = f"/slides/{len(slides)}"
        spots[base] = at
        members: dict[str, str] = {}
        extra: list[str] = []
        for member in element:
            at += 1
            tag = member.tag
            slot = SLOT_TAGS.get(tag)
            if slot is not None:
                at += 1  # its one URL
                if slot in members:  # a repeated slot: another medium or object, its URL not read
                    extra.append(slot)
                    spots.setdefault(f"{base}/{slot}[{extra.count(slot) + 1}]", at - 1)
                else:
                    members[slot] = member[0].text or ""
                    spots[f"{base}/{slot}"] = at
                continue
            key = MEMBER_TAGS.get(tag)
            if key is None:
                return None
            pointer = f"{base}/{key}"
            if key not in members:
                members[key] = member.text or ""
                spots[pointer] = at
            else:
                repeats[pointer] = count = repeats.get(pointer, 1) + 1
                spots[f"{pointer}[{count}]"] = at
        slides.append(Slide(**members, extra=tuple(extra)))
    if at >= limit:  # at + 1 elements in all
        return None
    request = Request(
        slides=tuple(slides),
        repeated=tuple(f"{p}[{n}]" for p, last in repeats.items() for n in range(2, last + 1)) if repeats else (),
        **values,
    )
    return request, spots


def read(data: bytes | str, profile: Profile = DEFAULT_PROFILE) -> Parsed | None:
    """Read a valid XML request on lxml, or ``None`` when the exact reader must (see the module's text)."""
    if isinstance(data, str):
        if data.startswith("\ufeff"):
            return None
        data = data.encode("utf-8")
    if not _plain(data) or profile.max_depth < 4:  # a valid request nests four deep at most
        return None
    etree, parser, schema, attributes = _tools()
    try:
        root = etree.fromstring(data, parser)
    except Exception:  # not well-formed, or anything else lxml refuses: the exact reader says what
        return None
    if root.getprevious() is not None or root.getnext() is not None:
        return None  # a comment or processing instruction around the root element
    if root.getroottree().docinfo.internalDTD is not None or not schema.validate(root):
        return None
    # the attributes the XSD lets through are xsi: ones, which the exact reader reports: they need the xsi
    # namespace declared (no DTD here to default one), and a declaration's name is written out in the bytes
    if b"xmlns" in data and attributes(root):
        return None
    if next(root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity), None) is not None:
        return None  # a comment, a processing instruction or an entity left unresolved
    built = _build(root, profile.max_items, profile.max_slides_read)
    if built is None:
        return None
    request, spots = built
    where = _Locator(data)

    def locate(pointer: str) -> Location | None:
        at = spots.get(pointer)
        return None if at is None else where(at)

    return Parsed("xml", request=request, document=XsdValid(root), locate=locate)
