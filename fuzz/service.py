"""Fuzz target of the service's request parsing: ``python fuzz/service.py [libFuzzer options]``.

The fuzzer's bytes are a request to the API's path and to ``/v1/check`` (method, Content-Type, query
string, body), sent to the service's application in this process. Every answer must be one the service
documents (200, 400, 405, 408, 413, 415, 422), never a 500; an answer of the API's path that is XML must
parse and hold a STATUS.
"""

from __future__ import annotations

import sys
from urllib.parse import quote_from_bytes
from xml.etree import ElementTree

import atheris

with atheris.instrument_imports():
    from starlette.testclient import TestClient

    from mmsvalidate.server.app import create_app

CONTENT_TYPES = (
    None, "text/xml", "application/xml; charset=utf-8", "application/x-www-form-urlencoded", "text/plain",
    "application/json", "multipart/form-data; boundary=x", "application/soap+xml", ";;;", "text/xml; charset=latin-1",
)  # fmt: skip
ALLOWED = {200, 400, 405, 408, 413, 415, 422}
CLIENT = TestClient(create_app(), raise_server_exceptions=True)
CLIENT.__enter__()  # the service's lifespan: its checkers, for the whole run


def test_one_input(data: bytes) -> None:
    """Send one fuzzed request to each checking path; a 500 or an unreadable API answer is a crash."""
    provider = atheris.FuzzedDataProvider(data)
    content_type = CONTENT_TYPES[provider.ConsumeIntInRange(0, len(CONTENT_TYPES) - 1)]
    # any bytes, those a request line can't carry percent-encoded (as a client sends them)
    query = quote_from_bytes(provider.ConsumeBytes(provider.ConsumeIntInRange(0, 200)), safe="&=;%+/?:@!$'()*,~[]")
    post = provider.ConsumeBool()
    body = provider.ConsumeBytes(4096)
    headers = {"content-type": content_type} if content_type else {}
    for path in ("/API/wxml/1.3/index.php", "/v1/check"):
        url = path + ("?" + query if query else "")
        answer = CLIENT.post(url, content=body, headers=headers) if post else CLIENT.get(url)
        assert answer.status_code in ALLOWED, (answer.status_code, answer.text[:200])
        if path.startswith("/API") and answer.headers.get("content-type", "").startswith("text/xml"):
            assert ElementTree.fromstring(answer.content).findtext("STATUS") in ("Success", "Failure")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
