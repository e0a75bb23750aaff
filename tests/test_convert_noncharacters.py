"""convert refuses to write U+FFFE and U+FFFF in XML: XML 1.0 cannot carry them, not even as references."""

from __future__ import annotations

import json

from tests.test_convert_explain import run


def test_convert_refuses_the_noncharacters_xml_cannot_carry() -> None:
    body = json.dumps({"action": "sendMMS", "to": "\ufffe", "api_key": "k", "slides": [{"text": "x\uffff"}]})
    code, out, err = run("convert", "--to", "xml", "-", input=body.encode())
    assert (code, out) == (1, "")
    assert err == (
        "mmsvalidate: -:1:23: cannot convert to XML: TO holds U+FFFE, a character XML 1.0 cannot carry\n"
        "mmsvalidate: -:1:67: cannot convert to XML: slide 1 TEXT holds U+FFFF, a character XML 1.0 cannot carry\n"
    )
