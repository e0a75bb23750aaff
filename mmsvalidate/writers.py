"""The model written back out in each form: XML body, query string, JSON.

Reading what is written gives the same model, except that an empty slide is written as an
empty text (the query form has no other way to say a slide exists). ``ignore`` writes a
suppression of those codes in the form's own way (see ``settings/suppressions.py``). XML 1.0
cannot carry some control characters at all, even escaped: :func:`xml_unwritable` finds them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from urllib.parse import quote_plus
from xml.sax.saxutils import escape

from mmsvalidate.model import FIELDS, SLOTS, Request, Slide

#: The order of fields in the spec's template; slides go between NAME and FALLBACKSMSTEXT.
_BEFORE_SLIDES = FIELDS[: FIELDS.index("name") + 1]
_AFTER_SLIDES = FIELDS[FIELDS.index("name") + 1 :]


#: Characters XML 1.0 cannot carry, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Characters a query value keeps as they are (RFC 3986 allows them in a query), besides letters, digits and
#: ``_.-~``: so URLs stay readable, as the spec prints its example. ``&=+#%?`` and the rest are encoded.
QUERY_SAFE = "/:@!$'()*,;"


def _values(request: Request) -> Iterator[tuple[str, str]]:
    """Every value of the request with its model pointer."""
    for field in FIELDS:
        value = request.get(field)
        if value is not None:
            yield f"/{field}", value
    for number, slide in enumerate(request.slides):
        for name in (*SLOTS, "text", "duration"):
            value = getattr(slide, name)
            if value is not None:
                yield f"/slides/{number}/{name}", value


def xml_unwritable(request: Request) -> Iterator[tuple[str, str]]:
    """``(pointer, character)`` for each value holding a character XML 1.0 cannot carry (the first one)."""
    for pointer, value in _values(request):
        found = _NOT_XML.search(value)
        if found is not None:
            yield pointer, found[0]


_SURROGATE = re.compile("[\ud800-\udfff]")


def unwritable(request: Request, form: str) -> Iterator[tuple[str, str]]:
    """``(pointer, character)`` for each value holding a character ``form`` cannot carry (the first one):
    for XML what XML 1.0 refuses, for the query form a lone surrogate (no percent-encoding of UTF-8 holds
    one); JSON escapes both."""
    if form == "xml":
        yield from xml_unwritable(request)
    elif form == "query":
        for pointer, value in _values(request):
            found = _SURROGATE.search(value)
            if found is not None:
                yield pointer, found[0]


def _suppression(ignore: Sequence[str]) -> str:
    return f"mmsvalidate: ignore[{', '.join(ignore)}]"


def _xml_text(value: str) -> str:
    return escape(value).replace("\r", "&#13;")


def to_xml(request: Request, *, ignore: Sequence[str] = ()) -> str:
    """The XML body (check :func:`xml_unwritable` first: such characters make it ill-formed)."""
    lines = ["<REQUEST>"]
    if ignore:
        lines.append(f"    <!-- {_suppression(ignore)} -->")

    def fields(names: tuple[str, ...]) -> None:
        for field in names:
            value = request.get(field)
            if value is not None:
                tag = field.upper()
                lines.append(f"    <{tag}>{_xml_text(value)}</{tag}>")

    fields(_BEFORE_SLIDES)
    for slide in request.slides:
        lines.append("    <SLIDE>")
        for slot in SLOTS:
            url = getattr(slide, slot)
            if url is not None:
                lines.append(f"        <{slot.upper()}><URL>{_xml_text(url)}</URL></{slot.upper()}>")
        text = "" if slide == Slide() else slide.text
        if text is not None:
            lines.append(f"        <TEXT>{_xml_text(text)}</TEXT>")
        if slide.duration is not None:
            lines.append(f"        <DURATION>{_xml_text(slide.duration)}</DURATION>")
        lines.append("    </SLIDE>")
    fields(_AFTER_SLIDES)
    lines.append("</REQUEST>")
    return "\n".join(lines) + "\n"


def _slide_params(number: int, slide: Slide) -> list[tuple[str, str]]:
    params = [(f"slide_{slot}_url_{number}", getattr(slide, slot)) for slot in SLOTS]
    text = "" if slide == Slide() else slide.text
    params += [(f"slide_text_value_{number}", text), (f"slide_duration_{number}", slide.duration)]
    return [(name, value) for name, value in params if value is not None]


def query_params(request: Request) -> list[tuple[str, str]]:
    """The GET/POST parameters, in the spec's order."""
    params = [(field, request.get(field)) for field in _BEFORE_SLIDES]
    for number, slide in enumerate(request.slides):
        params += _slide_params(number, slide)
    params += [(field, request.get(field)) for field in _AFTER_SLIDES]
    return [(name, value) for name, value in params if value is not None]


def to_query(request: Request, *, multiline: bool = False, ignore: Sequence[str] = ()) -> str:
    """The query string; ``multiline`` breaks it before each ``&`` as the spec prints it."""
    joiner = "\n&" if multiline else "&"
    query = joiner.join(f"{name}={quote_plus(value, safe=QUERY_SAFE)}" for name, value in query_params(request))
    return (f"# {_suppression(ignore)}\n" if ignore else "") + query + "\n"


def to_json_object(request: Request) -> dict[str, object]:
    """The JSON form as a dict."""
    document: dict[str, object] = {f: request.get(f) for f in _BEFORE_SLIDES if request.get(f) is not None}
    slides = []
    for slide in request.slides:
        item: dict[str, object] = {s: getattr(slide, s) for s in (*SLOTS, "text", "duration")}
        slides.append({k: v for k, v in item.items() if v is not None} or {"text": ""})
    document["slides"] = slides
    document.update({f: request.get(f) for f in _AFTER_SLIDES if request.get(f) is not None})
    return document


def to_json(request: Request, *, ignore: Sequence[str] = ()) -> str:
    """The JSON form as text."""
    document = to_json_object(request)
    if ignore:
        document = {"$mmsvalidate": {"ignore": list(ignore)}, **document}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


WRITERS = {"xml": to_xml, "query": to_query, "json": to_json}
