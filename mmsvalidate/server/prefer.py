"""The mock's ``Prefer: code=E104``: play an answer only the API's account or its fetches can give.

A caller testing its own error handling asks the mock for a documented code with the ``Prefer``
request header (RFC 7240), as API mocks take ``Prefer: code=…``: ``Prefer: code=E113``, and for
a text with an ``X`` its value, ``Prefer: code=E106, x=30`` ("You can call API every 30 seconds.").
The codes played are those no offline check can see (:data:`PLAYABLE`); the others come from a
request that has the error. A code of the spec's general table is answered whatever the request
holds (the account refuses a call before reading it), but E114, "Phone number is blacklisted", only
once the API has read a receiver number: a request whose own first error comes before E114 in the
API's order of checks (not read, a variable missing, a bad sender or receiver: E108, E100, E111, E110)
gets that error, as it would with the number on the profile's ``blocked_numbers``. A code of the
sendMMS table is answered only for a request without an error of its own, which gets that error
instead, as the API checks what it is sent before it fetches media or looks up the carrier.
"""

from __future__ import annotations

import attrs

from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import Finding, Severity
from mmsvalidate.report import Report

#: The spec's "General Error Codes" the mock plays: all but E100 and E108, which a request shows itself.
GENERAL = ("E104", "E105", "E106", "E107", "E109", "E112", "E113", "E114", "E120", "E503")
#: The sendMMS codes whose condition lies beyond the request's text: the API's fetch of the media
#: (E241, E33x, E341, E35x), its carrier and service look-ups (E618, E619, E627, E628) and the
#: account's campaigns (E715, E721).
SENDMMS = tuple(
    sorted(
        {code for code, entry in CODES.items() if entry.vendor and not entry.offline and code not in GENERAL}
        | {"E241", "E721"}
    )
)
#: Every code the mock plays.
PLAYABLE = GENERAL + SENDMMS
#: General codes about the request's receiver number, which the API reads first: answered only for a request
#: without an error the API answers before them (:data:`mmsvalidate.codes.PRECEDENCE`).
ABOUT_THE_RECEIVER = ("E114",)
#: The value of ``X`` when the caller gives none: the first slide, or E106's 60 seconds.
DEFAULT_X = {"E106": "60"}
#: Most characters of a caller's ``x``.
MAX_X = 20


class BadPreference(ValueError):
    """A ``Prefer: code=…`` the mock can't play: answered 400 with this message."""


@attrs.frozen
class Played:
    """The code asked for and its ``X``."""

    code: str
    x: str

    def answers(self, own: str | None) -> bool:
        """Whether this code is the answer to a request whose own answer is ``own`` (``None``: it has no error).

        A general code is, whatever the request holds, but one about the receiver (E114) only when ``own``
        does not come before it in the API's order of checks; a sendMMS code only when ``own`` is ``None``.
        """
        if own is None:
            return True
        if self.code in ABOUT_THE_RECEIVER:
            rank, mine = CODES[own].rank, CODES[self.code].rank
            return rank is None or mine is None or rank > mine
        return self.code in GENERAL

    def report(self, to: str | None) -> Report:
        """A report whose API answer is this code, with ``to`` echoed as the API does."""
        entry = CODES[self.code]
        finding = Finding(self.code, Severity.ERROR, entry.render(self.x if "X" in entry.text else None))
        return Report(findings=(finding,), to=to)


def preferences(values: list[str]) -> dict[str, str]:
    """The preferences of ``Prefer`` header values: name (lower case) to value, the first of each name
    counting (RFC 7240 section 2); a preference's own parameters (after ``;``) are not used here."""
    found: dict[str, str] = {}
    for value in values:
        for item in value.split(","):
            name, _, word = item.partition(";")[0].partition("=")
            name = name.strip().lower()
            if name and name not in found:
                found[name] = word.strip().strip('"')
    return found


def asked(values: list[str]) -> Played | None:
    """The code the ``Prefer`` header values ask the mock to play, ``None`` when they ask none;
    :class:`BadPreference` for one it does not play or an ``x`` that is not a short printable value."""
    given = preferences(values)
    if "code" not in given:
        return None
    code = given["code"].upper()
    if code not in PLAYABLE:
        shown = "".join(c if c.isalnum() else "?" for c in given["code"][:MAX_X])
        raise BadPreference(f"Prefer: code={shown} is not a code the mock plays; it plays {', '.join(PLAYABLE)}\n")
    x = given.get("x", DEFAULT_X.get(code, "1"))
    if not x or len(x) > MAX_X or not all(c.isalnum() or c in "-_." for c in x) or not x.isascii():
        raise BadPreference(f"Prefer: x= takes 1 to {MAX_X} letters, digits, '-', '_' or '.'\n")
    return Played(code, x)
