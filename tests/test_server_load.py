"""The real service under load: 32 concurrent clients, every answer right; SIGTERM loses no request in flight."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import asyncio
import re
import time
from pathlib import Path

import httpx

from tests.conftest import CORPUS
from tests.serving import VENDOR, Served, Upstream, serve
from tests.test_server_routes import AS_JSON, AS_QUERY, AS_XML, E226, EXAMPLE_JSON, EXAMPLE_QUERY, EXAMPLE_XML

CLIENTS = 32
AUDIO_VIDEO = (CORPUS / "E226" / "fail-audio-video.xml").read_bytes()
#: (method, path, body, content type) and the JSON answer expected, by hand.
CASES = [
    (("POST", "/v1/check", EXAMPLE_XML, "application/xml"), AS_XML),
    (("POST", "/v1/check", EXAMPLE_JSON, "application/json"), AS_JSON),
    (("POST", "/v1/check", EXAMPLE_QUERY.encode(), "application/x-www-form-urlencoded"), AS_QUERY),
    (("GET", "/v1/check?" + EXAMPLE_QUERY, None, None), AS_QUERY),
    (
        ("POST", "/v1/check", AUDIO_VIDEO, "text/xml"),
        {"ok": False, "form": "xml", "first_error": "E226", "findings": [E226]},
    ),
]
#: A vendor-path case: its answer's STATUS and ERRORCODE.
VENDOR_CASES = [
    (EXAMPLE_XML, ("Success", None)),
    (EXAMPLE_XML.replace(b"<FROM>60856</FROM>", b"<FROM>12</FROM>"), ("Failure", "E111")),
]


async def _client(base: str, index: int, rounds: int, wrong: list[str]) -> int:
    done = 0
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for turn in range(rounds):
            pick = (index + turn) % (len(CASES) + len(VENDOR_CASES))
            if pick < len(CASES):
                (method, path, body, content_type), expected = CASES[pick]
                headers = {"Content-Type": content_type} if content_type else {}
                answer = await client.request(method, path, content=body, headers=headers)
                if answer.status_code != 200 or answer.json() != expected:
                    wrong.append(f"{path} {answer.status_code} {answer.text[:200]}")
            else:
                body, (status, code) = VENDOR_CASES[pick - len(CASES)]
                answer = await client.post(VENDOR, content=body, headers={"Content-Type": "text/xml"})
                got = (
                    re.search(rb"<STATUS>(\w+)</STATUS>", answer.content),
                    re.search(rb"<ERRORCODE>(\w+)<", answer.content),
                )
                if (got[0] and got[0][1].decode(), got[1] and got[1][1].decode()) != (status, code):
                    wrong.append(f"{VENDOR} {answer.status_code} {answer.text[:200]}")
            done += 1
    return done


async def _load(base: str, rounds: int) -> tuple[int, list[str]]:
    wrong: list[str] = []
    done = await asyncio.gather(*(_client(base, i, rounds, wrong) for i in range(CLIENTS)))
    return sum(done), wrong


def _total(metrics: str, route: str) -> float:
    pattern = (
        rf'^mmsvalidate_http_requests_total\{{method="(?:GET|POST)",route="{re.escape(route)}",status="200"\}} (\S+)$'
    )
    return sum(float(v) for v in re.findall(pattern, metrics, re.M))


def _answered(served: Served, expected: int) -> float:
    """The answered checks /metrics counts, over both check routes and every worker. Each request is counted
    just after its answer is sent, so a count that falls short is asked again for a moment."""
    deadline = time.monotonic() + 60
    while True:
        metrics = httpx.get(served.url("/metrics"), timeout=30).text
        total = _total(metrics, "/v1/check") + _total(metrics, VENDOR)
        if total >= expected or time.monotonic() > deadline:
            return total
        time.sleep(0.1)


def test_hundreds_of_requests_from_32_clients_are_all_answered_right() -> None:
    with serve("--quiet") as served:
        done, wrong = asyncio.run(_load(served.base, rounds=10))
        assert (done, wrong) == (320, [])
        assert _answered(served, 320) == 320
        assert served.stop() == 0


def test_two_workers_answer_right_and_metrics_add_up_over_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where the service makes its metrics folder
    with serve("--quiet", "--workers", "2") as served:
        done, wrong = asyncio.run(_load(served.base, rounds=5))
        assert (done, wrong) == (160, [])
        assert _answered(served, 160) == 160
        assert [p.name[:20] for p in tmp_path.iterdir()] == ["mmsvalidate-metrics-"]
        assert served.stop() == 0
    assert list(tmp_path.iterdir()) == []  # docs/service.md: the workers' metrics folder is removed at the end


async def _in_flight(served: Served, upstream: Upstream) -> list[httpx.Response | BaseException]:
    async with httpx.AsyncClient(base_url=served.base, timeout=60) as client:
        sends = [
            asyncio.ensure_future(client.post(VENDOR, content=EXAMPLE_XML, headers={"Content-Type": "text/xml"}))
            for _ in range(CLIENTS)
        ]
        deadline = time.monotonic() + 30
        while len(upstream.received) < CLIENTS and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert len(upstream.received) == CLIENTS  # every request is in flight, held by the slow upstream
        served.process.send_signal(15)  # SIGTERM
        return await asyncio.gather(*sends, return_exceptions=True)


def test_sigterm_finishes_every_request_in_flight_then_exits_0() -> None:
    with Upstream(delay=1.5) as upstream, serve("--upstream", upstream.base) as served:
        answers = asyncio.run(_in_flight(served, upstream))
        assert [a.status_code if isinstance(a, httpx.Response) else repr(a) for a in answers] == [200] * CLIENTS
        assert all(isinstance(a, httpx.Response) and a.content == Upstream.answer for a in answers)
        assert served.process.wait(timeout=60) == 0
        with pytest.raises(httpx.ConnectError):
            httpx.get(served.url("/healthz"), timeout=5)
        log = served.stderr()
    assert len(re.findall(r'"POST /API/wxml/1\.3/index\.php HTTP/1\.1" 200 - ', log)) == CLIENTS
