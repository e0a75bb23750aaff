"""Rules that need the account's settings from the profile: operator id, campaigns, blocked numbers."""

from __future__ import annotations

from collections.abc import Iterator

from mmsvalidate.diagnostic import Hit, clip
from mmsvalidate.model import SPACE, Request
from mmsvalidate.rules.base import Context, blank, rule


@rule("E650", when=lambda profile: profile.require_operator_id)
def operator_id_required(request: Request, ctx: Context) -> Iterator[Hit]:
    """OPERATORID is given when the profile says the account requires it."""
    if ctx.profile.require_operator_id and blank(request.operatorid):
        yield Hit("/operatorid", detail="the profile requires OPERATORID")


@rule("E718", when=lambda profile: profile.enforce_campaign_check)
def campaign_ref_required(request: Request, ctx: Context) -> Iterator[Hit]:
    """CAMPAIGNREF is given when "Enforce Campaign Check" is on."""
    if ctx.profile.enforce_campaign_check and blank(request.campaignref):
        yield Hit("/campaignref", detail="Enforce Campaign Check is on")


@rule("E721", given="campaignref", when=lambda profile: profile.known_campaign_refs is not None)
def campaign_ref_known(request: Request, ctx: Context) -> Iterator[Hit]:
    """CAMPAIGNREF, when given, is one of the profile's known campaign references (if it lists any)."""
    known = ctx.profile.known_campaign_refs
    ref = request.campaignref
    if known is not None and not blank(ref) and ref is not None and ref.strip(SPACE) not in known:
        yield Hit("/campaignref", detail=f"'{clip(ref.strip(SPACE))}' is not a known campaign reference")


@rule("E114", given="to", when=lambda profile: bool(profile.blocked_numbers))
def receiver_not_blocked(request: Request, ctx: Context) -> Iterator[Hit]:
    """TO is not on the profile's list of blocked numbers."""
    to = (request.to or "").strip(SPACE)
    if to and to in ctx.profile.blocked_numbers:
        yield Hit("/to", detail=f"{to} is on the blocked list")
