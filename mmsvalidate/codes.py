"""The catalogue: every code the API documents and every code of the project's own, as data.

Vendor texts are copied from the API's error tables with ``X`` (and ``$error``) as placeholders;
a test checks them against the spec. Project codes start with ``MV`` so they can never be
mistaken for the vendor's ``E`` codes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from mmsvalidate.diagnostic import Severity

_PLACEHOLDER = re.compile(r"\bX\b")


class Code:
    """Everything known about one code, in one record.

    ``offline``: an offline check can raise it; ``vendor``: the API documents it (else ``MV``, the
    project's); ``raised_by``: what raises it when no rule does; ``rank``: its place in the order the
    API is taken to check a request (:data:`PRECEDENCE`; ``None``: after those, by code); ``suppressible``:
    a request's own comment may silence it (not the codes saying it was not fully read or checked);
    ``about_request``: it is about a request's content (not the run or the report); ``online_check``: what
    the online check checks for it (``""``: it raises none); ``family`` and ``slot``: the per-kind family
    (``E33x`` too big, ``E35x`` could not copy) and the slot kind of a family member; ``judged_by_bytes``:
    an offline verdict about a URL's type that the bytes decide instead once they are read.
    """

    __slots__ = (
        "about_request",
        "code",
        "family",
        "judged_by_bytes",
        "offline",
        "online_check",
        "raised_by",
        "rank",
        "severity",
        "slot",
        "suppressible",
        "text",
        "vendor",
    )

    def __init__(
        self,
        code: str,
        text: str,
        severity: Severity = Severity.ERROR,
        *,
        offline: bool = False,
        vendor: bool = True,
        raised_by: str = "",
        rank: int | None = None,
        suppressible: bool = True,
        about_request: bool = True,
        online_check: str = "",
        family: str | None = None,
        slot: str | None = None,
        judged_by_bytes: bool = False,
    ) -> None:
        self.code, self.text, self.severity = code, text, severity
        self.offline, self.vendor, self.raised_by, self.rank = offline, vendor, raised_by, rank
        self.suppressible, self.about_request, self.online_check = suppressible, about_request, online_check
        self.family, self.slot, self.judged_by_bytes = family, slot, judged_by_bytes

    def __repr__(self) -> str:
        return f"Code({self.code!r}, {self.text!r})"

    def render(self, x: object | None = None) -> str:
        """The text with its placeholder filled in (``X`` or ``$error``)."""
        if x is None:
            return self.text
        before, after = _around_placeholder(self.text)
        return f"{before}{x}{after}" if after is not None else before


@functools.cache
def _around_placeholder(text: str) -> tuple[str, str | None]:
    """The text before and after its placeholder (``$error``, else the first ``X``); ``(text, None)`` without one."""
    if "$error" in text:
        before, _, after = text.partition("$error")
        return before, after
    found = _PLACEHOLDER.search(text)
    return (text[: found.start()], text[found.end() :]) if found else (text, None)


E, W = Severity.ERROR, Severity.WARNING

_VENDOR_ONLINE = {
    "E104": "User Authentication Failed.",
    "E105": "This account has no API rights.",
    "E106": "You can call API every X seconds.",
    "E107": "This account has no rights to use this action.",
    "E109": "API not activated.",
    "E112": "IP was not whitelisted. API call rejected.",
    "E113": "Set throughput exceeded for this API action. API call rejected.",
    "E120": "Account has reached the API request limit.",
    "E503": "Internal error.",
    "E331": "Image in slide X is too big.",
    "E332": "Audio in slide X is too big.",
    "E333": "Video in slide X is too big.",
    "E335": "vCard in slide X is too big.",
    "E336": "iCal in slide X is too big.",
    "E337": "PDF in slide X is too big.",
    "E338": "Passbook file in slide X is too big.",
    "E341": "Image file in slide X is corrupted.",
    "E351": "Could not copy Image in slide X.",
    "E352": "Could not copy Audio in slide X.",
    "E353": "Could not copy Video in slide X.",
    "E355": "Could not copy vCard in slide X.",
    "E356": "Could not copy iCal in slide X.",
    "E357": "Could not copy PDF in slide X.",
    "E358": "Could not copy Passbook file in slide X.",
    "E618": "Carrier lookup failed. Please retry.",
    "E619": "Carrier not provisioned.",
    "E627": "Invalid serviceid / serviceid is required",
    "E628": "Operator Not supported.",
    "E715": "Number is not subscribed in this campaign",
}

_VENDOR_OFFLINE = {
    "E100": "Invalid request. Make a valid request via GET/POST/XML with all the required variables.",
    "E108": "XML Parse error: $error.",
    "E110": "Invalid receiver number.",
    "E111": "Invalid shortcode.",
    "E114": "Phone number is blacklisted. API call rejected.",
    "E223": "More than one object is not allowed in the same slide.",
    "E224": "MMS audio/video/image are not allowed with object in the same slide.",
    "E225": "Too many Slides.",
    "E226": "Audio and Video not allowed in same slide.",
    "E227": "Video and Image not allowed in same slide.",
    "E228": "Text more than X characters.",
    "E229": "Content not allowed.",
    "E230": "Bad X slide duration.",
    "E241": "This content does not exist.",
    "E311": "The \u2018name\u2019 is required.",
    "E312": "No slides.",
    "E313": "Slide X is empty.",
    "E334": "Text in slide X is too long.",
    "E617": "mmslink_expiration_date is invalid.",
    "E622": "The \u2018fallbacksmstext\u2019 is required.",
    "E629": "Unrecognized content type.",
    "E650": "The \u2018operator id\u2019 is required.",
    "E718": "The \u2018campaignref\u2019 is required",
    "E721": "Invalid campaignref",
}

#: What raises the codes that no rule raises.
RAISED_BY = {
    "E100": "the readers, for a document that is not a request (not a JSON object, root not <REQUEST>, bad UTF-8)",
    "E108": "the XML reader: not well-formed, or a DTD, entity declaration or external reference (refused)",
    "MV101": "the schemas: a name that is not part of a sendMMS request, with the closest known name",
    "MV111": "the XSD: an attribute, or text outside the value elements",
    "MV116": "the XSD: an element inside a value element (markup such as BR or I); the API reads its text only",
    "MV112": "the readers: past one of the profile's reading limits (size, depth, elements, slides)",
    "MV113": (
        "suppression comments (applied by mmsvalidate check): one that silences nothing, names an unknown code "
        "or is malformed"
    ),
    "MV114": "the command line: a path that does not exist, is not a regular file or cannot be read",
    "MV115": "the engine: a request with more findings than the profile's max_findings; the rest are counted",
    "MV900": "the engine: a bug in mmsvalidate met while checking this request",
}

_PROJECT = {
    "MV101": (W, "Unknown element or parameter X."),
    "MV102": (W, "X is given more than once; only one is used."),
    "MV103": (W, "Parameters in a content URL are not supported and will be stripped."),
    "MV104": (W, "FROM_MASK is not supported for numbers in the United States."),
    "MV105": (W, "FROM_MASK should be at most X letters, digits, '_' or '-'."),
    "MV106": (W, "DISABLEFALLBACKSMSLINK should be 'yes' or 'no'."),
    "MV107": (W, "Subject longer than X characters."),
    "MV108": (W, "Fallback SMS text is longer than one SMS and will be sent as X segments."),
    "MV109": (W, "Receiver number is possible but not a valid number for its country."),
    "MV110": (W, "Content type of a URL without a file extension cannot be checked offline."),
    "MV111": (W, "Unexpected content X."),
    "MV112": (E, "Request not checked: X."),
    "MV113": (W, "Suppression of X has no effect."),
    "MV114": (E, "File not checked: X."),
    "MV120": (W, "Content-Type X disagrees with the content's bytes."),
    "MV121": (W, "Content is served without a Content-Length."),
    "MV122": (W, "Content URL is redirected X time(s) before its content."),
    "MV123": (W, "Estimated delivered size of the MMS is over X bytes."),
    "MV115": (W, "And X more findings, not shown."),
    "MV116": (W, "Markup inside X is not read; only the text around it is."),
    "MV900": (E, "Internal error in mmsvalidate: X."),
}


#: What the online check (``mmsvalidate check --online``) checks for each code it raises; the
#: media rules of ``mmsvalidate.online`` carry the same sentences (a test keeps them in step).
ONLINE_CHECKS = {
    "E241": "The URL does not answer 404 or 410, and its host name resolves.",
    "E33x": "The bytes (or the declared Content-Length) stay within the kind's limit, if one is set.",
    "E35x": "The URL's bytes can be fetched: a public address, an answer in time, no error status.",
    "E629": "The bytes are of a type some slot takes (sniffed from their start, not the URL).",
    "E229": "The bytes are of a type this slot takes (MP3 bytes are no IMAGE).",
    "E341": "An image's bytes decode completely (every frame), within the decompression-bomb guard.",
    "MV120": "The Content-Type header names the type the bytes are.",
    "MV121": "The answer says its length (Content-Length), not chunked or until the connection closes.",
    "MV122": "The URL answers itself, without redirects the API has to follow.",
    "MV123": "The estimated delivered size (content and text x 1.37, plus 814 bytes) is within the preset's "
    "message limit.",
}
#: The slot kinds in the order the per-kind families list them.
_SLOTS = ("image", "audio", "video", "vcard", "ical", "pdf", "passbook")
#: The per-kind families: one code a slot kind.
FAMILIES = {
    "E33x": dict(zip(_SLOTS, ("E331", "E332", "E333", "E335", "E336", "E337", "E338"), strict=True)),
    "E35x": dict(zip(_SLOTS, ("E351", "E352", "E353", "E355", "E356", "E357", "E358"), strict=True)),
}

#: The order in which the API is taken to check a request, so the first error it would answer with comes
#: first: the document, the mandatory variables, the numbers, the account settings, the name and slides,
#: each slide's content, then subject/fallback text and expiry. Codes not listed come after, in code order.
PRECEDENCE = (
    *("MV900", "E108", "E100", "E111", "E110", "E114", "E650", "E718", "E721", "E311", "E312", "E225", "E313"),
    *("E223", "E224", "E226", "E227", "E241", *FAMILIES["E35x"].values(), *FAMILIES["E33x"].values()),
    *("E341", "E629", "E229", "E230", "E334", "E228", "E622", "E617"),
)
#: Codes that say a request was not (fully) read or checked: no suppression can silence them, or a
#: request anyone writes could declare itself valid.
_UNSUPPRESSIBLE = ("E108", "MV112", "MV114", "MV900")
#: Project codes only the online check raises.
_ONLINE_ONLY = ("MV120", "MV121", "MV122", "MV123")
#: Codes about the run or the report rather than a request's content: no example or corpus file is about them.
_NOT_ABOUT_REQUESTS = ("MV114", "MV115", "MV900")
#: Offline verdicts about a URL's type that the bytes decide instead, once read.
_JUDGED_BY_BYTES = ("E229", "E629", "MV110")


def _build() -> dict[str, Code]:
    texts: dict[str, tuple[Severity, str, bool, bool]] = {
        **{code: (E, text, True, True) for code, text in _VENDOR_OFFLINE.items()},
        **{code: (E, text, False, True) for code, text in _VENDOR_ONLINE.items()},
        **{code: (sev, text, code not in _ONLINE_ONLY, False) for code, (sev, text) in _PROJECT.items()},
    }
    rank = {code: place for place, code in enumerate(PRECEDENCE)}
    member = {code: (family, slot) for family, codes in FAMILIES.items() for slot, code in codes.items()}
    table: dict[str, Code] = {}
    for code, (severity, text, offline, vendor) in texts.items():
        family, slot = member.get(code, (None, None))
        table[code] = Code(
            code,
            text,
            severity,
            offline=offline,
            vendor=vendor,
            raised_by=RAISED_BY.get(code, "") if offline else "",
            rank=rank.get(code),
            suppressible=code not in _UNSUPPRESSIBLE,
            about_request=code not in _NOT_ABOUT_REQUESTS,
            online_check=ONLINE_CHECKS.get(family or code, ""),
            family=family,
            slot=slot,
            judged_by_bytes=code in _JUDGED_BY_BYTES,
        )
    return dict(sorted(table.items()))


#: Every code, vendor and project, by code.
CODES: Mapping[str, Code] = _build()


def online_check(code: str) -> str:
    """What the online check checks for ``code``, or ``""`` when it does not raise it."""
    return CODES[code].online_check if code in CODES else ""


#: Project codes only the online check raises.
ONLINE_ONLY = frozenset(code for code, entry in CODES.items() if not entry.offline and not entry.vendor)
#: Codes that say a request was not (fully) read or checked: no suppression can silence them.
UNSUPPRESSIBLE = frozenset(code for code, entry in CODES.items() if not entry.suppressible)
#: Codes about the run or the report rather than a request's content.
NOT_ABOUT_REQUESTS = frozenset(code for code, entry in CODES.items() if not entry.about_request)
