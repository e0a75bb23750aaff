"""The online check fetches a URL as the API would: without its query where the API strips it (every slot by
default), with it in the slots whose query the API keeps when ``every_query_stripped`` is off (all but AUDIO and
VIDEO). A real local server records the query each fetch sent."""

from __future__ import annotations

import pytest

from mmsvalidate.online import validate_online
from tests.conftest import pinned
from tests.online.conftest import FORMS, MP3, in_form, picture, request
from tests.online.server import MediaServer, Route
from tests.online.test_codes import LOCAL

MV103 = "Parameters in a content URL are not supported and will be stripped."


@pytest.fixture
def served(server: MediaServer) -> MediaServer:
    server.routes.update(
        {
            "/signed.jpg": Route(picture("JPEG"), content_type="image/jpeg"),
            "/song.mp3": Route(MP3, content_type="audio/mpeg"),
        }
    )
    return server


def rows(served: MediaServer, form: str, **profile: object) -> list[tuple[object, ...]]:
    model = request(image=served.url("/signed.jpg?sig=abc"), audio=served.url("/song.mp3?sig=def"))
    report = validate_online(in_form(model, form), options=LOCAL, profile=pinned(**profile))
    return [(f.code, f.message, f.slide, f.field, f.detail) for f in report.findings]


@pytest.mark.parametrize("form", FORMS)
def test_every_query_is_stripped_by_default(served: MediaServer, form: str) -> None:
    assert rows(served, form) == [
        ("MV103", MV103, 1, "/slides/0/image", "'?sig=abc' in IMAGE"),
        ("MV103", MV103, 1, "/slides/0/audio", "'?sig=def' in AUDIO"),
    ]
    assert sorted(served.queries) == ["", ""]
    assert (served.hits["/signed.jpg"], served.hits["/song.mp3"]) == (1, 1)


@pytest.mark.parametrize("form", FORMS)
def test_with_the_switch_off_an_image_is_fetched_with_its_query(served: MediaServer, form: str) -> None:
    assert rows(served, form, every_query_stripped=False) == [
        ("MV103", MV103, 1, "/slides/0/audio", "'?sig=def' in AUDIO"),
    ]
    assert sorted(served.queries) == ["", "sig=abc"]
    assert (served.hits["/signed.jpg"], served.hits["/song.mp3"]) == (1, 1)
