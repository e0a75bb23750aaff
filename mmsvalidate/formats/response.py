"""The API's own answer: ``<RESPONSE>`` as the spec shows it, for a stub server, a mock or a test.

A request with an error gets the failure response (``STATUS``, ``ERRORCODE``, ``TO``,
``ERRORINFO``) for the first error the API itself would answer with: only the API's codes ever
appear, so a request refused for a project-only reason (``MV112`` past a reading limit, ``MV900``)
is answered ``E100``, as the API answers a request it can't take. Warnings never fail. A request
without errors gets the success response (``STATUS``, ``TO``, ``MMSID``, ``TRACKINGID``,
``STATUSDETAILS``), with ``MMSID`` and ``TRACKINGID`` only when given (only the API can assign
them). ``TO`` is the request's as read, without the whitespace around it (as every value is read),
left out when it has none (or only whitespace). For the ``response`` output format, one request gives
one ``<RESPONSE>`` document; several are wrapped, each in ``<FILE PATH="…">`` under ``<RESPONSES>``,
a record of a JSON Lines or CSV file named ``path:LINE`` (a campaign file without records has no
entry: no request, no answer).

Every value is written so that no line of the document is the request's: a line break (CR, LF, NEL,
U+2028, U+2029) or C1 control in ``TO`` or a path is a character reference (``&#10;``), which an XML
reader reads back as the character, so a request can't start a ``::error`` or ``path:line:col`` line
in a CI log.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.etree import ElementTree

from mmsvalidate.codes import CODES
from mmsvalidate.formats import Checked, xml_safe
from mmsvalidate.model import SPACE
from mmsvalidate.report import Report, precedence

#: The spec's STATUSDETAILS of a successful request.
ACCEPTED = "MMS request accepted and queued for delivery"
#: What the API answers a request it can't take for a reason it has no code of its own for.
INVALID = "E100"
#: What a log or a terminal may take as a line break or a control: written as character references.
_BREAKS = re.compile("[\n\r\x80-\x9f\u2028\u2029]")
#: Such a character while the document is built: U+FFFF and U+FFFE are no XML, so no value holds them.
_MARKED = re.compile("\uffff([0-9]+)\ufffe")


def _marked(text: str) -> str:
    return _BREAKS.sub(lambda found: f"\uffff{ord(found[0])}\ufffe", xml_safe(text))


def serialized(root: ElementTree.Element) -> str:
    """``root`` as text, indented as the spec prints it, every line break of a value a character reference."""
    ElementTree.indent(root, space="    ")
    return _MARKED.sub(r"&#\1;", ElementTree.tostring(root, encoding="unicode")) + "\n"


def answer(report: Report) -> tuple[str, str] | None:
    """The API's ``(ERRORCODE, ERRORINFO)`` for ``report``, or ``None`` when it would accept it.

    The first error by precedence among the API's own codes; with errors but none of the API's
    (only project codes such as ``MV112``), ``E100`` and its documented text.
    """
    errors = report.errors
    if not errors:
        return None
    vendor = [f for f in errors if f.code in CODES and CODES[f.code].vendor]
    if vendor:
        first = min(vendor, key=precedence)
        return first.code, first.message
    return INVALID, CODES[INVALID].text


def response(
    report: Report, to: str | None = None, *, mms_id: int | str | None = None, tracking_id: str | None = None
) -> ElementTree.Element:
    """The ``<RESPONSE>`` element the API would answer the request of ``report`` with.

    ``to`` overrides ``report.to``; ``mms_id`` and ``tracking_id`` go into a success response.
    """
    root = ElementTree.Element("RESPONSE")

    def add(tag: str, text: object | None) -> None:
        if text is not None:
            ElementTree.SubElement(root, tag).text = _marked(str(text))

    # the number read: blanks around it are none of it
    to = (to if to is not None else report.to or "").strip(SPACE) or None
    answered = answer(report)
    if answered is None:
        add("STATUS", "Success")
        add("TO", to)
        add("MMSID", mms_id)
        add("TRACKINGID", tracking_id)
        add("STATUSDETAILS", ACCEPTED)
    else:
        add("STATUS", "Failure")
        add("ERRORCODE", answered[0])
        add("TO", to)
        add("ERRORINFO", answered[1])
    return root


def api_response(report: Report, *, mms_id: int | str | None = None, tracking_id: str | None = None) -> str:
    """The API's ``<RESPONSE>`` document for the request of ``report``, as text indented as the spec prints it."""
    return serialized(response(report, mms_id=mms_id, tracking_id=tracking_id))


def render(results: Sequence[Checked]) -> str:
    results = [r for r in results if r.requests]
    if not results:
        return ""
    if len(results) == 1:
        root = response(results[0].report, results[0].to)
    else:
        root = ElementTree.Element("RESPONSES")
        for result in results:
            ElementTree.SubElement(root, "FILE", {"PATH": _marked(result.name)}).append(
                response(result.report, result.to)
            )
    return serialized(root)
