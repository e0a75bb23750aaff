"""The check, as one object: :class:`Checker` runs the stages in their one order.

read → structure and rules (:meth:`Checker.examine`) → media, when asked (:mod:`mmsvalidate.online`)
→ suppress → select → bound (:meth:`Checker.finish`). Every front end (the library, the CLI and its
workers, the service, bulk, Dask and Spark) builds a :class:`~mmsvalidate.checker.options.CheckOptions`
once and hands requests to a checker; none runs a stage itself.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import attrs

from mmsvalidate import engine, readers
from mmsvalidate.checker.options import DEFAULT_OPTIONS, CheckOptions, Suppressions
from mmsvalidate.codes import CODES, UNSUPPRESSIBLE
from mmsvalidate.diagnostic import NOWHERE, Finding, Location
from mmsvalidate.model import SPACE
from mmsvalidate.readers.base import Parsed, is_record
from mmsvalidate.report import Report
from mmsvalidate.rules.slides import query_stripped

if TYPE_CHECKING:  # asyncio and its executor are imported by the async entry points only (a cold check skips them)
    import asyncio
    import concurrent.futures

    from mmsvalidate.checker.media import MediaSlot
    from mmsvalidate.profile import Profile
    from mmsvalidate.readers.records import Record
    from mmsvalidate.settings import suppressions as inline

T = TypeVar("T")
#: ``progress(done, total)``: media URLs fetched so far in a run, of those asked.
Progress = Callable[[int, int], None]
#: Codes that say a request was not (fully) read or checked (E108, MV112, MV114, MV900): reported whatever the
#: selection, as no suppression silences them (a request that could not be read, or a crash, is never a pass).
#: So is everything said of a request that could not be read (:attr:`Examined.read`), the readers' E100 for a
#: document that is no request among it.
ALWAYS = UNSUPPRESSIBLE


#: Offline errors about a URL's type that its bytes decide instead: they do not stop its fetch.
_BY_BYTES = frozenset(code for code, entry in CODES.items() if entry.judged_by_bytes)
#: Requests checked together by :meth:`Checker.check_many` when the media stage runs (one batch of fetches).
MEDIA_WINDOW = 512


class Examined(NamedTuple):
    """A request read and checked offline, before suppress, select and bound: what the later stages need,
    and no reader state, so it pickles (a CLI worker hands it back for the media stage)."""

    report: Report
    suppressions: tuple[inline.Suppression, ...] = ()
    #: Whether the request was read into the model: when it was not, its report says why, whatever the
    #: selection.
    read: bool = True
    #: For the media stage (empty when it does not run): the slots to fetch, the bytes of the slides'
    #: text (the message size, MV123) and where the slides start.
    media: tuple[MediaSlot, ...] = ()
    text_bytes: int = 0
    slides_at: Location = NOWHERE


def _media_of(parsed: Parsed, profile: Profile) -> tuple[tuple[MediaSlot, ...], int, Location]:
    from mmsvalidate.checker.media import MediaSlot

    request = parsed.request
    assert request is not None
    slots = []
    for index, slide in enumerate(request.slides):
        for slot in slide.contents():
            url = getattr(slide, slot)
            if url and url.strip(SPACE):
                where = parsed.where(f"/slides/{index}/{slot}")
                slots.append(MediaSlot(index, slot, url, where, not query_stripped(slot, profile)))
    text = sum(len((slide.text or "").encode("utf-8", errors="replace")) for slide in request.slides)
    return tuple(slots), text, parsed.where("/slides")


class Checker:
    """Checks requests with one :class:`CheckOptions`; thread-safe, reusable, built once per options.

    >>> checker = Checker(CheckOptions(profile=Profile(max_slides=4)))
    >>> checker.check(body).ok
    """

    def __init__(self, options: CheckOptions = DEFAULT_OPTIONS) -> None:
        if not isinstance(options, CheckOptions):
            raise TypeError(f"options is a CheckOptions, not {type(options).__name__}")
        self.options = options
        # the rules a request runs, compiled once: those of the selected codes and of the codes no suppression
        # silences (their findings decide whether the suppressions are judged), that the profile turns on
        self._plan = engine.plan(options.codes, UNSUPPRESSIBLE, options.profile)
        self._full = engine.plan(None, profile=options.profile)
        self._stage: tuple[asyncio.AbstractEventLoop, Any] | None = None  # the loop, its media stage

    # -- the offline stages: read, structure, rules ------------------------------------------------

    def read(self, source: engine.Source) -> Parsed:
        """Only the read stage: the request in the model, with where each value was written.

        Raises ``TypeError`` for a source of the wrong type, ``ValueError`` for a mapping in a form
        other than JSON and ``OSError`` for a path that can't be read (or is not a regular file).
        """
        return self._parse(self._load(source))[0]

    def _load(self, source: engine.Source) -> bytes | str | Mapping[str, object] | Record:
        if type(source) is not bytes and isinstance(source, Mapping) and self.options.form not in ("auto", "json"):
            raise ValueError(f"a mapping is a request in the json form, not {str(self.options.form)!r}")
        return engine.load(source, self.options.profile.max_request_bytes)

    def _parse(self, content: bytes | str | Mapping[str, object] | Record) -> tuple[Parsed, bool]:
        profile, form = self.options.profile, str(self.options.form)
        if type(content) is not bytes and type(content) is not str:  # exact types first: no abstract-class test
            if is_record(content):  # a record of a campaign file: read in its own form, located in the file
                return _record_reader()(content, profile), True  # type: ignore[arg-type]
            if isinstance(content, Mapping):
                return readers.read(content, form, profile), False
        text = cast("bytes | str", content)
        too_big = readers.oversize(text, profile.max_request_bytes)
        if too_big is not None:  # before anything reads the whole content
            return Parsed(readers.detect(text) if form == "auto" else form, failure=too_big), True
        return readers.read(text, form, profile), True

    def examine(self, source: engine.Source) -> Examined:
        """Read and check one request offline; a bug met on the way is that request's MV900.

        Raises as :meth:`read` does for a source that is no request at all (wrong type, unreadable path).
        """
        content = self._load(source)
        try:
            parsed, from_text = self._parse(content)
        except Exception as exc:
            return Examined(Report((engine.internal_error(exc),), None), read=False)
        return self.examine_parsed(parsed, from_text=from_text)

    def inspect(self, source: engine.Source) -> tuple[Parsed | None, Report]:
        """The request as read (``None`` after a bug) and its offline report, finished: for tools that
        use the model too (``convert``). Raises as :meth:`read` does."""
        content = self._load(source)
        try:
            parsed, from_text = self._parse(content)
        except Exception as exc:
            return None, Report((engine.internal_error(exc),), None)
        return parsed, self.finish(self.examine_parsed(parsed, from_text=from_text))

    def examine_parsed(self, parsed: Parsed, *, from_text: bool = True) -> Examined:
        """Check a request already read (a record of a campaign file, say) offline."""
        try:
            honour = self.options.suppressions is Suppressions.HONOUR
            found: tuple[inline.Suppression, ...] = ()
            if honour and parsed.marks:  # the suppressions' module is imported by the first request with a mark
                from mmsvalidate.settings import suppressions as inline

                found = inline.of(parsed)
            plan = self._plan
            if plan.skipped and any(code in plan.skipped for item in found for code in item.codes):
                plan = self._full  # a suppression of a skipped code: its rules run, so MV113 judges it rightly
            report = engine.check(parsed, self.options.profile, from_text=from_text, plan=plan)
            if parsed.request is None:
                return Examined(report, found, read=False)
            if self.options.media is None:
                return Examined(report, found)
            return Examined(report, found, True, *_media_of(parsed, self.options.profile))
        except Exception as exc:
            return Examined(Report((engine.internal_error(exc),), None))

    # -- the last stages: suppress, select, bound --------------------------------------------------

    def finish(self, examined: Examined, report: Report | None = None) -> Report:
        """``report`` (by default the offline one) suppressed, selected and bounded, in that order."""
        report = examined.report if report is None else report
        try:
            if examined.suppressions:
                from mmsvalidate.settings import suppressions as inline

                report = inline.apply(report, examined.suppressions)
            codes = self.options.codes
            if codes is not None and examined.read and not all(f.code in codes for f in report.findings):
                kept = tuple(f for f in report.findings if f.code in codes or f.code in ALWAYS)
                report = attrs.evolve(report, findings=kept)
            return engine.bounded(report, self.options.profile.max_findings)
        except Exception as exc:
            return Report((engine.internal_error(exc),), None)

    # -- whole checks ------------------------------------------------------------------------------

    def check(self, source: engine.Source) -> Report:
        """Check one request (with its media, when the options ask). Never raises for a bad request."""
        if self.options.media is None:
            return self.finish(self.examine(source))
        return self.complete([self.examine(source)])[0]

    def check_parsed(self, parsed: Parsed) -> Report:
        """Check a request already read (with its media, when the options ask)."""
        if self.options.media is None:
            return self.finish(self.examine_parsed(parsed))
        return self.complete([self.examine_parsed(parsed)])[0]

    def check_many(self, sources: Iterable[engine.Source], progress: Progress | None = None) -> Iterator[Report]:
        """A report per request, in order, lazily (flat memory). With the media stage, requests are fetched
        in batches of :data:`MEDIA_WINDOW`, each distinct URL once in the whole call."""
        if self.options.media is None:
            return (self.finish(self.examine(source)) for source in sources)
        return self._windows(sources, progress)

    def _windows(self, sources: Iterable[engine.Source], progress: Progress | None) -> Iterator[Report]:
        memo = self.media_memo()
        window: list[Examined] = []
        for source in sources:
            window.append(self.examine(source))
            if len(window) >= MEDIA_WINDOW:
                yield from self.complete(window, memo=memo, progress=progress)
                window = []
        if window:
            yield from self.complete(window, memo=memo, progress=progress)

    def fetchable(self, item: Examined) -> Examined:
        """``item`` with only the slots the API would fetch: none when the request fails offline (an error
        left after suppress and select, other than one its media's bytes decide), and none past the
        profile's slide limit (so never more than ``max_slides`` x slots URLs)."""
        if not item.media:
            return item
        pending = {slot.pointer for slot in item.media}
        if any(f.code not in _BY_BYTES or f.field not in pending for f in self.finish(item).errors):
            return item._replace(media=())
        most = self.options.profile.max_slides
        return (
            item
            if all(s.slide < most for s in item.media)
            else item._replace(media=tuple(s for s in item.media if s.slide < most))
        )

    def media_memo(self) -> dict[Any, Any]:
        """A record of the media verdicts of one run, to hand to each :meth:`complete` call of that run
        (each distinct URL is then fetched once in the run)."""
        return {}

    def complete(
        self, items: Sequence[Examined], *, memo: dict[Any, Any] | None = None, progress: Progress | None = None
    ) -> list[Report]:
        """Finish requests examined (here or in a worker process): the media stage, when the options ask,
        as one batch, then suppress, select and bound each. Blocking."""
        if self.options.media is None:
            return [self.finish(item) for item in items]
        stages = _stages()  # even with nothing to fetch: a missing extra is said at once
        items = [self.fetchable(item) for item in items]
        if not any(item.media for item in items):
            return [self.finish(item) for item in items]
        media = self.options.media

        async def batch() -> list[Report]:
            async with stages.MediaStage(media) as stage:
                reports: list[Report] = await stage.run(items, memo=memo, progress=progress)
                return reports

        return [self.finish(item, report) for item, report in zip(items, stages.run_sync(batch), strict=True)]

    async def acheck(self, sources: Sequence[engine.Source], progress: Progress | None = None) -> list[Report]:
        """Check requests from async code: the offline stages in a worker thread (the event loop stays free),
        the media stage as one batch on this loop, on one connection pool kept until :meth:`aclose`."""
        sources = list(sources)
        if self.options.media is None:
            return await _offload(lambda: [self.finish(self.examine(s)) for s in sources])
        _stages()
        examined = await _offload(lambda: [self.fetchable(self.examine(s)) for s in sources])
        if any(item.media for item in examined):
            stage = await self._media_stage()
            reports = await stage.run(examined, progress=progress)
        else:
            reports = [item.report for item in examined]
        return await _offload(lambda: [self.finish(e, r) for e, r in zip(examined, reports, strict=True)])

    async def _media_stage(self) -> Any:
        import asyncio

        loop = asyncio.get_running_loop()
        if self._stage is None or self._stage[0] is not loop:
            assert self.options.media is not None
            stage = _stages().MediaStage(self.options.media)
            await stage.__aenter__()
            self._stage = (loop, stage)
        return self._stage[1]

    async def aclose(self) -> None:
        """Close the media stage's connections (when :meth:`acheck` opened them)."""
        if self._stage is not None:
            stage, self._stage = self._stage[1], None
            await stage.__aexit__(None, None, None)

    async def __aenter__(self) -> Checker:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


@functools.cache
def _record_reader() -> Callable[[Record, Profile], Parsed]:
    """The reader of a campaign file's records, imported with the first record (a record exists only then)."""
    from mmsvalidate.readers.records import read_record

    return read_record


_offloader: tuple[int, concurrent.futures.ThreadPoolExecutor] | None = None
_offloader_lock = threading.Lock()


async def _offload(work: Callable[[], list[T]]) -> list[T]:
    """``work()`` on this process's one checking thread, awaited from the event loop.

    One thread, not a pool: the check is CPU-bound Python, so more threads would not check faster, only
    take the interpreter's lock from the event loop more often (a health check would wait behind them).
    """
    import asyncio
    import concurrent.futures

    global _offloader
    with _offloader_lock:
        if _offloader is None or _offloader[0] != os.getpid():  # a forked worker makes its own
            _offloader = (os.getpid(), concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="mmsvalidate"))
        executor = _offloader[1]
    return await asyncio.get_running_loop().run_in_executor(executor, work)


def _stages() -> Any:
    """The media stage's module (:mod:`mmsvalidate.online.stage`), imported when a check first needs it:
    the one way from the core to a capability. Without the ``[online]`` extra, an ImportError saying so."""
    try:
        return importlib.import_module("mmsvalidate.online.stage")
    except ImportError as exc:
        raise ImportError(
            "the online check needs the [online] extra: pip install '.[online]' in a checkout (docs/install.md) "
            f"({exc})"
        ) from exc


_cache: list[Checker] = []
_cache_lock = threading.Lock()
#: Checkers kept by :func:`checker_for` (a process sees few distinct options).
CACHED = 16


def checker_for(options: CheckOptions) -> Checker:
    """A checker for ``options``, built once per distinct options in this process (thread-safe)."""
    clock = options.profile.clock
    with _cache_lock:
        for known in _cache:
            if known.options == options and _same(known.options.profile.clock, clock):
                return known
        made = Checker(options)
        _cache.insert(0, made)
        del _cache[CACHED:]
        return made


def _same(clock: object, other: object) -> bool:
    """Whether two profiles' clocks (which profiles do not compare) tell the same time the same way (no clock
    is a fixed one before its module is imported)."""
    clocks: Any = sys.modules.get("mmsvalidate.clock")
    return clock is other or (clocks is not None and isinstance(clock, clocks.FixedClock) and clock == other)


def not_checked(reason: str) -> Report:
    """The report of a request that could not be read at all (a file that can't be opened): MV114."""
    from mmsvalidate.codes import CODES

    entry = CODES["MV114"]
    return Report((Finding("MV114", entry.severity, entry.render(reason)),))
