"""The result of checking one request: findings, verdict and the error the API would answer with."""

from __future__ import annotations

import attrs

from mmsvalidate.diagnostic import Finding, Severity

#: The order in which the API is taken to check a request, so the first error it would answer
#: with comes first: the document, the mandatory variables, the numbers, the account settings,
#: the name and slides, each slide's content, then subject/fallback text and expiry. Codes not
#: listed come after, in code order.
PRECEDENCE = (
    "MV900",
    "E108",
    "E100",
    "E111",
    "E110",
    "E114",
    "E650",
    "E718",
    "E721",
    "E311",
    "E312",
    "E225",
    "E313",
    "E223",
    "E224",
    "E226",
    "E227",
    "E241",
    "E351",
    "E352",
    "E353",
    "E355",
    "E356",
    "E357",
    "E358",
    "E331",
    "E332",
    "E333",
    "E335",
    "E336",
    "E337",
    "E338",
    "E341",
    "E629",
    "E229",
    "E230",
    "E334",
    "E228",
    "E622",
    "E617",
)
_RANK = {code: rank for rank, code in enumerate(PRECEDENCE)}


def precedence(finding: Finding) -> tuple[int, str, int]:
    """Sort key: the API's order of checks, then slide number."""
    return (_RANK.get(finding.code, len(_RANK)), finding.code, finding.slide or 0)


@attrs.frozen
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
