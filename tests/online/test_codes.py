"""Each online code, raised by a real local server, in all three request forms.

Expected findings are written by hand from the README's readings: (code, slide, field, detail).
"""

from __future__ import annotations

import socket

import pytest

from mmsvalidate import Report
from mmsvalidate.online import OnlineOptions, validate_online
from tests.online.conftest import (
    FORMS,
    HTML,
    ICAL,
    MP3,
    MP4,
    PDF,
    VCARD,
    docx,
    in_form,
    picture,
    pkpass,
    request,
)
from tests.online.server import MediaServer, Route

LOCAL = OnlineOptions(allow_private=True, timeout=30)

Row = tuple[str, int | None, str | None, str | None]


def rows(report: Report) -> list[Row]:
    assert all(f.line is not None for f in report.findings if f.slide), report.findings
    return [(f.code, f.slide, f.field, f.detail) for f in report.findings]


def check(form: str, options: OnlineOptions = LOCAL, **slots: str) -> list[Row]:
    return rows(validate_online(in_form(request(**slots), form), options=options))


@pytest.fixture
def served(server: MediaServer) -> MediaServer:
    jpeg = picture("JPEG")
    server.routes.update(
        {
            "/ok.jpg": Route(jpeg, content_type="image/jpeg"),
            "/ok.png": Route(picture("PNG"), content_type="image/png"),
            "/ok.gif": Route(picture("GIF"), content_type="image/gif"),
            "/ok.mp3": Route(MP3, content_type="audio/mpeg"),
            "/ok.mp4": Route(MP4, content_type="video/mp4"),
            "/ok.vcf": Route(VCARD, content_type="text/vcard"),
            "/ok.ics": Route(ICAL, content_type="text/calendar"),
            "/ok.pdf": Route(PDF, content_type="application/pdf"),
            "/ok.pkpass": Route(pkpass(), content_type="application/vnd.apple.pkpass"),
            "/truncated.jpg": Route(jpeg[: len(jpeg) // 2], content_type="image/jpeg"),
            "/error-page.jpg": Route(HTML, content_type="text/html"),
            "/report.pdf": Route(docx(), content_type="application/pdf"),
            "/song.jpg": Route(MP3, content_type="audio/mpeg"),
            "/gone.jpg": Route(b"gone", 410, "text/plain"),
            "/broken.jpg": Route(b"oops", 500, "text/plain"),
            "/forbidden.mp3": Route(b"no", 403, "text/plain"),
        }
    )
    return server


@pytest.mark.parametrize("form", FORMS)
def test_good_media_of_every_kind_raise_nothing(served: MediaServer, form: str) -> None:
    for slot, path in (
        ("image", "/ok.jpg"),
        ("image", "/ok.png"),
        ("image", "/ok.gif"),
        ("audio", "/ok.mp3"),
        ("video", "/ok.mp4"),
        ("vcard", "/ok.vcf"),
        ("ical", "/ok.ics"),
        ("pdf", "/ok.pdf"),
        ("passbook", "/ok.pkpass"),
    ):
        assert check(form, **{slot: served.url(path)}) == [], path
    assert served.requests == 9


@pytest.mark.parametrize("form", FORMS)
def test_e241_for_404_410_and_a_name_that_does_not_resolve(served: MediaServer, form: str) -> None:
    missing, gone = served.url("/missing.jpg"), served.url("/gone.jpg")
    assert check(form, image=missing) == [("E241", 1, "/slides/0/image", f"{missing}: HTTP 404")]
    assert check(form, image=gone) == [("E241", 1, "/slides/0/image", f"{gone}: HTTP 410")]
    nowhere = "http://media.example.invalid/a.jpg"
    detail = f"{nowhere}: host name 'media.example.invalid' does not resolve"
    assert check(form, audio="http://media.example.invalid/a.mp3") == [
        ("E241", 1, "/slides/0/audio", detail.replace("a.jpg", "a.mp3"))
    ]
    assert served.requests == 2


@pytest.mark.parametrize("form", FORMS)
def test_e35x_for_every_other_failure_in_each_slot(served: MediaServer, form: str) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    broken, forbidden = served.url("/broken.jpg"), served.url("/forbidden.mp3")
    tls = f"https://127.0.0.1:{served.port}/ok.pdf"
    assert check(form, image=broken) == [("E351", 1, "/slides/0/image", f"{broken}: HTTP 500")]
    assert check(form, audio=forbidden) == [("E352", 1, "/slides/0/audio", f"{forbidden}: HTTP 403")]
    refused = f"http://127.0.0.1:{closed}/a.mp4"
    assert check(form, video=refused) == [("E353", 1, "/slides/0/video", f"{refused}: connection refused")]
    assert check(form, pdf=tls) == [("E357", 1, "/slides/0/pdf", f"{tls}: TLS failed (WRONG_VERSION_NUMBER)")]


@pytest.mark.parametrize("form", FORMS)
def test_e35x_for_a_timeout_and_a_cut_answer(server: MediaServer, form: str) -> None:
    server.routes["/slow.vcf"] = Route(VCARD, delay=1.5)
    server.routes["/cut.ics"] = Route(ICAL, mode="cut")
    slow, cut = server.url("/slow.vcf"), server.url("/cut.ics")
    quick = OnlineOptions(allow_private=True, timeout=0.4)
    late = f"{slow}: no complete answer within 0.4 s"
    assert check(form, quick, vcard=slow) == [("E355", 1, "/slides/0/vcard", late)]
    closed = f"{cut}: the server closed the connection before the whole answer"
    assert check(form, ical=cut) == [("E356", 1, "/slides/0/ical", closed)]


@pytest.mark.parametrize("form", FORMS)
def test_e35x_for_redirect_loops_and_non_http_targets(server: MediaServer, form: str) -> None:
    server.routes["/loop.pkpass"] = Route(status=302, location="/loop.pkpass")
    server.routes["/ftp.pkpass"] = Route(status=301, location="ftp://files.example.invalid/pass.pkpass")
    loop, ftp = server.url("/loop.pkpass"), server.url("/ftp.pkpass")
    assert check(form, passbook=loop) == [
        ("E358", 1, "/slides/0/passbook", f"{loop}: more than 5 redirects (the last to {loop})")
    ]
    assert server.hits["/loop.pkpass"] == 6  # the URL and 5 redirects followed
    target = "ftp://files.example.invalid/pass.pkpass"
    assert check(form, passbook=ftp) == [
        ("E358", 1, "/slides/0/passbook", f"{ftp}: redirect to {target}: not an http(s) URL: ftp scheme")
    ]


KINDS = (
    ("image", "E331", "/ok.jpg"),
    ("audio", "E332", "/ok.mp3"),
    ("video", "E333", "/ok.mp4"),
    ("vcard", "E335", "/ok.vcf"),
    ("ical", "E336", "/ok.ics"),
    ("pdf", "E337", "/ok.pdf"),
    ("passbook", "E338", "/ok.pkpass"),
)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("slot", "code", "path"), KINDS)
def test_e33x_over_the_kinds_limit(served: MediaServer, form: str, slot: str, code: str, path: str) -> None:
    size = len(served.routes[path].body)
    at_limit = OnlineOptions(allow_private=True, timeout=30, limits={slot: size})
    assert check(form, at_limit, **{slot: served.url(path)}) == []
    under = OnlineOptions(allow_private=True, timeout=30, limits={slot: size - 1})
    detail = f"Content-Length {size:,} bytes; the {slot} limit is {size - 1:,} bytes (not read)"
    assert check(form, under, **{slot: served.url(path)}) == [(code, 1, f"/slides/0/{slot}", detail)]


@pytest.mark.parametrize("form", FORMS)
def test_e341_for_an_image_that_does_not_decode_completely(served: MediaServer, form: str) -> None:
    detail = "JPEG does not decode completely: Truncated File Read"
    assert check(form, image=served.url("/truncated.jpg")) == [("E341", 1, "/slides/0/image", detail)]


@pytest.mark.parametrize("form", FORMS)
def test_e629_for_bytes_no_slot_takes(served: MediaServer, form: str) -> None:
    page = "the bytes are an HTML page (served as text/html)"
    assert check(form, image=served.url("/error-page.jpg")) == [("E629", 1, "/slides/0/image", page)]
    office = "the bytes are an Office Open XML document (.docx, .xlsx, ...) (served as application/pdf)"
    assert check(form, pdf=served.url("/report.pdf")) == [("E629", 1, "/slides/0/pdf", office)]


@pytest.mark.parametrize("form", FORMS)
def test_e229_for_bytes_of_another_slot(served: MediaServer, form: str) -> None:
    detail = "the bytes are MP3 audio; IMAGE takes JPEG, PNG, GIF, BMP, WBMP, WEBP"
    assert check(form, image=served.url("/song.jpg")) == [("E229", 1, "/slides/0/image", detail)]
