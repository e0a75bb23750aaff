"""The XML form's structure check: the content models of ``request.xsd``, walked directly.

The XSD's subset is small: repeatable choices of named elements (REQUEST, SLIDE), a sequence of
exactly one element (a content slot's URL), text-only value elements, and no attributes. Those
models are read from the XSD itself and walked without building a schema object. xmlschema (the test
extra) is the reference: tests prove both give the same verdict on the corpus and on generated documents,
and that the shipped XSD is walked. Its errors are not the findings at run time: on the corpus they lose the
did-you-mean of 7 of 118 XML requests and cost 3.6x the walk (``python bench/structure_engines.py``); an
edited XSD that uses more than the walk reads is checked with xmlschema when it is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple
from xml.etree import ElementTree

from mmsvalidate.diagnostic import Hit, clip
from mmsvalidate.readers.xml import VALUE_TAGS, XmlDocument, value_text
from mmsvalidate.structure.shipped import XSD, UnknownNames, once, schema_path, xsd_codes, xsd_root

_XS = "{http://www.w3.org/2001/XMLSchema}"
_SPACE = " \t\n\r"


class Model(NamedTuple):
    """A complex element's content: the child names it takes, and whether exactly one of them."""

    children: tuple[str, ...]
    exactly_one: bool


def _content(complex_type: ElementTree.Element) -> Model | None:
    parts = [c for c in complex_type if c.tag != f"{_XS}annotation"]
    if len(parts) != 1 or complex_type.get("mixed") in ("true", "1"):
        return None
    group = parts[0]
    elements = [e for e in group if e.tag != f"{_XS}annotation"]
    if any(e.tag != f"{_XS}element" or not e.get("name") or not e.get("type") for e in elements):
        return None
    if any(e.get("minOccurs") or e.get("maxOccurs") for e in elements):
        return None
    names = tuple(str(e.get("name")) for e in elements)
    if group.tag == f"{_XS}choice" and group.get("minOccurs") == "0" and group.get("maxOccurs") == "unbounded":
        return Model(names, exactly_one=False)
    if group.tag == f"{_XS}sequence" and len(names) == 1 and not group.get("minOccurs") and not group.get("maxOccurs"):
        return Model(names, exactly_one=True)
    return None


@once
def models() -> dict[str, Model | None] | None:
    """Each element name's content model (``None`` for a text-only element), or ``None`` when the
    XSD uses more than this walk understands."""
    root = xsd_root()
    if any(e.tag.endswith(("attribute", "attributeGroup", "any", "anyAttribute", "group", "all")) for e in root.iter()):
        return None
    complex_types = {t.get("name"): _content(t) for t in root.findall(f"{_XS}complexType")}
    simple_types = {t.get("name") for t in root.findall(f"{_XS}simpleType")}
    if None in complex_types.values():
        return None
    for simple in root.findall(f"{_XS}simpleType"):
        restriction = simple.find(f"{_XS}restriction")
        if restriction is None or restriction.get("base") != "xs:string" or len(restriction):
            return None
    found: dict[str, Model | None] = {}
    for element in root.iter(f"{_XS}element"):
        name, kind = element.get("name"), element.get("type")
        if name is None or (kind not in complex_types and kind not in simple_types):
            return None
        model = complex_types.get(kind)
        if name in found and found[name] != model:
            return None  # one name, two types: more than a by-name walk can tell apart
        found[name] = model
    return found


def _attributes(element: ElementTree.Element) -> str:
    """An element's attributes, named (the first three) and counted: one finding however many there are."""
    names = [f"'{clip(name)}'" for name in list(element.attrib)[:3]]
    more = len(element.attrib) - len(names)
    if len(names) == 1:
        return f"attribute {names[0]} on <{clip(element.tag)}>"
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if not more else ", ".join(names) + f" and {more:,} more"
    return f"attributes {listed} on <{clip(element.tag)}>"


def _blank(text: str | None) -> bool:
    return text is None or not text.strip(_SPACE)


def _tails(element: ElementTree.Element) -> bool:
    """Whether text follows any child of ``element`` (one loop, no call per child)."""
    for child in element:
        tail = child.tail
        if tail is not None and tail.strip(_SPACE):
            return True
    return False


def markup(element: ElementTree.Element, pointer: str, document: XmlDocument) -> Hit:
    """MV116 for a value element holding elements: located at the first of them, with the text the API reads
    (the element's own text, without the elements inside it and their text)."""
    names = list(dict.fromkeys(f"<{clip(child.tag)}>" for child in element))
    listed = ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")
    read = clip(value_text(element))
    detail = f"{listed} inside it; the API reads {read!r}"
    return Hit(pointer, f"<{clip(element.tag)}>", detail, document.positions.get(id(element[0])))


def check(document: XmlDocument) -> Iterator[tuple[str, Hit]]:
    """The structure findings of an XML request: ``(code, hit)`` for each."""
    known = models()
    if known is None:
        yield from _check_with_xmlschema(document)
        return
    codes = xsd_codes()
    unknown_name = UnknownNames()
    pointers = document.pointers
    stack = [document.root]
    while stack:
        element = stack.pop()
        pointer = pointers.get(id(element))
        if pointer is None:
            pointer = f"/{element.tag}"
        where = document.positions.get(id(element))
        if element.attrib:
            yield "MV111", Hit(pointer, _attributes(element), "no element takes attributes", where)
        model = known.get(element.tag)
        if model is None:
            if len(element):
                yield "MV116", markup(element, pointer, document)
            continue
        if not _blank(element.text) or _tails(element):
            yield "MV111", Hit(pointer, f"text in <{element.tag}>", "text is allowed only in the value elements", where)
        taken = 0
        for child in element:
            if child.tag not in model.children:
                x, detail = unknown_name(child.tag, model.children, f"in <{element.tag}>", "<{}>")
                yield "MV101", Hit(f"{pointer}/{child.tag}", x, detail, document.positions.get(id(child)))
                continue
            taken += 1
            if model.exactly_one and taken > 1:
                continue  # a repeat: the reader records it and MV102 reports it
            stack.append(child)
        if model.exactly_one and not taken:
            detail = f"<{element.tag}> has no <{model.children[0]}>"
            yield codes.get(element.tag, "E100"), Hit(pointer, None, detail, where)


@once
def xmlschema_schema() -> Any:
    """The XSD built by xmlschema: the reference the walk is tested against, and its fallback."""
    try:
        import xmlschema
    except ImportError as exc:  # the shipped XSD is walked: only an edited one needs the library
        raise ImportError(f"request.xsd uses more than the walk reads; pip install xmlschema ({exc})") from exc

    return xmlschema.XMLSchema10(str(schema_path(XSD)))


def _check_with_xmlschema(document: XmlDocument) -> Iterator[tuple[str, Hit]]:
    codes = xsd_codes()
    for error in xmlschema_schema().iter_errors(document.root):
        element = error.elem if error.elem is not None else document.root
        where = document.positions.get(id(element))
        pointer = document.pointers.get(id(element), f"/{element.tag}")
        child = getattr(error, "invalid_child", None)
        if child is not None:
            yield (
                "MV101",
                Hit(f"{pointer}/{child.tag}", f"<{child.tag}>", error.reason, document.positions.get(id(child))),
            )
        elif len(element) and element.tag in VALUE_TAGS:
            yield "MV116", markup(element, pointer, document)
        else:
            yield codes.get(element.tag, "E100"), Hit(pointer, None, f"<{element.tag}>: {error.reason}", where)
