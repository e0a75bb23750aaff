"""The URL fast path reads every URL as ``urlsplit`` does (the slow path is the reference)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mmsvalidate.rules.urls import _url_parts, _url_parts_split

PIECES = st.sampled_from(
    ["http", "HTTPS", "ftp", "://", ":", "/", "//", ".", "..", "?", "#", "%2E", "%", "a", "B", "jpg", "Mp3", "-",
     "_", "~", "@", "[", "]", " ", "\t", "\n", "é", "80", "x.y", "&", "=", "+"]
)  # fmt: skip


URLS = st.one_of(
    st.lists(PIECES, max_size=14).map("".join),
    st.tuples(st.sampled_from(["http://", "HTTPS://", " http://"]), st.lists(PIECES, max_size=12).map("".join)).map(
        "".join
    ),
)


@given(URLS)
@settings(max_examples=1500)
@example("http://www.yoursite.com/images/welcome.jpg")
@example("HTTPS://Host:8080/a/archive.tar.GZ?x=1&y=2")
@example("http://host")
@example("http://host/dir.d/")
@example("http://host/.hidden")
@example("  http://host/file.  ")
@example("http://host?q#f")
def test_the_fast_path_agrees_with_urlsplit(url: str) -> None:
    _url_parts.cache_clear()
    assert _url_parts(url) == _url_parts_split(url)


def test_the_common_urls_take_the_fast_path() -> None:
    assert _url_parts("http://www.yoursite.com/images/welcome.jpg") == ("http", "jpg", "")
    assert _url_parts("HTTPS://h:8/p/a.tar.GZ?x=1") == ("https", "gz", "x=1")
