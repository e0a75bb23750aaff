"""Prometheus metrics with the standard client: requests by route, status and first error; latency.

Each application has its own registry. When ``PROMETHEUS_MULTIPROC_DIR`` is set (``mmsvalidate
serve --workers N`` sets it), every worker writes its samples there and ``/metrics`` adds up all
workers, as the client library's multiprocess mode does.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

from mmsvalidate.server.turns import EndOfTurn

#: Latency buckets in seconds: a check takes about a millisecond, a proxied send much longer.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics(EndOfTurn):
    """The service's counters and histogram, and their exposition."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "mmsvalidate_http_requests",
            "HTTP requests answered, by route, method and status.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.checks = Counter(
            "mmsvalidate_checks",
            "Requests checked, by route and first error ('none' when the request has no error).",
            ("route", "first_error"),
            registry=self.registry,
        )
        self.proxied = Counter(
            "mmsvalidate_proxy_requests",
            "Vendor-path requests with an upstream: forwarded, answered locally, refused, or the upstream failed.",
            ("outcome",),
            registry=self.registry,
        )
        self.latency = Histogram(
            "mmsvalidate_http_request_duration_seconds",
            "Time from a request's arrival to the end of its answer, by route.",
            ("route",),
            buckets=BUCKETS,
            registry=self.registry,
        )
        # the labelled children, looked up once each (labels() validates and locks on every call)
        self._requests: dict[tuple[str, str, int], Counter] = {}
        self._checks: dict[tuple[str, str | None], Counter] = {}
        self._latency: dict[str, Histogram] = {}
        # what the requests of this turn of the event loop counted, written once the turn is over (each write
        # of a sample locks, and in multiprocess mode writes to a file; a busy turn answers many requests)
        self._counted: dict[Counter, int] = {}
        self._timed: list[tuple[Histogram, float]] = []

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one answered request."""
        key = (route, method, status)
        counter = self._requests.get(key)
        if counter is None:
            counter = self._requests[key] = self.requests.labels(route, method, str(status))
        histogram = self._latency.get(route)
        if histogram is None:
            histogram = self._latency[route] = self.latency.labels(route)
        self._timed.append((histogram, seconds))
        self._count(counter)

    def checked(self, route: str, first_error: str | None) -> None:
        """Count one checked request by its first error."""
        key = (route, first_error)
        counter = self._checks.get(key)
        if counter is None:
            counter = self._checks[key] = self.checks.labels(route, first_error or "none")
        self._count(counter)

    def _count(self, counter: Counter) -> None:
        """One more for ``counter``, written with the others of this turn of the event loop just after it
        (at once when no event loop runs in this thread)."""
        counted = self._counted
        counted[counter] = counted.get(counter, 0) + 1
        self.later()

    def flush(self) -> None:
        """Write the samples counted and not written yet."""
        self.done()
        counted, self._counted = self._counted, {}
        timed, self._timed = self._timed, []
        for counter, count in counted.items():
            counter.inc(count)
        for histogram, seconds in timed:
            histogram.observe(seconds)  # the client library's public API only: its private fields may change

    def render(self) -> bytes:
        """The exposition text: this process's samples, or every worker's in multiprocess mode."""
        self.flush()
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)
