"""The parts of a content URL the rules read: one reading per URL, by a regular expression or ``urlsplit``."""

from __future__ import annotations

import functools
import posixpath
import re

from mmsvalidate.model import SPACE, Slide
from mmsvalidate.rules.base import Content
from mmsvalidate.text import lowered

#: The common URL, read by one regular expression: http(s), a host of letters, digits, dots and hyphens, an
#: optional port, a path of unreserved characters (nothing to unquote) and a query without a fragment. Any
#: other URL is read by ``urlsplit``; both give the same parts (a property test compares them). No IGNORECASE:
#: it would fold every character of the path, and let a few non-ASCII letters (the Kelvin sign) in.
_PLAIN_URL = re.compile(r"([Hh][Tt][Tt][Pp][Ss]?)://[A-Za-z0-9.-]+(?::[0-9]*)?(/[A-Za-z0-9._~/-]*)?(?:\?([^#\s]*))?")


@functools.lru_cache(maxsize=256)
def _url_parts(url: str) -> tuple[str, str, str] | None:
    """(scheme, file extension, query) of an absolute http(s) URL, or ``None`` if it is not one."""
    plain = _PLAIN_URL.fullmatch(url.strip(SPACE))
    if plain is None:
        return _url_parts_split(url)
    name = (plain[2] or "").rpartition("/")[2]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    return plain[1].lower(), extension, plain[3] or ""


def _url_parts_split(url: str) -> tuple[str, str, str] | None:
    """:func:`_url_parts` by ``urlsplit``: every URL the common form does not cover."""
    from urllib.parse import unquote, urlsplit  # only here: a request of common URLs imports none of it

    try:
        parts = urlsplit(url.strip(SPACE))
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    name = posixpath.basename(unquote(parts.path))
    # in any case of its ASCII letters only, as names are read (``text.lowered``): ``str.lower`` would make
    # ``.p\u212apass`` (a Kelvin sign) a ``.pkpass``
    extension = lowered(name.rpartition(".")[2]) if "." in name else ""
    return parts.scheme, extension, parts.query


def contents_of(slide: Slide) -> tuple[Content, ...]:
    """Each content slot of ``slide`` that holds a URL (even an empty one), in the spec's order, its URL
    read once: what every ``content`` rule is handed, one slot at a time."""
    return tuple([Content(slot, url := getattr(slide, slot), _url_parts(url)) for slot in slide.contents()])
