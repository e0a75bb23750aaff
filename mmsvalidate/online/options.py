"""The online check's options: :class:`~mmsvalidate.checker.media.MediaOptions` (kept here under its
first name, ``OnlineOptions``), the presets and the limit parser, which the core owns."""

from __future__ import annotations

from mmsvalidate.checker.media import KB, KINDS, MB, MESSAGE, PRESETS, READ_CAP, MediaOptions, Preset, parse_limit

OnlineOptions = MediaOptions

__all__ = [
    "KB",
    "KINDS",
    "MB",
    "MESSAGE",
    "PRESETS",
    "READ_CAP",
    "MediaOptions",
    "OnlineOptions",
    "Preset",
    "parse_limit",
]
