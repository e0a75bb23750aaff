"""The online check reads a media URL as the offline one does: trimmed of XML's white space only. A URL after
a no-break space is no http(s) URL (E241 offline), and the online check does not fetch it as if it were."""

from __future__ import annotations

import pytest

pytest.importorskip("httpcore")

from mmsvalidate.online.fetch import Target, target


def test_a_url_after_a_no_break_space_is_not_fetched() -> None:
    assert target("\u00a0http://a.example/x.jpg") == "not an http(s) URL: no scheme"


def test_xml_white_space_around_a_url_is_none_of_it() -> None:
    assert target(" \thttp://a.example/x.jpg\r\n") == Target("http", "a.example", 80, "/x.jpg")
