"""Every ``serve`` option that can't be used is refused by the real command: exit 2, one line, no traceback."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import subprocess
import sys

from tests.serving import ROOT, free_port

#: Bad values, the option they are given to, and what the one line says about them.
BAD: list[tuple[list[str | bytes], str]] = [
    (["--upstream", "http://[::1"], "'--upstream': 'http://[::1': Invalid IPv6 URL"),
    (["--upstream", "http://api.example:99999"], "'--upstream': 'http://api.example:99999': Port out of range"),
    (["--upstream", "http://api.example:0"], "'--upstream': 'http://api.example:0': port 0"),
    (["--upstream", "http://api.example:x"], "'--upstream': 'http://api.example:x': Port could not be cast"),
    (["--upstream", "ftp://api.example"], "'--upstream': 'ftp://api.example': expected an http(s) base URL"),
    (["--upstream", "http://api.example/?q=1"], "'--upstream': 'http://api.example/?q=1': expected an http(s)"),
    (["--upstream", "http://"], "'--upstream': 'http://': expected an http(s) base URL"),
    (["--upstream", "http://api .example"], "'--upstream': 'http://api .example': expected an http(s) base URL"),
    ([b"--upstream", b"http://api\xff.example"], "'--upstream': 'http://api\\xff.example': expected an http(s)"),
    (["--upstream", "http://api\x1b[31m.example"], "'--upstream': 'http://api\\x1b[31m.example': expected an"),
    ([b"--host", b"\xff"], "'--host': '\\xff' is not an IP address or a host name"),
    (["--host", ""], "'--host': '' is not an IP address or a host name"),
    (["--host", "::1:"], "'--host': '::1:' is not an IP address or a host name"),
    (["--host", "a\x1b[2Jb"], "'--host': 'a\\x1b[2Jb' is not an IP address or a host name"),
    (["--host", "a" * 300], "is not an IP address or a host name"),
    (["--body-timeout", "nan"], "'--body-timeout': nan is not a finite number of seconds"),
    (["--body-timeout", "inf"], "'--body-timeout': inf is not a finite number of seconds"),
    (["--body-timeout", "-inf"], "'--body-timeout': -inf is not a finite number of seconds"),
    (["--body-timeout", "-1"], "'--body-timeout': -1.0 is not in the range 0<x<=3600."),
    (["--body-timeout", "0"], "'--body-timeout': 0.0 is not in the range 0<x<=3600."),
    (["--body-timeout", "3601"], "'--body-timeout': 3601.0 is not in the range 0<x<=3600."),
    (["--body-timeout", "soon"], "'--body-timeout': 'soon' is not a valid float."),
    (["--upstream-timeout", "nan"], "'--upstream-timeout': nan is not a finite number of seconds"),
    (["--upstream-timeout", "infinity"], "'--upstream-timeout': infinity is not a finite number of seconds"),
    (["--upstream-timeout", "0"], "'--upstream-timeout': 0.0 is not in the range 0<x<=3600."),
    (["--header-timeout", "nan"], "'--header-timeout': nan is not a finite number of seconds"),
    (["--header-timeout", "0"], "'--header-timeout': 0.0 is not in the range 0<x<=3600."),
    (["--max-header-bytes", "100"], "'--max-header-bytes': 100 is not in the range 1024<=x<=16777216."),
    (["--max-header-bytes", "1e6"], "'--max-header-bytes': '1e6' is not a valid integer range."),
    (["--max-connections", "0"], "'--max-connections': 0 is not in the range 1<=x<=1000000."),
    (["--online-timeout", "nan"], "'--online-timeout': nan is not a finite number of seconds"),
    (["--online-timeout", "601"], "'--online-timeout': 601.0 is not in the range 0<x<=600."),
    (["--online-concurrency", "0"], "'--online-concurrency': 0 is not in the range 1<=x<=256."),
    (["--port", "0"], "'--port': 0 is not in the range 1<=x<=65535."),
    (["--port", "65536"], "'--port': 65536 is not in the range 1<=x<=65535."),
    (["--port", "http"], "'--port': 'http' is not a valid integer range."),
    (["--workers", "-1"], "'--workers': -1 is not in the range 0<=x<=256."),
    (["--workers", "100000"], "'--workers': 100000 is not in the range 0<=x<=256."),
    (["--select", "E999"], "--select: unknown code or prefix 'E999'"),
    (
        ["--online", "--media-host", "media.example", "--cache-dir", ""],
        "'--cache-dir' (env var: 'MMSVALIDATE_CACHE_DIR'): an empty path names no folder",
    ),
    (["--allow-host", ""], "'--allow-host' (env var: 'MMSVALIDATE_ALLOW_HOSTS'): '' is not an IP address or a host"),
    (["--allow-host", "a..b"], "'--allow-host' (env var: 'MMSVALIDATE_ALLOW_HOSTS'): 'a..b' is not an IP address"),
    (["--max-slides", "nan"], "'--max-slides': 'nan' is not a valid integer range."),
    (["--online", "--media-host", ""], "'--media-host': '' is not an IP address, a host name or *.NAME"),
    (["--online", "--media-host", "*."], "'--media-host': '*.' is not an IP address, a host name or *.NAME"),
    (["--online", "--media-host", "http://media.example"], "'--media-host': 'http://media.example' is not an IP"),
    ([b"--online", b"--media-host", b"\xffmedia.example"], "'--media-host': '\\xffmedia.example' is not an IP"),
]


def run_serve(*arguments: str | bytes) -> subprocess.CompletedProcess[bytes]:
    """``mmsvalidate serve`` on a free port with ``arguments``; bounded in time (a bad option never starts it)."""
    command: list[str | bytes] = [sys.executable, "-m", "mmsvalidate", "serve", "--port", str(free_port())]
    return subprocess.run([*command, *arguments], cwd=ROOT, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("arguments", "said"), BAD, ids=[repr(a) for a, _ in BAD])
def test_a_bad_option_is_one_line_and_exit_2(arguments: list[str | bytes], said: str) -> None:
    done = run_serve(*arguments)
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    lines = done.stderr.decode("ascii").splitlines()
    assert len(lines) == 1, lines
    (line,) = lines
    assert line.startswith("Error: Invalid value for "), line
    assert said in line, line
    assert line.isprintable()


def test_an_address_it_cannot_listen_on_is_one_line_and_exit_2() -> None:
    # 192.0.2.1 (TEST-NET-1) is never an address of this machine: binding fails without any traffic
    done = run_serve("--host", "192.0.2.1")
    assert done.returncode == 2
    lines = done.stderr.decode("ascii").splitlines()
    assert len(lines) == 1 and lines[0].startswith("mmsvalidate: cannot listen on 192.0.2.1:"), lines
    assert "Traceback" not in lines[0]


def test_the_head_bound_is_64_kib_by_default_for_the_library_as_on_the_command_line() -> None:
    """docs/service.md: a head over ``--max-header-bytes`` (64 KiB by default) is refused with 431."""
    from mmsvalidate.server.config import ServerConfig

    assert ServerConfig().max_header_bytes == 64 * 1024
