"""Rules over each slide: content present, the object/media combinations, URLs, text and duration."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mmsvalidate.diagnostic import Hit, clip
from mmsvalidate.model import MEDIA, OBJECTS, SLOTS, SPACE, Slide
from mmsvalidate.profile import Profile
from mmsvalidate.rules.base import Content, Context, blank, rule

#: File extensions each slot takes. An extension in none of them is not a recognised type (E629).
FILE_TYPES: dict[str, frozenset[str]] = {
    "image": frozenset({"jpg", "jpeg", "jpe", "png", "gif", "bmp", "wbmp", "webp"}),
    "audio": frozenset({"mp3", "wav", "amr", "aac", "m4a", "ogg", "oga", "mid", "midi", "awb", "qcp"}),
    "video": frozenset({"mp4", "m4v", "3gp", "3g2", "mov", "mpg", "mpeg", "avi", "wmv", "webm"}),
    "vcard": frozenset({"vcf", "vcard"}),
    "ical": frozenset({"ics", "ical", "icalendar", "ifb"}),
    "pdf": frozenset({"pdf"}),
    "passbook": frozenset({"pkpass"}),
}
KNOWN_TYPES = frozenset().union(*FILE_TYPES.values())
WHOLE_SECONDS = re.compile(r"[0-9]+")


def _has_text(slide: Slide) -> bool:
    return not blank(slide.text)


def _extras(slide: Slide, kinds: tuple[str, ...]) -> list[str]:
    """Pointers (``vcard[2]``) of the slots of ``kinds`` given again as another element."""
    counts: dict[str, int] = {}
    found = []
    for slot in slide.extra:
        if slot in kinds:
            counts[slot] = counts.get(slot, 1) + 1
            found.append(f"{slot}[{counts[slot]}]")
    return found


@rule("E313", scope="slide")
def slide_not_empty(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide holds an object, a medium or text (a duration alone is not content)."""
    if not slide.contents() and not _has_text(slide):
        yield Hit("")


@rule("E223", scope="slide")
def one_object(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide holds at most one object (vCard, iCal, PDF, Passbook)."""
    found = [slot for slot in slide.contents() if slot in OBJECTS]
    if slide.extra:
        found += _extras(slide, OBJECTS)
    if len(found) > 1:
        yield Hit(found[1], detail=" and ".join(s.partition("[")[0].upper() for s in found))


@rule("E224", scope="slide")
def object_alone(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide with an object holds no image, audio or video."""
    given = slide.contents()
    objects = [s for s in given if s in OBJECTS]
    media = [s for s in given if s in MEDIA]
    if objects and media:
        yield Hit(media[0], detail=f"{media[0].upper()} with {objects[0].upper()}")


@rule("MV102", scope="slide", given="extra")
def medium_given_twice(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide names each medium once: a second IMAGE, AUDIO or VIDEO element is ignored."""
    for pointer in _extras(slide, MEDIA) if slide.extra else ():
        yield Hit(pointer, x=f"{pointer.partition('[')[0].upper()} of slide {number}")


@rule("E226", scope="slide", given="audio")
def audio_or_video(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide does not hold both audio and video."""
    if slide.audio is not None and slide.video is not None:
        yield Hit("video")


@rule("E227", scope="slide", given="video")
def video_or_image(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide does not hold both video and an image (an image with audio is fine)."""
    if slide.video is not None and slide.image is not None:
        yield Hit("video")


@rule("E241", scope="content")
def content_url(item: Content, number: int, ctx: Context) -> Iterator[Hit]:
    """Each content URL is an absolute http(s) URL, so the content can exist."""
    if blank(item.url):
        yield Hit(item.slot, detail=f"{item.slot.upper()} has no URL")
    elif item.parts is None:
        yield Hit(item.slot, detail=f"'{clip(item.url.strip(SPACE))}' is not an absolute http(s) URL")


@rule("E229", scope="content")
def content_allowed(item: Content, number: int, ctx: Context) -> Iterator[Hit]:
    """A URL's file type is one its slot takes (a .mp3 is no IMAGE)."""
    parts, slot = item.parts, item.slot
    if parts and parts[1] in KNOWN_TYPES and parts[1] not in FILE_TYPES[slot]:
        takes = ", ".join(sorted(FILE_TYPES[slot]))
        yield Hit(slot, detail=f"a .{clip(parts[1])} file in {slot.upper()}, which takes {takes}")


@rule("E629", scope="content")
def content_type_known(item: Content, number: int, ctx: Context) -> Iterator[Hit]:
    """A URL's file extension is a content type the API recognises."""
    parts = item.parts
    if parts and parts[1] and parts[1] not in KNOWN_TYPES:
        yield Hit(item.slot, detail=f"'.{clip(parts[1])}' in {item.slot.upper()}")


@rule("MV110", scope="content")
def content_type_unknown(item: Content, number: int, ctx: Context) -> Iterator[Hit]:
    """A URL names its file with an extension, so its type can be checked before sending."""
    if item.parts and not item.parts[1]:
        yield Hit(item.slot, detail=f"{item.slot.upper()} URL has no file extension")


@rule("MV103", scope="content")
def url_parameters(item: Content, number: int, ctx: Context) -> Iterator[Hit]:
    """A content URL has no query parameters: the API strips them (put IDs in the file name or path); with
    the profile's ``every_query_stripped`` off, only AUDIO and VIDEO URLs' (the spec's footnote marks those)."""
    if item.parts and item.parts[2] and query_stripped(item.slot, ctx.profile):
        yield Hit(item.slot, detail=f"'?{clip(item.parts[2])}' in {item.slot.upper()}")


#: The slots whose URLs the spec's footnote marks: "Any parameters passed in the URL are not supported and will
#: be stripped out."
FOOTNOTE_SLOTS = frozenset(("audio", "video"))


def query_stripped(slot: str, profile: Profile) -> bool:
    """Whether the API strips the query of a URL in ``slot``: in every slot, or with the profile's
    ``every_query_stripped`` off only in those the footnote marks (:data:`FOOTNOTE_SLOTS`)."""
    return profile.every_query_stripped or slot in FOOTNOTE_SLOTS


@rule("E334", scope="slide", given="text")
def slide_text_length(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide's text stays within the profile's limit (default 5,000 characters)."""
    limit = ctx.profile.max_slide_text
    if slide.text is not None and len(slide.text) > limit:
        yield Hit("text", detail=f"{len(slide.text)} characters; at most {limit}")


@rule("E230", scope="slide", given="duration")
def slide_duration(slide: Slide, number: int, ctx: Context) -> Iterator[Hit]:
    """A slide's duration, when given, is whole seconds within the profile's bounds (default 1 to 60)."""
    if slide.duration is None:
        return
    problem = _duration_problem(slide.duration, ctx.profile.min_duration, ctx.profile.max_duration)
    if problem is not None:
        yield Hit("duration", detail=problem)


def _duration_problem(duration: str, low: int, high: int) -> str | None:
    """What is wrong with a duration, or ``None`` when it is whole seconds from ``low`` to ``high``."""
    value = duration.strip(SPACE)
    if not WHOLE_SECONDS.fullmatch(value):
        return f"'{clip(value)}' is not a whole number of seconds"
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(high)):  # too long to be within bounds, and maybe too long for int()
        return f"{clip(digits)} seconds; allowed {low} to {high}"
    if not low <= int(digits) <= high:
        return f"{int(digits)} seconds; allowed {low} to {high}"
    return None


def quiet_slide(slide: Slide, profile: Profile) -> bool:
    """Whether no slide rule can find anything in ``slide``: the common slide, answered at once.

    One content slot given once (so no two objects, no object with a medium, no audio with video, no video
    with an image, nothing given twice, and content present), its text within the profile's limit and its
    duration, if any, whole seconds within bounds. The engine then passes the slide rules over; a property
    test holds this to every slide rule.
    """
    if slide.extra or len(slide.contents()) != 1:
        return False
    if slide.text is not None and len(slide.text) > profile.max_slide_text:
        return False
    duration = slide.duration
    return duration is None or _duration_problem(duration, profile.min_duration, profile.max_duration) is None


def quiet_content(item: Content) -> bool:
    """Whether no content rule can find anything in ``item``: an absolute http(s) URL (so not blank) with no
    query, whose file extension is one its slot takes (so known, and given). A property test holds this to
    every content rule."""
    parts = item.parts
    return parts is not None and not parts[2] and parts[1] in FILE_TYPES[item.slot]


__all__ = ["FILE_TYPES", "KNOWN_TYPES", "SLOTS", "quiet_content", "quiet_slide"]
