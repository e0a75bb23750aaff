"""Structure checks: the shipped schemas, run on the form a request was read in.

The XSD checks the XML form (:mod:`mmsvalidate.structure.xsd`), ``request.schema.json`` the JSON
form and ``query.schema.json`` the query form's parameters (:mod:`mmsvalidate.structure.jsonwalk`, imported
by the first request in those forms).
Each schema names the code its failures map to (``xs:appinfo`` / ``x-error-code``); unknown names
become MV101 with a did-you-mean. Loading the schemas lives in :mod:`mmsvalidate.structure.shipped`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from mmsvalidate.diagnostic import Hit
from mmsvalidate.model import SLOTS
from mmsvalidate.readers.base import Parsed
from mmsvalidate.readers.xml import XmlDocument, XsdValid
from mmsvalidate.structure import xsd
from mmsvalidate.structure.shipped import JSON_SCHEMA, QUERY_SCHEMA, XSD, UnknownNames, schema_json, schema_text

__all__ = ["JSON_SCHEMA", "QUERY_SCHEMA", "XSD", "check", "schema_text"]


def check(parsed: Parsed, *, compiled: bool = True) -> Iterator[tuple[str, Hit]]:
    """Run the form's schema; yield ``(code, hit)`` for each failure.

    ``compiled`` lets a compiled validator answer first for documents read from JSON text or a
    query string (see :func:`mmsvalidate.structure.jsonwalk.check`).
    """
    if parsed.form == "xml" and isinstance(parsed.document, XsdValid):
        return  # the XSD itself found the document valid (the lxml reader's fast path)
    if parsed.form == "xml" and isinstance(parsed.document, XmlDocument):
        yield from xsd.check(parsed.document)
    elif parsed.form in ("json", "query") and isinstance(parsed.document, Mapping):
        from mmsvalidate.structure import jsonwalk  # loaded by the first JSON or query request, not by an XML one

        name, known = (JSON_SCHEMA, _json_known) if parsed.form == "json" else (QUERY_SCHEMA, _query_known)
        if compiled and jsonwalk.valid(name, parsed.document):
            return  # the common case answered first, before anything is set up to explain a failure
        label = "'{}'" if parsed.form == "json" else "{}"
        unknown_name = UnknownNames()

        def unknown(path: tuple[object, ...], key: str) -> tuple[str, str]:
            number = _slide_number(key) if unknown_name.budget > 0 else "#"
            names = [n.replace("#", number) for n in known(path)] if unknown_name.budget > 0 else []
            # a query parameter's name as written (a JSON key is written as its pointer says: no lookup)
            written = (parsed.where(jsonwalk.pointer((*path, key))).param if parsed.form == "query" else None) or key
            where = (
                f"at '{jsonwalk.pointer(path)}'"
                if path
                else "as a JSON key"
                if parsed.form == "json"
                else "as a parameter"
            )
            return unknown_name(written, names, where, label)

        yield from jsonwalk.check(name, parsed.document, unknown, compiled=False)  # already asked, above


def _slide_number(key: str) -> str:
    """The slide number a parameter name ends with, written as the API takes it (``1.0``, ``01``: ``1``; else ``0``)."""
    number = key.rsplit("_", 1)[-1]
    if re.fullmatch(r"0|[1-9][0-9]*", number):
        return number
    found = re.fullmatch(r"0*([0-9]{1,6})(?:\.0*)?", number)
    return str(int(found[1])) if found else "0"


def _json_known(path: tuple[object, ...]) -> tuple[str, ...]:
    if path and path[0] == "slides":
        return (*SLOTS, "text", "duration")
    return tuple(schema_json(JSON_SCHEMA)["properties"])


def _query_known(path: tuple[object, ...]) -> tuple[str, ...]:
    schema = schema_json(QUERY_SCHEMA)
    kinds = (*(f"{slot}_url" for slot in SLOTS), "text_value", "duration")
    return (*schema["properties"], *(f"slide_{kind}_#" for kind in kinds))
