"""What a rule is: a small named record with its code, scope and check, like a Schematron assertion."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from mmsvalidate.diagnostic import Hit
from mmsvalidate.model import SPACE, Request
from mmsvalidate.profile import Profile

#: What a rule is handed: the request, each slide, or each content slot of each slide (its URL read once).
Scope = Literal["request", "slide", "content"]


class Content:
    """One content slot of a slide, as a ``content`` rule sees it: the slot, its URL as given, and the URL's
    (scheme, file extension, query) when it is an absolute http(s) URL (``None`` otherwise)."""

    __slots__ = ("parts", "slot", "url")

    def __init__(self, slot: str, url: str, parts: tuple[str, str, str] | None) -> None:
        self.slot = slot
        self.url = url
        self.parts = parts


class Context:
    """What a check may read besides its subject: the whole request and the account profile."""

    __slots__ = ("profile", "request")

    def __init__(self, request: Request, profile: Profile) -> None:
        self.request = request
        self.profile = profile


class Rule:
    """One check: its code, its scope, a name, and what it checks (its docstring).

    A request rule is called as ``check(request, ctx)``, a slide rule as ``check(slide, number, ctx)`` and a
    content rule as ``check(content, number, ctx)`` (see :class:`Content`). A request rule's hits carry model
    pointers (``/to``); a slide or content rule's hits carry pointers relative to the slide (``text``,
    ``image``) and the engine adds the slide number.

    ``given`` names the attribute of its subject (``from_mask``, ``duration``) without which the rule finds
    nothing: the plan runs the rules that share one only when it is given (not ``None``, not empty ``()``).
    ``when`` says whether a profile turns the rule on (an account setting such as requiring OPERATORID):
    the plan of a profile that leaves it off does not hold it.
    """

    __slots__ = ("check", "code", "given", "name", "scope", "summary", "when")

    def __init__(
        self,
        code: str,
        name: str,
        scope: Scope,
        check: Callable[..., Iterable[Hit]],
        summary: str,
        given: str | None = None,
        when: Callable[[Profile], bool] | None = None,
    ) -> None:
        self.code, self.name, self.scope, self.check, self.summary = code, name, scope, check, summary
        self.given, self.when = given, when

    def __call__(self, *args: object) -> Iterable[Hit]:
        return self.check(*args)


def rule(
    code: str,
    scope: Scope = "request",
    *,
    given: str | None = None,
    when: Callable[[Profile], bool] | None = None,
) -> Callable[[Callable[..., Iterable[Hit]]], Rule]:
    """Turn a generator of hits into a :class:`Rule` with ``code``, ``scope``, the attribute it is ``given``
    and ``when`` a profile turns it on."""

    def wrap(check: Callable[..., Iterable[Hit]]) -> Rule:
        summary = (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else check.__name__
        return Rule(code, check.__name__.replace("_", "-"), scope, check, summary, given, when)

    return wrap


def blank(value: str | None) -> bool:
    """Absent, empty or only whitespace: what the API treats as not given."""
    return value is None or not value.strip(SPACE)
