"""Media rules: what a fetched URL means for the slot that names it, as codes and hits.

Each rule is a small named record like the offline rules: its code family, what it checks (the
docstring), and a check over the verdict (:class:`~mmsvalidate.online.fetch.Media`) of one slot.
Families with a code per slot (``E33x``, ``E35x``) name the slot's code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import attrs

from mmsvalidate.codes import FAMILIES
from mmsvalidate.diagnostic import Hit
from mmsvalidate.online.fetch import Media
from mmsvalidate.online.options import MESSAGE, OnlineOptions
from mmsvalidate.online.sniff import KINDS, media_type, takes

TOO_BIG = FAMILIES["E33x"]
NO_COPY = FAMILIES["E35x"]

#: Delivered size estimate: base64 and MIME part headers (size x 1.37 + 814 bytes).
ENCODING_FACTOR = 1.37
ENCODING_OVERHEAD = 814


@attrs.frozen
class Slot:
    """One slot's verdict: which slot, in which slide, and what fetching its URL gave."""

    slot: str
    media: Media
    options: OnlineOptions


Check = Callable[[Slot], Iterator[tuple[str, Hit]]]


@attrs.frozen
class MediaRule:
    """A media check: its code (or code family), a name, what it checks, and the check."""

    code: str
    name: str
    summary: str
    check: Check


def _rule(code: str) -> Callable[[Check], MediaRule]:
    def wrap(check: Check) -> MediaRule:
        summary = (check.__doc__ or check.__name__).strip().splitlines()[0]
        return MediaRule(code, check.__name__.replace("_", "-"), summary, check)

    return wrap


def _n(value: int) -> str:
    return f"{value:,}"


#: The longest a server-given string (a header, a redirect target) is shown in a detail.
SHOWN = 300


def shown(text: str) -> str:
    """``text`` as it may appear in a finding: control characters escaped, at most :data:`SHOWN` characters.

    Details carry what a server said (``Content-Type``, ``Location``): a hostile server must not be
    able to write terminal escapes or lines into CI logs through them, nor make a finding huge.
    """
    clean = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: SHOWN + 1])
    return clean if len(clean) <= SHOWN else clean[: SHOWN - 3] + "..."


def _hit(detail: str, x: object = None) -> Hit:
    return Hit(x=shown(str(x)) if isinstance(x, str) else x, detail=shown(detail))


@_rule("E241")
def content_exists(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The URL does not answer 404 or 410, and its host name resolves."""
    if item.media.outcome == "missing":
        yield "E241", _hit(f"{item.media.url}: {item.media.detail}")


@_rule("E35x")
def content_copied(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The URL's bytes can be fetched: a public address, an answer in time, no error status."""
    if item.media.outcome == "failed":
        yield NO_COPY[item.slot], _hit(f"{item.media.url}: {item.media.detail}")


@_rule("E33x")
def content_size(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The bytes (or the declared Content-Length) stay within the kind's limit, if one is set."""
    media, limit = item.media, item.options.limit(item.slot)
    if media.outcome != "ok":
        return
    cap = item.options.read_cap
    capped = limit is None or limit > cap  # the read cap, not the limit, stops the reading
    said = f"the {item.slot} limit is {_n(limit)} bytes" if limit is not None else "no limit set"
    if capped:
        said = f"the most mmsvalidate reads is {_n(cap)} bytes; {said}"
    if not media.read:
        detail = f"Content-Length {_n(media.size)} bytes; {said} (not read)"
    elif not media.complete:  # read up to one byte past the largest limit of the slots naming the URL
        detail = f"more than {_n(max(media.size - 1, 0))} bytes (reading stopped there); {said}"
    elif limit is not None and media.size > limit:
        detail = f"{_n(media.size)} bytes; {said}"
    else:
        return
    yield TOO_BIG[item.slot], _hit(detail)


@_rule("E629")
def content_type_recognised(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The bytes are of a type some slot takes (sniffed from their start, not the URL)."""
    media = item.media
    if media.outcome == "ok" and media.read and media.kind is None:
        served = f" (served as {media.content_type})" if media.content_type else ""
        yield "E629", _hit(f"the bytes are {media.description}{served}")


@_rule("E229")
def content_allowed(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The bytes are of a type this slot takes (MP3 bytes are no IMAGE)."""
    media = item.media
    if media.outcome == "ok" and media.kind is not None and not KINDS[media.kind].taken_by(item.slot):
        label = KINDS[media.kind].label
        yield "E229", _hit(f"the bytes are {label}; {item.slot.upper()} takes {', '.join(takes(item.slot))}")


@_rule("E341")
def image_decodes(item: Slot) -> Iterator[tuple[str, Hit]]:
    """An image's bytes decode completely (every frame), within the decompression-bomb guard."""
    media = item.media
    is_image = media.kind is not None and KINDS[media.kind].slot == "image"
    if item.slot == "image" and media.outcome == "ok" and media.image_problem is not None and is_image:
        yield "E341", _hit(media.image_problem)


@_rule("MV120")
def content_type_header(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The Content-Type header names the type the bytes are."""
    media = item.media
    served = media_type(media.content_type)
    if media.outcome == "ok" and media.kind is not None and served and served not in KINDS[media.kind].mimes:
        yield "MV120", _hit(x=served, detail=f"the bytes are {KINDS[media.kind].label}")


@_rule("MV121")
def content_length_given(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The answer says its length (Content-Length), not chunked or until the connection closes."""
    media = item.media
    if media.outcome == "ok" and media.declared is None:
        how = "chunked transfer encoding" if media.chunked else "no Content-Length; read until the connection closed"
        yield "MV121", _hit(how)


@_rule("MV122")
def no_redirect(item: Slot) -> Iterator[tuple[str, Hit]]:
    """The URL answers itself, without redirects the API has to follow."""
    media = item.media
    if media.hops and media.outcome == "ok":
        yield "MV122", _hit(x=len(media.hops), detail=" -> ".join((media.url, *media.hops)))


MEDIA_RULES: tuple[MediaRule, ...] = (
    content_exists,
    content_copied,
    content_size,
    content_type_recognised,
    content_allowed,
    image_decodes,
    content_type_header,
    content_length_given,
    no_redirect,
)


def judge(item: Slot) -> Iterator[tuple[str, Hit]]:
    """Every code the media rules raise for one slot."""
    for rule in MEDIA_RULES:
        yield from rule.check(item)


def delivered(sizes: list[int], text_bytes: int) -> int:
    """The estimated size of the MMS as delivered: content and text x 1.37, plus 814 bytes."""
    return math.ceil((sum(sizes) + text_bytes) * ENCODING_FACTOR) + ENCODING_OVERHEAD


def message_size(sizes: list[int], text_bytes: int, options: OnlineOptions) -> Hit | None:
    """The estimated delivered size (content and text x 1.37, plus 814 bytes) is within the preset's message limit.

    MV123 when it is over the ``message`` limit (a preset's, or given).
    """
    limit = options.limit(MESSAGE)
    if limit is None or not sizes:
        return None
    estimate = delivered(sizes, text_bytes)
    if estimate <= limit:
        return None
    content = sum(sizes)
    detail = (
        f"{_n(content)} bytes of content in {len(sizes)} part(s) and {_n(text_bytes)} of text: "
        f"about {_n(estimate)} bytes delivered, over {_n(limit)}"
    )
    return _hit(detail, x=_n(limit))
