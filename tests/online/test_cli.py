"""``mmsvalidate check --online`` end to end, with its options and configuration keys; ``validate(online=)``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import mmsvalidate
from mmsvalidate.cli import main
from mmsvalidate.cli.online import PRESET_NAMES
from mmsvalidate.online import PRESETS, OnlineOptions
from mmsvalidate.writers import to_json_object
from tests.online.conftest import HTML, in_form, picture, request
from tests.online.server import MediaServer, Route


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    import os

    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(here)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def files(server: MediaServer, tmp_path: Path) -> Path:
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg")
    server.routes["/page.jpg"] = Route(HTML, content_type="text/html")
    (tmp_path / "good.xml").write_text(in_form(request(image=server.url("/a.jpg")), "xml"))
    (tmp_path / "page.json").write_text(in_form(request(image=server.url("/page.jpg")), "json"))
    (tmp_path / "gone.txt").write_text(in_form(request(image=server.url("/gone.jpg")), "query"))
    return tmp_path


def test_offline_by_default_online_when_asked(
    server: MediaServer, files: Path, loopback_only: list[tuple[str, int]]
) -> None:
    assert run("check", ".", cwd=files) == (0, "Checked 3 files: 0 errors, 0 warnings; 0 files failed.\n", "")
    assert server.requests == 0 and loopback_only == []  # no socket opened at all
    code, out, _ = run("check", "--online", "--allow-private", ".", cwd=files)
    gone = server.url("/gone.jpg")
    assert (code, out) == (
        1,
        f"gone.txt:1:73: E241 This content does not exist. (slide 1: {gone}: HTTP 404)\n"
        "page.json:10:7: E629 Unrecognized content type. (slide 1: the bytes are an HTML page (served as text/html))\n"
        "Checked 3 files: 2 errors, 0 warnings; 2 files failed.\n",
    )
    assert server.hits == {"/a.jpg": 1, "/page.jpg": 1, "/gone.jpg": 1}


def test_without_allow_private_nothing_is_sent(server: MediaServer, files: Path) -> None:
    code, out, _ = run("check", "--online", "--format", "json", "good.xml", cwd=files)
    finding = json.loads(out)["files"][0]["findings"][0]
    said = f"{server.url('/a.jpg')}: refused: 127.0.0.1 is a loopback address; the API cannot fetch from it either"
    assert code == 1 and (finding["code"], finding["line"], finding["column"], finding["detail"]) == (
        "E351",
        9,
        16,
        said,
    )
    assert server.requests == 0


def test_configuration_keys(server: MediaServer, files: Path) -> None:
    (files / "mmsvalidate.toml").write_text(
        'online = true\nallow-private = true\nmedia-preset = "carrier-safe"\nmedia-limits = { image = 100 }\n'
        'online-timeout = 5\nonline-concurrency = 2\ncache-dir = ".cache"\n'
    )
    code, out, _ = run("check", "--quiet", "--config", "mmsvalidate.toml", "good.xml", cwd=files)
    size = len(picture("JPEG"))
    assert (code, out) == (
        1,
        f"good.xml:9:16: E331 Image in slide 1 is too big. (slide 1: Content-Length {size:,} bytes; "
        "the image limit is 100 bytes (not read))\n",
    )
    named = ("check", "--quiet", "--config", "mmsvalidate.toml")
    assert run(*named, "--media-limit", "image=1MB", "good.xml", cwd=files) == (0, "", "")
    assert run(*named, "--no-online", "gone.txt", cwd=files) == (0, "", "")
    assert server.hits == {"/a.jpg": 2}
    (files / "mmsvalidate.toml").write_text('online = true\nmedia-preset = "tiny"\n')
    code, _, err = run("check", "--config", "mmsvalidate.toml", "good.xml", cwd=files)
    assert code == 2 and err == (
        f"mmsvalidate: bad configuration in {files / 'mmsvalidate.toml'}\n==> At key: media-preset\n"
        "=====> unknown media preset 'tiny'; expected one of carrier-safe, aws, twilio\n"
    )
    (files / "mmsvalidate.toml").write_text("online = true\nmedia-limits = { photo = 1 }\n")
    code, _, err = run("check", "good.xml", cwd=files)
    assert code == 2 and "==> At key: media-limits\n=====> 'photo': expected one of image, audio" in err
    # a limit is a positive number of bytes: 1 is the least taken (the image is over it), 0 is refused
    (files / "mmsvalidate.toml").write_text("online = true\nallow-private = true\nmedia-limits = { image = 1 }\n")
    code, out, err = run(*named, "good.xml", cwd=files)
    assert (code, err) == (1, "") and out.startswith("good.xml:9:16: E331 Image in slide 1 is too big. (slide 1: ")
    (files / "mmsvalidate.toml").write_text("online = true\nmedia-limits = { image = 0 }\n")
    code, _, err = run("check", "good.xml", cwd=files)
    assert code == 2 and err.endswith(
        "==> At key: media-limits\n=====> image: expected a positive number of bytes, got 0\n"
    )


def test_bad_options_are_usage_errors(files: Path) -> None:
    for args in (
        ("--media-limit", "photo=1"),
        ("--media-limit", "image=lots"),
        ("--media-preset", "tiny"),
        ("--online-timeout", "0"),
        ("--online-concurrency", "0"),
    ):
        code, _, err = run("check", "--online", *args, ".", cwd=files)
        assert code == 2 and "Invalid value" in err, args


def test_allow_host_timeout_and_cache(server: MediaServer, files: Path) -> None:
    server.routes["/slow.jpg"] = Route(picture("JPEG"), content_type="image/jpeg", delay=1.0, etag='"1"')
    (files / "slow.xml").write_text(in_form(request(image=server.url("/slow.jpg", "localhost")), "xml"))
    args = ("check", "--quiet", "--online", "--allow-host", "localhost", "slow.xml")
    code, out, _ = run(*args, "--online-timeout", "0.3", cwd=files)
    assert code == 1 and out.endswith("slow.jpg: no complete answer within 0.3 s)\n")
    assert run(*args, "--cache-dir", "cache", cwd=files) == (0, "", "")
    assert run(*args, "--cache-dir", "cache", cwd=files) == (0, "", "")
    assert server.conditional == 1 and len(list((files / "cache").iterdir())) == 1


def test_a_campaign_of_1000_requests_on_10_urls_makes_10_fetches(server: MediaServer, tmp_path: Path) -> None:
    jpeg = picture("JPEG")
    for n in range(10):
        server.routes[f"/c{n}.jpg"] = Route(jpeg, content_type="image/jpeg")
    server.routes["/c9.jpg"] = Route(HTML, content_type="text/html")
    lines = [json.dumps(to_json_object(request(image=server.url(f"/c{i % 10}.jpg")))) for i in range(1000)]
    (tmp_path / "campaign.jsonl").write_text("\n".join(lines) + "\n")
    code, out, _ = run("check", "--online", "--allow-private", "campaign.jsonl", cwd=tmp_path)
    page = "E629 Unrecognized content type. (slide 1: the bytes are an HTML page (served as text/html))"
    column = lines[9].index('"image"') + 1  # where the slot's key starts
    assert code == 1 and out.splitlines() == [
        *(f"campaign.jsonl:{line}:{column}: {page}" for line in range(10, 1001, 10)),
        "Checked 1 file (1000 requests): 100 errors, 0 warnings; 100 requests failed.",
    ]
    assert server.requests == 10
    code, out, _ = run("check", "--online", "--allow-private", "--jobs", "2", "campaign.jsonl", cwd=tmp_path)
    assert code == 1 and out.splitlines()[0] == f"campaign.jsonl:10:{column}: {page}"
    assert server.requests == 20


def test_presets_named_in_the_cli_are_the_packages() -> None:
    assert tuple(PRESETS) == PRESET_NAMES


def test_validate_online_from_the_top(server: MediaServer) -> None:
    server.routes["/a.jpg"] = Route(HTML, content_type="text/html")
    body = in_form(request(image=server.url("/a.jpg")), "xml")
    assert mmsvalidate.validate(body).codes == ()
    assert mmsvalidate.validate(body, online=True).codes == ("E351",)  # loopback refused by default
    assert mmsvalidate.validate(body, online=OnlineOptions(allow_private=True)).codes == ("E629",)
    assert server.requests == 1


def test_readme_cli_example(server: MediaServer, tmp_path: Path) -> None:
    """The README's example, against the local server standing in for cdn.example.com (so with --allow-private)."""
    import re

    from tests.docs import page

    shown = re.search(r"\n\$ (mmsvalidate check --online [^\n]*)\n(.*?)```", page("docs/online.md"), re.S)
    assert shown is not None
    server.routes["/spring.jpg"] = Route(b"\xff\xd8\xff" + b"\0" * 912_341, content_type="image/jpeg")
    server.routes["/summer.jpg"] = Route(HTML, content_type="text/html")
    folder = tmp_path / "requests"
    folder.mkdir()
    for name, form in (("spring.xml", "xml"), ("summer.json", "json"), ("autumn.txt", "query")):
        url = server.url(f"/{name.partition('.')[0]}.jpg")
        (folder / name).write_text(in_form(request(image=url), form))
    args = shown[1].split()[1:]
    code, out, _ = run(*args, "--allow-private", cwd=tmp_path)
    assert code == 1 and out.replace(server.url(""), "http://cdn.example.com") == shown[2]


def test_without_the_extra_offline_works_and_online_says_what_to_install(files: Path) -> None:
    import subprocess
    import sys

    block = "import sys; sys.modules['httpcore'] = None; sys.modules['PIL'] = None; "
    cli = block + "from mmsvalidate.cli import main; main(sys.argv[1:])"
    offline = subprocess.run([sys.executable, "-c", cli, "check", "."], cwd=files, capture_output=True, text=True)
    assert offline.returncode == 0
    online = subprocess.run(
        [sys.executable, "-c", cli, "check", "--online", "--media-limit", "image=1MB", "."],
        cwd=files,
        capture_output=True,
        text=True,
    )
    assert online.returncode == 2 and online.stderr == (
        "mmsvalidate: the online check needs the [online] extra: pip install '.[online]' in a checkout "
        "(docs/install.md) (import of httpcore halted; None in sys.modules)\n"
    )
    api = block + "import mmsvalidate; mmsvalidate.validate('action=sendMMS', online=True)"
    raised = subprocess.run([sys.executable, "-c", api], capture_output=True, text=True)
    assert raised.returncode == 1 and raised.stderr.splitlines()[-1] == (
        "ImportError: the online check needs the [online] extra: pip install '.[online]' in a checkout "
        "(docs/install.md) (import of httpcore halted; None in sys.modules)"
    )


def test_fetch_progress_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import pty
    import select
    import sys

    from mmsvalidate.cli.online import Fetching

    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(Fetching, "AFTER", 0.0)
        monkeypatch.setattr(Fetching, "EVERY", 0.0)
        progress = Fetching()
        progress(3, 1200)
        progress(1200, 1200)
        progress.close()
        terminal.flush()
        shown = ""
        while select.select([leader], [], [], 1.0)[0] and not shown.endswith("\x1b[K"):
            shown += os.read(leader, 4096).decode()
    os.close(leader)
    assert shown == (
        "\rmmsvalidate: 3 of 1,200 media URLs fetched\rmmsvalidate: 1,200 of 1,200 media URLs fetched\r\x1b[K"
    )


def test_show_settings_includes_the_online_ones(tmp_path: Path) -> None:
    (tmp_path / "mmsvalidate.toml").write_text('online = true\nmedia-limits = { image = 100 }\ncache-dir = "c"\n')
    (tmp_path / "a.xml").write_text("<REQUEST/>")
    args = ("--show-settings", "--config", "mmsvalidate.toml", "--media-limit", "video=2MB", "--allow-host", "cdn.test")
    code, out, _ = run("check", *args, "a.xml", cwd=tmp_path)
    assert code == 0 and out.endswith(
        "online = true\n"
        'allow-hosts = ["cdn.test"]\n'
        "media-limits = { image = 100, video = 2000000 }\n"
        f'cache-dir = "{tmp_path / "c"}"\n'
    )


RUNNER_KEYS = 'online = true\nallow-private = true\nallow-hosts = ["localhost"]\ncache-dir = "cache"\n'
IGNORED = (
    "mmsvalidate: warning: {config}: online, allow-private, allow-hosts, cache-dir ignored: a configuration found "
    "beside the checked files can't turn the network on or widen what it reaches (use the command line, "
    "MMSVALIDATE_* variables or --config FILE)\n"
)


@pytest.mark.parametrize("table", ["", "[tool.mmsvalidate]\n"])
def test_a_configuration_in_the_checked_tree_cannot_turn_the_network_on(
    server: MediaServer, files: Path, loopback_only: list[tuple[str, int]], table: str
) -> None:
    """A repository's own configuration (as its pre-commit hook would find it) fetches nothing: the
    network, the addresses it may reach and the cache folder are the runner's to choose."""
    name = "pyproject.toml" if table else "mmsvalidate.toml"
    (files / name).write_text(table + RUNNER_KEYS + "media-limits = { image = 100 }\n")
    code, out, err = run("check", "--quiet", ".", cwd=files)
    assert (code, out, err) == (0, "", IGNORED.format(config=files / name))
    assert server.requests == 0 and loopback_only == [] and not (files / "cache").exists()
    # the runner's own choice, on the command line, still turns it on (and the file's limits apply)
    code, out, _ = run("check", "--quiet", "--online", "--allow-private", "good.xml", cwd=files)
    size = len(picture("JPEG"))
    assert (code, out) == (
        1,
        f"good.xml:9:16: E331 Image in slide 1 is too big. (slide 1: Content-Length {size:,} bytes; "
        "the image limit is 100 bytes (not read))\n",
    )
    assert server.hits == {"/a.jpg": 1} and not (files / "cache").exists()


def test_the_runners_environment_turns_the_network_on(
    server: MediaServer, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MMSVALIDATE_ONLINE", "1")
    monkeypatch.setenv("MMSVALIDATE_ALLOW_HOSTS", "localhost 127.0.0.1")
    monkeypatch.setenv("MMSVALIDATE_CACHE_DIR", str(files / "kept"))
    server.routes["/a.jpg"] = Route(picture("JPEG"), content_type="image/jpeg", etag='"1"')
    code, out, _ = run("check", "--quiet", "gone.txt", "good.xml", cwd=files)
    gone = server.url("/gone.jpg")
    assert (code, out) == (1, f"gone.txt:1:73: E241 This content does not exist. (slide 1: {gone}: HTTP 404)\n")
    assert server.hits == {"/gone.jpg": 1, "/a.jpg": 1} and len(list((files / "kept").iterdir())) == 1
    monkeypatch.setenv("MMSVALIDATE_ONLINE", "0")
    assert run("check", "--quiet", "gone.txt", cwd=files) == (0, "", "")
    assert server.hits == {"/gone.jpg": 1, "/a.jpg": 1}
