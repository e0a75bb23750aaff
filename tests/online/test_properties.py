"""Properties: an address carried in an IPv6 form gets the verdict of the address itself; sniffing
and decoding take any bytes without raising."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate.online.addresses import non_public, refusal
from mmsvalidate.online.images import FORMATS, problem
from mmsvalidate.online.sniff import sniff

V4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)


def _forms(v4: ipaddress.IPv4Address) -> list[ipaddress.IPv6Address]:
    n = int(v4)
    return [
        ipaddress.IPv6Address((0xFFFF << 32) | n),  # ::ffff:a.b.c.d
        ipaddress.IPv6Address((0x64FF9B << 96) | n),  # 64:ff9b::a.b.c.d
        ipaddress.IPv6Address((0x2002 << 112) | (n << 80) | 1),  # 2002:AABB:CCDD::1
    ]


@given(V4)
def test_an_embedded_ipv4_address_is_judged_as_itself(v4: ipaddress.IPv4Address) -> None:
    public = non_public(v4) is None
    for form in _forms(v4):
        assert (non_public(form) is None) == public, form
        assert (refusal(form, allow_private=True) is None) == (refusal(v4, allow_private=True) is None), form


@settings(max_examples=300)
@given(st.binary(max_size=2048), st.booleans())
def test_sniffing_takes_any_bytes(data: bytes, complete: bool) -> None:
    found = sniff(data, complete=complete)
    assert found.description == found.kind.label if found.kind is not None else found.description


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(FORMATS)), st.binary(max_size=512))
def test_decoding_takes_any_bytes(kind: str, data: bytes) -> None:
    assert isinstance(problem(data, kind), str | None)
