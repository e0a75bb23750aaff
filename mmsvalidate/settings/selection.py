"""Which codes are reported: ``select``, ``extend-select`` and ``ignore``, by code or code prefix.

A selector is a code (``E226``), a prefix of codes (``E2``, ``MV1``) or ``ALL``. Within one layer the
longest matching selector decides (``ignore = ["E2"]`` with ``extend-select = ["E226"]`` keeps
E226); between layers, a later layer's ``select`` starts afresh and its other lists adjust what
came before, so the command line's options override a configuration file's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import clip

ALL = "ALL"


def check_selector(selector: str) -> str:
    """``selector`` if it is ``ALL`` or a prefix of some code; ``ValueError`` otherwise."""
    if selector == ALL or (selector and any(code.startswith(selector) for code in CODES)):
        return selector
    if selector.upper() != selector and any(code.startswith(selector.upper()) for code in CODES):
        shown, upper = clip(repr(selector)), clip(repr(selector.upper()))
        raise ValueError(f"unknown code or prefix {shown}; codes are upper case: {upper}")
    raise ValueError(f"unknown code or prefix {clip(repr(selector))}")  # cut short: a selector may be a megabyte


def _best(selectors: Iterable[str], code: str) -> int | None:
    """Length of the longest selector matching ``code`` (``ALL`` matches with length 0)."""
    lengths = [0 if s == ALL else len(s) for s in selectors if s == ALL or code.startswith(s)]
    return max(lengths, default=None)


class Layer:
    """One source of selections: a configuration file or the command line."""

    __slots__ = ("extend_select", "ignore", "select")

    def __init__(
        self, select: tuple[str, ...] | None = None, extend_select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
    ) -> None:
        self.select, self.extend_select, self.ignore = select, extend_select, ignore


def enabled(layers: Sequence[Layer]) -> frozenset[str]:
    """The codes reported after applying ``layers`` in order, starting from every code."""
    current = set(CODES)
    for layer in layers:
        if layer.select is None and not layer.extend_select and not layer.ignore:
            continue  # selects nothing, ignores nothing: keeps what came before (most runs' every layer)
        base = set() if layer.select is not None else current
        chosen = (*(layer.select or ()), *layer.extend_select)
        result = set()
        for code in CODES:
            picked, dropped = _best(chosen, code), _best(layer.ignore, code)
            if picked is None and dropped is None:
                keep = code in base
            else:
                keep = picked is not None and (dropped is None or picked > dropped)
            if keep:
                result.add(code)
        current = result
    return frozenset(current)


def matching(selectors: Iterable[str]) -> frozenset[str]:
    """The codes any of ``selectors`` matches."""
    selectors = tuple(selectors)
    return frozenset(code for code in CODES if _best(selectors, code) is not None)
