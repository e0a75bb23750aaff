"""The API's own answer: ``<RESPONSE>`` as the spec shows it, for a stub server or a test.

A request with an error gets the failure response for its first error (``STATUS``, ``ERRORCODE``,
``TO``, ``ERRORINFO``); one without gets the success response without the ``MMSID`` and
``TRACKINGID`` that only the API can assign. ``TO`` is left out when the request has none. One
file gives one ``<RESPONSE>`` document; several are wrapped, each in ``<FILE PATH="…">`` under
``<RESPONSES>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

from mmsvalidate.formats import Checked, xml_safe

#: The spec's STATUSDETAILS of a successful request.
ACCEPTED = "MMS request accepted and queued for delivery"


def response(result: Checked) -> ElementTree.Element:
    """The ``<RESPONSE>`` element the API would answer ``result``'s request with."""
    root = ElementTree.Element("RESPONSE")

    def add(tag: str, text: str | None) -> None:
        if text is not None:
            ElementTree.SubElement(root, tag).text = xml_safe(text)

    first = result.report.first_error
    if first is None:
        add("STATUS", "Success")
        add("TO", result.to)
        add("STATUSDETAILS", ACCEPTED)
    else:
        add("STATUS", "Failure")
        add("ERRORCODE", first.code)
        add("TO", result.to)
        add("ERRORINFO", first.message)
    return root


def render(results: Sequence[Checked]) -> str:
    if not results:
        return ""
    if len(results) == 1:
        root = response(results[0])
    else:
        root = ElementTree.Element("RESPONSES")
        for result in results:
            ElementTree.SubElement(root, "FILE", {"PATH": xml_safe(result.path)}).append(response(result))
    ElementTree.indent(root, space="    ")
    return ElementTree.tostring(root, encoding="unicode") + "\n"
