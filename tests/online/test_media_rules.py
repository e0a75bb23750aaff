"""The media rules on verdicts, case by case at their edges: what each code means is docs/online.md's table
("Readings of the codes") and the spec's code texts; a verdict is what fetching one URL gave."""

from __future__ import annotations

import pytest

from mmsvalidate.diagnostic import Hit
from mmsvalidate.online import OnlineOptions
from mmsvalidate.online.fetch import Media
from mmsvalidate.online.media import SHOWN, Slot, delivered, judge, message_size, shown

URL = "http://cdn.example.com/a"
NONE = OnlineOptions()
LIMITED = OnlineOptions(limits={"image": 1000, "audio": 2000, "message": 5000})


def found(slot: str, media: Media, options: OnlineOptions = NONE) -> list[tuple[str, object, str | None]]:
    return [(code, hit.x, hit.detail) for code, hit in judge(Slot(slot, media, options))]


def ok(**fields: object) -> Media:
    """A 200 answer read whole, with a Content-Length, of ``fields``."""
    base: dict[str, object] = {"declared": 10, "size": 10, "kind": "png", "description": "PNG image"}
    return Media(URL, "ok", **{**base, **fields})  # type: ignore[arg-type]


def test_a_good_answer_raises_nothing_in_any_slot_taking_it() -> None:
    assert found("image", ok(content_type="image/png")) == []
    assert found("audio", ok(kind="mp3", content_type="audio/mpeg")) == []
    assert found("audio", ok(kind="mp4", content_type="video/mp4")) == []  # AUDIO takes MP4 too
    assert found("video", ok(kind="mp4", content_type="video/mp4")) == []


def test_missing_is_e241_failed_is_the_slots_e35x() -> None:
    assert found("image", Media(URL, "missing", "HTTP 404")) == [("E241", None, f"{URL}: HTTP 404")]
    codes = {"image": "E351", "audio": "E352", "video": "E353", "vcard": "E355", "ical": "E356", "pdf": "E357"}
    for slot, code in {**codes, "passbook": "E358"}.items():
        assert found(slot, Media(URL, "failed", "connection refused")) == [(code, None, f"{URL}: connection refused")]


@pytest.mark.parametrize(
    ("slot", "size", "expected"),
    [
        ("image", 1000, []),
        ("image", 1001, [("E331", None, "1,001 bytes; the image limit is 1,000 bytes")]),
        ("audio", 2000, []),
        ("audio", 2001, [("E332", None, "2,001 bytes; the audio limit is 2,000 bytes")]),
        ("video", 10**6, []),  # no video limit
    ],
)
def test_e33x_over_the_kinds_limit(slot: str, size: int, expected: list[object]) -> None:
    kind = {"image": "png", "audio": "mp3", "video": "mp4"}[slot]
    assert found(slot, ok(size=size, declared=size, kind=kind), LIMITED) == expected


def test_e33x_for_a_declared_length_not_read_and_a_read_stopped() -> None:
    assert found("image", ok(size=5000, read=False, complete=False, kind=None), LIMITED) == [
        ("E331", None, "Content-Length 5,000 bytes; the image limit is 1,000 bytes (not read)")
    ]
    assert found("image", ok(size=1001, complete=False, declared=None), LIMITED)[0] == (
        "E331",
        None,
        "more than 1,000 bytes (reading stopped there); the image limit is 1,000 bytes",
    )
    capped = OnlineOptions(read_cap=300)
    assert found("image", ok(size=301, complete=False), capped) == [
        (
            "E331",
            None,
            "more than 300 bytes (reading stopped there); the most mmsvalidate reads is 300 bytes; no limit set",
        )
    ]
    over = OnlineOptions(read_cap=300, limits={"image": 400})
    assert found("image", ok(size=301, complete=False), over) == [
        (
            "E331",
            None,
            "more than 300 bytes (reading stopped there); the most mmsvalidate reads is 300 bytes; "
            "the image limit is 400 bytes",
        )
    ]
    assert found("image", ok(size=0, complete=False), capped)[0][2].startswith("more than 0 bytes")
    assert found("image", ok(size=300), capped) == []  # read whole at the cap: within it


def test_nothing_about_size_or_type_for_an_answer_that_failed() -> None:
    for outcome in ("missing", "failed"):
        media = Media(URL, outcome, "x", size=10**9, declared=None, kind="mp3", content_type="text/html", hops=("b",))
        assert [code for code, _, _ in found("image", media, LIMITED)] == ["E241" if outcome == "missing" else "E351"]


def test_e629_bytes_of_no_type_and_e229_bytes_of_another_slot() -> None:
    html = ok(kind=None, description="an HTML page", content_type="text/html")
    assert found("image", html) == [("E629", None, "the bytes are an HTML page (served as text/html)")]
    assert found("image", ok(kind=None, description="plain text")) == [("E629", None, "the bytes are plain text")]
    not_read = ok(kind=None, read=False, complete=False, size=60_000_000, declared=60_000_000)
    assert found("image", not_read) == [  # not read: nothing to say of the bytes' type
        (
            "E331",
            None,
            "Content-Length 60,000,000 bytes; the most mmsvalidate reads is 52,428,800 bytes; no limit set (not read)",
        )
    ]
    assert found("image", ok(kind="mp3")) == [
        ("E229", None, "the bytes are MP3 audio; IMAGE takes JPEG, PNG, GIF, BMP, WBMP, WEBP")
    ]
    assert found("video", ok(kind="mp3"))[0][0] == "E229"


def test_e341_only_for_an_image_in_the_image_slot() -> None:
    broken = ok(image_problem="PNG does not decode completely: truncated")
    assert found("image", broken) == [("E341", None, "PNG does not decode completely: truncated")]
    assert found("image", ok(image_problem=None)) == []
    assert [c for c, _, _ in found("video", broken)] == ["E229"]  # an image in VIDEO: its type is the finding
    assert found("image", ok(kind="mp3", image_problem="x"))[0][0] == "E229"
    assert found("image", ok(kind=None, image_problem="x", description="d"))[0][0] == "E629"
    assert "E341" not in [c for c, _, _ in found("image", Media(URL, "failed", "x", image_problem="p", kind="png"))]


def test_mv120_content_type_naming_another_type() -> None:
    assert found("image", ok(content_type="image/jpeg")) == [("MV120", "image/jpeg", "the bytes are PNG image")]
    assert found("image", ok(content_type="IMAGE/PNG; charset=x")) == []
    assert found("image", ok(content_type=None)) == []
    assert found("image", ok(kind=None, content_type="image/jpeg", description="d"))[0][0] == "E629"


def test_mv121_no_content_length() -> None:
    assert found("image", ok(declared=None, chunked=True)) == [("MV121", None, "chunked transfer encoding")]
    assert found("image", ok(declared=None)) == [("MV121", None, "no Content-Length; read until the connection closed")]


def test_mv122_redirects_followed() -> None:
    assert found("image", ok(hops=("http://b/1", "http://c/2"))) == [("MV122", 2, f"{URL} -> http://b/1 -> http://c/2")]
    assert found("image", ok(hops=("http://b/1",)))[0][1] == 1


def test_mv123_the_delivered_estimate_against_the_message_limit() -> None:
    # (content + text) x 1.37, rounded up, + 814
    assert delivered([1000], 0) == 1370 + 814
    assert delivered([1000, 1], 0) == 1372 + 814  # 1371.37 rounded up
    assert delivered([1], 1) == 3 + 814
    assert delivered([], 0) == 814
    limit = 5000
    at = (limit - 814) * 100 // 137  # the most content within the limit
    assert delivered([at], 0) <= limit < delivered([at + 1], 0)
    assert message_size([at], 0, LIMITED) is None
    assert message_size([at + 1], 0, LIMITED) == Hit(
        x="5,000",
        detail=f"{at + 1:,} bytes of content in 1 part(s) and 0 of text: about 5,001 bytes delivered, over 5,000",
    )
    assert message_size([at - 10], 10, LIMITED) is None
    assert message_size([at - 10, 11], 0, LIMITED) is not None
    assert message_size([], 10**6, LIMITED) is None  # no content fetched: nothing to estimate
    assert message_size([10**6], 0, NONE) is None  # no message limit


def test_what_a_server_says_is_escaped_and_bounded() -> None:
    assert shown("a\x1b[31mb\nc") == "a\\x1b[31mb\\nc"
    assert shown("x" * SHOWN) == "x" * SHOWN
    assert shown("x" * (SHOWN + 1)) == "x" * (SHOWN - 3) + "..."
    assert SHOWN == 300
    long = ok(content_type="text/" + "h" * 400, kind=None, description="an HTML page")
    detail = found("image", long)[0][2]
    assert detail is not None and len(detail) == SHOWN and detail.endswith("...")


def test_a_limit_equal_to_the_read_cap_is_the_limit_that_stops_the_reading() -> None:
    at_cap = OnlineOptions(read_cap=300, limits={"image": 300})
    assert found("image", ok(size=301, complete=False), at_cap) == [
        ("E331", None, "more than 300 bytes (reading stopped there); the image limit is 300 bytes")
    ]
