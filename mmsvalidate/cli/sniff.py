"""Telling a file that is clearly not a sendMMS request (``package.json``, ``pom.xml``, ``notes.txt``).

Used by ``check --skip-non-requests`` (the pre-commit hook), so a repository's other XML, JSON and
text files pass. A file is taken for a request when anything in it says sendMMS, read in the form the
check would read it in (its first character, as :func:`mmsvalidate.readers.detect`): the word as a value or
a name (``<ACTION>sendMMS``, ``action=sendMMS``, ``/sendMMS``; in JSON a top-level ``"sendMMS"``), not in a
sentence;
a name only sendMMS uses (``CAMPAIGNREF``, ``FALLBACKSMSTEXT``, ``slide_text_value_0``, ...); in XML a
``REQUEST`` root, or both ``API_KEY`` and ``SLIDE`` elements; in JSON two of the request's keys at the
top level, one of them ``action`` with a string, ``slides`` with a list or ``api_key`` (the others: ``to``,
``from``, ``name``, ``subject``); in a query string ``api_key`` with ``action``, ``to``, ``from``, ``name`` or
``subject``. A mistyped request keeps one of these, so it is still checked, and fails; a name other files use too
(``api_key`` in a settings file, an ``Action`` in a policy document, ``action`` in a browser extension's
manifest, a ``<request>`` inside a SOAP envelope, ``to`` and ``from`` in a translation file, the word in a
note) is not enough.
"""

from __future__ import annotations

import codecs
import re

_SPECIFIC = "campaignref|operatorid|fallbacksmstext|disablefallbacksmslink|mmslink_expiration_date|from_mask"
#: The word where a request has it: an element's text or name, a parameter's or a JSON string's value, a URL's path.
_WORD = re.compile(r"""[>="'/<]\s*sendmms""", re.IGNORECASE)
#: XML: what comes before the root element (declaration, comments, processing instructions, a DOCTYPE).
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<\s*(?:[\w.-]+:)?request[\s/>]", re.IGNORECASE)
_XML_SPECIFIC = re.compile(rf"<\s*(?:{_SPECIFIC})[\s/>]", re.IGNORECASE)
_XML_NAMES = re.compile(r"<\s*(api_key|slide)[\s/>]", re.IGNORECASE)
#: JSON: a string (a key when a colon follows, with the first character of its value), or a bracket; comments
#: (as ``tsconfig.json`` has them) are passed over. Read as tokens, so a text cut short or broken still has keys;
#: a string left open runs to the end (each token is read once: linear in the text).
_JSON_TOKENS = re.compile(
    r'"((?:[^"\\]|\\.)*+)(?:"(?:\s*:\s*(?=(.)))?|\\?\Z)|[{}\[\]]|//[^\n]*|/\*.*?(?:\*/|\Z)', re.DOTALL
)
_JSON_SPECIFIC = re.compile(rf"(?:{_SPECIFIC})\Z")
_JSON_WORD = re.compile(r"\s*(?:\S*/)?sendmms\s*\Z", re.IGNORECASE)
_JSON_NAMES = frozenset(("api_key", "to", "from", "name", "subject"))
_JSON_STRONG = frozenset(("action", "slides", "api_key"))
_QUERY_NAMES = re.compile(r"(?:^|[?&])[ \t]*([A-Za-z_][\w.+-]*)[ \t]*=", re.MULTILINE)
_QUERY_SPECIFIC = re.compile(rf"(?:{_SPECIFIC}|slide_[a-z]+_[a-z0-9_.+-]*)\Z", re.IGNORECASE)
_QUERY_OTHERS = frozenset(("action", "to", "from", "name", "subject"))
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _text(content: bytes) -> str:
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in content:
        # UTF-16 or UTF-32 without a byte order mark (an XML parser reads it from its first '<', the check too):
        # its markers are ASCII with NUL bytes between the letters
        content = content.replace(b"\x00", b"")
    return content.decode("utf-8", errors="replace")


def is_request(content: bytes) -> bool:
    """Whether anything in ``content`` says it is (or was meant to be) a sendMMS request."""
    text = _text(content)
    start = text.lstrip(" \t\r\n")[:1]
    if start in ("{", "["):
        return _json_request(text)  # the word too, at the top level only
    if _WORD.search(text):
        return True
    return _xml_request(text) if start == "<" else _query_request(text)


def _xml_request(text: str) -> bool:
    at = _PROLOG.match(text)
    if _ROOT.match(text, at.end() if at else 0) or _XML_SPECIFIC.search(text):
        return True
    return len({name.lower() for name in _XML_NAMES.findall(text)}) == 2


def _json_request(text: str) -> bool:
    """Keys of the top-level object (or of the objects in a top-level list) of the first JSON value: the request
    is one value, and a log of JSON lines is no request for what its later lines hold."""
    brackets: list[str] = []
    names: set[str] = set()
    for token in _JSON_TOKENS.finditer(text):
        whole = token.group()
        if whole in ("{", "["):
            brackets.append(whole)
        elif whole in ("}", "]"):
            if brackets:
                brackets.pop()
            if not brackets:
                break
        elif brackets == ["{"] or brackets == ["[", "{"]:
            key, value = token.group(1), token.group(2)
            if key is None:  # a comment
                continue
            if _JSON_WORD.match(key):  # a key or a string value; a schema's nested enum, a sentence are neither
                return True
            key = key.lower()
            if value is None:
                continue
            if _JSON_SPECIFIC.match(key):
                return True
            if key in _JSON_NAMES or (key == "action" and value == '"') or (key == "slides" and value == "["):
                names.add(key)
    return len(names) >= 2 and not names.isdisjoint(_JSON_STRONG)


def _query_request(text: str) -> bool:
    names = {name.lower() for name in _QUERY_NAMES.findall(text)}
    if any(_QUERY_SPECIFIC.match(name) for name in names):
        return True
    return "api_key" in names and not names.isdisjoint(_QUERY_OTHERS)
