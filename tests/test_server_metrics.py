"""The service's metrics, counted on the event loop and written once its turn is over: what /metrics shows is every
request counted, bucket by bucket, whether the samples were written one at a time or together."""

from __future__ import annotations

import pytest

pytest.importorskip("prometheus_client", reason="the service's tests need the server extra")

import asyncio
import re

from mmsvalidate.server.metrics import Metrics

ROUTE = 'route="/v1/check"'


def samples(metrics: Metrics) -> dict[str, float]:
    """``name{labels}`` → value, for the service's own samples in ``render()``."""
    text = metrics.render().decode()
    return {m[1]: float(m[2]) for m in re.finditer(r"^(mmsvalidate_\S+) (\S+)$", text, re.M)}


def expected(latency: dict[str, float]) -> dict[str, float]:
    """Four answered checks of 0.4 ms, 3 ms, 3 ms and 0.2 s, three of them with E226 first, one with none."""
    return {
        'mmsvalidate_http_requests_total{method="POST",route="/v1/check",status="200"}': 4.0,
        'mmsvalidate_checks_total{first_error="E226",route="/v1/check"}': 3.0,
        'mmsvalidate_checks_total{first_error="none",route="/v1/check"}': 1.0,
        f'mmsvalidate_http_request_duration_seconds_bucket{{le="0.0005",{ROUTE}}}': 1.0,
        f'mmsvalidate_http_request_duration_seconds_bucket{{le="0.001",{ROUTE}}}': 1.0,
        f'mmsvalidate_http_request_duration_seconds_bucket{{le="0.0025",{ROUTE}}}': 1.0,
        f'mmsvalidate_http_request_duration_seconds_bucket{{le="0.005",{ROUTE}}}': 3.0,
        f'mmsvalidate_http_request_duration_seconds_bucket{{le="0.1",{ROUTE}}}': 3.0,
        f'mmsvalidate_http_request_duration_seconds_bucket{{le="0.25",{ROUTE}}}': 4.0,
        f'mmsvalidate_http_request_duration_seconds_bucket{{le="+Inf",{ROUTE}}}': 4.0,
        f"mmsvalidate_http_request_duration_seconds_count{{{ROUTE}}}": 4.0,
        f"mmsvalidate_http_request_duration_seconds_sum{{{ROUTE}}}": latency["sum"],
    }


def count(metrics: Metrics) -> None:
    for seconds, first in ((0.0004, "E226"), (0.003, "E226"), (0.003, None), (0.2, "E226")):
        metrics.checked("/v1/check", first)
        metrics.observe("/v1/check", "POST", 200, seconds)


def picked(found: dict[str, float], names: dict[str, float]) -> dict[str, float]:
    return {name: found.get(name, 0.0) for name in names}


def test_samples_counted_in_one_turn_of_the_loop_are_written_just_after_it() -> None:
    want = expected({"sum": 0.2064})

    async def run() -> tuple[dict[str, float], dict[str, float]]:
        metrics = Metrics()
        count(metrics)
        before = picked(samples_without_flush(metrics), want)
        await asyncio.sleep(0)  # the loop's turn is over: the samples are written
        return before, picked(samples_without_flush(metrics), want)

    before, after = asyncio.run(run())
    assert before == dict.fromkeys(want, 0.0)
    assert after == pytest.approx(want)


def test_without_an_event_loop_each_sample_is_written_at_once_and_render_shows_all() -> None:
    metrics = Metrics()
    count(metrics)
    want = expected({"sum": 0.2064})
    assert picked(samples_without_flush(metrics), want) == pytest.approx(want)

    async def run() -> dict[str, float]:
        again = Metrics()
        count(again)
        return picked(samples(again), want)  # render() writes what is counted before it reads

    assert asyncio.run(run()) == pytest.approx(want)


def samples_without_flush(metrics: Metrics) -> dict[str, float]:
    """The samples written so far (the registry read directly, not through ``render()``)."""
    from prometheus_client import generate_latest

    text = generate_latest(metrics.registry).decode()
    return {m[1]: float(m[2]) for m in re.finditer(r"^(mmsvalidate_\S+) (\S+)$", text, re.M)}


def test_checks_are_counted_by_route_and_first_error_each_pair_on_its_own() -> None:
    """docs/service.md: ``mmsvalidate_checks_total`` counts checked requests by route and first error; the same
    first error on two routes is two samples, as the same route with two first errors is."""
    from mmsvalidate.server.config import VENDOR_PATH

    async def run() -> dict[str, float]:
        metrics = Metrics()
        for route, first in (
            ("/v1/check", None),
            (VENDOR_PATH, None),
            (VENDOR_PATH, "E226"),
            ("/v1/check", "E226"),
            ("/v1/check", "E226"),
        ):
            metrics.checked(route, first)
        await asyncio.sleep(0)  # the loop's turn is over: the samples are written
        return {name: value for name, value in samples(metrics).items() if name.startswith("mmsvalidate_checks_total")}

    assert asyncio.run(run()) == {
        'mmsvalidate_checks_total{first_error="none",route="/v1/check"}': 1.0,
        f'mmsvalidate_checks_total{{first_error="none",route="{VENDOR_PATH}"}}': 1.0,
        f'mmsvalidate_checks_total{{first_error="E226",route="{VENDOR_PATH}"}}': 1.0,
        'mmsvalidate_checks_total{first_error="E226",route="/v1/check"}': 2.0,
    }
