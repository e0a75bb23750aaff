"""``serve --online`` fetches what the API would, and shares fairly: the real service on a free port, a real
media server counting every GET."""

from __future__ import annotations

import concurrent.futures
import time

import attrs
import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import httpx

from mmsvalidate.model import Slide
from tests.online.conftest import VCARD, in_form, picture, request
from tests.online.server import MediaServer, Route
from tests.serving import serve

ONLINE = ("--quiet", "--online", "--allow-private", "--media-host", "127.0.0.1", "--media-host", "localhost")
SLOTS = ("image", "audio", "video", "vcard", "ical", "pdf", "passbook")


def check(base: str, body: str) -> list[str]:
    answer = httpx.post(base + "/v1/check", content=body, headers={"Content-Type": "application/json"}, timeout=120)
    assert answer.status_code == 200, answer.text
    return [f["code"] for f in answer.json()["findings"]]


def test_a_request_that_fails_offline_makes_no_fetch(server: MediaServer) -> None:
    # the request: many slides x 7 slots, failing offline (E225 and others); the API fetches nothing
    slides = tuple(
        Slide(text="Hi", duration="5", **{slot: server.url(f"/m{n}-{slot}") for slot in SLOTS}) for n in range(300)
    )
    body = in_form(attrs.evolve(request(), slides=slides), "json")
    with serve(*ONLINE) as served:
        assert "E225" in check(served.base, body)
    assert server.requests == 0


def test_an_honest_request_is_answered_beside_a_request_of_many_slow_urls(server: MediaServer) -> None:
    # a valid request of 8 slides, each an IMAGE and an AUDIO answering in 1 s (16 URLs of one host, 4 at a
    # time: 4 s; 8 fetches at once in all), and an honest one-image request on another host name while it runs
    for n in range(8):
        server.routes[f"/s{n}.png"] = Route(picture("PNG", (4, 4)), content_type="image/png", delay=1.0)
        server.routes[f"/s{n}.mp3"] = Route(VCARD, content_type="audio/mpeg", delay=1.0)
    server.routes["/honest.png"] = Route(picture("PNG", (4, 4)), content_type="image/png")
    slides = tuple(
        Slide(text="Hi", duration="5", image=server.url(f"/s{n}.png"), audio=server.url(f"/s{n}.mp3")) for n in range(8)
    )
    greedy = in_form(attrs.evolve(request(), slides=slides), "json")
    honest = in_form(request(image=server.url("/honest.png", "localhost")), "json")
    with (
        serve(*ONLINE, "--online-timeout", "30", "--online-concurrency", "8") as served,
        concurrent.futures.ThreadPoolExecutor(1) as pool,
    ):
        first = pool.submit(check, served.base, greedy)
        while server.requests < 4:
            time.sleep(0.01)
        assert check(served.base, honest) == []
        seen = server.requests - server.hits["/honest.png"]  # the greedy request's GETs by then
        first.result()
    assert server.hits["/honest.png"] == 1
    assert sum(server.hits[f"/s{n}.{ext}"] for n in range(8) for ext in ("png", "mp3")) == 16
    assert seen <= 8  # before: it queued behind 8 of them holding every slot, till the third round (12 GETs)
