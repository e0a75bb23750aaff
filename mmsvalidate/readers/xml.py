"""The XML body: ``<REQUEST>...</REQUEST>`` into the model, with the line and column of each element.

Parsing goes through expat with defusedxml's refusals: a DTD, an entity declaration and an external
reference each stop it (defusedxml's exceptions), so nothing is ever expanded, resolved or fetched. expat
is set up as ElementTree's own parser sets it up and builds ElementTree's elements; it is driven here
directly, not through ``defusedxml.ElementTree``, which imports a second, pure-Python copy of ElementTree for
its parser class (a tenth of a cold one-file check's own cost). When a value is given twice, the first
occurrence is kept (as an XML reader taking ``$xml->TO`` would).
"""

from __future__ import annotations

import codecs
from typing import NoReturn
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

import defusedxml

from mmsvalidate.diagnostic import Location
from mmsvalidate.model import FIELDS, SLOTS, Request, Slide, attribute
from mmsvalidate.profile import DEFAULT_PROFILE, Profile
from mmsvalidate.readers.base import Failure, Mark, Parsed, Recorder, Stop
from mmsvalidate.readers.xmlencoding import by_another_name, by_declaration, by_utf8_mark, shifting

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
        self.parser: expat.XMLParserType | None = None
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
        parser = self.parser
        assert parser is not None
        if "mmsvalidate" in text:
            self.marks.append(Mark(text, Location(parser.CurrentLineNumber, parser.CurrentColumnNumber + 5)))
        else:
            self.comments.append(Location(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))

    def bind(self, parser: expat.XMLParserType) -> None:
        """Take ``parser``'s callbacks: as ElementTree's ``XMLParser`` takes them for its target (without
        its two Python calls per element), with defusedxml's refusals."""
        self.parser = parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self._tree.data
        parser.CommentHandler = self.comment
        parser.buffer_text = True
        parser.ordered_attributes = True
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_entity
        parser.UnparsedEntityDeclHandler = _refuse_unparsed_entity
        parser.ExternalEntityRefHandler = _refuse_external

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
        parser = self.parser
        assert parser is not None
        where = Location(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
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
    parser = expat.ParserCreate(None, "}")  # as ElementTree's: a namespaced name is "uri}local"
    builder.bind(parser)
    marked = _marked(data)
    try:
        try:
            parser.Parse(data, False)
            parser.Parse(b"", True)
        except expat.error as exc:  # as ElementTree's parser raises it
            error = ParseError(exc)
            error.code, error.position = exc.code, (exc.lineno, exc.offset)
            raise error from None
        if marked:
            _unmark(builder)
        return builder.close(), builder.positions, tuple(builder.marks), tuple(builder.comments)
    except defusedxml.DefusedXmlException as exc:
        where = Location(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        raise Stop("refused", _REFUSED.get(type(exc), type(exc).__name__), _first(where, marked)) from None
    except Stop as exc:
        if marked:
            exc.failure = exc.failure._replace(location=_first(exc.failure.location, marked))
        raise
    finally:
        builder.parser = None  # the parser's callbacks hold the builder: no cycle left behind


#: Byte order marks expat reads itself (UTF-32 is decoded before it is parsed, its mark dropped).
_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _marked(data: bytes | str) -> bool:
    """Whether a byte order mark leads ``data``: expat counts it as a column of the first line; an editor shows
    none, nor do the other forms' readers."""
    return data.startswith("\ufeff") if isinstance(data, str) else data.startswith(_MARKS)


def _first(where: Location, marked: bool) -> Location:
    """``where`` as an editor shows it: one column less on the first line when a byte order mark leads it."""
    if marked and where.line == 1 and where.column is not None and where.column > 1:
        return Location(1, where.column - 1, where.param)
    return where


def _unmark(builder: _Builder) -> None:
    """The positions of the first line, which expat counted from a byte order mark, as an editor shows them."""
    for key, where in builder.positions.items():
        if where.line == 1:
            builder.positions[key] = _first(where, True)
    builder.marks = [Mark(mark.written, _first(mark.location, True)) for mark in builder.marks]
    builder.comments = [_first(where, True) for where in builder.comments]


def _refuse_dtd(name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool) -> NoReturn:
    raise defusedxml.DTDForbidden(name, sysid, pubid)


def _refuse_entity(
    name: str,
    is_parameter_entity: bool,
    value: str | None,
    base: str | None,
    sysid: str | None,
    pubid: str | None,
    notation_name: str | None,
) -> NoReturn:
    raise defusedxml.EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _refuse_unparsed_entity(
    name: str, base: str | None, sysid: str | None, pubid: str | None, notation_name: str | None
) -> NoReturn:
    raise defusedxml.EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _refuse_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> NoReturn:
    raise defusedxml.ExternalReferenceForbidden(context, base, sysid, pubid)


#: The elements that hold a value as text.
VALUE_TAGS = frozenset({*FIELD_TAGS, *MEMBER_TAGS, "URL"})


def value_text(element: Element) -> str:
    """A value element's text as the API reads it: its own text, not the text of elements inside it
    (``<NAME>Spring <I>blast</I></NAME>`` reads ``Spring ``; ``<TEXT>a<BR/>b</TEXT>`` reads ``ab``)."""
    if not len(element):
        return element.text or ""
    return "".join([element.text or "", *(child.tail or "" for child in element)])


def read(data: bytes | str, profile: Profile = DEFAULT_PROFILE) -> Parsed:
    """Read an XML request."""
    if isinstance(data, bytes) and data.startswith(codecs.BOM_UTF8):
        marked = by_utf8_mark(data)
        if isinstance(marked, str):
            return read(marked, profile)
        if marked is not None:
            return Parsed("xml", failure=marked)
    if isinstance(data, bytes) and data.startswith(b"<?xml") and shifting(data):
        decoded = by_declaration(data)
        if isinstance(decoded, str):
            return read(decoded, profile)
        if decoded is not None:
            return Parsed("xml", failure=decoded)
    try:
        root, positions, marks, comments = parse(data, profile)
    except ParseError as exc:
        renamed = by_another_name(data) if isinstance(data, bytes) else None
        if renamed is not None:
            return read(renamed, profile) if isinstance(renamed, str) else Parsed("xml", failure=renamed)
        line, column = exc.position
        message = str(exc).split(": line ")[0]
        return Parsed("xml", failure=Failure("syntax", message, _first(Location(line, column + 1), _marked(data))))
    except Stop as exc:
        return Parsed("xml", failure=exc.failure)
    except (LookupError, UnicodeError, ValueError) as exc:
        # an unknown or unsupported declared encoding: expat raises these instead of a ParseError
        decoded = None
        if isinstance(data, bytes):
            decoded = by_another_name(data)
            if decoded is None and "multi-byte" in str(exc):
                decoded = by_declaration(data)
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
