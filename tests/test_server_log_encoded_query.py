"""The access log never writes a query string, one a client percent-encoded into the path (``%3F``) included.

A client that encodes a whole URL (``quote(url)``) sends its query string as part of the path: the request is 404,
and its path, decoded, holds ``?action=sendmms&api_key=...``, which the access log wrote (the first 200 characters:
the API key is the second parameter). docs/service.md: the access log never writes the query string, which carries
the API key.
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import re

import httpx

from tests.serving import VENDOR, serve


def test_a_query_string_encoded_into_the_path_is_not_logged() -> None:
    with serve() as served:
        for path in (f"{VENDOR}%3Faction=sendmms&api_key=SECRET42&to=1", "/v1/check%3fapi_key=SECRET43"):
            answer = httpx.get(served.url(path), timeout=30)
            assert answer.status_code == 404
        lines = (
            rf'^127\.0\.0\.1:\d+ "GET {re.escape(VENDOR)}\?\.\.\. HTTP/1\.1" 404 - \d+\.\dms$',
            r'^127\.0\.0\.1:\d+ "GET /v1/check\?\.\.\. HTTP/1\.1" 404 - \d+\.\dms$',
        )
        log = served.logged(*lines)
        assert all(re.search(line, log, re.M) for line in lines), log
        assert "SECRET4" not in log
