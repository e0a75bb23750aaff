"""Decoding an image costs a bounded time and memory: every frame counted before anything is decoded, large
images decoded in a child process under a CPU-time and a memory limit, killed at the online timeout, and a
verdict that says what happened. The bounds are asserted with resource limits on real processes."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from bench.hostile_files import animated_gif, big_png
from mmsvalidate.checker import Checker, CheckOptions
from mmsvalidate.online import OnlineOptions
from mmsvalidate.online.images import IN_THREAD, PIXEL_BUDGET, problem, survey
from tests.conftest import ROOT
from tests.online.conftest import in_form, picture, request
from tests.online.server import MediaServer, Route

LOCAL = OnlineOptions(allow_private=True, timeout=30)


def _children() -> set[int]:
    """The processes whose parent is this one (Linux /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == os.getpid():
                found.add(int(entry))
    return found


def test_every_frame_counts_against_the_guard() -> None:
    # 30 frames of 2000x1500 = 90,000,000 pixels: over the guard's 89,478,485; 29 frames are under it
    over = animated_gif(30, 2000, 1500)
    assert survey(over, "gif") == (
        90_000_000,
        "30 frames of 2000x1500 pixels: 90,000,000 pixels to decode, over the decompression-bomb guard "
        "(89,478,485 pixels) counted over every frame",
    )
    assert survey(animated_gif(29, 2000, 1500), "gif") == (87_000_000, None)
    assert survey(animated_gif(3, 40, 30), "gif") == (3600, None)
    assert problem(animated_gif(3, 40, 30), "gif") is None
    assert PIXEL_BUDGET == 89_478_485 and IN_THREAD < PIXEL_BUDGET


def test_a_gif_of_500_full_frames_is_refused_without_decoding(server: MediaServer, tmp_path: Path) -> None:
    # the GIF: 6.5 MB, 500 frames of 4000x4000; checked by the real command under a 20 s CPU limit
    gif = animated_gif(500, 4000, 4000)
    assert 6_000_000 < len(gif) < 7_000_000
    server.routes["/bomb.gif"] = Route(gif, content_type="image/gif")
    (tmp_path / "r.json").write_text(in_form(request(image=server.url("/bomb.gif")), "json"), encoding="utf-8")
    command = [sys.executable, "-m", "mmsvalidate", "check", "--online", "--allow-private", "--online-timeout", "3"]

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (20, 21))

    done = subprocess.run(
        [*command, "--format", "json", "r.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited,
    )
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)
    findings = [f for item in found["files"] for f in item["findings"]] if "files" in found else found["findings"]
    assert [(f["code"], f["detail"]) for f in findings] == [
        (
            "E341",
            "500 frames of 4000x4000 pixels: 8,000,000,000 pixels to decode, over the decompression-bomb guard "
            "(89,478,485 pixels) counted over every frame",
        )
    ]
    assert server.hits["/bomb.gif"] == 1


def _check_in_child(url: str, timeout: float) -> dict[str, object]:
    """Check a request naming ``url`` in a child process; its findings and its own peak memory (not its
    children's)."""
    code = (
        "import json, sys\n"
        "from mmsvalidate.checker import Checker, CheckOptions\n"
        "from mmsvalidate.online import OnlineOptions\n"
        "options = CheckOptions(media=OnlineOptions(allow_private=True, timeout=float(sys.argv[2])))\n"
        "report = Checker(options).check(sys.stdin.read())\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "peak = int(status.split()[0]) * 1024  # this process's own high-water mark (not inherited at fork)\n"
        "print(json.dumps({'findings': [[f.code, f.detail] for f in report.findings], 'peak': peak}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, url, str(timeout)],
        input=in_form(request(image=url), "json"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_large_image_is_decoded_outside_the_checking_process(server: MediaServer) -> None:
    # 6000x6000 RGBA: 144 MB of pixels, under the guard: decoded whole, in a child process
    server.routes["/big.png"] = Route(big_png(6000, 6000), content_type="image/png")
    seen = _check_in_child(server.url("/big.png"), 60)
    assert seen["findings"] == []
    assert isinstance(seen["peak"], int) and seen["peak"] < 130_000_000  # the pixels never were in it


def test_decoding_is_stopped_at_the_online_timeout_and_says_so(server: MediaServer) -> None:
    # 8000x8000 RGBA (256 MB of pixels), every row Paeth-filtered: well over a second of CPU time to decode
    # (unfiltered rows took 0.8 s on an idle machine, and were decoded), the timeout 0.5 s; the decoder is
    # stopped by its CPU-time limit (1 s) or at 3 x 0.5 s, whichever comes first
    server.routes["/big.png"] = Route(big_png(8000, 8000, row_filter=4), content_type="image/png")
    before = _children()
    report = Checker(CheckOptions(media=OnlineOptions(allow_private=True, timeout=0.5))).check(
        in_form(request(image=server.url("/big.png")), "json")
    )
    assert [(f.code, f.detail) for f in report.findings] in (
        [("E341", "not decoded within 1.5 s, 3 times the online timeout (stopped)")],
        [("E341", "decoding used more than 1 s of CPU time, the online timeout (stopped)")],
    )
    assert _children() <= before  # the decoding process was killed and reaped


def _decode(data: bytes, *, cpu: int, memory: int) -> subprocess.CompletedProcess[bytes]:
    """The decoding process itself, as the online check starts it: a PNG on standard input, its limits."""
    code = "from mmsvalidate.online.images import main; main()"
    command = [sys.executable, "-c", code, "png", str(cpu), str(memory)]
    return subprocess.run(command, input=data, capture_output=True, timeout=120, cwd=ROOT)


def test_the_decoding_process_has_a_memory_limit(tmp_path: Path) -> None:
    done = _decode(big_png(6000, 6000), cpu=10, memory=100 * 1024 * 1024)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == "needs more than the 100 MiB of memory decoding may use (stopped)"


def test_the_decoding_process_has_a_cpu_time_limit() -> None:
    # 1 s of CPU time for a 9000x9000 RGBA PNG (81 M pixels, under the guard), every row Paeth-filtered: about
    # 2 s of CPU to decode on an idle machine (20 one-colour GIF frames of 2000x2000 took less than 1 s there)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = _decode(big_png(9000, 9000, row_filter=4), cpu=1, memory=768 * 1024 * 1024)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode in (-24, -9), (done.returncode, done.stdout)  # SIGXCPU, or SIGKILL at the hard limit
    spent = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    assert spent < 10  # the decoder's CPU time: its 1 s limit, and starting up


@pytest.mark.parametrize("bombs", [2])
def test_honest_images_are_not_failed_by_hostile_ones_beside_them(server: MediaServer, bombs: int) -> None:
    for n in range(4):
        server.routes[f"/tiny{n}.png"] = Route(picture("PNG", (4, 4)), content_type="image/png")
    for n in range(bombs):
        server.routes[f"/big{n}.png"] = Route(big_png(6000, 6000), content_type="image/png")
    checker = Checker(CheckOptions(media=OnlineOptions(allow_private=True, timeout=2)))

    async def run() -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
        async with checker:
            hostile = [
                asyncio.ensure_future(checker.acheck([in_form(request(image=server.url(f"/big{n}.png")), "json")]))
                for n in range(bombs)
            ]
            while server.requests < bombs:
                await asyncio.sleep(0.01)
            honest = await asyncio.gather(
                *(checker.acheck([in_form(request(image=server.url(f"/tiny{n}.png")), "json")]) for n in range(4))
            )
            return [r[0].codes for r in honest], [r[0].codes for r in await asyncio.gather(*hostile)]

    honest, hostile = asyncio.run(run())
    assert honest == [()] * 4
    assert all(codes in ((), ("E341",)) for codes in hostile)
