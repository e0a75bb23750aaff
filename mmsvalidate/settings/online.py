"""The online check's configuration keys, checked with the others, and the typed options they make.

``online``, ``allow-private``, ``allow-hosts``, ``media-limits``, ``media-preset``,
``online-timeout``, ``online-concurrency`` and ``cache-dir``, turned once into the checker's
:class:`~mmsvalidate.checker.MediaOptions` (or ``None``: offline). Nothing of the online package
(the fetching) is imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from mmsvalidate.diagnostic import clip
from mmsvalidate.files import pure
from mmsvalidate.model import SLOTS

if TYPE_CHECKING:  # the media options are imported when a configuration names a preset or turns the check on
    from mmsvalidate.checker.media import MediaOptions

#: What a media limit can name: a slot's kind, or ``message`` (the estimated delivered size).
LIMIT_KINDS = (*SLOTS, "message")

Check = Callable[[object], object]


def shown(value: object) -> str:
    """A value as the configuration wrote it, cut short (a key may hold a megabyte)."""
    return clip(repr(value))


def check_bool(value: object) -> object:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {shown(value)}")
    return value


def _hosts(value: object) -> object:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f'expected a list of host names, like ["media.example.com"], got {shown(value)}')
    return tuple(v.strip() for v in value)


def _limits(value: object) -> object:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table of kind = bytes, like {{ image = 600000 }}, got {shown(value)}")
    for kind, size in value.items():
        if kind not in LIMIT_KINDS:
            raise ValueError(f"{shown(kind)}: expected one of {', '.join(LIMIT_KINDS)}")
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"{kind}: expected a positive number of bytes, got {shown(size)}")
    return tuple(value.items())


def _name(value: object) -> object:
    from mmsvalidate.checker.media import PRESETS

    if not isinstance(value, str) or value not in PRESETS:
        raise ValueError(f"unknown media preset {shown(value)}; expected one of {', '.join(PRESETS)}")
    return value


def _seconds(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 600:
        raise ValueError(f"expected seconds, more than 0 and at most 600, got {shown(value)}")
    return float(value)


def _count(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 256:
        raise ValueError(f"expected a whole number from 1 to 256, got {shown(value)}")
    return value


def _folder(value: object) -> object:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a folder, got {shown(value)}")
    return value


#: The keys, each with its check.
ONLINE_KEYS: dict[str, Check] = {
    "online": check_bool,
    "allow-private": check_bool,
    "allow-hosts": _hosts,
    "media-limits": _limits,
    "media-preset": _name,
    "online-timeout": _seconds,
    "online-concurrency": _count,
    "cache-dir": _folder,
}


#: The keys only the runner may set (the command line, the environment, or a file named with ``--config``):
#: whether the network is used at all, which addresses it may reach and where files are written. A
#: configuration found in the checked tree is the checked repository's, and a repository must not turn
#: the network on for whoever runs its hooks.
RUNNER_KEYS = ("online", "allow-private", "allow-hosts", "cache-dir")


def runner_keys(values: Mapping[str, object]) -> tuple[str, ...]:
    """The runner-only keys that ``values`` sets."""
    return tuple(key for key in RUNNER_KEYS if key in values)


def merged(
    values: Mapping[str, object], overrides: Mapping[str, object], root: str, *, trusted: bool
) -> dict[str, object]:
    """The online settings of one configuration with the command line's over them.

    A configured ``cache-dir`` is relative to the configuration's folder; ``media-limits`` given
    on the command line replace the file's kind by kind. Unless the configuration is ``trusted``
    (named by the runner), its :data:`RUNNER_KEYS` are left out.
    """
    found = {key: values[key] for key in ONLINE_KEYS if key in values and (trusted or key not in RUNNER_KEYS)}
    if isinstance(found.get("cache-dir"), str):
        found["cache-dir"] = pure(os.path.join(root, str(found["cache-dir"])))
    limits = dict(found.get("media-limits", ()))  # type: ignore[call-overload]
    limits.update(dict(overrides.get("media-limits", ())))  # type: ignore[call-overload]
    found.update({key: value for key, value in overrides.items() if key != "media-limits"})
    if limits:
        found["media-limits"] = tuple(limits.items())
    return found


def media(values: Mapping[str, object]) -> MediaOptions | None:
    """The media options of merged online settings (keys checked already): ``None`` unless ``online``."""
    if not values.get("online"):
        return None
    from mmsvalidate.checker.media import MediaOptions

    return MediaOptions(
        allow_private=bool(values.get("allow-private", False)),
        allow_hosts=values.get("allow-hosts", ()),
        preset=values.get("media-preset"),  # type: ignore[arg-type]
        limits=dict(values.get("media-limits", ())),  # type: ignore[call-overload]
        timeout=values.get("online-timeout", 10.0),  # type: ignore[arg-type]
        concurrency=values.get("online-concurrency", 16),  # type: ignore[arg-type]
        cache_dir=values.get("cache-dir"),
    )
