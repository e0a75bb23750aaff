"""The configuration's keys and each one's check: a value as TOML gives it, returned as the settings keep it
or refused with a ``ValueError`` that says what was expected (the caller names the file and the key)."""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable

import attrs

from mmsvalidate.profile import BOUNDS, Profile
from mmsvalidate.settings.online import ONLINE_KEYS, shown
from mmsvalidate.settings.online import check_bool as _bool
from mmsvalidate.settings.selection import check_selector

FORMS = ("auto", "xml", "query", "json")

Check = Callable[[object], object]


def _int(low: int, high: int) -> Check:
    def check(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low:,} to {high:,}, got {shown(value)}")
        return value

    return check


def _list(item: Check) -> Check:
    def check(value: object) -> object:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {shown(value)}")
        result = []
        for index, element in enumerate(value):
            try:
                result.append(item(element))
            except ValueError as exc:
                raise ValueError(f"item {index + 1}: {exc}") from None
        return tuple(result)

    return check


def _string(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, got {shown(value)}")
    return value


def _number(value: object) -> str:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]+", text):
        raise ValueError(f"expected a number in international format, digits only (14155550100), got {shown(value)}")
    return text


def _selector(value: object) -> str:
    return check_selector(_string(value))


def _choice(*names: str) -> Check:
    def check(value: object) -> object:
        if value not in names:
            raise ValueError(f"expected one of {', '.join(names)}, got {shown(value)}")
        return value

    return check


def _per_file_ignores(value: object) -> object:
    if not isinstance(value, dict):
        raise ValueError(f'expected a table of pattern = ["CODE", ...], got {shown(value)}')
    result = []
    for pattern, selectors in value.items():
        try:
            result.append((pattern, _list(_selector)(selectors)))
        except ValueError as exc:
            raise ValueError(f"{shown(pattern)}: {exc}") from None
    return tuple(result)


def _profile_check(name: str, hint: object) -> Check:
    if hint is bool:
        return _bool
    if hint is int or hint == int | None:
        return _int(*BOUNDS[name])
    if hint in (frozenset[str], frozenset[str] | None):
        return _list(_number if name == "blocked_numbers" else _string)
    raise TypeError(f"Profile.{name}: no configuration check for {hint!r}")


@functools.cache
def profile_keys() -> dict[str, tuple[str, Check]]:
    """Keys that set a profile field: key → (field, check); made on first use (reading type hints is slow)."""
    hints = typing.get_type_hints(Profile)
    return {
        field.name.replace("_", "-"): (field.name, _profile_check(field.name, hints[field.name]))
        for field in attrs.fields(Profile)
        if field.name != "clock"
    }


@functools.cache
def keys() -> dict[str, Check]:
    return {
        **{key: check for key, (_, check) in profile_keys().items()},
        "form": _choice(*FORMS),
        "select": _list(_selector),
        "extend-select": _list(_selector),
        "ignore": _list(_selector),
        "per-file-ignores": _per_file_ignores,
        "include": _list(_string),
        "exclude": _list(_string),
        "extend": _string,
        **ONLINE_KEYS,
    }
