"""What hostile requests and media cost the online check: time, CPU time, peak memory, fetches.

A media server on 127.0.0.1 (in this process) serves generated files; each case runs in a child process that
checks requests through a :class:`~mmsvalidate.checker.Checker` with media options, as ``check --online``
(``complete``) or ``serve --online`` (``acheck`` on one checker, requests at once) do. ``--source DIR`` runs the
child on another checkout of the package (``PYTHONPATH=DIR``), to compare before and after with one script.
Peak memory is the largest sum of the resident sizes of the child and its descendants, sampled every 20 ms.

    python bench/hostile_media.py                     # every case
    python bench/hostile_media.py --case gif --case zip
    python bench/hostile_media.py --source ../old     # the same cases on an older checkout

Cases (the issue's figures):
  amplify   a request of 500 slides x 7 slots that fails offline (E225), checked online: the GETs the server saw
  fair      one request of 8 x 7 URLs answering in 1 s each, and beside it a one-image request on another
            host name: the honest request's time
  queue     16 URLs on one host answering in 3 s each, timeout 10 s, 4 at a time: false "timed out" findings
  gif       a 6.5 MB GIF of 500 frames of 4000x4000, --online-timeout 3: time, CPU, memory, verdict
  png16     16 URLs of a 9000x9000 RGBA PNG at once: time, CPU, memory, verdicts
  honest    two requests of that GIF, then four 4x4 PNG requests, on one checker (timeout 3): the honest verdicts
  zip       a 17 MB ZIP of 200,000 entries in a PASSBOOK slot, on one checker: the event loop's longest stall
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
# the generators the tests use too, so the bench and the tests attack with the same files
from hostile_files import animated_gif, big_png, many_entries_zip  # noqa: E402


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    routes: dict[str, tuple[bytes, str, float]]
    hits: Counter[str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        path = self.path.partition("?")[0]
        self.server.hits[path] += 1
        base = "/" + path.split("/")[1] if path.count("/") > 1 else path
        body, kind, delay = self.server.routes.get(path) or self.server.routes.get(base, (b"x", "text/plain", 0.0))
        time.sleep(delay)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # a client that gave up
            self.wfile.write(body)


CHILD = r"""
import asyncio, json, sys, time, resource
import attrs
from mmsvalidate.checker import Checker, CheckOptions
from mmsvalidate.model import Request, Slide
from mmsvalidate.online import OnlineOptions
from mmsvalidate.writers import WRITERS

case, port = sys.argv[1], int(sys.argv[2])
SLOTS = ("image", "audio", "video", "vcard", "ical", "pdf", "passbook")

def url(path, host="127.0.0.1"):
    return f"http://{host}:{port}{path}"

def body(slides):
    request = Request(action="sendMMS", api_key="k", to="14158586273", from_="60856", subject="Hi", name="n",
                      slides=tuple(Slide(text="Hi", duration="5", **slots) for slots in slides))
    return WRITERS["json"](request)

def codes(reports):
    return [[f"{f.code} {f.detail}" for f in r.findings] for r in reports]

def checker(timeout=10.0, per_host=4, **more):
    return Checker(CheckOptions(media=OnlineOptions(allow_private=True, timeout=timeout, per_host=per_host), **more))

out = {}
start = time.monotonic()
if case == "amplify":
    bodies = [body([{slot: url(f"/a{n}-{slot}") for slot in SLOTS} for n in range(500)])]
    out["findings"] = codes([checker().check(bodies[0])])[0][:3]
elif case == "queue":
    one = checker(timeout=10.0)
    reports = one.complete([one.examine(body([{"vcard": url(f"/q/{n}.vcf")}])) for n in range(16)])
    out["timed_out"] = sum("within" in (f.detail or "") for r in reports for f in r.findings)
elif case == "fair":
    one = checker(timeout=30.0, codes=frozenset({"E341", "E351"}))
    async def run():
        async with one:
            slides = [{s: url(f"/slow/{n}-{s}") for s in SLOTS} for n in range(8)]
            greedy = asyncio.ensure_future(one.acheck([body(slides)]))
            await asyncio.sleep(0.3)
            t = time.monotonic()
            report = (await one.acheck([body([{"image": url("/tiny.png", "localhost")}])]))[0]
            out["honest_s"] = round(time.monotonic() - t, 2)
            out["honest"] = codes([report])[0]
            await greedy
    asyncio.run(run())
elif case == "gif":
    out["findings"] = codes([checker(timeout=3.0).check(body([{"image": url("/bomb.gif")}]))])[0]
elif case == "png16":
    one = checker(timeout=10.0, per_host=16)
    reports = one.complete([one.examine(body([{"image": url(f"/big/{n}.png")}])) for n in range(16)])
    out["findings"] = sorted({x for r in codes(reports) for x in r})
elif case == "honest":
    one = checker(timeout=3.0, per_host=16)
    async def run():
        async with one:
            bombs = [asyncio.ensure_future(one.acheck([body([{"image": url(f"/bomb/{n}.gif")}])])) for n in range(2)]
            await asyncio.sleep(0.5)
            t = time.monotonic()
            honest = await asyncio.gather(*(one.acheck([body([{"image": url(f"/tiny/{n}.png")}])]) for n in range(4)))
            out["honest_s"] = round(time.monotonic() - t, 2)
            out["honest"] = sorted({x for r in honest for x in codes(r)[0]})
            out["bombs"] = sorted({x for b in bombs for x in codes(await b)[0]})
    asyncio.run(run())
elif case == "zip":
    one = checker(timeout=30.0)
    async def run():
        stall = 0.0
        done = False
        async def tick():
            nonlocal stall
            while not done:
                t = time.monotonic()
                await asyncio.sleep(0.01)
                stall = max(stall, time.monotonic() - t - 0.01)
        async with one:
            ticker = asyncio.ensure_future(tick())
            report = (await one.acheck([body([{"passbook": url("/many.pkpass")}])]))[0]
            done = True
            await ticker
        out["findings"] = codes([report])[0]
        out["loop_stall_s"] = round(stall, 3)
    asyncio.run(run())
out["wall_s"] = round(time.monotonic() - start, 2)
usage = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
out["cpu_s"] = round(usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime, 2)
print(json.dumps(out))
"""


def _tree_rss(root: int) -> int:
    """The resident bytes of ``root`` and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        sizes[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total = 0
    for pid in sizes:
        node = pid
        while node and node != root:
            node = parents.get(node, 0)
        total += sizes[pid] if node == root else 0
    return total


def run_case(case: str, port: int, source: Path, server: _Server) -> dict[str, object]:
    server.hits.clear()
    env = {**os.environ, "PYTHONPATH": str(source)}
    command = [sys.executable, "-c", CHILD, case, str(port)]
    child = subprocess.Popen(command, env=env, cwd=source, stdout=subprocess.PIPE, text=True)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(child.pid))
        time.sleep(0.02)
    assert child.stdout is not None
    result: dict[str, object] = json.loads(child.stdout.read() or "{}")
    result["peak_mb"] = round(peak / 1e6)
    result["gets"] = sum(server.hits.values())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--case", action="append", choices=("amplify", "fair", "queue", "gif", "png16", "honest", "zip")
    )
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose package the cases run")
    args = parser.parse_args()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hits = Counter()
    tiny = io.BytesIO()
    Image.new("RGB", (4, 4), (1, 2, 3)).save(tiny, "PNG")
    vcard = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\r\nEND:VCARD\r\n"
    server.routes = {
        "/bomb.gif": (animated_gif(500, 4000, 4000), "image/gif", 0.0),
        "/big": (big_png(9000, 9000), "image/png", 0.0),
        "/many.pkpass": (many_entries_zip(200_000), "application/vnd.apple.pkpass", 0.0),
        "/tiny.png": (tiny.getvalue(), "image/png", 0.0),
        "/tiny": (tiny.getvalue(), "image/png", 0.0),
        "/q": (vcard, "text/vcard", 3.0),
        "/slow": (vcard, "text/vcard", 1.0),
    }
    server.routes["/bomb"] = server.routes["/bomb.gif"]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    print(f"mmsvalidate hostile media benchmark: {args.source.resolve().name}, {os.cpu_count()} CPUs")
    for case in args.case or ("amplify", "fair", "queue", "gif", "png16", "honest", "zip"):
        print(f"{case}: {json.dumps(run_case(case, port, args.source, server))}", flush=True)
    server.shutdown()


if __name__ == "__main__":
    main()
