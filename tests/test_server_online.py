"""``serve --online``: media fetched only from the ``--media-host`` allow-list, against a real media server."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")
pytest.importorskip("httpcore", reason="the online check needs the online extra: pip install -e '.[online]'")
pytest.importorskip("PIL", reason="the online check needs the online extra: pip install -e '.[online]'")

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
from PIL import Image

from tests.conftest import VALID_XML
from tests.online.server import MediaServer, Route
from tests.serving import ROOT, VENDOR, Upstream, serve

ONLINE = ("--quiet", "--online", "--allow-private", "--media-host", "127.0.0.1", "--online-timeout", "5")


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def media() -> Iterator[MediaServer]:
    server = MediaServer()
    server.routes["/a.jpg"] = Route(jpeg(), content_type="image/jpeg")
    server.routes["/away.jpg"] = Route(status=302, location=server.url("/a.jpg", "localhost"))
    yield server
    server.close()


def with_image(url: str) -> bytes:
    return VALID_XML.replace("http://example.com/a.jpg", url).encode()


def check(base: str, body: bytes) -> list[tuple[str, str | None]]:
    answer = httpx.post(base + "/v1/check", content=body, headers={"Content-Type": "application/xml"}, timeout=60)
    assert answer.status_code == 200
    return [(f["code"], f["detail"]) for f in answer.json()["findings"]]


def test_media_are_fetched_from_the_listed_hosts_only(media: MediaServer) -> None:
    with serve(*ONLINE) as served:
        assert check(served.base, with_image(media.url("/a.jpg"))) == []
        missing = media.url("/missing.jpg")
        assert check(served.base, with_image(missing)) == [("E241", f"{missing}: HTTP 404")]
        off_list = media.url("/a.jpg", "localhost")
        refused = f"{off_list}: refused: localhost is not one of the media hosts allowed here"
        assert check(served.base, with_image(off_list)) == [("E351", refused)]
        away = media.url("/away.jpg")
        after = f"{away}: refused: localhost is not one of the media hosts allowed here (after redirects to {off_list})"
        assert check(served.base, with_image(away)) == [("E351", after)]
        mock = httpx.post(served.url(VENDOR), content=with_image(missing), headers={"Content-Type": "text/xml"})
        answer = ElementTree.fromstring(mock.content)
        assert [e.text for e in answer] == ["Failure", "E241", "14158586273", "This content does not exist."]
    assert media.hits == {"/a.jpg": 1, "/missing.jpg": 2, "/away.jpg": 1}
    assert "localhost" not in [host.partition(":")[0] for host in media.hosts if host]


def test_offline_unless_asked(media: MediaServer) -> None:
    before = sum(media.hits.values())
    with serve("--quiet") as served:
        assert check(served.base, with_image(media.url("/missing.jpg"))) == []
    assert sum(media.hits.values()) == before


def test_the_proxy_never_forwards_a_request_whose_media_fail(media: MediaServer) -> None:
    with Upstream() as upstream, serve(*ONLINE, "--upstream", upstream.base) as served:
        failing = httpx.post(served.url(VENDOR), content=with_image(media.url("/gone.jpg")), timeout=60)
        assert b"<ERRORCODE>E241</ERRORCODE>" in failing.content
        good = with_image(media.url("/a.jpg"))
        assert httpx.post(served.url(VENDOR), content=good, timeout=60).content == Upstream.answer
    assert [r.body for r in upstream.received] == [good]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mmsvalidate", "serve", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_online_without_an_allow_list_is_refused_and_the_list_needs_online() -> None:
    refused = run("--online")
    assert refused.returncode == 2
    assert refused.stderr == (
        "mmsvalidate: --online needs --media-host HOST (repeatable): the hosts the service may fetch media from. "
        "A service that fetches whatever URL a caller sends is an SSRF hole.\n"
    )
    alone = run("--media-host", "cdn.example.com")
    assert alone.returncode == 2 and "--media-host is the allow-list of --online; give --online too" in alone.stderr


def test_online_from_the_configuration_needs_the_allow_list_too(tmp_path: Path) -> None:
    (tmp_path / "mmsvalidate.toml").write_text("online = true\n", encoding="utf-8")
    command = [sys.executable, "-m", "mmsvalidate", "serve", "--config", "mmsvalidate.toml"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 2 and "--online needs --media-host" in done.stderr
