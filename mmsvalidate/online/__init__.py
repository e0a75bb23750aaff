"""Online checks: fetch each media URL as the API would and judge the bytes (opt-in, ``[online]`` extra).

E241 (404/410, or a host name that does not resolve), E35x (any other failure to get the bytes,
refused addresses included), E33x (over a size limit), E341 (an image that does not decode),
E629/E229 by the bytes, and warnings MV120-MV123. The core never imports this package;
:func:`mmsvalidate.validate` imports it only when called with ``online=``.

>>> from mmsvalidate.online import OnlineOptions, validate_online
>>> report = validate_online(body, options=OnlineOptions(preset="carrier-safe"))
"""

from __future__ import annotations

from mmsvalidate.online.options import PRESETS, OnlineOptions, Preset, parse_limit
from mmsvalidate.online.run import MediaChecker, avalidate, check_prepared, validate_online

__all__ = [
    "PRESETS",
    "MediaChecker",
    "OnlineOptions",
    "Preset",
    "avalidate",
    "check_prepared",
    "parse_limit",
    "validate_online",
]
