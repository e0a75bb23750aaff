"""The media stage of a :class:`~mmsvalidate.checker.pipeline.Checker`: fetch each slot's URL as the API would
and judge the bytes, for a batch of requests examined offline.

A batch fetches each distinct URL (query stripped) once, whatever number of requests and slots name it,
reading as much as the largest limit of those slots asks, and judges each slot against its own limit; a
``memo`` carried from batch to batch of one run keeps that true for the whole run (a URL is fetched again
only when a later batch asks to read more of it than was read, and its body was not read whole). The
stage's client (connection pool, limits, cache) lives as long as the stage.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

import attrs

from mmsvalidate.checker.media import MediaOptions, MediaSlot
from mmsvalidate.checker.pipeline import Examined, Progress
from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import Finding
from mmsvalidate.engine import finding, internal_error
from mmsvalidate.model import SPACE
from mmsvalidate.online.client import Client
from mmsvalidate.online.fetch import Media, Target, target
from mmsvalidate.online.media import Slot, judge, message_size
from mmsvalidate.report import Report

#: Offline findings about a URL's type that the bytes, once read, decide instead (the catalogue's column).
BY_EXTENSION = frozenset(code for code, entry in CODES.items() if entry.judged_by_bytes)
#: Fetches of one request in flight at once (a URL several requests name counts for the first): a request
#: of many URLs waits for its own turns, and an honest one-image request beside it starts at once.
PER_REQUEST = 4
T = TypeVar("T")


def _covers(known: tuple[int, Media], cap: int) -> bool:
    """Whether a verdict read with ``known``'s cap answers for ``cap`` too: it read as much or more, or the
    answer was no body at all, or its whole body."""
    read_cap, media = known
    return read_cap >= cap or media.outcome != "ok" or (media.read and media.complete)


class _Batch:
    """One batch's fetches, by URL (query stripped): each made once (or taken from the memo), reading up to
    the largest cap any of its slots asks."""

    def __init__(self, client: Client, memo: dict[Any, Any] | None, progress: Progress | None) -> None:
        self.client, self.memo, self.progress = client, memo, progress
        self.wanted: dict[str, tuple[str, int, bool]] = {}
        self.owner: dict[str, asyncio.Semaphore] = {}
        self.fetches: dict[str, asyncio.Future[Media]] = {}
        self.made = self.done = 0

    def want(self, url: str, cap: int, turns: asyncio.Semaphore, *, query_kept: bool = False) -> str:
        """Ask for ``url`` (its query stripped, unless ``query_kept``) read up to ``cap`` bytes (or more, for
        another slot), on the ``turns`` of the request that first names it: the key of its fetch."""
        where = target(url, strip_query=not query_kept)
        key = where.url if isinstance(where, Target) else url.strip(SPACE)
        first, most, _ = self.wanted.get(key, (url, 0, query_kept))
        self.wanted[key] = (first, max(most, cap), query_kept)
        self.owner.setdefault(key, turns)
        return key

    def start(self) -> None:
        """Start every fetch asked for, once a URL (none for a URL the memo answers)."""
        for key, (url, cap, query_kept) in self.wanted.items():
            known = self.memo.get(key) if self.memo is not None else None
            if known is not None and _covers(known, cap):
                task: asyncio.Future[Media] = asyncio.get_running_loop().create_future()
                task.set_result(known[1])
            else:
                task = asyncio.ensure_future(self._fetch(self.owner[key], url, cap, query_kept))
                self.made += 1
                task.add_done_callback(self._count)
                if self.memo is not None:
                    task.add_done_callback(functools.partial(self._keep, key, cap))
            self.fetches[key] = task

    async def _fetch(self, turns: asyncio.Semaphore, url: str, cap: int, query_kept: bool) -> Media:
        async with turns:  # waiting for a turn is not the URL's time: its timeout starts in the client
            return await self.client.fetch(url, cap, strip_query=not query_kept)

    def media(self, key: str) -> Media:
        return self.fetches[key].result()

    def _keep(self, key: str, cap: int, done: asyncio.Future[Media]) -> None:
        if self.memo is not None and not done.cancelled() and done.exception() is None:
            self.memo[key] = (cap, done.result())

    def _count(self, _: object) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.made)

    def pending(self) -> list[asyncio.Future[Media]]:
        return [task for task in self.fetches.values() if not task.done()]


def _wanted(item: Examined, batch: _Batch, options: MediaOptions) -> list[tuple[MediaSlot, str]]:
    """The slots of a request worth fetching (a URL the offline check found fetchable), each with its fetch's key."""
    unfetchable = {f.field for f in item.report.findings if f.code == "E241"}
    turns = asyncio.Semaphore(PER_REQUEST)
    return [
        (slot, batch.want(slot.url, options.read_limit(slot.slot), turns, query_kept=slot.query_kept))
        for slot in item.media
        if slot.pointer not in unfetchable
    ]


def _merge(item: Examined, wanted: list[tuple[MediaSlot, str]], batch: _Batch, options: MediaOptions) -> Report:
    """The offline findings (less those the bytes now decide) with the media findings."""
    online: list[Finding] = []
    judged_by_bytes: set[str] = set()
    sizes: list[int] = []
    for slot, key in wanted:
        media = batch.media(key)
        if media.outcome == "ok":
            sizes.append(media.size)
            if media.read:
                judged_by_bytes.add(slot.pointer)
        for code, hit in judge(Slot(slot.slot, media, options)):
            online.append(finding(code, hit._replace(field=slot.pointer), slot.location, slot.slide + 1))
    too_big = message_size(sizes, item.text_bytes, options)
    if too_big is not None:
        online.append(finding("MV123", too_big._replace(field="/slides"), item.slides_at))
    kept = [f for f in item.report.findings if not (f.code in BY_EXTENSION and f.field in judged_by_bytes)]
    found = sorted([*kept, *online], key=lambda f: (f.line or 0, f.column or 0, f.code))
    return attrs.evolve(item.report, findings=tuple(found))


class MediaStage:
    """Fetches and judges the media of examined requests; one client for all its batches. Use ``async with``."""

    def __init__(self, options: MediaOptions) -> None:
        self.options = options
        self.client = Client(options)

    async def __aenter__(self) -> MediaStage:
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def run(
        self, items: Sequence[Examined], *, memo: dict[Any, Any] | None = None, progress: Progress | None = None
    ) -> list[Report]:
        """Each request's report with its media findings merged in (not yet suppressed, selected or bounded),
        in the order given. A caller that gives up (a service's client gone) leaves no fetch running."""
        batch = _Batch(self.client, memo, progress)
        try:
            plans = [_wanted(item, batch, self.options) for item in items]
            batch.start()
            pending = batch.pending()
            if pending:
                await asyncio.wait(pending)
        finally:
            for task in batch.fetches.values():
                task.cancel()
        reports = []
        for item, wanted in zip(items, plans, strict=True):
            try:
                reports.append(_merge(item, wanted, batch, self.options) if wanted else item.report)
            except Exception as exc:
                reports.append(attrs.evolve(item.report, findings=(*item.report.findings, internal_error(exc))))
        return reports


def run_sync(job: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from synchronous code, even under a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(job())).result()


__all__ = ["BY_EXTENSION", "PER_REQUEST", "MediaStage", "run_sync"]
