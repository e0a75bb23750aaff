"""The XML body: ``<REQUEST>...</REQUEST>`` into the model, with the line and column of each element.

Parsing goes through defusedxml with DTDs, entity declarations and external references all
refused, so nothing is ever expanded, resolved or fetched. When a value is given twice, the
first occurrence is kept (as an XML reader taking ``$xml->TO`` would).
"""

from __future__ import annotations

import codecs
import re
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser

from mmsvalidate.diagnostic import Location
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Failure, Mark, Parsed, Recorder, Stop

FIELD_TAGS = {field.upper(): field for field in FIELDS}
SLOT_TAGS = {slot.upper(): slot for slot in SLOTS}
MEMBER_TAGS = {"TEXT": "text", "DURATION": "duration"}

XINCLUDE = "{http://www.w3.org/2001/XInclude}"
SCHEMA_HINTS = (
    "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
    "{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation",
)

_REFUSED = {
    defusedxml.DTDForbidden: "a DTD (<!DOCTYPE ...>) is not allowed in a request",
    defusedxml.EntitiesForbidden: "entity declarations are not allowed in a request",
    defusedxml.ExternalReferenceForbidden: "external references are not allowed in a request",
}


class XmlDocument:
    """The parsed tree with the position and model pointer of each element, for the XSD check."""

    __slots__ = ("pointers", "positions", "root")

    def __init__(self, root: Element, positions: dict[int, Location], pointers: dict[int, str]) -> None:
        self.root = root
        self.positions = positions
        self.pointers = pointers


class _Builder:
    """A tree builder that notes where each element starts and enforces the reading limits."""

    def __init__(self, profile: Profile) -> None:
        self._tree = TreeBuilder()
        self.positions: dict[int, Location] = {}
        self.parser: DefusedXMLParser | None = None
        self._max_depth = profile.max_depth
        self._max_items = profile.max_items
        self._depth = 0
        self._items = 0
        self._attributes = 0
        self._names: dict[str, str] = {}
        self.marks: list[Mark] = []
        self.comments: list[Location] = []

    def comment(self, text: str) -> None:
        """A comment that mentions mmsvalidate is a suppression mark (its text starts after ``<!--``);
        of the others only the position is kept."""
        expat = self.parser.parser  # type: ignore[union-attr]
        if "mmsvalidate" in text:
            self.marks.append(Mark(text, Location(expat.CurrentLineNumber, expat.CurrentColumnNumber + 5)))
        else:
            self.comments.append(Location(expat.CurrentLineNumber, expat.CurrentColumnNumber + 1))

    def bind(self, parser: DefusedXMLParser) -> None:
        """Take expat's element and text callbacks straight from ``parser`` (the same work as its own
        ``_start``/``_end`` wrappers, without two Python calls per element)."""
        self.parser = parser
        expat = parser.parser
        expat.StartElementHandler = self.start
        expat.EndElementHandler = self.end
        expat.CharacterDataHandler = self._tree.data

    def _fixname(self, key: str) -> str:
        """A name as ElementTree spells it: ``{uri}local`` for a namespaced one."""
        try:
            return self._names[key]
        except KeyError:
            name = "{" + key if "}" in key else key
            self._names[key] = name
            return name

    def start(self, tag: str, attr_list: list[str]) -> Element:
        """An element starts: ``attr_list`` alternates names and values (expat's ordered attributes)."""
        expat = self.parser.parser  # type: ignore[union-attr]
        where = Location(expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
        tag = self._fixname(tag)
        attrs: dict[str, str] = {}
        if attr_list:
            fixname = self._fixname
            for i in range(0, len(attr_list), 2):
                attrs[fixname(attr_list[i])] = attr_list[i + 1]
        self._depth += 1
        if self._depth > self._max_depth:
            raise Stop("limit", f"element depth over {self._max_depth}", where)
        self._items += 1 + len(attrs)
        self._attributes += len(attrs)
        if self._items > self._max_items:
            counted = "elements and attributes" if self._attributes else "elements"
            raise Stop("limit", f"more than {self._max_items} {counted}", where)
        if tag.startswith(XINCLUDE):
            raise Stop("refused", "XInclude is not processed in a request", where)
        if attrs and any(hint in attrs for hint in SCHEMA_HINTS):
            raise Stop("refused", "schema location hints (xsi:schemaLocation) are not followed", where)
        element = self._tree.start(tag, attrs)
        self.positions[id(element)] = where
        return element

    def end(self, tag: str) -> Element:
        self._depth -= 1
        return self._tree.end(self._fixname(tag))

    def close(self) -> Element:
        return self._tree.close()


def parse(
    data: bytes | str, profile: Profile = DEFAULT_PROFILE
) -> tuple[Element, dict[int, Location], tuple[Mark, ...], tuple[Location, ...]]:
    """Parse safely; raises ``ParseError`` or :class:`Stop` (refused constructs, limits).

    Gives the root, each element's position, the suppression marks met on the way and where
    the other comments are.
    """
    builder = _Builder(profile)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.bind(parser)
    try:
        parser.feed(data)
        return parser.close(), builder.positions, tuple(builder.marks), tuple(builder.comments)
    except defusedxml.DefusedXmlException as exc:
        expat = parser.parser
        where = Location(expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
        raise Stop("refused", _REFUSED.get(type(exc), type(exc).__name__), where) from None


#: The elements that hold a value as text.
VALUE_TAGS = frozenset({*FIELD_TAGS, *MEMBER_TAGS, "URL"})


def value_text(element: Element) -> str:
    """A value element's text as the API reads it: its own text, not the text of elements inside it
    (``<NAME>Spring <I>blast</I></NAME>`` reads ``Spring ``; ``<TEXT>a<BR/>b</TEXT>`` reads ``ab``)."""
    if not len(element):
        return element.text or ""
    return "".join([element.text or "", *(child.tail or "" for child in element)])


#: The encoding an XML declaration names, at the very start of the bytes.
_DECLARED = re.compile(rb"""<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


def by_declaration(data: bytes) -> str | Failure | None:
    """Bytes in a multi-byte encoding that expat does not read itself (Shift_JIS, EUC-JP, GBK, Big5, EUC-KR),
    decoded by Python's codec of the encoding their declaration names, as an XML parser that knows it (the
    API's) reads them; a :class:`Failure` where the bytes are not of that encoding; ``None`` without a
    declaration or a codec of its name, or for UTF-7 (not ASCII-compatible: what its bytes say is not what they
    look like, and XML parsers refuse it)."""
    declared = _DECLARED.match(data)
    if declared is None:
        return None
    name = declared[1].decode("ascii")
    try:
        if codecs.lookup(name).name == "utf-7":
            return None
        return data.decode(name)
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode(name, errors="replace")) + 1
        where = Location(data.count(b"\n", 0, exc.start) + 1, column)
        return Failure("syntax", f"bytes that are not {name} (declared in the XML declaration)", where)


def read(data: bytes | str, profile: Profile = DEFAULT_PROFILE) -> Parsed:
    """Read an XML request."""
    try:
        root, positions, marks, comments = parse(data, profile)
    except ParseError as exc:
        line, column = exc.position
        message = str(exc).split(": line ")[0]
        return Parsed("xml", failure=Failure("syntax", message, Location(line, column + 1)))
    except Stop as exc:
        return Parsed("xml", failure=exc.failure)
    except (LookupError, UnicodeError, ValueError) as exc:
        # an unknown or unsupported declared encoding: expat raises these instead of a ParseError
        decoded = by_declaration(data) if isinstance(data, bytes) and "multi-byte" in str(exc) else None
        if isinstance(decoded, str):
            return read(decoded, profile)  # a text is read as it is: its declaration names no bytes any more
        failure = decoded or Failure("syntax", f"the declared encoding can't be read ({exc})", Location(1, 1))
        return Parsed("xml", failure=failure)
    if root.tag != "REQUEST":
        where = positions.get(id(root), Location())
        return Parsed(
            "xml", failure=Failure("not-a-request", f"the root element is <{root.tag}>, not <REQUEST>", where)
        )

    record = Recorder()
    pointers: dict[int, str] = {}

    def keep(store: dict[str, str], key: str, pointer: str, value: str, element: Element) -> None:
        pointers[id(element)] = pointer
        record.value(store, key, pointer, value, positions.get(id(element)), first_wins=True)

    record.place("", positions.get(id(root)))
    pointers[id(root)] = ""
    values: dict[str, str] = {}
    slides: list[Slide] = []
    for child in root:
        if child.tag in FIELD_TAGS:
            field = FIELD_TAGS[child.tag]
            keep(values, field, f"/{field}", value_text(child), child)
        elif child.tag == "SLIDE":
            if len(slides) >= profile.max_slides_read:
                where = positions.get(id(child), Location())
                return Parsed("xml", failure=Failure("limit", f"more than {profile.max_slides_read} slides", where))
            base = f"/slides/{len(slides)}"
            pointers[id(child)] = base
            record.place(base, positions.get(id(child)))
            members: dict[str, str] = {}
            extra: list[str] = []
            for member in child:
                if member.tag in SLOT_TAGS:
                    slot = SLOT_TAGS[member.tag]
                    pointer = f"{base}/{slot}"
                    if slot in members:
                        extra.append(slot)
                        record.place(f"{pointer}[{extra.count(slot) + 1}]", positions.get(id(member)))
                        continue
                    urls = [url for url in member if url.tag == "URL"] or [member]
                    for url in urls:
                        keep(members, slot, pointer, value_text(url) if url is not member else "", url)
                elif member.tag in MEMBER_TAGS:
                    key = MEMBER_TAGS[member.tag]
                    keep(members, key, f"{base}/{key}", value_text(member), member)
            slides.append(Slide(**members, extra=tuple(extra)))

    request = Request(
        slides=tuple(slides),
        repeated=record.repeated(),
        **{attribute(field): value for field, value in values.items()},
    )
    return Parsed(
        "xml",
        request=request,
        document=XmlDocument(root, positions, pointers),
        locate=record.locations.get,
        marks=marks,
        comments=comments,
    )


class XsdValid:
    """The document of a request the XSD itself found valid (the lxml reader's): nothing is left for the walk."""

    __slots__ = ("root",)

    def __init__(self, root: object) -> None:
        self.root = root
