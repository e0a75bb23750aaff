"""Online checks of whole requests: the offline check, then each distinct media URL fetched once.

A *run* (one :meth:`MediaChecker.check` call) fetches each distinct URL once, whatever number of
requests and slots name it, and every slot shares its verdict. The checker's client (connection
pool, limits, cache) lives as long as the checker, so a service reuses its connections.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Coroutine, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from mmsvalidate.diagnostic import Finding
from mmsvalidate.engine import Prepared, Source, finding, internal_error, prepare
from mmsvalidate.model import Request
from mmsvalidate.online.client import Client
from mmsvalidate.online.fetch import Media, Target, target
from mmsvalidate.online.media import Slot, judge, message_size
from mmsvalidate.online.options import OnlineOptions
from mmsvalidate.profile import Profile
from mmsvalidate.readers.base import Parsed
from mmsvalidate.report import Report

#: Offline findings about a URL's type that the bytes, once read, decide instead.
BY_EXTENSION = frozenset({"E229", "E629", "MV110"})
Progress = Callable[[int, int], None]
T = TypeVar("T")


@attrs.frozen
class _Wanted:
    index: int
    slot: str
    pointer: str
    fetch: asyncio.Task[Media]


class _Run:
    """One run's fetches, by URL (query stripped) and read limit: each made once."""

    def __init__(self, client: Client, progress: Progress | None) -> None:
        self.client = client
        self.progress = progress
        self.fetches: dict[tuple[str, int], asyncio.Task[Media]] = {}
        self.done = 0

    def media(self, url: str, cap: int) -> asyncio.Task[Media]:
        where = target(url)
        key = (where.url if isinstance(where, Target) else url.strip(), cap)
        task = self.fetches.get(key)
        if task is None:
            task = asyncio.ensure_future(self.client.fetch(url, cap))
            task.add_done_callback(self._count)
            self.fetches[key] = task
        return task

    def _count(self, _: object) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, len(self.fetches))


def _wanted(prepared: Prepared, run: _Run, options: OnlineOptions) -> list[_Wanted]:
    """The slots of a request worth fetching: a URL the offline check found fetchable."""
    parsed = prepared.parsed
    if parsed is None or parsed.request is None:
        return []
    unfetchable = {f.field for f in prepared.report.findings if f.code == "E241"}
    wanted = []
    for index, slide in enumerate(parsed.request.slides):
        for slot in slide.contents():
            pointer = f"/slides/{index}/{slot}"
            url = getattr(slide, slot)
            if url and url.strip() and pointer not in unfetchable:
                wanted.append(_Wanted(index, slot, pointer, run.media(url, options.read_limit(slot))))
    return wanted


def _text_bytes(request: Request) -> int:
    return sum(len((slide.text or "").encode("utf-8", errors="replace")) for slide in request.slides)


def _merge(prepared: Prepared, parsed: Parsed, wanted: list[_Wanted], options: OnlineOptions) -> Report:
    """The offline findings (less those the bytes now decide) with the media findings."""
    online: list[Finding] = []
    judged_by_bytes: set[str] = set()
    sizes: list[int] = []
    for item in wanted:
        media = item.fetch.result()
        if media.outcome == "ok":
            sizes.append(media.size)
            if media.read:
                judged_by_bytes.add(item.pointer)
        where = parsed.where(item.pointer)
        for code, hit in judge(Slot(item.slot, media, options)):
            online.append(finding(code, attrs.evolve(hit, field=item.pointer), where, item.index + 1))
    assert parsed.request is not None
    too_big = message_size(sizes, _text_bytes(parsed.request), options)
    if too_big is not None:
        online.append(finding("MV123", attrs.evolve(too_big, field="/slides"), parsed.where("/slides")))
    kept = [f for f in prepared.report.findings if not (f.code in BY_EXTENSION and f.field in judged_by_bytes)]
    found = sorted([*kept, *online], key=lambda f: (f.line or 0, f.column or 0, f.code))
    return attrs.evolve(prepared.report, findings=tuple(found))


class MediaChecker:
    """Checks requests with their media fetched; one client for all its checks. Use ``async with``."""

    def __init__(self, options: OnlineOptions | None = None) -> None:
        self.options = options or OnlineOptions()
        self.client = Client(self.options)

    async def __aenter__(self) -> MediaChecker:
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def check(self, items: Sequence[Prepared], progress: Progress | None = None) -> list[Report]:
        """Finish requests read and checked offline (:func:`mmsvalidate.engine.prepare`) with their
        media checks, in one run; suppressions applied, in the order given."""
        run = _Run(self.client, progress)
        try:
            plans = [_wanted(item, run, self.options) for item in items]
            if run.fetches:
                await asyncio.wait(run.fetches.values())
        finally:  # a caller that gives up (a service's client gone) leaves no fetch running
            for task in run.fetches.values():
                task.cancel()
        reports = []
        for item, wanted in zip(items, plans, strict=True):
            try:
                report = _merge(item, item.parsed, wanted, self.options) if wanted and item.parsed else item.report
                reports.append(item.finish(report))
            except Exception as exc:
                reports.append(attrs.evolve(item.report, findings=(*item.report.findings, internal_error(exc))))
        return reports

    async def validate_many(
        self,
        sources: Iterable[Source],
        *,
        form: str = "auto",
        profile: Profile | None = None,
        progress: Progress | None = None,
        suppressions: bool = True,
    ) -> list[Report]:
        """:meth:`validate` for many requests in one run: each distinct URL fetched once."""
        prepared = [prepare(source, form=form, profile=profile, suppressions=suppressions) for source in sources]
        return await self.check(prepared, progress)

    async def validate(
        self, source: Source, *, form: str = "auto", profile: Profile | None = None, suppressions: bool = True
    ) -> Report:
        """Check one request as :func:`mmsvalidate.validate` does, then its media online."""
        return (await self.validate_many([source], form=form, profile=profile, suppressions=suppressions))[0]


async def avalidate(
    source: Source,
    *,
    form: str = "auto",
    profile: Profile | None = None,
    options: OnlineOptions | None = None,
    checker: MediaChecker | None = None,
) -> Report:
    """Check one request and its media; with ``checker``, on its shared client."""
    if checker is not None:
        return await checker.validate(source, form=form, profile=profile)
    async with MediaChecker(options) as own:
        return await own.validate(source, form=form, profile=profile)


def run_sync(job: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from synchronous code, even under a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(job())).result()


def validate_online(
    source: Source,
    *,
    form: str = "auto",
    profile: Profile | None = None,
    options: OnlineOptions | None = None,
    suppressions: bool = True,
) -> Report:
    """:func:`mmsvalidate.validate` followed by the online media checks (blocking)."""
    prepared = prepare(source, form=form, profile=profile, suppressions=suppressions)
    return check_prepared([prepared], options)[0]


def check_prepared(
    items: Sequence[Prepared], options: OnlineOptions | None = None, progress: Progress | None = None
) -> list[Report]:
    """Blocking :meth:`MediaChecker.check` on a checker of its own."""

    async def job() -> list[Report]:
        async with MediaChecker(options) as checker:
            return await checker.check(items, progress)

    return run_sync(job)


__all__ = ["MediaChecker", "avalidate", "check_prepared", "run_sync", "validate_online"]
