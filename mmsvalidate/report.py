"""The result of checking one request: findings, verdict and the error the API would answer with."""

from __future__ import annotations

import attrs

from mmsvalidate.codes import CODES, PRECEDENCE
from mmsvalidate.deferred import deferred
from mmsvalidate.diagnostic import Finding, Severity

_AFTER = len(PRECEDENCE)


def precedence(finding: Finding) -> tuple[int, str, int]:
    """Sort key: the API's order of checks (the catalogue's ``rank``), then slide number."""
    entry = CODES.get(finding.code)
    rank = entry.rank if entry is not None and entry.rank is not None else _AFTER
    return (rank, finding.code, finding.slide or 0)


@deferred
@attrs.frozen(repr=False, eq=False)
class Report:
    """What checking one request found. ``form`` is ``None`` when the source could not be read;
    ``to`` is the request's TO as written (``None`` when it has none or could not be read), which
    the API echoes in its answer."""

    findings: tuple[Finding, ...] = ()
    form: str | None = None
    to: str | None = None

    @property
    def ok(self) -> bool:
        """No finding of error severity."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def first_error(self) -> Finding | None:
        """The first error by :data:`PRECEDENCE`: the API's most likely answer, or a project code
        (``MV112``…) that the API would answer as ``E100`` (see :func:`mmsvalidate.api_response`)."""
        errors = self.errors
        return min(errors, key=precedence) if errors else None

    @property
    def codes(self) -> tuple[str, ...]:
        """The distinct codes found, sorted."""
        return tuple(sorted({f.code for f in self.findings}))
