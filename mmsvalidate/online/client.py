"""One client for every fetch of a checker: the connection pool, the limits, the cache."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from urllib.parse import urljoin

import attrs
import httpcore

from mmsvalidate.model import SPACE
from mmsvalidate.online import images
from mmsvalidate.online.cache import Cache
from mmsvalidate.online.fetch import (
    FETCH_ERRORS,
    KEEP,
    MISSING,
    REDIRECTS,
    GuardedBackend,
    Media,
    Target,
    failure,
    header,
    length,
    target,
)
from mmsvalidate.online.options import OnlineOptions
from mmsvalidate.online.sniff import HEAD, sniff

#: Status codes that carry the content.
OK = frozenset({200, 203})
#: A redirect's body is read (to reuse the connection) up to this much.
_DRAIN = 64 * 1024


class Client:
    """Fetches media URLs within the options' reach and limits. Use ``async with``.

    At most ``concurrency`` fetches run at once, ``per_host`` of them to one host. Shared by many
    checks (a service's requests reuse its connections); it keeps no per-run state.
    """

    def __init__(self, options: OnlineOptions) -> None:
        self.options = options
        self._pool = httpcore.AsyncConnectionPool(  # TLS: certifi's CA bundle, as httpx
            max_connections=options.concurrency,
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedBackend(options),
        )
        self._slots = asyncio.Semaphore(options.concurrency)
        #: Images decoded in child processes at once (one per CPU): a hostile image waits for its turn.
        self._decoders = asyncio.Semaphore(max(1, os.cpu_count() or 1))
        self._hosts: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}
        self.cache = Cache(options.cache_dir) if options.cache_dir is not None else None
        #: How many GET requests were sent (a request per hop).
        self.requests = 0

    async def __aenter__(self) -> Client:
        await self._pool.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._pool.aclose()

    async def aclose(self) -> None:
        await self._pool.aclose()

    @contextlib.asynccontextmanager
    async def _host_slot(self, host: str, budget: asyncio.Timeout) -> AsyncIterator[None]:
        """One of the host's ``per_host`` slots; a host nobody uses or waits for is forgotten. The time spent
        waiting for it is given back to ``budget``: a URL's timeout counts its own time, not the queue's."""
        semaphore, users = self._hosts.setdefault(host, (asyncio.Semaphore(self.options.per_host), [0]))
        users[0] += 1
        try:
            loop = asyncio.get_running_loop()
            deadline = budget.when()
            remaining = deadline - loop.time() if deadline is not None else 0.0
            budget.reschedule(None)  # the clock stops while queueing...
            async with semaphore:
                if deadline is not None:  # ...and runs on from where it stood once the slot is ours
                    budget.reschedule(loop.time() + max(0.0, remaining))
                yield
        finally:
            users[0] -= 1
            if not users[0]:
                del self._hosts[host]

    async def fetch(self, url: str, cap: int, *, strip_query: bool = True) -> Media:
        """Fetch ``url`` as the API would (its query stripped, unless ``strip_query`` is false), reading at most
        ``cap`` bytes of it."""
        first = target(url, strip_query=strip_query)
        if isinstance(first, str):
            return Media(url.strip(SPACE), "failed", first)
        async with self._slots:
            try:
                async with asyncio.timeout(self.options.timeout) as budget:
                    media, body = await self._follow(first, cap, budget)
            except FETCH_ERRORS as exc:
                outcome, detail = failure(exc, self.options.timeout)
                return Media(first.url, outcome, detail)
        if media.kind is not None and _decodes(media, body):  # in its own time, off the fetch's slot
            problem = await images.decode(body, media.kind, self.options.timeout, self._decoders)
            media = attrs.evolve(media, image_problem=problem)
            if self.cache is not None and media.outcome == "ok" and not media.hops:
                self.cache.put(first.url, cap, media)
        return media

    async def _follow(self, where: Target, cap: int, budget: asyncio.Timeout) -> tuple[Media, bytes]:
        """The verdict (not yet decoded) and the body kept whole for decoding (empty when there is none, or the
        verdict is the cache's)."""
        hops: list[str] = []
        start = where.url
        cached = self.cache.get(start, cap) if self.cache is not None else None
        while True:
            async with self._host_slot(where.host, budget):
                result = await self._get(where, cap, tuple(hops), None if hops else cached)
            if not isinstance(result, str):
                media, body = result
                fresh = media is not cached
                media = attrs.evolve(media, url=start)
                if (
                    fresh
                    and not _decodes(media, body)
                    and self.cache is not None
                    and not hops
                    and media.outcome == "ok"
                ):
                    self.cache.put(start, cap, media)  # with a body, once it is decoded
                return media, body
            hops.append(result)
            if len(hops) > self.options.max_redirects:
                detail = f"more than {self.options.max_redirects} redirects (the last to {result})"
                return Media(start, "failed", detail), b""
            following = target(result, strip_query=False)
            if isinstance(following, str):
                return Media(start, "failed", f"redirect to {result}: {following}", hops=tuple(hops)), b""
            where = following

    async def _get(
        self, where: Target, cap: int, hops: tuple[str, ...], cached: Media | None
    ) -> tuple[Media, bytes] | str:
        """One hop: the verdict and the body kept whole, or the absolute URL a redirect points to."""
        headers = [
            (b"Host", where.authority.encode("ascii")),
            (b"User-Agent", self.options.user_agent.encode("ascii", "replace")),
            (b"Accept", b"*/*"),
            (b"Accept-Encoding", b"identity"),
        ]
        if cached is not None and cached.etag:
            headers.append((b"If-None-Match", cached.etag.encode("latin-1", "replace")))
        if cached is not None and cached.last_modified:
            headers.append((b"If-Modified-Since", cached.last_modified.encode("latin-1", "replace")))
        url = httpcore.URL(scheme=where.scheme, host=where.host, port=where.port, target=where.target)
        timeout = self.options.timeout
        extensions = {"timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}}
        self.requests += 1
        try:
            async with self._pool.stream("GET", url, headers=headers, extensions=extensions) as response:
                status, raw = response.status, response.headers
                location = header(raw, b"location")
                if status in REDIRECTS and location is not None:
                    await _drain(response)
                    return urljoin(where.url, location)
                if status == 304 and cached is not None:
                    return cached, b""
                if status in MISSING:
                    return Media(where.url, "missing", f"HTTP {status}", status=status, hops=hops), b""
                if status not in OK:
                    return Media(where.url, "failed", f"HTTP {status}", status=status, hops=hops), b""
                return await _read(response, where, cap, hops)
        except FETCH_ERRORS as exc:
            outcome, detail = failure(exc, timeout)
            if hops:
                detail = f"{detail} (after redirects to {' -> '.join(hops)})"
            return Media(where.url, outcome, detail, hops=hops), b""


def _decodes(media: Media, body: bytes) -> bool:
    """Whether the body is an image read whole, to decode."""
    return bool(body) and media.complete and media.kind in images.FORMATS


async def _read(response: httpcore.Response, where: Target, cap: int, hops: tuple[str, ...]) -> tuple[Media, bytes]:
    """The verdict on a 200 answer, reading at most ``cap`` bytes; and the body, when kept whole."""
    raw = response.headers
    chunked = "chunked" in (header(raw, b"transfer-encoding") or "").lower()
    declared = None if chunked else length(header(raw, b"content-length"))
    media = Media(
        where.url,
        "ok",
        status=response.status,
        hops=hops,
        declared=declared,
        chunked=chunked,
        content_type=header(raw, b"content-type"),
        etag=header(raw, b"etag"),
        last_modified=header(raw, b"last-modified"),
    )
    if declared is not None and declared >= cap:
        return attrs.evolve(media, size=declared, read=False, complete=False), b""
    kept = bytearray()
    size = 0
    whole: bool | None = None  # decided once the head is in
    async for chunk in response.aiter_stream():
        take = chunk[: cap - size]
        size += len(take)
        if whole is not False:
            kept += take
            if whole is None and len(kept) >= HEAD:
                whole = _worth_keeping(bytes(kept[:HEAD]))
            if size > KEEP or whole is False:
                whole = False
                del kept[HEAD:]
        if size >= cap:
            break
    complete = size < cap
    data = bytes(kept)
    if len(data) > HEAD:  # a body kept whole: a ZIP's listing is work, done off the event loop
        found = await asyncio.to_thread(sniff, data, complete and whole is not False)
    else:
        found = sniff(data, complete=complete and whole is not False)
    media = attrs.evolve(
        media,
        size=size,
        complete=complete,
        kind=found.kind.name if found.kind else None,
        description=found.description,
    )
    return media, data if whole is not False else b""


def _worth_keeping(head: bytes) -> bool:
    """Bodies read whole: images (to decode), ZIP archives (to list), and WBMP candidates."""
    found = sniff(head, complete=False)
    return (found.kind is not None and found.kind.slot == "image") or head.startswith((b"PK", b"\x00\x00"))


async def _drain(response: httpcore.Response) -> None:
    read = 0
    async for chunk in response.aiter_stream():
        read += len(chunk)
        if read > _DRAIN:
            break
