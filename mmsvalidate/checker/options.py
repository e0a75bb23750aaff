"""How a request is checked, resolved once: :class:`CheckOptions` (typed, frozen, picklable)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from mmsvalidate.codes import CODES
from mmsvalidate.deferred import deferred
from mmsvalidate.profile import DEFAULT_PROFILE, Profile

if TYPE_CHECKING:  # imported by whoever builds media options (an offline check never does)
    from mmsvalidate.checker.media import MediaOptions


class Form(enum.StrEnum):
    """The form a request is read in; ``AUTO`` tells it by its first significant character."""

    AUTO = "auto"
    XML = "xml"
    QUERY = "query"
    JSON = "json"


class Suppressions(enum.Enum):
    """What the checker does with a request's own suppression comments (``mmsvalidate: ignore[...]``)."""

    #: Apply them, and report the ones that silence nothing (MV113): for requests you write.
    HONOUR = "honour"
    #: Leave them unread, as the API does: for requests written by others (a service, third-party data).
    IGNORE = "ignore"


def _form(value: object) -> Form:
    if not isinstance(value, str):
        raise TypeError(f"form is a str, not {type(value).__name__}")
    try:
        return Form(value)
    except ValueError:
        raise ValueError(f"unknown form {value!r}; expected auto, xml, query or json") from None


def _profile(value: object) -> Profile:
    if value is None:
        return DEFAULT_PROFILE
    if not isinstance(value, Profile):
        raise TypeError(f"profile is a mmsvalidate.Profile, not {type(value).__name__}")
    return value


def _codes(value: object) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"codes is a set of codes, not {type(value).__name__}")
    codes = frozenset(value)
    unknown = sorted(str(code) for code in codes if code not in CODES)
    if unknown:
        raise ValueError(f"unknown codes: {', '.join(unknown[:5])}")
    return None if codes == CODES.keys() else codes


def _suppressions(value: object) -> Suppressions:
    if isinstance(value, Suppressions):
        return value
    if isinstance(value, bool):  # the library's keyword: True honours them
        return Suppressions.HONOUR if value else Suppressions.IGNORE
    raise TypeError(f"suppressions is a Suppressions (or True/False), not {type(value).__name__}")


def _media(value: object) -> MediaOptions | None:
    if value is None:
        return None
    from mmsvalidate.checker.media import MediaOptions

    if not isinstance(value, MediaOptions):
        raise TypeError(f"media is MediaOptions or None, not {type(value).__name__}")
    return value


@deferred
@attrs.frozen(kw_only=True, repr=False, eq=False)
class CheckOptions:
    """Everything that decides a check's findings, typed and validated when built.

    ``profile`` holds the account's limits and the reading and output bounds; ``form`` is the
    form of the requests (``auto``: told from each); ``codes`` the codes reported (``None``: all,
    already resolved from any ``select``/``ignore``); ``suppressions`` whether a request's own
    suppression comments apply; ``media`` the online media check's options (``None``: offline).
    """

    profile: Profile = attrs.field(default=DEFAULT_PROFILE, converter=_profile)
    form: Form = attrs.field(default=Form.AUTO, converter=_form)
    codes: frozenset[str] | None = attrs.field(default=None, converter=_codes)
    suppressions: Suppressions = attrs.field(default=Suppressions.HONOUR, converter=_suppressions)
    media: MediaOptions | None = attrs.field(default=None, converter=_media)

    def reports(self, code: str) -> bool:
        """Whether findings of ``code`` are reported."""
        return self.codes is None or code in self.codes


DEFAULT_OPTIONS = CheckOptions()
