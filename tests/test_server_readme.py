"""The service's page (``docs/service.md``) holds: its commands and outputs, run against the real service."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import re
import shlex
from urllib.parse import urlsplit

import click
import httpx

from mmsvalidate.cli.serve import serve as serve_command
from tests.serving import ROOT, serve

SECTION = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")


def blocks(language: str = "") -> list[str]:
    """The section's fenced blocks in ``language`` ('' for those with none)."""
    found, current, opened = [], [], None
    for line in SECTION.splitlines():
        if opened is None and line.startswith("```"):
            opened, current = line[3:], []
        elif opened is not None and line == "```":
            if opened == language:
                found.append("\n".join(current) + "\n")
            opened = None
        elif opened is not None:
            current.append(line)
    return found


def examples() -> list[tuple[list[str], str]]:
    """Each ``$ curl …`` line of the section with the output printed under it."""
    found = []
    for block in blocks():
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            if command.startswith("curl "):  # the benchmark's run is checked in test_server_bench
                found.append((shlex.split(command), output.rstrip("\n")))
    return found


def curl(arguments: list[str], port: int) -> str:
    """What ``curl -s`` prints for the options the README uses (-H, --data-binary @FILE)."""
    assert arguments[:2] == ["curl", "-s"], arguments
    headers, body, rest = {}, None, arguments[2:]
    while rest[0].startswith("-"):
        option, value, rest = rest[0], rest[1], rest[2:]
        if option == "-H":
            name, _, text = value.partition(": ")
            headers[name] = text
        else:
            assert option == "--data-binary" and value.startswith("@"), option
            body = (ROOT / value[1:]).read_bytes()
        assert rest, arguments
    (url,) = rest
    parts = urlsplit(url)
    assert parts.netloc == "127.0.0.1:8080"
    local = parts._replace(netloc=f"127.0.0.1:{port}").geturl()
    answer = httpx.request("POST" if body is not None else "GET", local, content=body, headers=headers, timeout=30)
    return answer.text.rstrip("\n")


def fresh_ids(text: str) -> str:
    """The mock's fresh ids replaced by a mark, after checking their shape."""
    text, mms = re.subn(r"<MMSID>[1-9][0-9]*</MMSID>", "<MMSID>(fresh)</MMSID>", text)
    text, tracking = re.subn(r"<TRACKINGID>MMS_[0-9a-f]{32}</TRACKINGID>", "<TRACKINGID>(unique)</TRACKINGID>", text)
    assert mms == tracking
    return text


def test_the_readmes_curl_examples_print_what_it_says() -> None:
    install, _ = blocks("sh")
    command = shlex.split(install.splitlines()[1].partition("#")[0])
    assert command[:2] == ["mmsvalidate", "serve"] and command[2:4] == ["--port", "8080"]
    found = examples()
    assert len(found) == 4
    with serve(*command[4:]) as served:
        for arguments, output in found:
            assert fresh_ids(curl(arguments, served.port)) == fresh_ids(output), arguments
        log = served.logged(
            r'"POST /v1/check HTTP/1\.1" 200 E226 ', r'"GET /API/wxml/1\.3/index\.php HTTP/1\.1" 200 E111 '
        )
    (line,) = (b.strip() for b in blocks() if b.startswith("127.0.0.1:"))

    def shape(text: str) -> str:
        return re.sub(r"\d+\.\dms", "Tms", re.sub(r"^127\.0\.0\.1:\d+ ", "CLIENT ", text))

    logged = [shape(x) for x in log.splitlines() if x.startswith("127.0.0.1:")]
    assert shape(line) in logged


def test_the_metrics_the_readme_names_are_served() -> None:
    named = set(re.findall(r"`(mmsvalidate_[a-z_]+)`", SECTION))
    assert len(named) == 4
    with serve("--quiet", "--upstream", "http://127.0.0.1:9") as served:
        httpx.post(served.url("/v1/check"), content=b"<REQUEST/>", timeout=30)
        metrics = httpx.get(served.url("/metrics"), timeout=30).text
    assert {name for name in named if f"# TYPE {name.removesuffix('_total')}" in metrics} == named
    outcomes = re.findall(r"`(forwarded|answered_locally|upstream_[a-z]+)`", SECTION)
    assert len(outcomes) == 5
    code = "".join(
        (ROOT / "mmsvalidate" / "server" / name).read_text(encoding="utf-8") for name in ("vendor.py", "relay.py")
    )
    for outcome in outcomes:
        assert f'"{outcome}"' in code


def test_the_systemd_units_command_line_is_accepted() -> None:
    (unit,) = blocks("ini")
    exec_start = re.search(r"^ExecStart=(\S+) (.*)$", unit, re.M)
    assert exec_start is not None and exec_start[1].endswith("/.venv/bin/mmsvalidate")
    arguments = shlex.split(exec_start[2])
    assert arguments[0] == "serve"
    context = serve_command.make_context("serve", arguments[1:])
    assert context.params["workers"] == 0 and context.params["quiet"] is True
    assert context.params["upstream"] == "https://secure.skycore.com"
    with pytest.raises(click.UsageError):
        serve_command.make_context("serve", ["--no-such-option"])


def test_the_online_command_line_is_accepted() -> None:
    _, online = blocks("sh")
    arguments = shlex.split(online)
    assert arguments[:2] == ["mmsvalidate", "serve"]
    context = serve_command.make_context("serve", arguments[2:])
    assert context.params["online"] is True
    assert context.params["media_hosts"] == ("media.example.com", "*.cdn.example.net")
