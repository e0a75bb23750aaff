"""The service against a trivial app: checks/s and latency of ``serve``, and of a Starlette app that only reads
the body and answers a fixed JSON, on the same uvicorn workers, with the same client, alternated.

Starts ``mmsvalidate serve --workers N`` and the trivial app (uvicorn, ``N`` workers, the same event loop and
HTTP parser uvicorn picks for the service) on free ports of 127.0.0.1, then loads each in turn for ``--seconds``,
``--rounds`` times, from ``--connections`` keep-alive connections: with ``wrk`` when it is installed (``--client
auto``, the default), else with this script's own client on asyncio streams (``--client raw``, which costs the
machine more CPU). Every request is fresh: the spec's example (JSON, or XML with ``--form xml``) with a new
receiver, new media URLs and a new NAME, so no cache anywhere answers it. Before the load, a few fresh requests
are checked to get the service's right answer (valid, the one warning MV109).

    python bench/serve_vs_app.py                       # about 40 s: 3 rounds of 5 s each
    python bench/serve_vs_app.py --root ../other-checkout   # the service of another checkout, same client
    python bench/serve_vs_app.py --before ../other-checkout # that checkout's service too, in the same rounds
    python bench/serve_vs_app.py --access-log               # the services with their access log on (the default)

Each line is one measured run; the last lines are each side's medians and their ratio (the target: the service at
least half the trivial app's checks/s, p99 at most 20 ms). With ``--before``, a second service (another checkout's,
say the commit a change started from) is measured in the same rounds, each round loading the service, the one before
and the app in turn, so both services meet the same neighbours. The servers' CPU time over each run (their
processes, from ``/proc``, Linux only) gives requests per CPU-second: what each does with the CPU it gets, however
busy the machine is otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from serve import cpu_seconds, percentile, right
from servers import ROOT, Server, serve

EXAMPLES = ROOT / "corpus" / "spec"
PATH = "/v1/check"
MEDIA = {"json": "application/json", "xml": "application/xml"}
#: The trivial app's one answer.
FIXED = b'{"ok":true,"form":"json","first_error":null,"findings":[]}'


def template(form: str) -> str:
    """The spec's example with ``@TO@`` (the receiver's last 7 digits) and ``@N@`` (in each media URL and NAME)."""
    text = (EXAMPLES / f"example.{form}").read_text(encoding="utf-8")
    for old, new in (
        ("15551234888", "1555@TO@"),
        ("welcome.jpg", "welcome-@N@.jpg"),
        ("coupon.pkpass", "coupon-@N@.pkpass"),
        ("Membership coupon", "Membership coupon @N@"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    return text


def fresh(text: str, n: int) -> bytes:
    """Request ``n``: its own receiver, URLs and NAME."""
    return text.replace("@TO@", f"{n % 10_000_000:07d}").replace("@N@", str(n)).encode()


# -- the trivial app -------------------------------------------------------------------------------------------


def trivial() -> Any:
    """The app measured against: ``POST /v1/check`` reads the body and answers a fixed JSON; ``GET /healthz``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def check(request: Request) -> Response:
        await request.body()
        return Response(FIXED, media_type="application/json")

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok\n")

    return Starlette(routes=[Route(PATH, check, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])])


def run_trivial(port: int, workers: int) -> None:
    """Serve :func:`trivial` as ``serve`` runs the service: uvicorn's choice of loop and HTTP parser, no access log."""
    import uvicorn

    uvicorn.run(
        "serve_vs_app:trivial",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )


# -- the clients -----------------------------------------------------------------------------------------------


async def _raw_connection(base: str, text: str, content_type: str, first: int, stop_at: float, out: list[float]) -> int:
    """One keep-alive connection sending fresh requests until ``stop_at``; the latencies go to ``out``."""
    host, _, port = base.removeprefix("http://").partition(":")
    head = f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {content_type}\r\nContent-Length: "
    reader, writer = await asyncio.open_connection(host, int(port))
    wrong, n = 0, first
    try:
        while (start := time.perf_counter()) < stop_at:
            body = fresh(text, n)
            n += 1
            writer.write(f"{head}{len(body)}\r\n\r\n".encode() + body)
            answer = await reader.readuntil(b"\r\n\r\n")
            found = re.search(rb"(?im)^content-length:\s*(\d+)\r$", answer)
            await reader.readexactly(int(found[1]) if found else 0)
            out.append(time.perf_counter() - start)
            wrong += answer[9:12] != b"200"
    finally:
        writer.close()
    return wrong


def load_raw(
    server: Server, text: str, content_type: str, connections: int, seconds: float, first: int
) -> dict[str, Any]:
    """``connections`` fresh-request connections of this process for ``seconds``."""
    latencies: list[float] = []

    async def run() -> list[int]:
        stop_at = time.perf_counter() + seconds
        step = 10_000_000
        return await asyncio.gather(
            *(
                _raw_connection(server.base, text, content_type, first + i * step, stop_at, latencies)
                for i in range(connections)
            )
        )

    cpu0 = cpu_seconds(server.process.pid)
    wrong = sum(asyncio.run(run()))
    cpu1 = cpu_seconds(server.process.pid)
    latencies.sort()
    return _figures(len(latencies), wrong, seconds, percentile(latencies, 0.5), percentile(latencies, 0.99), cpu0, cpu1)


_LUA = """\
local template = [==[{template}]==]
local headers = {{["Content-Type"] = "{content_type}"}}
local n = {first}
request = function()
  n = n + 1
  local body = template:gsub("@TO@", string.format("%07d", n % 10000000))
  body = body:gsub("@N@", tostring(n))
  return wrk.format("POST", "{path}", headers, body)
end
"""
_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _wrk_time(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def load_wrk(
    server: Server, text: str, content_type: str, connections: int, seconds: float, first: int, script_dir: Path
) -> dict[str, Any]:
    """wrk, one thread, ``connections`` connections, a Lua script making each request fresh."""
    script = script_dir / f"fresh-{first}.lua"
    lua = _LUA.format(template=text, content_type=content_type, first=first, path=PATH)
    script.write_text(lua, encoding="utf-8")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-s", str(script), server.base]
    cpu0 = cpu_seconds(server.process.pid)
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    cpu1 = cpu_seconds(server.process.pid)
    said = run.stdout
    total = int(re.search(r"(\d+) requests in", said)[1])  # type: ignore[index]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", said)
    errors = re.search(r"Socket errors: (.*)", said)
    if errors:
        print(f"  wrk: socket errors: {errors[1]}", file=sys.stderr)
    p50 = _wrk_time(re.search(r"^\s+50%\s+(\S+)", said, re.M)[1])  # type: ignore[index]
    p99 = _wrk_time(re.search(r"^\s+99%\s+(\S+)", said, re.M)[1])  # type: ignore[index]
    return _figures(total, int(bad[1]) if bad else 0, seconds, p50, p99, cpu0, cpu1)


def _figures(
    answers: int, wrong: int, seconds: float, p50: float, p99: float, cpu0: float | None, cpu1: float | None
) -> dict[str, Any]:
    cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None
    return {
        "answers": answers,
        "wrong": wrong,
        "per_s": answers / seconds,
        "p50_ms": p50 * 1000,
        "p99_ms": p99 * 1000,
        "cpu_s": cpu,
        "per_cpu_s": answers / cpu if cpu else None,
    }


# -- the run ---------------------------------------------------------------------------------------------------


def first_answers_right(service: Server, app: Server, text: str, content_type: str) -> None:
    """A few fresh requests: the service finds what the spec's example has (MV109 only), the app answers 200."""
    for n in range(3):
        body, headers = fresh(text, 9_000_000_000 + n), {"Content-Type": content_type}
        answer = httpx.post(service.base + PATH, content=body, headers=headers, timeout=30)
        if not right("check", answer.status_code, answer.content):
            raise SystemExit(f"the service's answer to a fresh request is not the expected one: {answer.text[:500]}")
        if httpx.post(app.base + PATH, content=body, headers=headers, timeout=30).status_code != 200:
            raise SystemExit("the trivial app did not answer 200")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternated (default 3)")
    parser.add_argument("--warm-up", type=float, default=1.0, help="seconds of load on each before measuring")
    parser.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of each server (default 2)")
    parser.add_argument("--form", choices=tuple(MEDIA), default="json", help="the requests' form (default json)")
    parser.add_argument("--client", choices=("auto", "wrk", "raw"), default="auto", help="wrk when installed")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose service is measured")
    parser.add_argument("--before", type=Path, help="also measure this checkout's service, in the same rounds")
    parser.add_argument("--output", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--access-log", action="store_true", help="the services write their access log (their default; to nowhere)"
    )
    parser.add_argument("--app-server", type=int, metavar="PORT", help=argparse.SUPPRESS)  # the trivial app's process
    args = parser.parse_args(argv)
    if args.app_server is not None:
        run_trivial(args.app_server, args.workers)
        return 0
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "raw")
    text, content_type = template(args.form), MEDIA[args.form]
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"mmsvalidate serve vs a trivial Starlette app: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {load} at start\n{args.connections} connections ({client}), {args.workers} workers each, "
        f"fresh {args.form} requests, {args.rounds} x {args.seconds:g} s each, alternated"
        f"{', the services access-logging' if args.access_log else ''}\n"
    )
    app_command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--app-server",
        "{port}",
        "--workers",
        str(args.workers),
    ]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="serve-vs-app-") as scripts:
        services = {"service": serve(workers=args.workers, root=args.root.resolve(), access_log=args.access_log)}
        try:
            if args.before is not None:
                services["before"] = serve(workers=args.workers, root=args.before.resolve(), access_log=args.access_log)
            with Server(app_command) as app:
                for service in services.values():
                    first_answers_right(service, app, text, content_type)
                servers = {**services, "app": app}
                counter = 0

                def measure(server: Server, seconds: float) -> dict[str, Any]:
                    nonlocal counter
                    counter += 1
                    first = counter * 1_000_000_000
                    if client == "wrk":
                        return load_wrk(server, text, content_type, args.connections, seconds, first, Path(scripts))
                    return load_raw(server, text, content_type, args.connections, seconds, first)

                for server in servers.values():
                    measure(server, args.warm_up)
                print(
                    f"{'round':>5}  {'server':<8} {'answers':>8} {'wrong':>6} {'per s':>8} {'p50 ms':>7} {'p99 ms':>7}"
                    f" {'CPU s':>6} {'per CPU s':>9}"
                )
                for n in range(1, args.rounds + 1):
                    for name, server in servers.items():
                        row = {"round": n, "server": name, **measure(server, args.seconds)}
                        rows.append(row)
                        cpu, per_cpu = row["cpu_s"], row["per_cpu_s"]
                        print(
                            f"{n:>5}  {name:<8} {row['answers']:>8} {row['wrong']:>6} {row['per_s']:>8.0f} "
                            f"{row['p50_ms']:>7.2f} {row['p99_ms']:>7.2f} {'n/a' if cpu is None else f'{cpu:.2f}':>6} "
                            f"{'n/a' if per_cpu is None else f'{per_cpu:.0f}':>9}",
                            flush=True,
                        )
        finally:
            statuses = [service.stop() for service in services.values()]
            status = next((code for code in statuses if code), 0)
    names = [*services, "app"]
    medians = {
        name: {
            key: statistics.median(r[key] for r in rows if r["server"] == name) for key in ("per_s", "p50_ms", "p99_ms")
        }
        for name in names
    }
    ratio = medians["service"]["per_s"] / medians["app"]["per_s"]
    print()
    for name, figures in medians.items():
        print(
            f"median {name:<8} {figures['per_s']:>8.0f}/s  p50 {figures['p50_ms']:.2f} ms  "
            f"p99 {figures['p99_ms']:.2f} ms"
        )
    for name in names:
        used = [r["per_cpu_s"] for r in rows if r["server"] == name and r["per_cpu_s"]]
        if used:
            print(f"per CPU-second {name:<8} {statistics.median(used):>8.0f}  ({min(used):.0f}-{max(used):.0f})")
    if "before" in medians:
        print(f"before / app: {medians['before']['per_s'] / medians['app']['per_s']:.2f}")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"service / app: {ratio:.2f} (target >= 0.5, service p99 <= 20 ms); load average {load} at the end")
    if args.output is not None:
        figures = {"client": client, "connections": args.connections, "workers": args.workers, "form": args.form}
        args.output.write_text(json.dumps({**figures, "rows": rows, "ratio": ratio}, indent=2) + "\n", "utf-8")
    if status != 0:
        print(f"serve exited {status} after SIGTERM", file=sys.stderr)
        return 1
    return 1 if any(row["wrong"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
