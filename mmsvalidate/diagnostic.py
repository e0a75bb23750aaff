"""Locations, severities and findings: the vocabulary every other module speaks."""

from __future__ import annotations

import enum
from typing import NamedTuple

import attrs

from mmsvalidate.deferred import deferred


class Severity(enum.StrEnum):
    """How bad a finding is: errors fail a check, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@deferred
@attrs.frozen(repr=False, eq=False)
class Location:
    """Where a value came from: a line and column (1-based) and, for the query form, the parameter."""

    line: int | None = None
    column: int | None = None
    param: str | None = None


NOWHERE = Location()

#: How much of a request's own text a finding quotes.
QUOTE_LIMIT = 80
#: What a schema's detail says of a value of a type its name does not take (``/slides: "x" is not of type array``).
NOT_OF_TYPE = " is not of type "


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut, so no finding grows with its input."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@deferred
@attrs.frozen(repr=False, eq=False)
class Finding:
    """One problem found in a request.

    ``message`` is the documented text with ``X`` filled in; ``detail`` says what exactly was
    wrong in this request. ``field`` is a JSON pointer into the canonical model (``/slides/0/text``)
    or into the request's own form for values the model has no place for.
    """

    code: str
    severity: Severity
    message: str
    detail: str | None = None
    slide: int | None = None
    field: str | None = None
    location: Location = NOWHERE

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column

    @property
    def param(self) -> str | None:
        """The query parameter as written (query form only), as ``param`` in JSON output."""
        return self.location.param


class Hit(NamedTuple):
    """What a check says before it becomes a finding: where, the value for ``X``, and a detail.

    Rules yield hits with a ``field`` relative to what they check; the engine adds the code,
    the documented text, the slide number and the location.
    """

    field: str = ""
    x: object = None
    detail: str | None = None
    location: Location | None = None
