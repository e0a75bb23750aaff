"""Online checks: fetch each media URL as the API would and judge the bytes (opt-in, ``[online]`` extra).

E241 (404/410, or a host name that does not resolve), E35x (any other failure to get the bytes,
refused addresses included), E33x (over a size limit), E341 (an image that does not decode),
E629/E229 by the bytes, and warnings MV120-MV123. The core never imports this package;
:func:`mmsvalidate.validate` imports it only when called with ``online=``.

The options and presets import nothing heavy; the checker (and with it httpcore and Pillow, the
``[online]`` extra) is imported when first named.

>>> from mmsvalidate.online import OnlineOptions, validate_online
>>> report = validate_online(body, options=OnlineOptions(preset="carrier-safe"))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mmsvalidate.online.options import PRESETS, MediaOptions, OnlineOptions, Preset, parse_limit

if TYPE_CHECKING:
    from mmsvalidate.online.run import MediaChecker, avalidate, validate_online

_CHECKER = frozenset({"MediaChecker", "avalidate", "validate_online"})
EXTRA = "the online check needs the [online] extra: pip install '.[online]' in a checkout (docs/install.md)"


def __getattr__(name: str) -> Any:
    if name not in _CHECKER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        run = importlib.import_module("mmsvalidate.online.run")
    except ImportError as exc:
        raise ImportError(f"{EXTRA} ({exc})") from exc
    return getattr(run, name)


__all__ = [
    "EXTRA",
    "PRESETS",
    "MediaChecker",
    "MediaOptions",
    "OnlineOptions",
    "Preset",
    "avalidate",
    "parse_limit",
    "validate_online",
]
