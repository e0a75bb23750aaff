"""The online check's own front door, kept for its first callers: each is a :class:`~mmsvalidate.Checker`
with media options (:class:`~mmsvalidate.checker.MediaOptions`, here also ``OnlineOptions``).

A run (one call) fetches each distinct URL once, whatever number of requests and slots name it, and every
slot shares its verdict. A :class:`MediaChecker` keeps one connection pool for all its calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from mmsvalidate.checker import Checker, CheckOptions, MediaOptions, Suppressions
from mmsvalidate.checker.pipeline import Progress
from mmsvalidate.engine import Source
from mmsvalidate.profile import Profile
from mmsvalidate.report import Report


def _options(form: str, profile: Profile | None, media: MediaOptions, suppressions: bool) -> CheckOptions:
    return CheckOptions(form=form, profile=profile, media=media, suppressions=suppressions)


class MediaChecker:
    """Checks requests with their media fetched; one connection pool for all its checks. Use ``async with``."""

    def __init__(self, options: MediaOptions | None = None) -> None:
        self.options = options or MediaOptions()
        self._checkers: dict[tuple[str, Profile | None, Suppressions], Checker] = {}

    async def __aenter__(self) -> MediaChecker:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for checker in self._checkers.values():
            await checker.aclose()

    def _checker(self, form: str, profile: Profile | None, suppressions: bool) -> Checker:
        options = _options(form, profile, self.options, suppressions)
        key = (str(options.form), profile, options.suppressions)
        if key not in self._checkers:
            self._checkers[key] = Checker(options)
        return self._checkers[key]

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
        return await self._checker(form, profile, suppressions).acheck(list(sources), progress)

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
    options: MediaOptions | None = None,
    checker: MediaChecker | None = None,
) -> Report:
    """Check one request and its media; with ``checker``, on its shared connection pool."""
    if checker is not None:
        return await checker.validate(source, form=form, profile=profile)
    async with Checker(_options(form, profile, options or MediaOptions(), True)) as own:
        return (await own.acheck([source]))[0]


def validate_online(
    source: Source,
    *,
    form: str = "auto",
    profile: Profile | None = None,
    options: MediaOptions | None = None,
    suppressions: bool = True,
) -> Report:
    """:func:`mmsvalidate.validate` followed by the online media checks (blocking)."""
    return Checker(_options(form, profile, options or MediaOptions(), suppressions)).check(source)


__all__ = ["MediaChecker", "avalidate", "validate_online"]
