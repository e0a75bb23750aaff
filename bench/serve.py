"""The service under load: checks per second and latency with concurrent clients, one worker and one per
CPU.

Starts ``mmsvalidate serve --quiet`` on a free port of 127.0.0.1, once with one worker and once with one
per CPU, and sends the spec's example with 32 concurrent clients (each on its own keep-alive connection;
``--client raw``, the default, is a minimal HTTP/1.1 client on asyncio streams, ``--client httpx`` the
library a Python service would use): to ``POST /v1/check`` in each form, and to the API's path (the
mock). Each client sends its next request as soon as it has the answer, for ``--seconds`` after a
warm-up. Every answer is checked: the findings expected for the spec's example (valid, warning MV109),
or the mock's success.

    python bench/serve.py                 # about a minute
    python bench/serve.py --smoke         # a few seconds, for the tests: proves it runs, times nothing

Latency is measured by the client, from sending a request to reading its whole answer; checks/s is
the answers counted over the measured seconds. On Linux, the server's CPU time (its processes, from
``/proc``) over the same seconds gives checks per CPU-second: what the service does with the CPU it
gets, whatever else runs on the machine. The first client process's own CPU time is shown beside it
(with one client process: all the clients' CPU). The client runs in ``--client-processes`` processes
(default 1) on the same machine as the server, and its own work counts against the machine's CPUs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from servers import ROOT, Server, serve

EXAMPLES = ROOT / "corpus" / "spec"
VENDOR = "/API/wxml/1.3/index.php"

#: What is sent, by case: path, body, Content-Type.
CASES: dict[str, tuple[str, bytes, str]] = {
    "check xml": ("/v1/check", (EXAMPLES / "example.xml").read_bytes(), "application/xml"),
    "check json": ("/v1/check", (EXAMPLES / "example.json").read_bytes(), "application/json"),
    "check query": (
        "/v1/check",
        b"".join(line.strip() for line in (EXAMPLES / "example-get.txt").read_bytes().splitlines())
        .split(b"?", 1)[1]
        .replace(b" ", b"%20")
        .replace(b"\\n", b"%0A"),
        "application/x-www-form-urlencoded",
    ),
    "mock xml": (VENDOR, (EXAMPLES / "example.xml").read_bytes(), "text/xml"),
}


def right(case: str, status: int, content: bytes) -> bool:
    """Whether an answer is the right one for the spec's example: valid, with the one warning MV109."""
    if status != 200:
        return False
    if case.startswith("mock"):
        return b"<STATUS>Success</STATUS>" in content and b"<TO>15551234888</TO>" in content and b"<MMSID>" in content
    found = json.loads(content)
    codes = [f["code"] for f in found["findings"]]
    return found["ok"] is True and found["first_error"] is None and codes == ["MV109"]


async def _httpx_client(base: str, case: str, warm_until: float, stop_at: float, out: dict[str, Any]) -> None:
    """A client on httpx: what a Python service calling the check would use."""
    path, body, content_type = CASES[case]
    headers = {"Content-Type": content_type}
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while (start := time.perf_counter()) < stop_at:
            answer = await client.post(path, content=body, headers=headers)
            end = time.perf_counter()
            if start >= warm_until:
                out["latencies"].append(end - start)
                out["wrong"] += not right(case, answer.status_code, answer.content)


async def _raw_client(base: str, case: str, warm_until: float, stop_at: float, out: dict[str, Any]) -> None:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the same request bytes each time, the
    answer read by its Content-Length. It costs the machine a tenth of what httpx does per request, so
    more of the CPU goes to the server being measured."""
    path, body, content_type = CASES[case]
    host, _, port = base.removeprefix("http://").partition(":")
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        while (start := time.perf_counter()) < stop_at:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            found = re.search(rb"(?im)^content-length:\s*(\d+)\r$", head)
            content = await reader.readexactly(int(found[1])) if found else b""
            end = time.perf_counter()
            if start >= warm_until:
                out["latencies"].append(end - start)
                out["wrong"] += not right(case, status, content)
    finally:
        writer.close()


CLIENTS = {"raw": _raw_client, "httpx": _httpx_client}


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of process ``pid`` and its descendants so far; ``None`` off Linux."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, todo = 0.0, [pid]
    try:
        while todo:
            current = todo.pop()
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
    except OSError:
        return None
    return total


async def _sample_cpu(pid: int, at: float, out: dict[str, Any], key: str) -> None:
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    out[key] = cpu_seconds(pid)
    out[f"client_{key}"] = time.process_time()


def _load(
    kind: str, base: str, case: str, clients: int, warm_up: float, seconds: float, start_at: float, pid: int | None
) -> dict[str, Any]:
    """One client process: ``clients`` concurrent clients from ``start_at``; its latencies and wrong answers
    (and, given the server's ``pid``, the server's CPU seconds at the start and end of the measured window)."""
    time.sleep(max(0.0, start_at - time.time()))
    out: dict[str, Any] = {"latencies": [], "wrong": 0}
    now = time.perf_counter()

    async def run() -> None:
        warm_until, stop_at = now + warm_up, now + warm_up + seconds
        marks = ((warm_until, "cpu0"), (stop_at, "cpu1"))
        samples = [] if pid is None else [_sample_cpu(pid, at, out, key) for at, key in marks]
        client = CLIENTS[kind]
        await asyncio.gather(*(client(base, case, warm_until, stop_at, out) for _ in range(clients)), *samples)

    asyncio.run(run())
    return out


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def measure(
    server: Server, kind: str, case: str, clients: int, processes: int, warm_up: float, seconds: float
) -> dict[str, Any]:
    """``clients`` concurrent clients of ``kind`` over ``processes`` processes against one case."""
    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    start_at = time.time() + 0.5
    pids = [server.process.pid] + [None] * (processes - 1)  # the first client process samples the server's CPU
    jobs = [
        (kind, server.base, case, share, warm_up, seconds, start_at, pid)
        for share, pid in zip(shares, pids, strict=True)
        if share
    ]
    if len(jobs) == 1:
        parts = [_load(*jobs[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
            parts = pool.starmap(_load, jobs)
    latencies = sorted(x for part in parts for x in part["latencies"])
    cpu0, cpu1 = parts[0].get("cpu0"), parts[0].get("cpu1")
    cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None
    client = parts[0]["client_cpu1"] - parts[0]["client_cpu0"] if "client_cpu1" in parts[0] else None
    return {
        "case": case,
        "answers": len(latencies),
        "wrong": sum(part["wrong"] for part in parts),
        "checks_per_s": len(latencies) / seconds,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "server_cpu_s": cpu,
        "client_cpu_s": client,
        "checks_per_cpu_s": len(latencies) / cpu if cpu else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per case (default 5)")
    parser.add_argument("--warm-up", type=float, default=1.0, help="seconds of load before measuring (default 1)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--client", choices=tuple(CLIENTS), default="raw", help="the clients' HTTP (default raw)")
    parser.add_argument("--client-processes", type=int, default=1, help="processes running the clients (default 1)")
    parser.add_argument("--workers", default=None, help="comma-separated worker counts (default: 1 and one per CPU)")
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of: {', '.join(CASES)}")
    parser.add_argument("--output", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--smoke", action="store_true", help="a tiny run (4 clients, 0.3 s, XML only): times nothing")
    args = parser.parse_args(argv)
    cpus = os.cpu_count() or 1
    workers = [int(w) for w in args.workers.split(",")] if args.workers else sorted({1, cpus})
    cases = args.cases.split(",")
    if args.smoke:
        args.seconds, args.warm_up, args.clients, cases, workers = 0.3, 0.1, 4, ["check xml", "mock xml"], [1]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"mmsvalidate serve benchmark: Python {platform.python_version()}, {cpus} CPUs, load average {load} at start\n"
        f"{args.clients} concurrent clients ({args.client}, keep-alive) in {args.client_processes} process(es), "
        f"the spec's example, {args.seconds:g} s each after {args.warm_up:g} s of warm-up\n"
    )
    print(
        f"{'workers':>7}  {'case':<12} {'answers':>8} {'wrong':>6} {'checks/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'server CPU s':>12} {'checks/CPU s':>12} {'client CPU s':>12}"
    )
    rows = []
    for count in workers:
        server = serve(workers=count)
        try:
            for case in cases:
                figures = measure(
                    server, args.client, case, args.clients, args.client_processes, args.warm_up, args.seconds
                )
                row = {"workers": count, **figures}
                rows.append(row)
                cpu, per_cpu, client = row["server_cpu_s"], row["checks_per_cpu_s"], row["client_cpu_s"]
                print(
                    f"{count:>7}  {case:<12} {row['answers']:>8} {row['wrong']:>6} {row['checks_per_s']:>9.0f} "
                    f"{row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {'n/a' if cpu is None else f'{cpu:.2f}':>12} "
                    f"{'n/a' if per_cpu is None else f'{per_cpu:.0f}':>12} "
                    f"{'n/a' if client is None else f'{client:.2f}':>12}",
                    flush=True,
                )
        finally:
            status = server.stop()
        if status != 0:
            print(f"serve --workers {count} exited {status} after SIGTERM", file=sys.stderr)
            return 1
    if args.output is not None:
        figures = {"cpus": cpus, "load_average": load, "client": args.client, "clients": args.clients, "rows": rows}
        args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if any(row["wrong"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
