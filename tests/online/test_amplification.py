"""What the media stage fetches, as the API would: nothing for a request that fails offline, never more URLs
than the account's slide limit allows, a fair share for each request, and a URL's own time for its timeout.

The counts are the real media server's: every GET it received.
"""

from __future__ import annotations

import asyncio

import attrs

from mmsvalidate.checker import Checker, CheckOptions
from mmsvalidate.model import MEDIA, OBJECTS, Request, Slide
from mmsvalidate.online import OnlineOptions
from mmsvalidate.online.stage import PER_REQUEST
from mmsvalidate.profile import Profile
from tests.online.conftest import VCARD, in_form, picture, request
from tests.online.server import MediaServer, Route

LOCAL = OnlineOptions(allow_private=True, timeout=30)
SLOTS = MEDIA + OBJECTS


def crowded(server: MediaServer, slides: int, prefix: str = "/m") -> Request:
    """A request of ``slides`` slides, each naming a distinct URL in every slot (it fails offline: E225 when
    there are more slides than allowed, and E223/E224/E226/E227 for the crowded slides)."""
    made = tuple(
        Slide(text="Hi", duration="5", **{slot: server.url(f"{prefix}{n}-{slot}") for slot in SLOTS})
        for n in range(slides)
    )
    return attrs.evolve(request(), slides=made)


def test_a_request_that_fails_offline_fetches_nothing(server: MediaServer) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    bad = attrs.evolve(request(image=server.url("/a.jpg")), to="NOTANUMBER")
    for form in ("json", "xml", "query"):
        report = Checker(CheckOptions(media=LOCAL)).check(in_form(bad, form))
        assert report.codes == ("E110",)
    many = Checker(CheckOptions(media=LOCAL)).check(in_form(crowded(server, 500), "json"))
    assert "E225" in many.codes
    assert server.requests == 0


def test_an_offline_error_its_bytes_decide_does_not_stop_the_fetch(server: MediaServer) -> None:
    # no extension: the type is the bytes' to say (MV110 offline), and a JPEG in IMAGE is fine
    server.routes["/picture"] = Route(picture("JPEG"), content_type="image/jpeg")
    report = Checker(CheckOptions(media=LOCAL)).check(in_form(request(image=server.url("/picture")), "json"))
    assert report.findings == ()
    assert server.hits["/picture"] == 1


def test_a_request_fetches_at_most_max_slides_times_the_slots(server: MediaServer) -> None:
    # only media codes selected: the offline errors (E225, E223...) are not reported, so the request is fetched,
    # but never past the account's slide limit: 3 slides x 7 slots, of the 500 x 7 URLs it names
    options = CheckOptions(profile=Profile(max_slides=3), media=LOCAL, codes=frozenset({"E341"}))
    report = Checker(options).check(in_form(crowded(server, 500), "json"))
    assert report.codes == ()
    assert server.requests == 3 * len(SLOTS)
    assert {path.split("-")[0] for path in server.hits} == {"/m0", "/m1", "/m2"}


def test_offline_errors_not_selected_let_the_fetch_run(server: MediaServer) -> None:
    server.routes["/gone.vcf"] = Route(b"", 404)
    body = in_form(attrs.evolve(request(vcard=server.url("/gone.vcf")), to="NOTANUMBER"), "json")
    offline = Checker(CheckOptions(media=LOCAL)).check(body)
    assert server.requests == 0 and offline.errors
    selected = Checker(CheckOptions(media=LOCAL, codes=frozenset({"E241"}))).check(body)
    assert selected.codes == ("E241",) and server.hits["/gone.vcf"] == 1


def test_a_request_of_many_urls_has_at_most_its_share_in_flight(server: MediaServer) -> None:
    for n in range(3):
        for slot in SLOTS:
            server.routes[f"/m{n}-{slot}"] = Route(VCARD, content_type="text/vcard", delay=0.3)
    options = CheckOptions(profile=Profile(max_slides=3), media=LOCAL, codes=frozenset({"E341"}))
    Checker(options).check(in_form(crowded(server, 3), "json"))
    assert server.requests == 3 * len(SLOTS)
    assert server.most_in_flight == PER_REQUEST


def test_an_honest_request_is_not_starved_by_one_of_many_urls(server: MediaServer) -> None:
    # the greedy request names 8 x 7 slow URLs on one host; the honest one an image on another host name
    # of the same server; both share one checker (as the service's requests do)
    for n in range(8):
        for slot in SLOTS:
            server.routes[f"/slow{n}-{slot}"] = Route(VCARD, content_type="text/vcard", delay=0.5)
    server.routes["/honest.png"] = Route(picture("PNG", (4, 4)), content_type="image/png")
    media = attrs.evolve(LOCAL, concurrency=16, per_host=4)
    checker = Checker(CheckOptions(media=media, codes=frozenset({"E341", "E351"})))
    greedy = in_form(crowded(server, 8, "/slow"), "json")
    honest = in_form(request(image=server.url("/honest.png", host="localhost")), "json")

    async def both() -> tuple[int, list[int]]:
        async with checker:
            first = asyncio.ensure_future(checker.acheck([greedy]))
            while server.requests < 4:  # the greedy request's fetches are under way
                await asyncio.sleep(0.01)
            report = (await checker.acheck([honest]))[0]
            assert report.findings == ()
            seen = server.requests - 1  # the greedy request's GETs received by the time the honest one is done
            await first
            return seen, [server.hits[p] for p in server.hits if p.startswith("/slow")]

    seen, greedy_hits = asyncio.run(both())
    assert len(greedy_hits) == 8 * len(SLOTS) and set(greedy_hits) == {1}
    # before: the honest fetch waited behind all 56 (each holding a slot while queueing for its host)
    assert seen <= 3 * PER_REQUEST


def test_queueing_for_a_host_does_not_count_against_a_urls_timeout(server: MediaServer) -> None:
    # 16 URLs of one host, 4 at a time, each answering in 0.6 s: 2.4 s in all, each URL's own time 0.6 s
    for n in range(16):
        server.routes[f"/q{n}.vcf"] = Route(VCARD, content_type="text/vcard", delay=0.6)
    options = OnlineOptions(allow_private=True, timeout=1.5, per_host=4)
    checker = Checker(CheckOptions(media=options))
    bodies = [in_form(request(vcard=server.url(f"/q{n}.vcf")), "json") for n in range(16)]
    reports = checker.complete([checker.examine(body) for body in bodies])
    assert [(r.codes, [f.detail for f in r.findings]) for r in reports] == [((), [])] * 16
    assert server.requests == 16 and server.most_in_flight == 4  # so each URL queued up to 1.8 s for its host


def test_a_url_slower_than_its_timeout_still_times_out(server: MediaServer) -> None:
    server.routes["/slow.vcf"] = Route(VCARD, content_type="text/vcard", delay=3)
    options = OnlineOptions(allow_private=True, timeout=0.5)
    report = Checker(CheckOptions(media=options)).check(in_form(request(vcard=server.url("/slow.vcf")), "json"))
    assert report.codes == ("E355",)
    assert report.findings[0].detail.endswith("no complete answer within 0.5 s")
