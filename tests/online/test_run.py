"""A run fetches each distinct URL once; the on-disk cache revalidates; limits on reach and reading hold."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import mmsvalidate
from mmsvalidate.checker import Checker, CheckOptions
from mmsvalidate.checker.pipeline import Progress
from mmsvalidate.online import MediaChecker, OnlineOptions, avalidate, validate_online
from mmsvalidate.online.client import Client
from tests.online.conftest import FORMS, VCARD, in_form, picture, request
from tests.online.server import HOLD_CAP, MediaServer, Route

LOCAL = OnlineOptions(allow_private=True, timeout=30)
#: How long a slow answer takes: far longer than anything a test waits for when all is well.
SLOW = 20.0


def batch(bodies: list[str], options: OnlineOptions, progress: Progress | None = None) -> list[mmsvalidate.Report]:
    """The bodies examined offline, then their media stage as one batch (as a CLI run's window does)."""
    checker = Checker(CheckOptions(media=options))
    return checker.complete([checker.examine(body) for body in bodies], progress=progress)


def test_a_thousand_requests_sharing_ten_urls_make_ten_fetches(server: MediaServer) -> None:
    jpeg = picture("JPEG")
    for n in range(10):
        server.routes[f"/m{n}.jpg"] = Route(jpeg, content_type="image/jpeg")
    bodies = [in_form(request(image=server.url(f"/m{i % 10}.jpg?copy={i}")), FORMS[i % 3]) for i in range(1000)]
    seen: list[tuple[int, int]] = []
    reports = batch(bodies, LOCAL, progress=lambda d, t: seen.append((d, t)))
    assert [r.codes for r in reports] == [("MV103",)] * 1000
    assert server.requests == 10 and set(server.hits.values()) == {1}
    assert seen[-1] == (10, 10) and len(seen) == 10


def test_at_most_per_host_fetches_at_once(server: MediaServer) -> None:
    for n in range(12):
        # the first answers wait until 3 fetches are in flight (not for a time); each then takes 0.2 s
        server.routes[f"/s{n}.vcf"] = Route(VCARD, content_type="text/vcard", delay=0.2, hold=3)
    bodies = [in_form(request(vcard=server.url(f"/s{n}.vcf")), "json") for n in range(12)]
    options = OnlineOptions(allow_private=True, timeout=2 * HOLD_CAP, per_host=3)
    reports = batch(bodies, options)
    assert all(r.findings == () for r in reports)
    assert server.requests == 12 and server.most_in_flight == 3


def test_reading_stops_at_the_limit_plus_one_byte_without_content_length(server: MediaServer) -> None:
    server.routes["/endless.jpg"] = Route(b"\xff\xd8\xff\xe0", content_type="image/jpeg", mode="endless")

    async def fetch() -> tuple[int, bool, bool, int]:
        async with Client(LOCAL) as client:
            media = await client.fetch(server.url("/endless.jpg"), 100_001)
            hosts = len(client._hosts)  # a host's slots are forgotten once nobody uses them
        return media.size, media.read, media.complete, hosts

    assert asyncio.run(fetch()) == (100_001, True, False, 0)
    options = OnlineOptions(allow_private=True, timeout=30, limits={"image": 100_000})
    report = validate_online(in_form(request(image=server.url("/endless.jpg")), "xml"), options=options)
    assert [(f.code, f.detail) for f in report.findings] == [
        ("E331", "more than 100,000 bytes (reading stopped there); the image limit is 100,000 bytes"),
        ("MV121", "chunked transfer encoding"),
    ]


def test_without_a_limit_reading_stops_at_the_read_cap(server: MediaServer) -> None:
    server.routes["/endless.mp4"] = Route(b"\x00\x00\x00\x18ftypmp42", content_type="video/mp4", mode="endless")
    options = OnlineOptions(allow_private=True, timeout=30, read_cap=300_000)
    report = validate_online(in_form(request(video=server.url("/endless.mp4")), "query"), options=options)
    assert [(f.code, f.detail) for f in report.findings] == [
        (
            "E333",
            "more than 300,000 bytes (reading stopped there); the most mmsvalidate reads is 300,000 bytes; "
            "no limit set",
        ),
        ("MV121", "chunked transfer encoding"),
    ]
    server.routes["/big.mp4"] = Route(b"\x00\x00\x00\x18ftypmp42" + b"\0" * 300_000, content_type="video/mp4")
    report = validate_online(in_form(request(video=server.url("/big.mp4")), "json"), options=options)
    assert [(f.code, f.detail) for f in report.findings] == [
        ("E333", "Content-Length 300,012 bytes; the most mmsvalidate reads is 300,000 bytes; no limit set (not read)"),
    ]


def test_the_cache_revalidates_with_etag(server: MediaServer, tmp_path: Path) -> None:
    server.routes["/a.jpg"] = Route(b"<html>oops</html>", content_type="text/html", etag='"v1"')
    options = OnlineOptions(allow_private=True, timeout=30, cache_dir=tmp_path / "cache")
    body = in_form(request(image=server.url("/a.jpg")), "xml")
    first = validate_online(body, options=options)
    again = validate_online(body, options=options)
    assert [f.code for f in first.findings] == [f.code for f in again.findings] == ["E629"]
    assert first.findings == again.findings
    assert server.requests == 2 and server.conditional == 1
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_the_cache_revalidates_with_last_modified(server: MediaServer, tmp_path: Path) -> None:
    stamp = "Mon, 30 Nov 2026 08:00:00 GMT"
    server.routes["/a.pdf"] = Route(b"%PDF-1.4\n%%EOF\n", content_type="application/pdf", last_modified=stamp)
    options = OnlineOptions(allow_private=True, timeout=30, cache_dir=tmp_path)
    body = in_form(request(pdf=server.url("/a.pdf")), "query")
    assert validate_online(body, options=options).findings == ()
    assert validate_online(body, options=options).findings == ()
    assert server.requests == 2 and server.conditional == 1 and server.not_modified == 1


def test_a_service_shares_one_checker(server: MediaServer) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    body = in_form(request(image=server.url("/a.jpg")), "json")

    async def serve() -> list[tuple[str, ...]]:
        async with MediaChecker(LOCAL) as checker:
            reports = await asyncio.gather(*(avalidate(body, checker=checker) for _ in range(5)))
            reports.append(await checker.validate(body))
        return [r.codes for r in reports]

    assert asyncio.run(serve()) == [()] * 6
    assert server.requests == 6  # a run per call: each call fetches its URLs afresh


def test_blocking_form_works_under_a_running_event_loop(server: MediaServer) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")

    async def inside() -> tuple[str, ...]:
        return validate_online(in_form(request(image=server.url("/a.jpg")), "xml"), options=LOCAL).codes

    assert asyncio.run(inside()) == ()


def test_allowed_hosts_are_compared_as_fetches_see_them() -> None:
    hosts = OnlineOptions(allow_hosts=["Bücher.Example.", " LOCALHOST", "::1"]).allow_hosts
    assert hosts == {"xn--bcher-kva.example", "localhost", "::1"}


def test_bad_options_are_value_errors() -> None:
    with pytest.raises(ValueError, match="unknown media preset 'tiny'"):
        OnlineOptions(preset="tiny")
    with pytest.raises(ValueError, match="unknown media kind 'photo'"):
        OnlineOptions(limits={"photo": 1})
    with pytest.raises(ValueError, match="timeout must be more than 0"):
        OnlineOptions(timeout=0)


def test_readme_online_example(server: MediaServer) -> None:
    import re

    from tests.docs import page

    snippet = re.search(r"```python\n(.*?)```", page("docs/online.md"), re.S)
    assert snippet is not None
    namespace: dict[str, object] = {"__name__": "readme"}
    exec(compile(snippet[1], "docs/online.md", "exec"), namespace)
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    server.routes["/big.mp4"] = Route(b"\x00\x00\x00\x18ftypmp42" + b"\0" * 3_000_000, content_type="video/mp4")
    good, big = (
        in_form(request(**slot), "xml") for slot in ({"image": server.url("/a.jpg")}, {"video": server.url("/big.mp4")})
    )
    preflight, preflight_many = namespace["preflight"], namespace["preflight_many"]
    assert preflight(good) is False and server.requests == 0  # as written: loopback is refused
    namespace["OPTIONS"] = OnlineOptions(allow_private=True, preset="carrier-safe", limits={"video": 3_000_000})
    assert preflight(good) is True  # type: ignore[operator]
    assert asyncio.run(preflight_many([good, big, good])) == [True, False, True]  # type: ignore[operator]
    assert server.hits == {"/a.jpg": 2, "/big.mp4": 1}


def test_a_cancelled_check_leaves_no_fetch_running(server: MediaServer) -> None:
    server.routes["/slow.jpg"] = Route(picture("JPEG"), content_type="image/jpeg", delay=SLOW)
    body = in_form(request(image=server.url("/slow.jpg")), "xml")

    async def give_up() -> int:
        async with MediaChecker(LOCAL) as checker:
            call = asyncio.ensure_future(checker.validate(body))
            for _ in range(3000):  # until the fetch is in flight: the server has the request (at most 30 s)
                if server.requests:
                    break
                await asyncio.sleep(0.01)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await call
            others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            if others:  # cancelled: they end at once, long before the server would have answered
                await asyncio.wait(others, timeout=SLOW / 2)
            return sum(1 for task in others if not task.done())

    assert asyncio.run(give_up()) == 0 and server.requests == 1


def test_a_url_in_slots_of_different_limits_is_fetched_once_and_each_slot_judged(server: MediaServer) -> None:
    """Fetched once, reading as much as the largest limit asks; each slot judged against its own limit."""
    clip = b"\x00\x00\x00\x18ftypmp42" + b"\0" * 149_988  # 150,000 bytes of MP4
    server.routes["/clip.mp4"] = Route(clip, content_type="video/mp4")
    url = server.url("/clip.mp4")
    options = OnlineOptions(allow_private=True, timeout=30, limits={"video": 200_000, "audio": 100_000})
    video, audio = batch([in_form(request(video=url), "json"), in_form(request(audio=url), "json")], options)
    assert server.hits == {"/clip.mp4": 1}
    assert video.findings == ()
    assert [(f.code, f.field, f.detail) for f in audio.findings] == [
        ("E332", "/slides/0/audio", "150,000 bytes; the audio limit is 100,000 bytes"),
    ]
    # a URL over every limit: read to one byte past the largest, and said so for each slot
    server.routes["/long.mp4"] = Route(clip + b"\0" * 100_000, content_type="video/mp4", mode="close")
    long = server.url("/long.mp4")
    video, audio = batch([in_form(request(video=long), "json"), in_form(request(audio=long), "json")], options)
    assert server.hits["/long.mp4"] == 1
    assert [(f.code, f.detail) for f in video.findings if f.code.startswith("E")] == [
        ("E333", "more than 200,000 bytes (reading stopped there); the video limit is 200,000 bytes"),
    ]
    assert [(f.code, f.detail) for f in audio.findings if f.code.startswith("E")] == [
        ("E332", "more than 200,000 bytes (reading stopped there); the audio limit is 100,000 bytes"),
    ]


def test_across_the_windows_of_a_run_a_url_is_fetched_again_only_to_read_more_of_it(server: MediaServer) -> None:
    """The run's memo answers a later window's slot when the first fetch read the whole body (or as much as
    asked); a URL read only up to a smaller limit is fetched again for a larger one."""
    small = b"\x00\x00\x00\x18ftypmp42" + b"\0" * 49_988  # 50,000 bytes: read whole under either limit
    big = b"\x00\x00\x00\x18ftypmp42" + b"\0" * 149_988  # 150,000 bytes: past the audio limit
    server.routes["/small.mp4"] = Route(small, content_type="video/mp4", mode="close")
    server.routes["/big.mp4"] = Route(big, content_type="video/mp4", mode="close")
    options = OnlineOptions(allow_private=True, timeout=30, limits={"video": 200_000, "audio": 100_000})
    checker = Checker(CheckOptions(media=options))
    memo = checker.media_memo()
    first = [in_form(request(audio=server.url(f"/{name}.mp4")), "json") for name in ("small", "big")]
    later = [in_form(request(video=server.url(f"/{name}.mp4")), "json") for name in ("small", "big")]
    earlier = checker.complete([checker.examine(body) for body in first], memo=memo)
    then = checker.complete([checker.examine(body) for body in later], memo=memo)
    assert server.hits == {"/small.mp4": 1, "/big.mp4": 2}
    assert [[f.code for f in r.findings if f.code.startswith("E")] for r in (*earlier, *then)] == [[], ["E332"], [], []]
