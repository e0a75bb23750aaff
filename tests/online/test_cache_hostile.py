"""The cache trusts nothing it finds in its folder: a FIFO, a link (to /dev/zero, say), a huge file or a
directory in an entry's place is no verdict, costs no wait and no memory, and is replaced by a real entry;
a cache folder that names nothing (empty) or holds a NUL is a clear error."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mmsvalidate.online import OnlineOptions, validate_online
from mmsvalidate.online.cache import MAX_ENTRY, Cache
from tests.online.conftest import in_form, picture, request
from tests.online.server import MediaServer, Route

URL_PATH = "/a.png"


def _entry(server: MediaServer, folder: Path) -> Path:
    """Where the verdict of the test's URL is kept (the cache's own naming)."""
    options = OnlineOptions(allow_private=True)
    return Cache(folder)._path(server.url(URL_PATH), options.read_limit("image"))


def _check(server: MediaServer, folder: Path) -> tuple[str, ...]:
    options = OnlineOptions(allow_private=True, timeout=30, cache_dir=folder)
    return validate_online(in_form(request(image=server.url(URL_PATH)), "json"), options=options).codes


def _within(seconds: float, work: object) -> object:
    """``work()`` in a thread: its result, failing the test if it has not ended after ``seconds``."""
    box: list[object] = []
    thread = threading.Thread(target=lambda: box.append(work()), daemon=True)  # type: ignore[operator]
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the cache hung"
    return box[0]


@pytest.fixture
def served(server: MediaServer) -> MediaServer:
    server.routes[URL_PATH] = Route(picture("PNG", (4, 4)), content_type="image/png", etag='"v1"')
    return server


def test_a_fifo_in_an_entrys_place_is_no_verdict_and_no_hang(served: MediaServer, tmp_path: Path) -> None:
    entry = _entry(served, tmp_path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(entry)
    assert _within(20, lambda: _check(served, tmp_path)) == ()
    assert served.requests == 1 and served.conditional == 0  # nothing taken from the FIFO
    assert entry.is_file() and not entry.is_fifo()  # the verdict replaced it
    assert _check(served, tmp_path) == () and served.conditional == 1  # and is used next time


def test_a_link_to_dev_zero_is_not_followed(served: MediaServer, tmp_path: Path) -> None:
    entry = _entry(served, tmp_path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.symlink_to("/dev/zero")
    assert _within(20, lambda: _check(served, tmp_path)) == ()
    assert served.conditional == 0 and not entry.is_symlink() and entry.is_file()


def test_a_link_to_a_valid_entry_is_not_followed(served: MediaServer, tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert _check(served, real) == ()
    kept = _entry(served, real)
    entry = _entry(served, tmp_path / "linked")
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.symlink_to(kept)
    assert _check(served, tmp_path / "linked") == ()
    assert served.requests == 2 and served.conditional == 0


def test_a_huge_entry_is_not_read(served: MediaServer, tmp_path: Path) -> None:
    entry = _entry(served, tmp_path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    with entry.open("wb") as file:
        file.truncate(1024 * 1024 * 1024)  # 1 GiB (sparse)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert _check(served, tmp_path) == ()
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    assert grown < 50_000_000  # before: the whole GiB was read, twice over
    assert served.conditional == 0 and entry.stat().st_size < MAX_ENTRY


def test_an_entry_just_over_the_bound_is_ignored(served: MediaServer, tmp_path: Path) -> None:
    assert _check(served, tmp_path) == ()
    entry = _entry(served, tmp_path)
    entry.write_bytes(entry.read_bytes().rstrip(b"}") + b" " * MAX_ENTRY + b"}")
    assert _check(served, tmp_path) == () and served.conditional == 0


def test_a_directory_in_an_entrys_place_is_no_verdict(served: MediaServer, tmp_path: Path) -> None:
    entry = _entry(served, tmp_path)
    entry.mkdir(parents=True)
    assert _check(served, tmp_path) == () and served.requests == 1


@pytest.mark.parametrize(("folder", "said"), [("", "cache_dir is empty"), ("a\0b", "cache_dir holds a NUL")])
def test_a_cache_folder_naming_nothing_is_an_error(folder: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        OnlineOptions(cache_dir=folder)


def test_a_configured_cache_folder_holding_nul_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "online.toml").write_text('online = true\ncache-dir = "a\\u0000b"\n', encoding="utf-8")
    (tmp_path / "r.json").write_text(in_form(request(image="http://127.0.0.1:9/a.png"), "json"), encoding="utf-8")
    command = [sys.executable, "-m", "mmsvalidate", "check", "--config", "online.toml", "r.json"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "cache_dir holds a NUL character" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_an_empty_cache_dir_on_the_command_line_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(in_form(request(image="http://127.0.0.1:9/a.png"), "json"), encoding="utf-8")
    command = [sys.executable, "-m", "mmsvalidate", "check", "--online", "--cache-dir", "", "r.json"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "an empty path names no folder" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]  # no cache file in the working folder
