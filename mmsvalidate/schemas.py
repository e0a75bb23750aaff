"""The shipped schemas: loaded once, run on a read request, and each failure mapped to a code.

The XSD checks the XML form, ``request.schema.json`` the JSON form and ``query.schema.json`` the
query form's parameters. Each schema names the code its failures map to (``xs:appinfo`` /
``x-error-code``); unknown names become MV101 with a did-you-mean.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree

from mmsvalidate.diagnostic import Hit
from mmsvalidate.model import SLOTS
from mmsvalidate.readers.base import Parsed
from mmsvalidate.readers.xml import FIELD_TAGS, MEMBER_TAGS, SLOT_TAGS, XmlDocument

XSD = "request.xsd"
JSON_SCHEMA = "request.schema.json"
QUERY_SCHEMA = "query.schema.json"
_XS = "{http://www.w3.org/2001/XMLSchema}"
_MV = "{urn:mmsvalidate:annotations}"

#: Element names allowed inside each element, for did-you-mean.
XML_CHILDREN = {
    "REQUEST": (*FIELD_TAGS, "SLIDE"),
    "SLIDE": (*SLOT_TAGS, *MEMBER_TAGS),
    **{slot: ("URL",) for slot in SLOT_TAGS},
}

T = TypeVar("T")
_lock = threading.RLock()


def once(build: Callable[..., T]) -> Callable[..., T]:
    """Cache ``build``'s result per arguments, building each at most once even across threads."""
    cached = functools.cache(build)

    def get(*args: Any) -> T:
        with _lock:
            return cached(*args)

    return functools.wraps(build)(get)


def schema_path(name: str) -> Path:
    """Path of a shipped schema: inside the installed package, else the source tree's ``schemas/``."""
    packaged = resources.files("mmsvalidate") / "schemas" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "schemas" / name


def schema_text(name: str) -> str:
    """The text of a shipped schema."""
    return schema_path(name).read_text(encoding="utf-8")


@once
def _xsd() -> Any:
    import xmlschema

    return xmlschema.XMLSchema10(str(schema_path(XSD)))


@once
def xsd_codes() -> dict[str, str]:
    """The code each XSD element declaration maps to, by element name (from ``xs:appinfo``)."""
    root = ElementTree.fromstring(schema_text(XSD))
    types = {}
    for complex_type in root.iter(f"{_XS}complexType"):
        code = complex_type.find(f"{_XS}annotation/{_XS}appinfo/{_MV}code")
        if code is not None and code.text:
            types[complex_type.get("name")] = code.text
    codes = {}
    for element in root.iter(f"{_XS}element"):
        code = element.find(f"{_XS}annotation/{_XS}appinfo/{_MV}code")
        name = element.get("name")
        if name is None:
            continue
        if code is not None and code.text:
            codes[name] = code.text
        elif element.get("type") in types:
            codes[name] = types[str(element.get("type"))]
    return codes


@once
def json_validator(name: str) -> Any:
    """A compiled validator for a shipped JSON Schema."""
    import jsonschema

    schema = json.loads(schema_text(name))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def suggest(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name``, if any is close."""
    known = list(known)
    for candidate in known:
        if candidate.lower() == name.lower():
            return candidate
    close = difflib.get_close_matches(name.lower(), [k.lower() for k in known], n=1, cutoff=0.75)
    if not close:
        return None
    return next(k for k in known if k.lower() == close[0])


def _unknown(name: str, known: Iterable[str], where: str, label: str) -> tuple[str, str]:
    guess = suggest(name, known)
    hint = f"; did you mean {label.format(guess)}?" if guess else ""
    return label.format(name), f"not part of a sendMMS request {where}{hint}"


def check(parsed: Parsed) -> Iterator[tuple[str, Hit]]:
    """Run the form's schema; yield ``(code, hit)`` for each failure."""
    if parsed.form == "xml" and isinstance(parsed.document, XmlDocument):
        yield from _check_xml(parsed.document)
    elif parsed.form == "json" and isinstance(parsed.document, Mapping):
        yield from _check_json(parsed, JSON_SCHEMA, _json_known)
    elif parsed.form == "query" and isinstance(parsed.document, Mapping):
        yield from _check_json(parsed, QUERY_SCHEMA, _query_known)


_SPACE = " \t\n\r"


def _blank(text: str | None) -> bool:
    return text is None or not text.strip(_SPACE)


def xsd_valid_fast(root: ElementTree.Element) -> bool:
    """Whether the tree is valid against ``request.xsd``, without building the XSD.

    Mirrors the schema exactly: no attributes; REQUEST and SLIDE hold only their declared
    children and no text; each content slot holds exactly one URL; value elements hold text only.
    A test checks the verdict equals xmlschema's on the corpus and on generated requests; the
    caller runs the full XSD whenever this says no, so findings always come from xmlschema.
    """
    if root.tag != "REQUEST" or root.attrib or not _blank(root.text):
        return False
    for child in root:
        if child.attrib or not _blank(child.tail):
            return False
        if child.tag == "SLIDE":
            if not _blank(child.text):
                return False
            for member in child:
                if member.attrib or not _blank(member.tail) or member.tag not in XML_CHILDREN["SLIDE"]:
                    return False
                if member.tag in SLOT_TAGS:
                    if len(member) != 1 or not _blank(member.text) or not _value_ok(member[0], "URL"):
                        return False
                elif len(member):
                    return False
        elif child.tag not in FIELD_TAGS or len(child):
            return False
    return True


def _value_ok(element: ElementTree.Element, tag: str) -> bool:
    return element.tag == tag and not element.attrib and not len(element) and _blank(element.tail)


def _check_xml(document: XmlDocument) -> Iterator[tuple[str, Hit]]:
    if xsd_valid_fast(document.root):
        return
    codes = xsd_codes()
    for error in _xsd().iter_errors(document.root):
        element = error.elem if error.elem is not None else document.root
        where = document.positions.get(id(element))
        pointer = document.pointers.get(id(element), error.path or "")
        reason = error.reason or ""
        child = getattr(error, "invalid_child", None)
        if child is not None:
            known = XML_CHILDREN.get(element.tag, ())
            if child.tag in known:
                continue  # a repeat: the reader records it and MV102 reports it
            x, detail = _unknown(child.tag, known, f"in <{element.tag}>", "<{}>")
            yield "MV101", Hit(f"{pointer}/{child.tag}", x, detail, document.positions.get(id(child)))
        elif "attribute" in reason and "not allowed" in reason:
            names = [n for n in element.attrib if n in reason] or list(element.attrib)
            yield "MV111", Hit(pointer, f"attribute '{names[0]}' on <{element.tag}>", reason, where)
        elif "character data" in reason:
            yield "MV111", Hit(pointer, f"text in <{element.tag}>", "text is allowed only in the value elements", where)
        else:
            code = codes.get(element.tag, "E100")
            yield code, Hit(pointer, None, f"<{element.tag}>: {reason}", where)


def _json_known(path: tuple[object, ...]) -> tuple[str, ...]:
    if len(path) >= 2 and path[0] == "slides":
        return (*SLOTS, "text", "duration")
    schema = json_validator(JSON_SCHEMA).schema
    return tuple(schema["properties"])


def _query_known(path: tuple[object, ...]) -> tuple[str, ...]:
    schema = json_validator(QUERY_SCHEMA).schema
    kinds = (*(f"{slot}_url" for slot in SLOTS), "text_value", "duration")
    return (*schema["properties"], *(f"slide_{kind}_#" for kind in kinds))


def _pointer(path: Iterable[object]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


#: The JSON Schema keywords :func:`json_valid_fast` understands; annotations are ignored.
FAST_KEYWORDS = frozenset(
    {"type", "properties", "patternProperties", "additionalProperties", "required", "items", "$ref"}
)
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})


def _is(instance: object, kind: str) -> bool:
    if kind == "string":
        return isinstance(instance, str)
    if kind == "integer":
        return (isinstance(instance, int) and not isinstance(instance, bool)) or (
            isinstance(instance, float) and instance.is_integer()
        )
    if kind == "boolean":
        return isinstance(instance, bool)
    if kind == "null":
        return instance is None
    if kind == "array":
        return isinstance(instance, list)
    if kind == "object":
        return isinstance(instance, Mapping)
    return False


def _supported(schema: object) -> bool:
    if isinstance(schema, list):
        return all(_supported(item) for item in schema)
    if not isinstance(schema, Mapping):
        return True
    keywords = {k for k in schema if not k.startswith("x-")} - _ANNOTATIONS
    if not keywords <= FAST_KEYWORDS:
        return False
    nested = [sub for k in ("properties", "patternProperties", "$defs") for sub in schema.get(k, {}).values()]
    return all(_supported(sub) for sub in nested) and ("items" not in schema or _supported(schema["items"]))


@once
def _fast_schema(name: str) -> Mapping[str, Any] | None:
    schema = json_validator(name).schema
    return schema if _supported(schema) else None


def json_valid_fast(name: str, instance: object) -> bool | None:
    """Whether ``instance`` is valid against a shipped JSON Schema, by a direct walk of the few
    keywords it uses, or ``None`` if the schema uses others. A test checks the verdict equals
    jsonschema's on the corpus and on generated documents."""
    root = _fast_schema(name)
    return None if root is None else _fast(root, root, instance)


def _fast(root: Mapping[str, Any], schema: Mapping[str, Any], instance: object) -> bool:
    if "$ref" in schema and not _fast(root, _resolve(root, schema["$ref"]), instance):
        return False
    kinds = schema.get("type")
    if kinds is not None and not any(_is(instance, k) for k in ([kinds] if isinstance(kinds, str) else kinds)):
        return False
    if isinstance(instance, Mapping):
        if any(key not in instance for key in schema.get("required", ())):
            return False
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, value in instance.items():
            matched = False
            if key in properties:
                matched = True
                if not _fast(root, properties[key], value):
                    return False
            for pattern, subschema in patterns.items():
                if re.search(pattern, key):
                    matched = True
                    if not _fast(root, subschema, value):
                        return False
            if not matched and schema.get("additionalProperties") is False:
                return False
    if isinstance(instance, list) and "items" in schema:
        return all(_fast(root, schema["items"], item) for item in instance)
    return True


def _check_json(
    parsed: Parsed, name: str, known: Callable[[tuple[object, ...]], tuple[str, ...]]
) -> Iterator[tuple[str, Hit]]:
    if json_valid_fast(name, parsed.document):
        return
    validator = json_validator(name)
    label = "'{}'" if parsed.form == "json" else "{}"
    for error in validator.iter_errors(parsed.document):
        path = tuple(error.absolute_path)
        base = _pointer(path)
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            allowed = set(schema.get("properties", {}))
            patterns = list(schema.get("patternProperties", {}))
            for key in error.instance:
                if key in allowed or any(_matches(p, key) for p in patterns):
                    continue
                number = key.rsplit("_", 1)[-1]
                names = [n.replace("#", number) for n in known((*path, key))]
                written = parsed.where(f"{base}/{key}").param or key
                where = f"at '{base}'" if path else "as a JSON key" if parsed.form == "json" else "as a parameter"
                x, detail = _unknown(written, names, where, label)
                yield "MV101", Hit(f"{base}/{key}", x, detail)
        elif error.validator == "required" and isinstance(error.instance, Mapping):
            codes = schema.get("x-required-codes", {})
            for key in error.validator_value:
                if key not in error.instance:
                    yield codes.get(key, "E100"), Hit(f"{base}/{key}", None, f"{key.upper()} is missing")
        else:
            code = _nearest_code(validator.schema, error)
            yield code, Hit(base, None, f"{base or 'the request'}: {error.message}")


def _matches(pattern: str, key: str) -> bool:
    return re.search(pattern, key) is not None


def _nearest_code(root: Mapping[str, Any], error: Any) -> str:
    """The ``x-error-code`` of the failing subschema or its nearest annotated ancestor, through ``$ref``."""
    node: Any = root
    code = str(root.get("x-error-code", "E100"))
    for part in error.absolute_schema_path:
        while isinstance(node, Mapping) and part not in node and isinstance(node.get("$ref"), str):
            node = _resolve(root, node["$ref"])
            code = str(node.get("x-error-code", code))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and "x-error-code" in node:
            code = str(node["x-error-code"])
    return code


def _resolve(root: Mapping[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
