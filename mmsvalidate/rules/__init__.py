"""The rule registry: every rule of every family, in one tuple.

A rule is declared once, with its code, in its family module (``@rule("E226", scope="slide")``);
this module lists the families, and nothing registers itself by side effect.
"""

from __future__ import annotations

from types import ModuleType

from mmsvalidate.rules import account, dates, numbers, request, slides
from mmsvalidate.rules.base import Context, Rule, rule

FAMILIES: tuple[ModuleType, ...] = (request, numbers, slides, dates, account)


def _collect() -> tuple[Rule, ...]:
    return tuple(value for family in FAMILIES for value in vars(family).values() if isinstance(value, Rule))


#: Every rule, in family order.
RULES: tuple[Rule, ...] = _collect()
#: Rules by code.
BY_CODE: dict[str, tuple[Rule, ...]] = {}
for _rule in RULES:
    BY_CODE[_rule.code] = (*BY_CODE.get(_rule.code, ()), _rule)

__all__ = ["BY_CODE", "FAMILIES", "RULES", "Context", "Rule", "rule"]
