"""The check as one configured object: :class:`CheckOptions` resolved once, a :class:`Checker` that runs
the stages in their one order (read → structure → rules → media → suppress → select → bound)."""

from typing import TYPE_CHECKING, Any

from mmsvalidate.checker.options import DEFAULT_OPTIONS, CheckOptions, Form, Suppressions
from mmsvalidate.checker.pipeline import Checker, Examined, checker_for, not_checked

if TYPE_CHECKING:
    from mmsvalidate.checker.media import PRESETS, MediaOptions, MediaSlot, Preset


def __getattr__(name: str) -> Any:
    """The media stage's options and slots (``MediaOptions``, ``MediaSlot``, ``Preset``, ``PRESETS``), imported
    when first asked for: an offline check never builds them."""
    if name in ("PRESETS", "MediaOptions", "MediaSlot", "Preset"):
        from mmsvalidate.checker import media

        return getattr(media, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
