"""The real service on a free port: /v1/check in every form and content type, health, metrics, limits, logs."""

from __future__ import annotations

import contextlib
import json

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.conftest import CORPUS, VALID_XML
from tests.serving import ROOT, Served, serve

EXAMPLE_XML = (CORPUS / "spec" / "example.xml").read_bytes()
EXAMPLE_JSON = (CORPUS / "spec" / "example.json").read_bytes()
#: The spec's GET example on one line, spaces and the line break percent-encoded.
EXAMPLE_QUERY = (
    "action=sendmms&api_key=ea7966f90de2bf520e3f0042053e6ec3&to=15551234888&from=60856&operatorid=000189"
    "&campaignref=Campaign123&subject=Free%20coupon!&name=Membership%20coupon"
    "&slide_image_url_0=http://www.yoursite.com/images/welcome.jpg"
    "&slide_text_value_0=Hi!%20Thank%20you%20for%20joining%20us!&slide_duration_0=5"
    "&slide_passbook_url_1=http://www.yoursite.com/pass/coupon.pkpass"
    "&slide_text_value_1=As%20a%20new%20member,%20here's%20a%20free%20coupon%20from%20us!%0APlease%20enjoy!"
    "&slide_duration_1=5"
)
MV109 = {
    "code": "MV109",
    "severity": "warning",
    "message": "Receiver number is possible but not a valid number for its country.",
    "detail": "'15551234888' is not assigned in its country's numbering plan",
    "slide": None,
    "field": "/to",
}
#: The spec's example: valid, with one warning (its TO is possible but not assigned), located per form.
AS_XML = {
    "ok": True,
    "form": "xml",
    "first_error": None,
    "findings": [{**MV109, "line": 4, "column": 5, "param": None}],
}
AS_JSON = {
    "ok": True,
    "form": "json",
    "first_error": None,
    "findings": [{**MV109, "line": 4, "column": 3, "param": None}],
}
AS_QUERY = {
    "ok": True,
    "form": "query",
    "first_error": None,
    "findings": [{**MV109, "line": 1, "column": 57, "param": "to"}],
}
#: The README's E226 example, field by field.
E226 = {
    "code": "E226",
    "severity": "error",
    "message": "Audio and Video not allowed in same slide.",
    "detail": None,
    "slide": 1,
    "line": 13,
    "column": 13,
    "param": None,
    "field": "/slides/0/video",
}


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with serve() as served:
        yield served


def post(server: Served, body: bytes, content_type: str | None = None, path: str = "/v1/check") -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    return httpx.post(server.url(path), content=body, headers=headers, timeout=30)


def test_healthz(server: Served) -> None:
    answer = httpx.get(server.url("/healthz"), timeout=30)
    assert (answer.status_code, answer.text) == (200, "ok\n")


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (EXAMPLE_XML, "application/xml", AS_XML),
        (EXAMPLE_XML, "text/xml; charset=utf-8", AS_XML),
        (EXAMPLE_XML, "application/soap+xml", AS_XML),
        (EXAMPLE_XML, None, AS_XML),
        (EXAMPLE_XML, "text/plain", AS_XML),
        (EXAMPLE_JSON, "application/json", AS_JSON),
        (EXAMPLE_JSON, None, AS_JSON),
        (EXAMPLE_QUERY.encode(), "application/x-www-form-urlencoded", AS_QUERY),
        (EXAMPLE_QUERY.encode(), None, AS_QUERY),
    ],
)
def test_post_check_reads_the_form_the_content_type_names_else_detects_it(
    server: Served, body: bytes, content_type: str | None, expected: dict[str, object]
) -> None:
    answer = post(server, body, content_type)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert answer.json() == expected


#: (header fields in the order sent, body, the form it is read in, its first error): the Content-Type names the form
#: whatever the body looks like (docs/service.md), its media type read in any case, blanks around it dropped, the
#: first Content-Type counting, before or after the Content-Length
LABELLED = [
    ([b"Content-Type: application/xml"], EXAMPLE_JSON, "xml", "E108"),
    ([b"Content-Type: text/xml"], EXAMPLE_JSON, "xml", "E108"),
    ([b"Content-Type: application/atom+xml"], EXAMPLE_JSON, "xml", "E108"),
    ([b"Content-Type: Application/XML"], EXAMPLE_JSON, "xml", "E108"),
    ([b"Content-Type: application/x-www-form-urlencoded"], EXAMPLE_XML, "query", "E100"),
    ([b"Content-Type: application/problem+json"], EXAMPLE_XML, "json", "E100"),
    ([b"Content-Type: APPLICATION/JSON"], EXAMPLE_XML, "json", "E100"),
    ([b"Content-Type: application/json ; charset=utf-8"], EXAMPLE_XML, "json", "E100"),
    ([b"Content-Type: application/json", b"Content-Type: application/xml"], EXAMPLE_XML, "json", "E100"),
    ([b"Content-Length: %d" % len(EXAMPLE_XML), b"Content-Type: application/json"], EXAMPLE_XML, "json", "E100"),
]


@pytest.mark.parametrize(("fields", "body", "form", "first_error"), LABELLED)
def test_the_content_type_names_the_form_in_any_case_and_the_first_one_counts(
    server: Served, fields: list[bytes], body: bytes, form: str, first_error: str
) -> None:
    if not any(field.startswith(b"Content-Length:") for field in fields):
        fields = [*fields, b"Content-Length: %d" % len(body)]
    head = b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + b"\r\n".join(fields)
    answer = _raw(server, head + b"\r\n\r\n" + body)
    status, _, found = answer.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 200 ")
    document = json.loads(found)
    assert (document["ok"], document["form"], document["first_error"]) == (False, form, first_error)


def test_a_request_of_several_kilobytes_is_checked_too(server: Served) -> None:
    padded = EXAMPLE_XML.replace(b"<REQUEST>", b"<REQUEST><!-- " + b"x" * 8192 + b" -->", 1)
    answer = post(server, padded, "application/xml")
    assert answer.status_code == 200 and answer.json() == AS_XML


def test_a_request_of_hundreds_of_kilobytes_is_read_whole(server: Served) -> None:
    # within max-request-bytes (1 MiB, docs/service.md), a body this size reaches the service in many pieces: all
    # are read, and the request is the example's
    padded = EXAMPLE_XML.replace(b"<REQUEST>", b"<REQUEST><!-- " + b"x" * 600_000 + b" -->", 1)
    answer = post(server, padded, "application/xml")
    assert answer.status_code == 200 and answer.json() == AS_XML


def test_get_check_reads_the_query_string(server: Served) -> None:
    answer = httpx.get(server.url("/v1/check?" + EXAMPLE_QUERY), timeout=30)
    assert answer.status_code == 200 and answer.json() == AS_QUERY


def test_errors_come_with_every_field_and_the_first_error_as_a_code(server: Served) -> None:
    answer = post(server, (CORPUS / "E226" / "fail-audio-video.xml").read_bytes(), "application/xml")
    assert answer.json() == {"ok": False, "form": "xml", "first_error": "E226", "findings": [E226]}


def test_the_content_type_wins_over_what_the_body_looks_like(server: Served) -> None:
    found = post(server, EXAMPLE_XML, "application/json").json()
    assert (found["ok"], found["form"], found["first_error"]) == (False, "json", "E100")


@pytest.mark.parametrize(
    ("body", "content_type", "first_error"),
    [
        (b"", None, "E100"),
        (b"<REQUEST><TO>1</REQUEST>", "application/xml", "E108"),
        (b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><REQUEST>&e;</REQUEST>', "text/xml", "E108"),
        (b'{"action": "sendMMS",', "application/json", "E100"),
        (b"\xff\xfe\x00garbage\x80", None, "E100"),
        (b"\x00\x01\x02", "application/x-www-form-urlencoded", "E100"),
        (b"[1, 2]", "application/json", "E100"),
    ],
)
def test_malformed_bodies_get_a_documented_code(
    server: Served, body: bytes, content_type: str | None, first_error: str
) -> None:
    answer = post(server, body, content_type)
    assert answer.status_code == 200
    assert (answer.json()["ok"], answer.json()["first_error"]) == (False, first_error)


def test_a_lone_surrogate_quoted_in_a_finding_is_escaped_not_a_500(server: Served) -> None:
    body = b'{"action": "sendMMS", "api_key": "k", "to": "\\ud800", "from": "60856", "name": "n", "subject": "s", '
    body += b'"slides": [{"text": "hi"}]}'
    answer = post(server, body, "application/json")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    answer.content.decode("utf-8")  # valid UTF-8 whatever the request held
    found = answer.json()
    assert (found["ok"], found["first_error"]) == (False, "E110")
    assert found["findings"][0]["detail"].startswith("'\\ud800' ")  # the surrogate as its escape, in plain text
    assert b'"ok":false,"form":"json"' in answer.content  # compact, as before


def test_unknown_paths_and_methods(server: Served) -> None:
    assert httpx.get(server.url("/v2/check"), timeout=30).status_code == 404
    assert httpx.put(server.url("/v1/check"), content=b"x", timeout=30).status_code == 405
    assert httpx.post(server.url("/healthz"), timeout=30).status_code == 405


def test_metrics_count_requests_by_route_and_first_error(server: Served) -> None:
    before = httpx.get(server.url("/metrics"), timeout=30).text
    post(server, (CORPUS / "E226" / "fail-audio-video.xml").read_bytes(), "application/xml")
    post(server, (CORPUS / "E226" / "fail-audio-video.xml").read_bytes(), "application/xml")
    answer = httpx.get(server.url("/metrics"), timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain; version=")
    text = answer.text

    def sample(name: str, document: str) -> float:
        found = re.search(rf"^{re.escape(name)} (\S+)$", document, re.M)
        return float(found[1]) if found else 0.0

    checks = 'mmsvalidate_checks_total{first_error="E226",route="/v1/check"}'
    assert sample(checks, text) - sample(checks, before) == 2
    requests = 'mmsvalidate_http_requests_total{method="POST",route="/v1/check",status="200"}'
    assert sample(requests, text) - sample(requests, before) == 2
    buckets = re.findall(
        r'^mmsvalidate_http_request_duration_seconds_bucket\{le="([^"]+)",route="/v1/check"\}', text, re.M
    )
    documented = "0.0005 0.001 0.0025 0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10"  # docs/service.md
    assert [float(b) for b in buckets] == [float(b) for b in documented.split()] + [float("inf")]
    assert 'mmsvalidate_http_request_duration_seconds_count{route="/v1/check"}' in text


#: A GET of each route of docs/service.md's table (and the playground's), each answered 200.
TABLE_ROUTES = (
    "/v1/check?action=sendmms",
    "/API/wxml/1.3/index.php?action=sendmms",
    "/healthz",
    "/metrics",
    "/openapi.json",
    "/docs",
    "/",
    "/playground/app.js",
    "/playground/style.css",
    "/playground/icon.svg",
    "/v1/playground",
    "/v1/explain?code=E226",
)


def test_each_route_of_the_table_is_its_own_metrics_label_and_any_other_path_is_other(server: Served) -> None:
    # docs/service.md: the metrics are by route; paths outside the table are the route "other"
    for path in TABLE_ROUTES:
        assert httpx.get(server.url(path), timeout=30).status_code == 200, path
    assert httpx.get(server.url("/no/such/route"), timeout=30).status_code == 404
    text = httpx.get(server.url("/metrics"), timeout=30).text
    for path in TABLE_ROUTES:
        route = path.partition("?")[0]
        assert f'mmsvalidate_http_requests_total{{method="GET",route="{route}",status="200"}}' in text, route
    assert 'mmsvalidate_http_requests_total{method="GET",route="other",status="404"}' in text


def test_access_log_is_one_line_a_request_without_the_query_string(server: Served) -> None:
    httpx.get(server.url("/v1/check?api_key=SECRET123&to=1"), timeout=30)
    post(server, (CORPUS / "E226" / "fail-audio-video.xml").read_bytes(), "application/xml")
    httpx.get(server.url("/no%7Fsuch"), timeout=30)  # decoded: a control character
    httpx.get(server.url("/a%20b%22c%C3%A9"), timeout=30)  # decoded: a space, a quote, a letter beyond ASCII
    lines = (
        r'^127\.0\.0\.1:\d+ "GET /v1/check HTTP/1\.1" 200 E100 \d+\.\dms$',
        r'^127\.0\.0\.1:\d+ "POST /v1/check HTTP/1\.1" 200 E226 \d+\.\dms$',
        r'^127\.0\.0\.1:\d+ "GET /no\\x7fsuch HTTP/1\.1" 404 - \d+\.\dms$',
        r'^127\.0\.0\.1:\d+ "GET /a\\x20b\\x22c\\xe9 HTTP/1\.1" 404 - \d+\.\dms$',
    )
    log = server.logged(*lines)
    assert "SECRET123" not in log
    assert all(re.search(line, log, re.M) for line in lines)


def test_a_client_that_hangs_up_while_sending_its_body_is_logged_499(server: Served) -> None:
    # docs/service.md: a request whose client hangs up before its answer is cancelled and logged 499
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as client:
        port = client.getsockname()[1]
        client.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\naction=sendmms")
        time.sleep(0.2)  # the head is read and the body awaited
    line = rf'^127\.0\.0\.1:{port} "POST /v1/check HTTP/1\.1" 499 - \d+\.\dms$'
    assert re.search(line, server.logged(line), re.M)


def test_access_log_cuts_the_path_at_200_characters(server: Served) -> None:
    # docs/service.md: the path is cut at 200 characters (the cut marked with "...")
    whole, cut = "/" + "a" * 199, "/" + "b" * 200
    for path in (whole, cut):
        assert httpx.get(server.url(path), timeout=30).status_code == 404
    lines = (
        rf'^127\.0\.0\.1:\d+ "GET {whole} HTTP/1\.1" 404 - \d+\.\dms$',
        rf'^127\.0\.0\.1:\d+ "GET {cut[:200]}\.\.\. HTTP/1\.1" 404 - \d+\.\dms$',
    )
    log = server.logged(*lines)
    assert all(re.search(line, log, re.M) for line in lines), log[-1000:]


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mmsvalidate.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_quiet_configuration_file_and_profile_options(tmp_path: Path) -> None:
    config = _config(tmp_path, 'ignore = ["MV109"]\nmax-request-bytes = 2000\n')
    with serve("--quiet", "--config", str(config), "--enforce-campaign-check") as served:
        assert post(served, EXAMPLE_XML, "application/xml").json() == {
            "ok": True,
            "form": "xml",
            "first_error": None,
            "findings": [],
        }
        without_ref = post(served, VALID_XML.encode(), "application/xml").json()
        assert (without_ref["ok"], without_ref["first_error"]) == (False, "E718")
        assert post(served, b"x" * 2001, "application/xml").status_code == 413
        stderr = served.stderr()
    assert "/v1/check" not in stderr


def test_the_configuration_of_the_working_folder_applies(tmp_path: Path) -> None:
    _config(tmp_path, "enforce-campaign-check = true\n")
    with serve("--quiet", cwd=tmp_path) as served:
        assert post(served, VALID_XML.encode(), "application/xml").json()["first_error"] == "E718"


def _raw(served: Served, request: bytes) -> bytes:
    """Send raw bytes and read the answer until the server closes the connection (bounded)."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_a_body_over_the_limit_is_413_and_the_rest_is_never_read(tmp_path: Path) -> None:
    config = _config(tmp_path, "max-request-bytes = 1000\n")
    with serve("--quiet", "--config", str(config), "--body-timeout", "5") as served:
        assert post(served, b"a=" + b"x" * 998, "application/x-www-form-urlencoded").status_code == 200
        for path in ("/v1/check", "/API/wxml/1.3/index.php"):
            assert post(served, b"a=" + b"x" * 999, None, path).status_code == 413

            def chunks() -> Iterator[bytes]:
                yield from (b"x" * 300 for _ in range(10))

            streamed = httpx.post(served.url(path), content=chunks(), timeout=30)  # chunked: no Content-Length
            assert streamed.status_code == 413
            # chunked, counted as it streams: 1,000 bytes are read, 1,001 are over
            for size, status in ((1000, 200), (1001, 413)):
                body = b"a=" + b"x" * (size - 2)
                parts = iter([body[:500], body[500:]])
                assert httpx.post(served.url(path), content=parts, timeout=30).status_code == status, (path, size)
        # announced as a gigabyte, 10 bytes sent: answered at once and the connection closed
        answer = _raw(served, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n0123456789")
        assert answer.startswith(b"HTTP/1.1 413 ") and b"connection: close" in answer.lower()
        # a Content-Length is a number of any digits (RFC 9110 8.6), leading zeros too: what counts is its value
        for length, status in ((b"0" * 100 + b"20", b"200"), (b"0" * 100 + b"1001", b"413")):
            head = b"POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + length
            answer = _raw(served, head + b"\r\n\r\n" + b"a=" + b"x" * (int(length) - 2))
            assert answer.startswith(b"HTTP/1.1 " + status + b" "), (length, answer[:100])
        # the same, its Content-Type first (the Content-Length read wherever it is among the fields)
        head = b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000000000\r\n\r\n"
        answer = _raw(served, head + b"0123456789")
        assert answer.startswith(b"HTTP/1.1 413 ") and b"connection: close" in answer.lower()


def test_a_body_that_trickles_in_is_408_after_the_body_timeout() -> None:
    """A client sending a byte now and then holds a connection for --body-timeout at most."""
    with serve("--quiet", "--body-timeout", "1") as served:
        for path in (b"/v1/check", b"/API/wxml/1.3/index.php"):
            with socket.create_connection(("127.0.0.1", served.port), timeout=30) as client:
                client.sendall(b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
                client.settimeout(0.25)
                answer = b""
                for _ in range(120):  # a byte every quarter second: 30 s at most, a timeout of 1 s
                    try:
                        answer = client.recv(65536)
                        break
                    except TimeoutError:
                        client.sendall(b"a")
                client.settimeout(30)
                # the rest, until the server closes the connection; trickled bytes it never read make that
                # close a reset (RST) instead of an end of stream, after the answer, when the machine is busy
                with contextlib.suppress(ConnectionResetError):
                    while chunk := client.recv(65536):
                        answer += chunk
            assert answer.startswith(b"HTTP/1.1 408 ") and b"connection: close" in answer.lower()
            assert answer.endswith(b"request body not received within 1 s\n")
        assert post(served, VALID_XML.encode(), "application/xml").status_code == 200  # others still answered


def test_import_mmsvalidate_and_the_cli_load_none_of_the_server_extra() -> None:
    code = (
        "import sys, mmsvalidate, mmsvalidate.cli; "
        "print(sorted(m for m in ('starlette', 'uvicorn', 'httpx', 'prometheus_client') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout == "[]\n", out.stderr


def test_serve_says_how_to_install_the_extra_when_it_is_missing() -> None:
    code = "import sys; sys.modules['uvicorn'] = None; from mmsvalidate.cli import main; main(['serve'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 2
    assert out.stderr == (
        "mmsvalidate: serve needs the server extra (uvicorn missing): pip install '.[server]' in a checkout "
        "(docs/install.md)\n"
    )


def test_bad_options_and_a_busy_port_exit_2_with_a_message() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mmsvalidate", "serve", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert run("--upstream", "ftp://example.com").returncode == 2
    assert "expected an http(s) base URL" in run("--upstream", "ftp://example.com").stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = run("--port", str(busy.getsockname()[1]))
    assert taken.returncode == 2 and taken.stderr.startswith("mmsvalidate: cannot listen on 127.0.0.1:")
