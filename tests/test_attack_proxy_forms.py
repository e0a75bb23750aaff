"""The proxy never forwards a form the API, a PHP script, reads otherwise than the check did.

docs/service.md: the proxy "forwards exactly what it checked ... or refuses"; the API is a PHP script. PHP reads
a form's bytes as data: a line break is part of a value (so a ``#`` line is no comment and every ``&`` on it
starts a parameter), and a parameter name is registered without its leading spaces, cut at a NUL, with ``.``
and `` `` made ``_`` and a ``[`` making an array. Each case below passes the check (the check reads the
spec's example) while PHP would read a ``to`` (or a slide's duration) the check never saw: refused with 400
and a plain message, never sent upstream. A real upstream on 127.0.0.1 records what reaches it.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from collections.abc import Iterator

import httpx

from tests.serving import VENDOR, Served, Upstream, serve
from tests.test_server_routes import EXAMPLE_QUERY

REFUSED = "the proxy forwards a form only when the API (PHP) reads its parameters as they were checked: "
BLANK = "it holds a line break, which PHP reads as data"

#: (what follows the spec's example in a form body, the reason given)
SMUGGLED = [
    ("\n#&to=NOTANUMBER", BLANK),  # a comment to the check; to PHP, "#" ends a value and to= follows
    # the check skips white space before a name, PHP only spaces
    ("&to=NOTANUMBER&\tto=15551234888", "PHP reads the parameter 'to' as '\\tto'"),
    ("&to=NOTANUMBER& \u00a0to=15551234888", "PHP reads the parameter 'to' as '\u00a0to'"),
    ("&%20to=NOTANUMBER", "PHP reads the parameter ' to' as 'to'"),
    ("&+to=NOTANUMBER", "PHP reads the parameter ' to' as 'to'"),
    ("&to%00=NOTANUMBER", "PHP reads the parameter 'to\\x00' as 'to'"),
    ("&slide.duration.0=99999", "PHP reads the parameter 'slide.duration.0' as 'slide_duration_0'"),
    ("&slide duration 0=99999", "PHP reads the parameter 'slide duration 0' as 'slide_duration_0'"),
    ("&to[]=NOTANUMBER", "PHP reads the parameter 'to[]' as an array named 'to'"),
    ("&TO=15551234888", "'to' and 'TO' are one parameter to the check, two to PHP"),
]
#: PHP reads at most max_input_vars (1,000 by default) parameters and drops the rest: a "to" the check read last,
#: past them, never reaches PHP, which keeps the earlier one.
PAST_INPUT_VARS = "to=NOTANUMBER&" + "&".join(f"x{n}=1" for n in range(1000)) + "&" + EXAMPLE_QUERY
#: Empty pieces count too: PHP may count them, and no request has a thousand.
EMPTY_PIECES = "to=NOTANUMBER" + "&" * 1000 + EXAMPLE_QUERY
MAX_INPUT_VARS = "it has more than 1,000 parameters or empty pieces between '&', and PHP reads no more (max_input_vars)"


@pytest.fixture(scope="module")
def proxied() -> Iterator[tuple[Upstream, Served]]:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as served:
        yield upstream, served


@pytest.mark.parametrize(
    ("text", "reason"),
    [(EXAMPLE_QUERY + extra, reason) for extra, reason in SMUGGLED]
    + [(PAST_INPUT_VARS, MAX_INPUT_VARS), (EMPTY_PIECES, MAX_INPUT_VARS)],
)
def test_a_form_body_php_reads_otherwise_is_refused(proxied: tuple[Upstream, Served], text: str, reason: str) -> None:
    upstream, served = proxied
    before = len(upstream.received)
    body = text.encode()
    # the check itself passes it (the mock answers it as PHP reads it): here the proxy's forwarding is at stake
    assert httpx.post(served.url("/v1/check"), content=body, timeout=30).json()["first_error"] is None
    answer = httpx.post(
        served.url(VENDOR), content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30
    )
    assert (answer.status_code, answer.text) == (400, f"{REFUSED}{reason}\n")
    assert answer.headers["content-type"].startswith("text/plain")
    assert len(upstream.received) == before


def test_a_query_string_php_reads_otherwise_is_refused(proxied: tuple[Upstream, Served]) -> None:
    upstream, served = proxied
    before = len(upstream.received)
    answer = httpx.get(served.url(f"{VENDOR}?{EXAMPLE_QUERY}&to%5B%5D=NOTANUMBER"), timeout=30)
    reason = "PHP reads the parameter 'to[]' as an array named 'to'"
    assert (answer.status_code, answer.text) == (400, f"{REFUSED}{reason}\n")
    assert len(upstream.received) == before


@pytest.mark.parametrize(
    "extra",
    [
        "",
        "&x.y=1&utm source=2&a[b]=3",  # no sendMMS parameter to PHP: read alike, or not at all
        "&subject=caf%C3%A9%20%2B%20th%C3%A9",
        "&subject=caf\u00e9\u00a0\tth\u00e9 ",  # white space inside a value is read alike
        "&to=15551234888",  # the same name twice: PHP keeps the last, as the check does
        "&" + "&".join(f"x{n}=1" for n in range(1000 - 14)),  # 1,000 parameters in all: PHP reads every one
    ],
)
def test_a_form_php_reads_alike_is_still_forwarded_byte_for_byte(proxied: tuple[Upstream, Served], extra: str) -> None:
    upstream, served = proxied
    body = (EXAMPLE_QUERY + extra).encode()
    answer = httpx.post(
        served.url(VENDOR), content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30
    )
    assert (answer.status_code, answer.content) == (200, Upstream.answer)
    assert upstream.received[-1].body == body
