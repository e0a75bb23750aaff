"""The online check's cost: a run of requests sharing a few URLs, and fetches of distinct URLs.

Starts a small HTTP server on a free port of 127.0.0.1 serving generated files (a JPEG made with
Pillow, MP3 frames), then measures, in this process:

1. ``--requests`` requests (the three forms in turn) naming ``--urls`` distinct image URLs, checked in
   one run (``Checker.check_many`` with media options): wall time, requests/s, and the fetches the server
   saw (one a distinct URL); beside it the same requests checked offline only.
2. ``--distinct`` requests with a URL each (nothing shared): fetches/s at the default concurrency.

    python bench/online.py            # a few seconds
    python bench/online.py --smoke    # for the tests: proves it runs, times nothing

Fresh values per run; each measurement is repeated ``--runs`` times and the median shown.
"""

from __future__ import annotations

import argparse
import io
import statistics
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

from mmsvalidate.checker import Checker, CheckOptions
from mmsvalidate.model import Request, Slide
from mmsvalidate.online import OnlineOptions
from mmsvalidate.writers import WRITERS


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    body = b""
    hits: Counter[str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)


def _request(url: str, form: str) -> str:
    model = Request(
        action="sendMMS",
        api_key="k",
        to="14158586273",
        from_="60856",
        subject="Hi",
        name="n",
        slides=(Slide(image=url, text="Hi", duration="5"),),
    )
    return WRITERS[form](model)


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--urls", type=int, default=10)
    parser.add_argument("--distinct", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run: proves it runs")
    args = parser.parse_args()
    if args.smoke:
        args.requests, args.urls, args.distinct, args.runs = 30, 3, 5, 1
    server = _Server(("127.0.0.1", 0), _Handler)
    server.body, server.hits = _jpeg(), Counter()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    options = OnlineOptions(allow_private=True)
    forms = tuple(WRITERS)
    try:
        shared = [_request(f"{base}/run/{i % args.urls}.jpg", forms[i % 3]) for i in range(args.requests)]
        online, offline, fetched = [], [], []
        for run in range(args.runs):
            bodies = [body.replace("/run/", f"/run{run}/") for body in shared]  # fresh URLs each run
            server.hits.clear()
            start = time.perf_counter()
            reports = list(Checker(CheckOptions(media=options)).check_many(bodies))
            online.append(time.perf_counter() - start)
            fetched.append(sum(server.hits.values()))
            assert all(report.ok for report in reports), reports[0]
            start = time.perf_counter()
            list(Checker().check_many(bodies))
            offline.append(time.perf_counter() - start)
        print(f"mmsvalidate online benchmark: {len(server.body):,}-byte JPEG from 127.0.0.1, median of {args.runs}")
        print(
            f"1. {args.requests:,} requests naming {args.urls} URLs, one run: {_median(online):.3f} s online "
            f"({args.requests / _median(online):,.0f} requests/s), {_median(offline):.3f} s offline only; "
            f"fetches seen by the server: {max(fetched)}"
        )
        distinct = []
        for run in range(args.runs):
            bodies = [_request(f"{base}/distinct{run}/{i}.jpg", forms[i % 3]) for i in range(args.distinct)]
            server.hits.clear()
            start = time.perf_counter()
            list(Checker(CheckOptions(media=options)).check_many(bodies))
            distinct.append(time.perf_counter() - start)
        print(
            f"2. {args.distinct:,} requests with a URL each: {_median(distinct):.3f} s, "
            f"{args.distinct / _median(distinct):,.0f} fetches/s (concurrency {options.concurrency}, "
            f"{options.per_host} per host)"
        )
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
