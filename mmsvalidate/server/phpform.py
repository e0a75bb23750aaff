"""Whether the API, a PHP script, reads a form's parameters as the check read them.

The proxy forwards a query string or form body as its bytes. The check reads them as a linter reads a file:
line breaks and ``#`` comment lines as the spec prints its example, a URL's query after its ``?`` and before
its ``#``, names case-insensitively. PHP reads the same bytes otherwise: a line break is data, every ``&``
starts a parameter, and a name is registered without its leading spaces, cut at a NUL, with ``.`` and `` ``
as ``_`` and a ``[`` making an array (``to[]``), and it reads no more than 1,000 of them; it knows no byte order
mark (the check reads past one, and reads a UTF-16 form as its text). A form one of these
touches may carry a parameter PHP reads
but the check never saw (``to=1555...\\n#&to=NOTANUMBER``): the proxy refuses it rather than forward it.
"""

from __future__ import annotations

from urllib.parse import quote_from_bytes, unquote, unquote_to_bytes

from mmsvalidate.formats import printable
from mmsvalidate.model import FIELDS
from mmsvalidate.readers import BOMS
from mmsvalidate.readers.query import SLIDE_PARAM

#: The most parameters PHP reads of a form (its ``max_input_vars``, 1,000 by default); it drops the rest, so a
#: parameter past them that the check read last (``to``) is one PHP never sees, and an earlier one stands. Every
#: piece between two ``&`` is counted, an empty one too: PHP may count it, and no request has so many.
MAX_INPUT_VARS = 1000
#: The byte order marks the check reads a form's encoding from (and skips), and PHP does not.
_MARKS = tuple(mark for mark, _ in BOMS)


def _unquote(raw: str) -> str:
    """A name as PHP decodes it: ``+`` a space, ``%XX`` a byte (UTF-8, as the check requires of it)."""
    if "%" not in raw and "+" not in raw:
        return raw
    return unquote(raw.replace("+", " "), errors="surrogateescape")


def php_name(name: str) -> tuple[str, bool]:
    """The name PHP registers a decoded parameter name under, and whether it makes an array of it."""
    name = name.lstrip(" ").partition("\0")[0]
    head, bracket, rest = name.partition("[")
    head = head.replace(" ", "_").replace(".", "_")
    if not bracket:
        return head, False
    if "]" in rest:
        return head, True
    return f"{head}_{rest}", False


def _sendmms(name: str) -> bool:
    name = name.lower()
    return name in FIELDS or SLIDE_PARAM.fullmatch(name) is not None


def _shown(name: str) -> str:
    return "'" + printable(name if len(name) <= 40 else name[:40] + "\u2026") + "'"


def misread(content: bytes) -> str | None:
    """Why PHP would read the parameters of ``content`` (a query string or form body the check passed) otherwise
    than the check did, or ``None`` when it reads them alike."""
    if content.startswith(_MARKS):
        # the check reads past the mark, in the encoding it names; PHP reads the bytes as they are: a UTF-8 mark
        # is the start of the first parameter's name, a UTF-16 or UTF-32 form no parameters it knows
        return "it starts with a byte order mark, which PHP reads as part of the form, not as its encoding"
    text = content.decode("utf-8", "surrogateescape")
    if "\n" in text or "\r" in text:
        return "it holds a line break, which PHP reads as data"
    mark = text.find("?")
    if mark >= 0 and "=" not in text[:mark] and "&" not in text[:mark]:
        return "a '?' comes before its first parameter, and PHP reads no URL in it"
    if text.count("&") >= MAX_INPUT_VARS:
        return (
            f"it has more than {MAX_INPUT_VARS:,} parameters or empty pieces between '&', and PHP reads no more "
            "(max_input_vars)"
        )
    spellings: dict[str, str] = {}
    for segment in text.split("&"):
        raw = segment.partition("=")[0]
        if not raw:
            continue
        decoded = _unquote(raw)
        # the check skips white space before a parameter (no escape: one character each), PHP only spaces
        written = decoded[len(raw) - len(raw.lstrip()) :]
        registered, array = php_name(decoded)
        if array and _sendmms(registered):
            return f"PHP reads the parameter {_shown(written)} as an array named {_shown(registered)}"
        if registered != written and (_sendmms(registered) or _sendmms(written)):
            return f"PHP reads the parameter {_shown(written)} as {_shown(registered)}"
        if _sendmms(registered):
            seen = spellings.setdefault(registered.lower(), registered)
            if seen != registered:
                return f"{_shown(seen)} and {_shown(registered)} are one parameter to the check, two to PHP"
    return None


def _bytes_text(raw: bytes) -> str:
    """A name or value as PHP decodes it, its bytes as they are (one character a byte)."""
    return unquote_to_bytes(raw.replace(b"+", b" ")).decode("latin-1")


def php_form(content: bytes) -> bytes:
    """The parameters the API's PHP script gets from ``content`` (a query string or form body), written as a query
    string the check reads as PHP did: its bytes as they are (a byte order mark, a line break are data), each
    piece between two ``&`` a parameter (no more than :data:`MAX_INPUT_VARS`), each name registered as
    :func:`php_name` says, an array as ``Array`` (what PHP makes of one used as a string), the last value of a
    name kept at its first place. The mock answers this, as the API would."""
    registered: dict[str, str] = {}
    for piece in content.split(b"&")[:MAX_INPUT_VARS]:
        raw_name, _, raw_value = piece.partition(b"=")
        name, array = php_name(_bytes_text(raw_name))
        if name:
            registered[name] = "Array" if array else _bytes_text(raw_value)
    return "&".join(
        f"{quote_from_bytes(name.encode('latin-1'), safe='')}={quote_from_bytes(value.encode('latin-1'), safe='')}"
        for name, value in registered.items()
    ).encode()
