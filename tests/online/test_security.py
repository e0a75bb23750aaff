"""The online check is the attack surface: refusals proven with a server that counts requests.

Every refusal here must send nothing: the server's count stays at zero and no socket connects.
"""

from __future__ import annotations

import ipaddress

import pytest

import mmsvalidate
from mmsvalidate.online import OnlineOptions, validate_online
from mmsvalidate.online.addresses import non_public, refusal
from tests.online.conftest import FORMS, in_form, picture, request
from tests.online.server import MediaServer, Route

STRICT = OnlineOptions(timeout=30)


def details(report: mmsvalidate.Report) -> list[tuple[str, str | None]]:
    return [(f.code, f.detail) for f in report.findings]


@pytest.mark.parametrize("form", FORMS)
def test_loopback_is_refused_without_allow_private_and_nothing_is_sent(
    server: MediaServer, form: str, loopback_only: list[tuple[str, int]]
) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    url = server.url("/a.jpg")
    report = validate_online(in_form(request(image=url), form), options=STRICT)
    said = f"{url}: refused: 127.0.0.1 is a loopback address; the API cannot fetch from it either"
    assert details(report) == [("E351", said)]
    by_name = server.url("/a.jpg", host="localhost")
    report = validate_online(in_form(request(image=by_name), form), options=STRICT)
    said = (
        f"{by_name}: refused: localhost resolves to 127.0.0.1, a loopback address; the API cannot fetch from it either"
    )
    assert details(report) == [("E351", said)]
    assert server.requests == 0 and loopback_only == []


def test_allow_host_allows_that_name_only(server: MediaServer, loopback_only: list[tuple[str, int]]) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    options = OnlineOptions(allow_hosts={"LocalHost"}, timeout=30)
    assert (
        details(validate_online(in_form(request(image=server.url("/a.jpg", "localhost")), "xml"), options=options))
        == []
    )
    assert server.requests == 1
    by_address = validate_online(in_form(request(image=server.url("/a.jpg")), "xml"), options=options)
    assert [code for code, _ in details(by_address)] == ["E351"]
    assert server.requests == 1 and len(loopback_only) == 1


def test_a_redirect_to_a_refused_address_is_not_followed(server: MediaServer) -> None:
    """Re-checked at every hop: the allowed name redirects to the loopback address, which is not allowed."""
    inner = server.url("/inner.jpg")
    server.routes["/outer.jpg"] = Route(status=302, location=inner)
    server.routes["/inner.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    options = OnlineOptions(allow_hosts={"localhost"}, timeout=30)
    outer = server.url("/outer.jpg", "localhost")
    report = validate_online(in_form(request(image=outer), "query"), options=options)
    said = (
        f"{outer}: refused: 127.0.0.1 is a loopback address; the API cannot fetch from it either"
        f" (after redirects to {inner})"
    )
    assert details(report) == [("E351", said)]
    assert server.hits == {"/outer.jpg": 1}


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        ("http://[fd00:ec2::254]/latest/", "fd00:ec2::254 is a cloud metadata address"),
        ("http://[::ffff:169.254.169.254]/x", "::ffff:169.254.169.254 is a cloud metadata address"),
    ],
)
def test_metadata_addresses_are_refused_even_with_allow_private(
    server: MediaServer, loopback_only: list[tuple[str, int]], location: str, why: str
) -> None:
    server.routes["/meta.jpg"] = Route(status=307, location=location)
    url = server.url("/meta.jpg")
    report = validate_online(in_form(request(image=url), "json"), options=OnlineOptions(allow_private=True))
    said = f"{url}: refused: {why}; the API cannot fetch from it either (after redirects to {location})"
    assert details(report) == [("E351", said)]
    assert {host for host, _ in loopback_only} == {"127.0.0.1"}


@pytest.mark.parametrize(
    "host",
    ["[::ffff:127.0.0.1]", "[::1]", "2130706433", "0x7f.1", "127.1", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "0"],
)
def test_other_spellings_of_loopback_are_refused_before_connecting(
    server: MediaServer, loopback_only: list[tuple[str, int]], host: str
) -> None:
    url = f"http://{host}:{server.port}/a.jpg"
    report = validate_online(in_form(request(image=url), "xml"), options=STRICT)
    assert [code for code, _ in details(report)] == ["E351"]
    assert "refused: " in (report.findings[0].detail or "")
    assert server.requests == 0 and loopback_only == []


def test_proxy_variables_are_ignored(server: MediaServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    proxy = MediaServer()
    try:
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.url(""))
        report = validate_online(
            in_form(request(image=server.url("/a.jpg")), "xml"), options=OnlineOptions(allow_private=True)
        )
        assert details(report) == [] and server.requests == 1 and proxy.requests == 0
    finally:
        proxy.close()


def test_without_online_no_socket_is_opened(server: MediaServer, loopback_only: list[tuple[str, int]]) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    for form in FORMS:
        assert mmsvalidate.validate(in_form(request(image=server.url("/missing.jpg")), form)).findings == ()
    assert loopback_only == [] and server.requests == 0


def test_the_query_string_is_stripped_and_the_host_header_is_the_urls(server: MediaServer) -> None:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    url = server.url("/a.jpg?id=42&sig=x", "localhost")
    report = validate_online(in_form(request(image=url), "xml"), options=OnlineOptions(allow_hosts={"localhost"}))
    assert [f.code for f in report.findings] == ["MV103"]
    assert server.queries == [""] and server.hosts == [f"localhost:{server.port}"]


PUBLIC = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8"]
NOT_PUBLIC = {
    "127.0.0.1": "a loopback address",
    "10.1.2.3": "a private address",
    "172.16.0.1": "a private address",
    "192.168.1.1": "a private address",
    "100.64.0.1": "a carrier-grade NAT address",
    "169.254.10.10": "a link-local address",
    "0.0.0.0": "a 'this network' address",
    "224.0.0.1": "a multicast address",
    "255.255.255.255": "a reserved address",
    "198.18.0.1": "a benchmarking address",
    "192.0.2.1": "a documentation address",
    "::1": "a loopback address",
    "::": "the unspecified address",
    "fe80::1": "a link-local address",
    "fc00::1": "a unique local (private) address",
    "ff02::1": "a multicast address",
    "2001:db8::1": "a documentation address",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2": "an IETF protocol address (Teredo, ORCHID, ...)",
    "::ffff:10.0.0.1": "a private address (10.0.0.1) in IPv4-mapped form",
    "64:ff9b::a00:1": "a private address (10.0.0.1) in NAT64 form",
    "2002:7f00:1::1": "a loopback address (127.0.0.1) in 6to4 form",
    "::127.0.0.1": "a reserved address",
}


def test_the_address_table() -> None:
    for text in PUBLIC:
        assert non_public(ipaddress.ip_address(text)) is None, text
    for text, why in NOT_PUBLIC.items():
        assert non_public(ipaddress.ip_address(text)) == why, text
        assert refusal(ipaddress.ip_address(text), allow_private=True) is None, text
    for text in ("169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "168.63.129.16"):
        assert refusal(ipaddress.ip_address(text), allow_private=True) == "a cloud metadata address", text


def test_what_a_server_says_is_escaped_and_bounded_in_findings(server: MediaServer) -> None:
    server.routes["/a.jpg"] = Route(b"<html>hi</html>", content_type="text/html\x9b31mRED")
    server.routes["/far.jpg"] = Route(status=302, location="ftp://x.invalid/" + "a" * 5000)
    options = OnlineOptions(allow_private=True, timeout=30)
    report = validate_online(in_form(request(image=server.url("/a.jpg")), "xml"), options=options)
    assert details(report) == [("E629", "the bytes are an HTML page (served as text/html\\x9b31mRED)")]
    report = validate_online(in_form(request(image=server.url("/far.jpg")), "xml"), options=options)
    detail = report.findings[0].detail or ""
    assert len(detail) == 300 and detail.endswith("aaa...")
    assert detail.startswith(f"{server.url('/far.jpg')}: redirect to ftp://x.invalid/aaa")


def test_only_hosts_fetches_from_the_listed_hosts_only_at_every_hop(
    server: MediaServer, loopback_only: list[tuple[str, int]]
) -> None:
    """The allow-list of a service: a host off it is refused before it is resolved, on a redirect too."""
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    off_list = server.url("/a.jpg", "localhost")
    server.routes["/out.jpg"] = Route(status=302, location=off_list)
    options = OnlineOptions(allow_private=True, only_hosts={"127.0.0.1"}, timeout=30)
    assert details(validate_online(in_form(request(image=server.url("/a.jpg")), "xml"), options=options)) == []
    report = validate_online(in_form(request(image=off_list), "json"), options=options)
    assert details(report) == [("E351", f"{off_list}: refused: localhost is not one of the media hosts allowed here")]
    outer = server.url("/out.jpg")
    report = validate_online(in_form(request(image=outer), "query"), options=options)
    said = f"{outer}: refused: localhost is not one of the media hosts allowed here (after redirects to {off_list})"
    assert details(report) == [("E351", said)]
    assert server.hits == {"/a.jpg": 1, "/out.jpg": 1}
    assert len(loopback_only) == 2  # the refused host was never connected to


def test_only_hosts_names_and_wildcards() -> None:
    listed = OnlineOptions(only_hosts=["Media.Example.com.", "*.cdn.example.net"])
    assert listed.only_hosts == frozenset({"media.example.com", "*.cdn.example.net"})
    assert listed.fetches_from("MEDIA.example.com") and listed.fetches_from("media.example.com.")
    assert listed.fetches_from("eu.cdn.example.net") and listed.fetches_from("a.b.cdn.example.net")
    assert not listed.fetches_from("cdn.example.net") and not listed.fetches_from("evilcdn.example.net")
    assert not listed.fetches_from("example.com") and not listed.fetches_from("media.example.com.evil.org")
    assert OnlineOptions().fetches_from("anything.example") and OnlineOptions().only_hosts is None
