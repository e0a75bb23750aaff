"""The check as one configured object: :class:`CheckOptions` resolved once, a :class:`Checker` that runs
the stages in their one order (read → structure → rules → media → suppress → select → bound)."""

from mmsvalidate.checker.media import PRESETS, MediaOptions, Preset
from mmsvalidate.checker.options import DEFAULT_OPTIONS, CheckOptions, Form, Suppressions
from mmsvalidate.checker.pipeline import Checker, Examined, MediaSlot, checker_for, not_checked

__all__ = [
    "DEFAULT_OPTIONS",
    "PRESETS",
    "CheckOptions",
    "Checker",
    "Examined",
    "Form",
    "MediaOptions",
    "MediaSlot",
    "Preset",
    "Suppressions",
    "checker_for",
    "not_checked",
]
