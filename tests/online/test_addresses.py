"""The address table at its edges: the first and last address of every special-purpose block the IANA registries
(IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890 and successors) list as not public unicast, and the
public neighbours just outside each; the IPv6 forms that carry an IPv4 address; the cloud metadata endpoints the
documentation lists, refused even with ``allow_private``."""

from __future__ import annotations

import ipaddress

import pytest

from mmsvalidate.online.addresses import embedded_ipv4, is_metadata, non_public, refusal

#: (first, last, reason) of each IPv4 block (docs/online.md, "Security model").
V4_BLOCKS = (
    ("0.0.0.0", "0.255.255.255", "a 'this network' address"),
    ("10.0.0.0", "10.255.255.255", "a private address"),
    ("100.64.0.0", "100.127.255.255", "a carrier-grade NAT address"),
    ("127.0.0.0", "127.255.255.255", "a loopback address"),
    ("169.254.0.0", "169.254.255.255", "a link-local address"),
    ("172.16.0.0", "172.31.255.255", "a private address"),
    ("192.0.0.0", "192.0.0.255", "an IETF protocol address"),
    ("192.0.2.0", "192.0.2.255", "a documentation address"),
    ("192.88.99.0", "192.88.99.255", "a 6to4 relay address"),
    ("192.168.0.0", "192.168.255.255", "a private address"),
    ("198.18.0.0", "198.19.255.255", "a benchmarking address"),
    ("198.51.100.0", "198.51.100.255", "a documentation address"),
    ("203.0.113.0", "203.0.113.255", "a documentation address"),
    ("224.0.0.0", "239.255.255.255", "a multicast address"),
    ("240.0.0.0", "255.255.255.255", "a reserved address"),
)
#: Public neighbours of those blocks.
V4_PUBLIC = (
    "1.0.0.0",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "191.255.255.255",
    "192.0.1.0",
    "192.0.3.0",
    "192.88.98.255",
    "192.88.100.0",
    "192.167.255.255",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "198.51.99.255",
    "198.51.101.0",
    "203.0.112.255",
    "203.0.114.0",
    "223.255.255.255",
    "8.8.8.8",
)
V6_BLOCKS = (
    ("2001::", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "an IETF protocol address (Teredo, ORCHID, ...)"),
    ("2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "a documentation address"),
    ("3fff::", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "a documentation address"),
    ("fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a unique local (private) address"),
    ("fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a link-local address"),
    ("fec0::", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a site-local address"),
    ("ff00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a multicast address"),
    ("64:ff9b:1::", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "a local-use NAT64 address"),
    ("::1", "::1", "a loopback address"),
    ("::", "::", "the unspecified address"),
)
V6_PUBLIC = (
    "2000::",
    "2001:200::",
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db9::",
    "2606:4700::1111",
    "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "3fff:1000::",
    "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
)
#: Outside 2000::/3 and outside every named block: reserved.
V6_RESERVED = ("::2", "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "4000::", "fbff:ffff::", "64:ff9b:2::", "64:ff9a::")
#: The cloud metadata endpoints docs/online.md lists.
METADATA = ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "168.63.129.16", "192.0.0.192", "100.100.100.200")


def ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


@pytest.mark.parametrize(("first", "last", "reason"), V4_BLOCKS + V6_BLOCKS)
def test_every_block_from_its_first_to_its_last_address(first: str, last: str, reason: str) -> None:
    for text in (first, last):
        assert non_public(ip(text)) == reason, text
        assert refusal(ip(text), allow_private=False) == reason, text
        assert refusal(ip(text), allow_private=True) is None or is_metadata(ip(text)), text


@pytest.mark.parametrize("text", V4_PUBLIC + V6_PUBLIC)
def test_public_neighbours_of_the_blocks_are_fetched(text: str) -> None:
    assert non_public(ip(text)) is None
    assert refusal(ip(text), allow_private=False) is None
    assert refusal(ip(text), allow_private=True) is None
    assert not is_metadata(ip(text))


@pytest.mark.parametrize("text", V6_RESERVED)
def test_other_ipv6_outside_global_unicast_is_reserved(text: str) -> None:
    assert non_public(ip(text)) == "a reserved address"


@pytest.mark.parametrize(
    ("text", "carried", "form"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1", "IPv4-mapped"),
        ("::ffff:8.8.8.8", "8.8.8.8", "IPv4-mapped"),
        ("64:ff9b::7f00:1", "127.0.0.1", "NAT64"),
        ("64:ff9b::ffff:ffff", "255.255.255.255", "NAT64"),
        ("64:ff9b::808:809", "8.8.8.9", "NAT64"),
        ("2002:a00:1::", "10.0.0.1", "6to4"),
        ("2002:808:808::1", "8.8.8.8", "6to4"),
    ],
)
def test_ipv6_forms_carrying_an_ipv4_address(text: str, carried: str, form: str) -> None:
    assert embedded_ipv4(ip(text)) == (ip(carried), form)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("::ffff:127.0.0.1", "a loopback address (127.0.0.1) in IPv4-mapped form"),
        ("::ffff:10.1.2.3", "a private address (10.1.2.3) in IPv4-mapped form"),
        ("64:ff9b::7f00:1", "a loopback address (127.0.0.1) in NAT64 form"),
        ("64:ff9b::c0a8:101", "a private address (192.168.1.1) in NAT64 form"),
        ("64:ff9b::ffff:ffff", "a reserved address (255.255.255.255) in NAT64 form"),
        ("2002:a00:1::", "a private address (10.0.0.1) in 6to4 form"),
        ("2002:7f00:1::1", "a loopback address (127.0.0.1) in 6to4 form"),
    ],
)
def test_carried_ipv4_addresses_are_judged_by_what_they_carry(text: str, reason: str) -> None:
    assert non_public(ip(text)) == reason
    assert refusal(ip(text), allow_private=True) is None


@pytest.mark.parametrize("text", ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])
def test_carried_public_ipv4_addresses_are_public(text: str) -> None:
    assert non_public(ip(text)) is None


def test_an_ipv6_address_without_a_carried_ipv4_address() -> None:
    for text in ("2606:4700::1111", "::1", "fe80::1", "64:ff9b:1::1", "2001::1"):
        assert embedded_ipv4(ip(text)) is None, text  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["fe80::1%eth0", "2606:4700::1%1", "ff02::1%2"])
def test_a_scoped_address_is_refused(text: str) -> None:
    assert non_public(ip(text)) == "a scoped address"


@pytest.mark.parametrize(
    "text", [*METADATA, "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::", "::ffff:168.63.129.16"]
)
def test_metadata_endpoints_are_refused_even_with_allow_private(text: str) -> None:
    assert is_metadata(ip(text))
    for allow in (False, True):
        assert refusal(ip(text), allow_private=allow) == "a cloud metadata address"


@pytest.mark.parametrize(
    "text", ["169.254.169.253", "169.254.169.255", "169.254.170.3", "fd00:ec2::253", "::ffff:10.0.0.1"]
)
def test_neighbours_of_metadata_endpoints_are_only_private(text: str) -> None:
    assert not is_metadata(ip(text))
    assert refusal(ip(text), allow_private=True) is None
    assert refusal(ip(text), allow_private=False) == non_public(ip(text)) is not None
