"""Rules over the request as a whole: mandatory variables, name, slides, subject and fallback text."""

from __future__ import annotations

import math
from collections.abc import Iterator

from mmsvalidate.diagnostic import Hit, clip
from mmsvalidate.model import SPACE, Request
from mmsvalidate.profile import Profile
from mmsvalidate.rules.base import Context, blank, rule

MANDATORY = ("action", "api_key", "to", "from")
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM7_ALL = GSM7 | GSM7_EXTENSION


@rule("E100")
def mandatory_variables(request: Request, ctx: Context) -> Iterator[Hit]:
    """ACTION, API_KEY, TO and FROM are given, and ACTION is sendMMS (in any case)."""
    for field, value in zip(MANDATORY, (request.action, request.api_key, request.to, request.from_), strict=True):
        if blank(value):
            yield Hit(f"/{field}", detail=f"{field.upper()} is missing")
    action = request.action
    if not blank(action) and action is not None and action.strip(SPACE).lower() != "sendmms":
        yield Hit("/action", detail=f"ACTION is '{clip(action.strip(SPACE))}', not sendMMS")


@rule("E311")
def name_required(request: Request, ctx: Context) -> Iterator[Hit]:
    """NAME is given and not empty."""
    if blank(request.name):
        yield Hit("/name", detail="NAME is missing" if request.name is None else "NAME is empty")


@rule("E312")
def has_slides(request: Request, ctx: Context) -> Iterator[Hit]:
    """The request has at least one slide."""
    if not request.slides:
        yield Hit("/slides")


@rule("E225")
def slide_count(request: Request, ctx: Context) -> Iterator[Hit]:
    """The request has no more slides than the profile allows (default 8)."""
    limit = ctx.profile.max_slides
    if len(request.slides) > limit:
        yield Hit(f"/slides/{limit}", detail=f"{len(request.slides)} slides; at most {limit} are allowed")


@rule("E228", when=lambda profile: profile.max_total_text is not None)
def total_text(request: Request, ctx: Context) -> Iterator[Hit]:
    """The text of all slides together stays within the profile's limit (default: none)."""
    limit = ctx.profile.max_total_text
    if limit is None:
        return
    total = sum(len(slide.text or "") for slide in request.slides)
    if total > limit:
        yield Hit("/slides", x=limit, detail=f"the slides hold {total} characters of text")


@rule("E622")
def fallback_text_required(request: Request, ctx: Context) -> Iterator[Hit]:
    """Without a (non-empty) SUBJECT, FALLBACKSMSTEXT is given and not empty."""
    if blank(request.subject) and blank(request.fallbacksmstext):
        subject = "no SUBJECT" if request.subject is None else "an empty SUBJECT"
        fallback = "no FALLBACKSMSTEXT" if request.fallbacksmstext is None else "an empty FALLBACKSMSTEXT"
        yield Hit("/fallbacksmstext", detail=f"{subject} and {fallback}")


@rule("MV102", given="repeated")
def repeated_values(request: Request, ctx: Context) -> Iterator[Hit]:
    """A value is given once: a repeated element or parameter is ignored but one."""
    for repeat in request.repeated:
        pointer = repeat.partition("[")[0]
        parts = pointer.strip("/").split("/")
        slide = len(parts) == 3 and parts[0] == "slides" and parts[1].isdecimal() and parts[1].isascii()
        label = f"{parts[2].upper()} of slide {int(parts[1]) + 1}" if slide else parts[-1].upper()
        yield Hit(repeat, x=label)


@rule("MV106", given="disablefallbacksmslink")
def disable_link_flag(request: Request, ctx: Context) -> Iterator[Hit]:
    """DISABLEFALLBACKSMSLINK, when given, is 'yes' or 'no'."""
    value = request.disablefallbacksmslink
    if value is not None and value.strip(SPACE).lower() not in ("yes", "no"):
        yield Hit(
            "/disablefallbacksmslink", detail=f"'{clip(value.strip(SPACE))}' is neither; only 'yes' disables the link"
        )


@rule("MV107", given="subject")
def subject_length(request: Request, ctx: Context) -> Iterator[Hit]:
    """SUBJECT stays within the profile's length (default 80, from saveMMS)."""
    limit = ctx.profile.max_subject
    subject = (request.subject or "").strip(SPACE)
    if len(subject) > limit:
        yield Hit("/subject", x=limit, detail=f"{len(subject)} characters")


def sms_segments(text: str) -> tuple[int, str]:
    """How many SMS segments ``text`` takes, and its encoding (GSM-7 or UCS-2)."""
    if GSM7_ALL.issuperset(text):
        septets = len(text) + sum(text.count(c) for c in GSM7_EXTENSION)  # an extension character takes two
        return (1 if septets <= 160 else math.ceil(septets / 153)), "GSM-7"
    units = len(text.encode("utf-16-le", errors="surrogatepass")) // 2
    return (1 if units <= 70 else math.ceil(units / 67)), "UCS-2"


@rule("MV108", given="fallbacksmstext")
def fallback_text_segments(request: Request, ctx: Context) -> Iterator[Hit]:
    """FALLBACKSMSTEXT fits one SMS (160 GSM-7 or 70 UCS-2 characters), before the link is added."""
    if request.fallbacksmstext is None:
        return
    text = request.fallbacksmstext.strip(SPACE)
    segments, encoding = sms_segments(text)
    if segments > 1:
        yield Hit("/fallbacksmstext", x=segments, detail=f"{len(text)} characters in {encoding}")


def quiet_request(request: Request, profile: Profile) -> bool:
    """Whether no rule of this module can find anything in ``request``: the common request, answered at once.

    ACTION (sendMMS), API_KEY, TO, FROM and NAME given; one to the profile's most slides; a SUBJECT within
    its length (so no fallback text is required); nothing repeated; and none of the values whose reading
    takes longer (fallback text, the link flag) nor a limit on the slides' text. The engine then passes the
    rules of this module over; a property test holds this to each of them.
    """
    action, subject = request.action, request.subject
    if action is None or subject is None or request.repeated or profile.max_total_text is not None:
        return False
    if request.fallbacksmstext is not None or request.disablefallbacksmslink is not None:
        return False
    if blank(request.api_key) or blank(request.to) or blank(request.from_) or blank(request.name):
        return False
    subject = subject.strip(SPACE)
    return (
        bool(subject)
        and len(subject) <= profile.max_subject
        and 0 < len(request.slides) <= profile.max_slides
        and action.strip(SPACE).lower() == "sendmms"
    )
