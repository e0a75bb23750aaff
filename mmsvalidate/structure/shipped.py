"""The shipped schemas: where they are, loading them once, and the codes they name."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from xml.etree import ElementTree

from mmsvalidate.diagnostic import clip
from mmsvalidate.files import schema_path as schema_path
from mmsvalidate.text import lowered

XSD = "request.xsd"
JSON_SCHEMA = "request.schema.json"
QUERY_SCHEMA = "query.schema.json"
_XS = "{http://www.w3.org/2001/XMLSchema}"
_MV = "{urn:mmsvalidate:annotations}"

T = TypeVar("T")
_lock = threading.RLock()


def once(build: Callable[..., T]) -> Callable[..., T]:
    """Cache ``build``'s result per arguments, building each at most once even across threads."""
    cached = functools.cache(build)

    def get(*args: Any) -> T:
        with _lock:
            return cached(*args)

    return functools.wraps(build)(get)


def schema_text(name: str) -> str:
    """The text of a shipped schema (through importlib.resources when the package is in an archive)."""
    try:
        with open(schema_path(name), encoding="utf-8") as schema:
            return schema.read()
    except FileNotFoundError:
        from importlib import resources

        return (resources.files("mmsvalidate") / "schemas" / name).read_text(encoding="utf-8")


@once
def schema_json(name: str) -> Any:
    """A shipped JSON Schema, parsed once."""
    import json

    return json.loads(schema_text(name))


@once
def xsd_root() -> ElementTree.Element:
    """The shipped XSD's tree, parsed once (what the structure walk and :func:`xsd_codes` read)."""
    return ElementTree.fromstring(schema_text(XSD))


def _code_of(declaration: ElementTree.Element) -> ElementTree.Element | None:
    """A declaration's ``xs:annotation/xs:appinfo/mv:code`` (the first), or ``None``."""
    for annotation in declaration:
        if annotation.tag == f"{_XS}annotation":
            for appinfo in annotation:
                if appinfo.tag == f"{_XS}appinfo":
                    for code in appinfo:
                        if code.tag == f"{_MV}code":
                            return code
    return None


@once
def xsd_codes() -> dict[str, str]:
    """The code each XSD element declaration maps to, by element name (from ``xs:appinfo``)."""
    root = xsd_root()
    types = {}
    for complex_type in root.iter(f"{_XS}complexType"):
        code = _code_of(complex_type)
        if code is not None and code.text:
            types[complex_type.get("name")] = code.text
    codes = {}
    for element in root.iter(f"{_XS}element"):
        code = _code_of(element)
        name = element.get("name")
        if name is None:
            continue
        if code is not None and code.text:
            codes[name] = code.text
        elif element.get("type") in types:
            codes[name] = types[str(element.get("type"))]
    return codes


#: Names longer than this get no did-you-mean: no known name is close, and comparing costs their length squared.
SUGGEST_LENGTH = 64


def suggest(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name``, if any is close (bounded: long names and candidates are skipped)."""
    if len(name) > SUGGEST_LENGTH:
        return None
    return _closest(name, tuple(k for k in known if len(k) <= SUGGEST_LENGTH))


@functools.lru_cache(maxsize=256)
def _closest(name: str, known: tuple[str, ...]) -> str | None:
    """:func:`suggest`'s answer, kept per process (bounded): requests repeat the same mistakes."""
    for candidate in known:
        if candidate.lower() == name.lower():
            return candidate
    import difflib

    close = difflib.get_close_matches(name.lower(), [k.lower() for k in known], n=1, cutoff=0.75)
    if not close:
        return None
    return next(k for k in known if k.lower() == close[0])


#: Unknown names per request that get a did-you-mean; later ones are reported without one, so
#: thousands of unknown names cost no more than reporting them.
SUGGESTIONS = 100


class UnknownNames:
    """MV101 texts for one request's unknown names: the first :data:`SUGGESTIONS` with a did-you-mean."""

    def __init__(self, budget: int = SUGGESTIONS) -> None:
        self.budget = budget

    def __call__(self, name: str, known: Iterable[str], where: str, label: str) -> tuple[str, str]:
        self.budget -= 1
        return unknown_name(name, known if self.budget >= 0 else (), where, label)


def unknown_name(name: str, known: Iterable[str], where: str, label: str) -> tuple[str, str]:
    """The ``(x, detail)`` of an MV101 for ``name``, with the closest of ``known`` as a did-you-mean.

    The name itself, as written, is never offered back.
    """
    guess = suggest(name, known)
    if guess is not None and guess == lowered(name) and label == "{}":
        guess = None  # query names are read in any case: the same name in other case is no help
    hint = f"; did you mean {label.format(guess)}?" if guess else ""
    shown = label.format(clip(name)) if name else "''"  # a parameter without a name (``=x``, an empty CSV header)
    return shown, f"not part of a sendMMS request {clip(where)}{hint}"
