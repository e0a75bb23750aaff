"""mmsvalidate: check a sendMMS request before it is sent, with the API's own error codes.

>>> import mmsvalidate
>>> report = mmsvalidate.validate(xml_text)
>>> report.ok, report.first_error
>>> mmsvalidate.api_response(report)      # the API's own <RESPONSE> for it
>>> for report in mmsvalidate.validate_many(lines, form="json"): ...
>>> report = mmsvalidate.validate(xml_text, online=True)   # the media too (the [online] extra)
>>> checker = mmsvalidate.Checker(mmsvalidate.CheckOptions(profile=profile))   # options resolved once
"""

from __future__ import annotations

import importlib

#: As ``typing.TYPE_CHECKING`` (type checkers take it as true), without importing typing: ``import mmsvalidate``
#: loads nothing beyond its own few names, so the command line's loading window (see
#: :mod:`mmsvalidate.cli.collector`) covers typing, re and enum too.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

    from mmsvalidate.checker import Checker, CheckOptions, Form, Suppressions
    from mmsvalidate.checker.media import MediaOptions
    from mmsvalidate.clock import FixedClock
    from mmsvalidate.diagnostic import Finding, Location, Severity
    from mmsvalidate.engine import Source
    from mmsvalidate.formats.response import api_response
    from mmsvalidate.profile import Profile
    from mmsvalidate.report import Report

__version__ = "0.1.0"
__all__ = [
    "CheckOptions",
    "Checker",
    "Finding",
    "FixedClock",
    "Form",
    "Location",
    "MediaOptions",
    "Profile",
    "Report",
    "Severity",
    "Source",
    "Suppressions",
    "__version__",
    "api_response",
    "avalidate",
    "options",
    "validate",
    "validate_many",
]


#: The public names and the module of each, imported when first asked for: ``import mmsvalidate`` loads no
#: checker, and the command line loads what it uses in one go (see :mod:`mmsvalidate.cli.collector`).
_HOMES = {
    "Checker": "mmsvalidate.checker",
    "CheckOptions": "mmsvalidate.checker",
    "Form": "mmsvalidate.checker",
    "Suppressions": "mmsvalidate.checker",
    "Finding": "mmsvalidate.diagnostic",
    "Location": "mmsvalidate.diagnostic",
    "Severity": "mmsvalidate.diagnostic",
    "FixedClock": "mmsvalidate.clock",
    "Profile": "mmsvalidate.profile",
    "Report": "mmsvalidate.report",
}


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    """The public classes (:data:`_HOMES`); ``api_response``, ``Source`` and ``MediaOptions``, imported when
    first asked for: a cold ``mmsvalidate check`` never renders a response, reads no campaign file (whose
    record type ``Source`` names) and, offline, builds no media options."""
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value
        return value
    if name == "api_response":
        from mmsvalidate.formats.response import api_response

        return api_response
    if name == "Source":
        from mmsvalidate import engine

        return engine.Source
    if name == "MediaOptions":
        from mmsvalidate.checker.media import MediaOptions

        return MediaOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def options(
    *,
    form: str = "auto",
    profile: Profile | None = None,
    online: bool | MediaOptions = False,
    suppressions: bool | Suppressions = True,
    select: Iterable[str] | None = None,
) -> CheckOptions:
    """The :class:`CheckOptions` of the library's keywords (the same for :func:`validate`,
    :func:`validate_many` and :func:`avalidate`).

    ``online`` is ``True`` (default media options) or a :class:`MediaOptions` to fetch the media
    (the ``[online]`` extra); ``suppressions`` false (or ``Suppressions.IGNORE``) leaves the request's
    own suppression comments unread; ``select`` names the codes reported, by code or prefix
    (``["E2", "MV101"]``). Raises ``TypeError``/``ValueError`` for a bad keyword.
    """
    from mmsvalidate.checker import CheckOptions

    media = None
    if online is not False:
        from mmsvalidate.checker.media import MediaOptions

        if not isinstance(online, bool | MediaOptions):
            raise TypeError(f"online is True, False or a MediaOptions, not {type(online).__name__}")
        media = online if isinstance(online, MediaOptions) else MediaOptions() if online else None
    codes = None
    if select is not None:
        from mmsvalidate.settings.selection import check_selector, matching

        if isinstance(select, str):
            raise TypeError("select is a list of codes or prefixes, not a str")
        codes = matching(check_selector(str(selector)) for selector in select)
    return CheckOptions(profile=profile, form=form, codes=codes, suppressions=suppressions, media=media)


def validate(
    source: Source,
    *,
    form: str = "auto",
    profile: Profile | None = None,
    online: bool | MediaOptions = False,
    suppressions: bool | Suppressions = True,
    select: Iterable[str] | None = None,
) -> Report:
    """Check one sendMMS request.

    ``source`` is the request itself (``str``, or ``bytes``/``bytearray``/``memoryview``, never
    taken as a file name), a path (``pathlib.Path`` or another ``os.PathLike``) to a regular file to
    read it from, a mapping in the JSON form, or a record of a campaign file
    (:func:`mmsvalidate.bulk.read_records`: read in its own form, located in its file). ``form`` is
    ``auto``, ``xml``, ``query`` or ``json``. The other keywords are :func:`options`'. Never raises
    for a bad request: every input gives a :class:`Report`. Raises ``TypeError`` for an argument of
    the wrong type (``None`` too: a missing value is a record's E100 in :func:`validate_many` only),
    ``ValueError`` for an unknown ``form`` and ``OSError`` when a path cannot be read or is not a
    regular file.
    """
    if form == "auto" and profile is None and online is False and suppressions is True and select is None:
        return _default_checker().check(source)  # the common call: no options to build and look up
    from mmsvalidate.checker import checker_for

    chosen = options(form=form, profile=profile, online=online, suppressions=suppressions, select=select)
    return checker_for(chosen).check(source)


def _default_checker() -> Checker:
    """The checker of :func:`validate` called with no keywords, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        from mmsvalidate.checker import checker_for

        _DEFAULT = checker_for(options())
    return _DEFAULT


_DEFAULT: Checker | None = None


def validate_many(
    records: Iterable[Source],
    *,
    form: str = "auto",
    profile: Profile | None = None,
    online: bool | MediaOptions = False,
    suppressions: bool | Suppressions = True,
    select: Iterable[str] | None = None,
) -> Iterator[Report]:
    """Check many requests, one :class:`Report` per record, in order, as each is checked.

    Each record is what :func:`validate` takes, or a missing value (``None``, ``NaN``, ``pandas.NA``: a
    hole in a column of requests), which is that record's E100, saying so. Lazy: records are read as
    the reports are asked for, so a stream of any length is checked in flat memory (online, in batches, each distinct
    URL fetched once). Raises for a bad keyword at once, before any record is read.
    """
    from mmsvalidate.readers.records import absent, missing

    def present(source: Source) -> Source:
        """The source, or for a missing value (``None``, ``NaN``, ``pandas.NA``) the record that is its E100."""
        name = missing(source)
        return source if name is None else absent(name)

    from mmsvalidate.checker import checker_for

    chosen = options(form=form, profile=profile, online=online, suppressions=suppressions, select=select)
    return checker_for(chosen).check_many(present(record) for record in records)


async def avalidate(
    source: Source,
    *,
    form: str = "auto",
    profile: Profile | None = None,
    online: bool | MediaOptions = False,
    suppressions: bool | Suppressions = True,
    select: Iterable[str] | None = None,
) -> Report:
    """:func:`validate` from async code, with the offline work off the event loop. For many requests on
    one connection pool (each distinct media URL fetched once a batch), keep a :class:`Checker` and
    ``await checker.acheck(requests)``."""
    from mmsvalidate.checker import Checker

    chosen = options(form=form, profile=profile, online=online, suppressions=suppressions, select=select)
    async with Checker(chosen) as checker:
        return (await checker.acheck([source]))[0]
