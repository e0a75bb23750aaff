"""Which addresses a media fetch may reach: public unicast only, judged after DNS resolution.

IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the address they
carry; Python's ``is_private``/``is_global`` are not used, since they judge those forms (and
IPv4 multicast) as public. Cloud metadata addresses are refused even when private addresses are
allowed: no content URL ever needs them.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

#: Cloud metadata and platform endpoints (AWS, GCP, Azure, Oracle, Alibaba, AWS IPv6).
METADATA: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "168.63.129.16", "192.0.0.192", "100.100.100.200", "fd00:ec2::254")
)

#: IPv4 ranges that are not public unicast (IANA special-purpose registry), with what they are.
_V4_BLOCKED = (
    (_V4("0.0.0.0/8"), "a 'this network' address"),
    (_V4("10.0.0.0/8"), "a private address"),
    (_V4("100.64.0.0/10"), "a carrier-grade NAT address"),
    (_V4("127.0.0.0/8"), "a loopback address"),
    (_V4("169.254.0.0/16"), "a link-local address"),
    (_V4("172.16.0.0/12"), "a private address"),
    (_V4("192.0.0.0/24"), "an IETF protocol address"),
    (_V4("192.0.2.0/24"), "a documentation address"),
    (_V4("192.88.99.0/24"), "a 6to4 relay address"),
    (_V4("192.168.0.0/16"), "a private address"),
    (_V4("198.18.0.0/15"), "a benchmarking address"),
    (_V4("198.51.100.0/24"), "a documentation address"),
    (_V4("203.0.113.0/24"), "a documentation address"),
    (_V4("224.0.0.0/4"), "a multicast address"),
    (_V4("240.0.0.0/4"), "a reserved address"),
)

_GLOBAL_UNICAST = _V6("2000::/3")
_NAT64 = _V6("64:ff9b::/96")
_SIX_TO_FOUR = _V6("2002::/16")
#: Inside 2000::/3 but not public unicast.
_V6_BLOCKED = (
    (_V6("2001::/23"), "an IETF protocol address (Teredo, ORCHID, ...)"),
    (_V6("2001:db8::/32"), "a documentation address"),
    (_V6("3fff::/20"), "a documentation address"),
)
#: Outside 2000::/3: named for the reason given.
_V6_NAMED = (
    (_V6("::1/128"), "a loopback address"),
    (_V6("::/128"), "the unspecified address"),
    (_V6("fc00::/7"), "a unique local (private) address"),
    (_V6("fe80::/10"), "a link-local address"),
    (_V6("fec0::/10"), "a site-local address"),
    (_V6("ff00::/8"), "a multicast address"),
    (_V6("64:ff9b:1::/48"), "a local-use NAT64 address"),
)


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 form carries, and the form's name (IPv4-mapped, NAT64, 6to4)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped, "IPv4-mapped"
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), "NAT64"
    if address.sixtofour is not None:
        return address.sixtofour, "6to4"
    return None


def _v4_reason(address: ipaddress.IPv4Address) -> str | None:
    for network, reason in _V4_BLOCKED:
        if address in network:
            return reason
    return None


def non_public(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address (``"a loopback address"``), or ``None``."""
    if isinstance(address, ipaddress.IPv4Address):
        return _v4_reason(address)
    carried = embedded_ipv4(address)
    if carried is not None:
        inner, form = carried
        reason = _v4_reason(inner)
        return f"{reason} ({inner}) in {form} form" if reason else None
    if address.scope_id:
        return "a scoped address"
    if address in _GLOBAL_UNICAST:
        for network, reason in _V6_BLOCKED:
            if address in network:
                return reason
        return None
    for network, reason in _V6_NAMED:
        if address in network:
            return reason
    return "a reserved address"


def is_metadata(address: IPAddress) -> bool:
    """A cloud metadata endpoint, directly or carried in an IPv6 form."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = embedded_ipv4(address)
        if carried is not None:
            return carried[0] in METADATA
    return address in METADATA


def refusal(address: IPAddress, *, allow_private: bool) -> str | None:
    """Why a fetch may not connect to ``address``, or ``None`` when it may."""
    if is_metadata(address):
        return "a cloud metadata address"
    if allow_private:
        return None
    return non_public(address)
