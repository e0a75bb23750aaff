"""Request generator for the benchmark: the worst case, the growth requests and a mixed batch corpus.

Every request is built as a model (``mmsvalidate.model.Request``) and written in its form by
``mmsvalidate.writers``, so the three forms say the same thing. File ``i`` of a corpus depends only
on ``i`` and the seed: a corpus of 1,000 files is the first 1,000 files of one of 10,000.

Run it alone to write a corpus: ``python bench/gen.py OUT --files 10000``.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import string
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mmsvalidate.model import Request, Slide
from mmsvalidate.profile import DEFAULT_PROFILE
from mmsvalidate.writers import to_json, to_query, to_xml

FORMS = ("xml", "query", "json")
SUFFIX = {"xml": ".xml", "query": ".txt", "json": ".json"}
WRITE: dict[str, Callable[[Request], str]] = {
    "xml": to_xml,
    "query": lambda request: to_query(request, multiline=True),
    "json": to_json,
}

#: Receivers that are valid numbers (no MV109), none in the United States (no MV104 with FROM_MASK).
RECEIVERS = ("447911123456", "4915123456789", "33612345678", "61412345678")
MEDIA_URLS = {
    "image": ("jpg", "png", "gif"),
    "audio": ("mp3", "amr", "m4a"),
    "video": ("mp4", "3gp"),
    "vcard": ("vcf",),
    "ical": ("ics",),
    "pdf": ("pdf",),
    "passbook": ("pkpass",),
}
#: Text with characters each form must escape, line breaks and non-ASCII letters.
TEXT_ALPHABET = string.ascii_letters + string.digits + "      .,!?&<>'\"%+=#\néüçñ€"
GSM_ALPHABET = string.ascii_letters + string.digits + " .,!?"
T = TypeVar("T")


def url(rng: random.Random, slot: str, length: int = 60) -> str:
    """An absolute http(s) URL whose extension the slot takes."""
    stem = "".join(rng.choices(string.ascii_lowercase + string.digits, k=max(1, length - 40)))
    return f"https://cdn.example.com/mms/{slot}/{stem}.{rng.choice(MEDIA_URLS[slot])}"


def text(rng: random.Random, length: int) -> str:
    """Slide text of ``length`` characters, not blank."""
    if length <= 0:
        return ""
    return "T" + "".join(rng.choices(TEXT_ALPHABET, k=length - 1))


def worst_case() -> Request:
    """A valid request with every limit of the default profile reached.

    The most slides, each holding an image and audio with the longest text, the longest subject,
    FROM_MASK and one-SMS fallback text, and long values for the fields that have no limit.
    """
    rng = random.Random(8)
    profile = DEFAULT_PROFILE
    slides = tuple(
        Slide(
            image=url(rng, "image", 200),
            audio=url(rng, "audio", 200),
            text=text(rng, profile.max_slide_text),
            duration=str(profile.max_duration),
        )
        for _ in range(profile.max_slides)
    )
    return Request(
        action="sendMMS",
        api_key="ea7966f90de2bf520e3f0042053e6ec3",
        to=RECEIVERS[0],
        from_="60856",
        from_mask="A" * profile.max_from_mask,
        operatorid="000189",
        campaignref="C" * 64,
        subject="S" * profile.max_subject,
        name="N" * 200,
        slides=slides,
        fallbacksmstext="".join(rng.choices(GSM_ALPHABET, k=160)),
        disablefallbacksmslink="no",
        mmslink_expiration_date="2099-12-31T23:59:59+00:00",
    )


def with_slides(count: int) -> Request:
    """A request of ``count`` slides, each an image with 100 characters of text (E225 above the limit)."""
    rng = random.Random(count)
    slides = tuple(Slide(image=url(rng, "image"), text=text(rng, 100), duration="5") for _ in range(count))
    return Request(
        action="sendMMS",
        api_key="k" * 32,
        to=RECEIVERS[0],
        from_="60856",
        subject="Growth",
        name="growth",
        slides=slides,
    )


def _valid(rng: random.Random) -> Request:
    slides = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(("image", "image+audio", "video", "audio", "object", "text"))
        members: dict[str, str] = {"text": text(rng, rng.choice((0, 20, 200, 1000)))}
        if kind == "object":
            slot = rng.choice(("vcard", "ical", "pdf", "passbook"))
            members[slot] = url(rng, slot)
        elif kind != "text":
            for slot in kind.split("+"):
                members[slot] = url(rng, slot)
        if not members["text"] and kind == "text":
            members["text"] = "Hello"
        if rng.random() < 0.7:
            members["duration"] = str(rng.randint(1, 60))
        slides.append(Slide(**members))
    subject = rng.choice(("", "Your coupon", "Weekly offer " * 4))
    return Request(
        action=rng.choice(("sendMMS", "sendmms")),
        api_key="".join(rng.choices("0123456789abcdef", k=32)),
        to=rng.choice(RECEIVERS),
        from_=rng.choice(("60856", "12345678", "447700900123")),
        operatorid=rng.choice((None, "000189")),
        campaignref=rng.choice((None, "Campaign123")),
        subject=subject or None,
        name=f"Campaign {rng.randint(1, 9999)}",
        slides=tuple(slides),
        fallbacksmstext=None if subject else "See your MMS at the link below",
        mmslink_expiration_date=rng.choice((None, "2099-01-31", "2099-01-31T12:00:00Z")),
    )


def _evolve(model: T, **changes: object) -> T:
    """A copy of a model object with some fields changed (attrs or dataclass, whichever the model uses)."""
    if dataclasses.is_dataclass(model):
        return dataclasses.replace(model, **changes)  # type: ignore[type-var]
    import attrs

    return attrs.evolve(model, **changes)


def _replace(request: Request, **changes: object) -> Request:
    return _evolve(request, **changes)


def _slide(request: Request, **changes: object) -> Request:
    first = _evolve(request.slides[0], **changes)
    return _evolve(request, slides=(first, *request.slides[1:]))


def _two_objects(request: Request, rng: random.Random) -> Request:
    return _slide(request, image=None, audio=None, video=None, pdf=url(rng, "pdf"), ical=url(rng, "ical"))


Fault = Callable[[Request, random.Random], Request]
Edit = Callable[[str], str]

#: Ways to break a valid request, each breaking it in every form: (name, change to the model).
MODEL_FAULTS: tuple[tuple[str, Fault], ...] = (
    ("bad-receiver", lambda r, rng: _replace(r, to="+1-555-123")),
    ("too-many-slides", lambda r, rng: _replace(r, slides=r.slides * 9)),
    ("audio-and-video", lambda r, rng: _slide(r, audio=url(rng, "audio"), video=url(rng, "video"))),
    ("bad-duration", lambda r, rng: _slide(r, duration=rng.choice(("0", "61", "five")))),
    ("no-name", lambda r, rng: _replace(r, name=None)),
    ("no-slides", lambda r, rng: _replace(r, slides=())),
    ("expired", lambda r, rng: _replace(r, mmslink_expiration_date="2001-01-01")),
    ("bad-type", lambda r, rng: _slide(r, image="https://cdn.example.com/a.exe")),
    ("not-http", lambda r, rng: _slide(r, image="ftp://cdn.example.com/a.jpg")),
    ("no-api-key", lambda r, rng: _replace(r, api_key=None)),
    ("two-objects", _two_objects),
    ("text-too-long", lambda r, rng: _slide(r, text=text(rng, DEFAULT_PROFILE.max_slide_text + 1))),
)
#: Ways to break the text of a file instead: not well-formed, or a name the schema doesn't know.
TEXT_FAULTS: dict[str, tuple[tuple[str, Edit], ...]] = {
    "xml": (
        ("unclosed", lambda s: s.replace("</NAME>", "", 1)),
        ("unknown", lambda s: s.replace("<NAME>", "<NAEM>x</NAEM><NAME>", 1)),
    ),
    "json": (
        ("syntax", lambda s: s.replace("\n}", ",\n}", 1)),
        ("unknown", lambda s: s.replace("{", '{"naem": "x", ', 1)),
    ),
    "query": (
        ("bad-utf8", lambda s: s.replace("\n", "%FF\n", 1)),
        ("unknown", lambda s: "naem=x\n&" + s),
    ),
}


@dataclasses.dataclass(frozen=True)
class Generated:
    """One generated file: where, its form, and the fault put in (``None``: a valid request)."""

    path: Path
    form: str
    fault: str | None


def request_file(index: int, seed: int = 0) -> tuple[str, str, str | None]:
    """File ``index`` of a corpus: ``(form, content, fault)``; about half the files carry a fault."""
    rng = random.Random(seed * 1_000_003 + index)
    form = FORMS[index % len(FORMS)]
    request = _valid(rng)
    fault = None
    roll = rng.random()
    if roll < 0.4:
        fault, change = rng.choice(MODEL_FAULTS)
        request = change(request, rng)
    content = WRITE[form](request)
    if 0.4 <= roll < 0.5:
        fault, edit = rng.choice(TEXT_FAULTS[form])
        content = edit(content)
        if fault == "unknown":
            fault = None  # an unknown name is a warning (MV101): the file still passes
    return form, content, fault


def generate(out: Path, count: int, seed: int = 0) -> list[Generated]:
    """Write ``count`` request files under ``out/<form>/``; return what was written, in order."""
    written = []
    for form in FORMS:
        (out / form).mkdir(parents=True, exist_ok=True)
    for index in range(count):
        form, content, fault = request_file(index, seed)
        path = out / form / f"{index:06d}{SUFFIX[form]}"
        path.write_text(content, encoding="utf-8")
        written.append(Generated(path, form, fault))
    return written


#: Receivers of a campaign, one a record: valid UK mobile numbers, different for each record.
CAMPAIGN_TO = "447700{:06d}"


def campaign_line(index: int, seed: int = 0) -> str:
    """Record ``index`` of a campaign file: a JSON-form request on one line, its TO and NAME its own.

    Its shape is file ``index % 1000`` of a corpus (faults included, a text fault can make it no
    JSON), so lines vary as a campaign's do while costing little to write.
    """
    shape = _shapes(seed)[index % len(_shapes(seed))]
    return shape.replace("@TO@", CAMPAIGN_TO.format(index % 1_000_000)).replace("@N@", str(index))


#: The faults of a campaign's records (the big ones, 72 slides or 5,001 characters, left out).
CAMPAIGN_FAULTS = tuple(f for f in MODEL_FAULTS if f[0] not in ("too-many-slides", "text-too-long"))


def _shapes(seed: int, cache: dict[int, list[str]] = {}) -> list[str]:  # noqa: B006 - a deliberate memo
    if seed not in cache:
        import json

        shapes = []
        for index in range(1000):
            rng = random.Random(seed * 1_000_003 + index)
            request = _valid(rng)
            if rng.random() < 0.4:
                request = rng.choice(CAMPAIGN_FAULTS)[1](request, rng)
            if request.to is not None and request.to in RECEIVERS:
                request = _replace(request, to="@TO@", name="Campaign @N@")
            line = json.dumps(json.loads(to_json(request)), ensure_ascii=False)
            if rng.random() < 0.02:
                line = line.replace("}", ",}", 1)  # not JSON: that record's E100
            shapes.append(line)
        cache[seed] = shapes
    return cache[seed]


def campaign(path: Path, count: int, seed: int = 0) -> int:
    """Write a JSON Lines campaign of ``count`` records to ``path``; return its size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        for start in range(0, count, 10_000):
            out.write("".join(campaign_line(i, seed) + "\n" for i in range(start, min(count, start + 10_000))))
    return path.stat().st_size


def main() -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into (created)")
    parser.add_argument("--files", type=int, default=10_000, help="number of files (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jsonl", type=int, metavar="N", help="write one JSON Lines file of N requests instead")
    args = parser.parse_args()
    if args.jsonl is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        size = campaign(args.out / "campaign.jsonl", args.jsonl, args.seed)
        print(f"wrote {args.jsonl} requests ({size} bytes) to {args.out / 'campaign.jsonl'}")
        return
    files = generate(args.out, args.files, args.seed)
    faulty = sum(f.fault is not None for f in files)
    print(f"wrote {len(files)} files to {args.out}: {len(files) - faulty} valid, {faulty} with a fault")


if __name__ == "__main__":
    main()
