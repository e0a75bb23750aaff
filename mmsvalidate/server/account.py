"""The account profile a playground check is made with: the service's, with the switches and limits the page sets.

The page sends them as query parameters named as the configuration's keys (``max-slides=4``,
``enforce-campaign-check=true``, ``known-campaign-refs=A&known-campaign-refs=B``); they apply to that
one check and are never stored. Only the account's own switches and limits can be set: the
reading bounds (``max-request-bytes``, ``max-depth``, ``max-items``, ``max-slides-read``,
``max-findings``) stay the service's, so a caller can't make a check cost more than ``/v1/check``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from mmsvalidate.profile import Profile
from mmsvalidate.settings.config import PROFILE_KEYS

#: The profile keys a caller may set, in the page's order.
ACCOUNT_KEYS = (
    "enforce-campaign-check",
    "require-operator-id",
    "query-gaps-are-slides",
    "week-and-ordinal-dates",
    "max-slides",
    "max-slide-text",
    "max-total-text",
    "min-duration",
    "max-duration",
    "max-subject",
    "max-from-mask",
    "known-campaign-refs",
    "blocked-numbers",
)
SWITCHES = frozenset(ACCOUNT_KEYS[:4])
LISTS = frozenset({"known-campaign-refs", "blocked-numbers"})
#: Besides the profile: the form the body is read in.
FORMS = ("auto", "xml", "query", "json")
#: The most values of a list parameter, and the most characters of a parameter's value.
MAX_VALUES = 1_000
MAX_VALUE = 1_000
_WHOLE = re.compile(r"[0-9]{1,12}")


class BadParameter(ValueError):
    """A query parameter the playground can't use: answered 400 with the message."""


def _shown(value: str) -> str:
    cut = value[:40] + ("..." if len(value) > 40 else "")
    return repr(cut).encode("ascii", "backslashreplace").decode()


def _value(key: str, values: Sequence[str]) -> object:
    """The typed value of one parameter, as the configuration's check wants it."""
    if key in LISTS:
        if len(values) > MAX_VALUES:
            raise BadParameter(f"{key}: at most {MAX_VALUES} values")
        entries = [v.strip() for v in values if v.strip()]
        return entries
    if len(values) > 1:
        raise BadParameter(f"{key}: given {len(values)} times; give it once")
    value = values[0].strip()
    if key in SWITCHES:
        if value not in ("true", "false"):
            raise BadParameter(f"{key}: expected true or false, got {_shown(value)}")
        return value == "true"
    if key == "max-total-text" and value == "":
        return None  # no limit
    if not _WHOLE.fullmatch(value):
        raise BadParameter(f"{key}: expected a whole number, got {_shown(value)}")
    return int(value)


def account_profile(params: Sequence[tuple[str, str]], base: Profile) -> tuple[str | None, Profile]:
    """The form asked for (``None``: not given) and ``base`` with the account keys in ``params`` applied.

    :class:`BadParameter` for an unknown parameter, a value the configuration would refuse, or a
    minimum duration over the maximum.
    """
    grouped: dict[str, list[str]] = {}
    for key, value in params:
        if len(value) > MAX_VALUE:
            raise BadParameter(f"{key[:40]}: a value over {MAX_VALUE} characters")
        grouped.setdefault(key, []).append(value)
    form = None
    if "form" in grouped:
        found = grouped.pop("form")
        if len(found) > 1 or found[0] not in FORMS:
            raise BadParameter(f"form: expected one of {', '.join(FORMS)}")
        form = found[0]
    changes: dict[str, Any] = {}
    for key, values in grouped.items():
        if key not in ACCOUNT_KEYS:
            raise BadParameter(f"unknown parameter {_shown(key)}; the account's keys are {', '.join(ACCOUNT_KEYS)}")
        field, check = PROFILE_KEYS[key]
        typed = _value(key, values)
        try:
            changes[field] = None if typed is None else check(typed)
        except ValueError as exc:
            raise BadParameter(f"{key}: {exc}") from None
    low = changes.get("min_duration", base.min_duration)
    high = changes.get("max_duration", base.max_duration)
    if low > high:
        raise BadParameter(f"min-duration ({low}) is over max-duration ({high})")
    try:
        profile = attrs.evolve(base, **changes)
    except (TypeError, ValueError) as exc:
        raise BadParameter(str(exc)) from None
    return form, profile
