"""Rules over the numbers: the receiver (TO), the sender (FROM) and the sender mask."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from mmsvalidate.diagnostic import Hit, clip
from mmsvalidate.model import SPACE, Request
from mmsvalidate.rules import phone
from mmsvalidate.rules.base import Context, blank, rule

DIGITS = re.compile(r"[0-9]+")
SHORTCODE = re.compile(r"[0-9]{3,8}")
MASK = re.compile(r"[A-Za-z0-9_-]+")


def possible(digits: str) -> bool:
    """Whether ``digits`` is a possible international number (phonenumbers' reading, see :mod:`.phone`)."""
    return phone.possible(digits)


@functools.lru_cache(maxsize=256)
def receiver_problem(value: str) -> str | None:
    """Why TO is not an international number, or ``None`` when it is one."""
    digits = value.strip(SPACE)
    if not DIGITS.fullmatch(digits):
        return f"'{clip(digits)}' must be digits only, in international format without '+' or '00'"
    if digits.startswith("00"):
        return f"'{clip(digits)}' starts with '00'; give the number in international format without it"
    if not possible(digits):
        return f"'{clip(digits)}' is not a possible international number"
    return None


@rule("E110", given="to")
def receiver_number(request: Request, ctx: Context) -> Iterator[Hit]:
    """TO is a possible phone number in international format: digits, country code first."""
    if blank(request.to) or request.to is None:
        return
    problem = receiver_problem(request.to)
    if problem:
        yield Hit("/to", detail=problem)


@functools.lru_cache(maxsize=256)
def valid(digits: str) -> bool:
    """Whether possible international ``digits`` are assigned in their country's numbering plan."""
    return phone.valid(digits)


@functools.lru_cache(maxsize=256)
def united_states(to: str) -> bool:
    """Whether TO is a +1 number in the US or in no known region."""
    if receiver_problem(to):
        return False
    found = phone.analyse(to.strip(SPACE))
    return found.code == 1 and found.region in (None, "US")


@rule("MV109", given="to")
def receiver_valid(request: Request, ctx: Context) -> Iterator[Hit]:
    """TO, when possible, is also a valid number for its country (numbering plans change: a warning)."""
    if blank(request.to) or request.to is None or receiver_problem(request.to):
        return
    if not valid(request.to.strip(SPACE)):
        yield Hit("/to", detail=f"'{clip(request.to.strip(SPACE))}' is not assigned in its country's numbering plan")


@rule("E111", given="from_")
def sender(request: Request, ctx: Context) -> Iterator[Hit]:
    """FROM is a shortcode (3 to 8 digits) or a longcode (a possible international number)."""
    if blank(request.from_) or request.from_ is None:
        return
    value = request.from_.strip(SPACE)
    if SHORTCODE.fullmatch(value) or (DIGITS.fullmatch(value) and not value.startswith("0") and possible(value)):
        return
    yield Hit(
        "/from", detail=f"'{clip(value)}' is neither a shortcode (3-8 digits) nor a longcode in international format"
    )


@rule("MV104", given="from_mask")
def mask_in_united_states(request: Request, ctx: Context) -> Iterator[Hit]:
    """FROM_MASK is not used for a receiver in the United States (or a +1 number of no known region)."""
    if not blank(request.from_mask) and request.to is not None and united_states(request.to):
        yield Hit("/from_mask", detail=f"TO {clip(request.to.strip(SPACE))} is a +1 number")


@rule("MV105", given="from_mask")
def mask_format(request: Request, ctx: Context) -> Iterator[Hit]:
    """FROM_MASK is at most the profile's length (default 11) of letters, digits, '_' and '-'."""
    if request.from_mask is None or blank(request.from_mask):
        return
    mask = request.from_mask.strip(SPACE)
    limit = ctx.profile.max_from_mask
    if len(mask) > limit or not MASK.fullmatch(mask):
        yield Hit("/from_mask", x=limit, detail=f"'{clip(mask)}'")
