"""The canonical request model: what every reader produces and every rule reads.

Values are kept as the request gave them (strings, or ``None`` when absent); rules decide
what a value means. Slides are numbered from 0 here and from 1 in findings.
"""

from __future__ import annotations

import attrs

from mmsvalidate.deferred import deferred

#: The slide's content slots, in the spec's order. The first three are media, the rest "objects".
MEDIA = ("image", "audio", "video")
OBJECTS = ("vcard", "ical", "pdf", "passbook")
SLOTS = MEDIA + OBJECTS

#: The request's scalar fields, in the spec's order (``from_`` stands for ``from``).
#: The white space around a value that is none of it (values are read trimmed: see the readings): XML's white
#: space, the line breaks and indentation of a pretty-printed request. A no-break space, or any other Unicode
#: space, is part of the value, as the API reads it.
SPACE = " \t\n\r"

FIELDS = (
    "action",
    "api_key",
    "to",
    "from",
    "from_mask",
    "operatorid",
    "campaignref",
    "subject",
    "name",
    "fallbacksmstext",
    "disablefallbacksmslink",
    "mmslink_expiration_date",
)


def attribute(field: str) -> str:
    """The Python attribute that holds a request field (``from`` is a keyword)."""
    return "from_" if field == "from" else field


@deferred
@attrs.frozen(repr=False, eq=False)
class Slide:
    """One slide: a URL per content slot, text and duration, each ``None`` when absent."""

    image: str | None = None
    audio: str | None = None
    video: str | None = None
    vcard: str | None = None
    ical: str | None = None
    pdf: str | None = None
    passbook: str | None = None
    text: str | None = None
    duration: str | None = None
    #: Slots given again as separate elements of this slide (the XML form can say that; the
    #: other forms can't). Each counts as another medium or object.
    extra: tuple[str, ...] = ()

    #: The slots that hold a URL, worked out once as the slide is made: half a dozen rules ask (not compared,
    #: not shown, not given: :meth:`contents` is how to read it).
    _contents: tuple[str, ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: tuple([s for s in SLOTS if getattr(self, s) is not None]), takes_self=True),
    )

    def contents(self) -> tuple[str, ...]:
        """The slots that hold a URL (even an empty one), in the spec's order."""
        return self._contents


@deferred
@attrs.frozen(repr=False, eq=False)
class Request:
    """A sendMMS request in any form.

    ``repeated`` lists the model pointers (``/to``, ``/slides/0/vcard``) of values given more than
    once: one entry per extra occurrence. Which occurrence the model keeps is the reader's to say.
    """

    action: str | None = None
    api_key: str | None = None
    to: str | None = None
    from_: str | None = None
    from_mask: str | None = None
    operatorid: str | None = None
    campaignref: str | None = None
    subject: str | None = None
    name: str | None = None
    slides: tuple[Slide, ...] = ()
    fallbacksmstext: str | None = None
    disablefallbacksmslink: str | None = None
    mmslink_expiration_date: str | None = None
    repeated: tuple[str, ...] = ()

    def get(self, field: str) -> str | None:
        """A scalar field by its spec name (``from``, not ``from_``)."""
        value: str | None = getattr(self, attribute(field))
        return value
