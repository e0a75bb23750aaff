"""MV120-MV123, and what the bytes decide instead of the URL's extension; suppressions cover online codes."""

from __future__ import annotations

import pytest

from mmsvalidate.online import OnlineOptions, validate_online
from tests.online.conftest import FORMS, MP3, in_form, picture, request
from tests.online.server import MediaServer, Route
from tests.online.test_codes import LOCAL, Row, check, rows


@pytest.fixture
def jpeg() -> bytes:
    return picture("JPEG")


@pytest.mark.parametrize("form", FORMS)
def test_mv120_content_type_disagrees_with_the_bytes(server: MediaServer, form: str, jpeg: bytes) -> None:
    server.routes["/a.jpg"] = Route(jpeg, content_type="text/plain; charset=utf-8")
    server.routes["/b.jpg"] = Route(jpeg, content_type="IMAGE/JPEG")
    server.routes["/c.jpg"] = Route(jpeg, content_type=None)
    assert check(form, image=server.url("/a.jpg")) == [("MV120", 1, "/slides/0/image", "the bytes are JPEG image")]
    assert check(form, image=server.url("/b.jpg")) == []
    assert check(form, image=server.url("/c.jpg")) == []


@pytest.mark.parametrize("form", FORMS)
def test_mv121_no_content_length(server: MediaServer, form: str) -> None:
    server.routes["/chunked.mp3"] = Route(MP3, content_type="audio/mpeg", mode="chunked")
    server.routes["/closed.mp3"] = Route(MP3, content_type="audio/mpeg", mode="close")
    assert check(form, audio=server.url("/chunked.mp3")) == [
        ("MV121", 1, "/slides/0/audio", "chunked transfer encoding")
    ]
    assert check(form, audio=server.url("/closed.mp3")) == [
        ("MV121", 1, "/slides/0/audio", "no Content-Length; read until the connection closed")
    ]


@pytest.mark.parametrize("form", FORMS)
def test_mv122_redirects_followed(server: MediaServer, form: str, jpeg: bytes) -> None:
    server.routes["/old.jpg"] = Route(status=301, location="/moved.jpg")
    server.routes["/moved.jpg"] = Route(status=308, location=server.url("/new.jpg"))
    server.routes["/new.jpg"] = Route(jpeg, content_type="image/jpeg")
    chain = f"{server.url('/old.jpg')} -> {server.url('/moved.jpg')} -> {server.url('/new.jpg')}"
    report = validate_online(in_form(request(image=server.url("/old.jpg")), form), options=LOCAL)
    assert rows(report) == [("MV122", 1, "/slides/0/image", chain)]
    assert report.findings[0].message == "Content URL is redirected 2 time(s) before its content."


@pytest.mark.parametrize("form", FORMS)
def test_mv123_estimated_delivered_size_over_the_message_limit(server: MediaServer, form: str) -> None:
    server.routes["/a.jpg"] = Route(b"\xff\xd8\xff" + b"\0" * 9997, content_type="image/jpeg")
    server.routes["/b.mp3"] = Route(MP3, content_type="audio/mpeg")
    # 10,000 + 1,678 bytes of content and 2 of text: ceil(11,680 x 1.37) + 814 = 16,816 bytes delivered
    options = OnlineOptions(allow_private=True, limits={"message": 16815}, timeout=30)
    body = in_form(request(audio=server.url("/b.mp3"), image=server.url("/a.jpg")), form)
    report = validate_online(body, options=options)
    found: list[Row] = [(f.code, f.slide, f.field, f.detail) for f in report.findings]
    detail = "11,678 bytes of content in 2 part(s) and 2 of text: about 16,816 bytes delivered, over 16,815"
    assert ("MV123", None, "/slides", detail) in found
    assert [f.message for f in report.findings if f.code == "MV123"] == [
        "Estimated delivered size of the MMS is over 16,815 bytes."
    ]
    options = OnlineOptions(allow_private=True, limits={"message": 16816}, timeout=30)
    assert "MV123" not in [f.code for f in validate_online(body, options=options).findings]


@pytest.mark.parametrize("form", FORMS)
def test_the_bytes_decide_the_type_not_the_extension(server: MediaServer, form: str, jpeg: bytes) -> None:
    server.routes["/photo.php"] = Route(jpeg, content_type="image/jpeg")
    server.routes["/photo"] = Route(jpeg, content_type="image/jpeg")
    offline = validate_online(in_form(request(image="http://media.example.invalid/photo.php"), form), options=LOCAL)
    assert [f.code for f in offline.findings] == ["E241", "E629"]  # not fetched: the extension still speaks
    assert check(form, image=server.url("/photo.php")) == []
    assert check(form, image=server.url("/photo")) == []


def test_online_codes_are_suppressed_like_any_other(server: MediaServer) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg", mode="chunked")
    xml = in_form(request(image=server.url("/a.jpg")), "xml")
    silenced = xml.replace("<REQUEST>", "<REQUEST><!-- mmsvalidate: ignore[MV121] -->")
    assert validate_online(silenced, options=LOCAL).findings == ()
    unused = validate_online(xml.replace("<REQUEST>", "<REQUEST><!-- mmsvalidate: ignore[E351] -->"), options=LOCAL)
    assert [(f.code, f.detail) for f in unused.findings] == [
        ("MV113", "no E351 finding in this request; remove it"),
        ("MV121", "chunked transfer encoding"),
    ]


@pytest.mark.parametrize("form", FORMS)
def test_an_mp4_or_3gp_file_may_be_audio_only(server: MediaServer, form: str) -> None:
    server.routes["/voice.mp4"] = Route(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", content_type="audio/mp4")
    server.routes["/voice.3gp"] = Route(b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x00", content_type="audio/3gpp")
    server.routes["/song.m4a"] = Route(b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A isom", content_type="audio/mp4")
    assert check(form, audio=server.url("/voice.mp4")) == []
    assert check(form, audio=server.url("/voice.3gp")) == []
    detail = "the bytes are M4A (MPEG-4) audio; VIDEO takes MP4, 3GP, MOV, MPEG, AVI, ASF, WEBM"
    assert check(form, video=server.url("/song.m4a")) == [("E229", 1, "/slides/0/video", detail)]
