"""Telling a file that is clearly not a sendMMS request (``package.json``, ``pom.xml``, ``notes.txt``).

Used by ``check --skip-non-requests`` (the pre-commit hook), so a repository's other XML, JSON and
text files pass. A file is taken for a request when anything in it says sendMMS: the word itself,
a ``REQUEST`` root or a sendMMS element (``API_KEY``, ``SLIDE``, ...), an ``action`` or ``slides``
key, or a sendMMS parameter (``api_key=``, ``slide_text_value_0=``, ...). A mistyped request keeps
one of these, so it is still checked, and fails.
"""

from __future__ import annotations

import codecs
import re

_NAMES = "api_key|campaignref|operatorid|fallbacksmstext|disablefallbacksmslink|mmslink_expiration_date|from_mask"
_MARKERS = re.compile(
    "sendmms"
    rf"|<\s*(?:request|slide|{_NAMES})[\s/>]"
    rf'|"(?:action|slides|{_NAMES})"\s*:'
    rf"|(?:^|[?&])[ \t]*(?:{_NAMES}|slide_[a-z]+_[a-z0-9_.+-]*)[ \t]*=",
    re.IGNORECASE | re.MULTILINE,
)
_BOMS = (
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
    return _MARKERS.search(_text(content)) is not None
