"""The service's event loop stays free while requests are checked: the offline stages run off it.

Four hostile 64 KB bodies (5,400 unknown elements each, ~0.1 s of checking apiece) are sent at once to the
real service; a ``/healthz`` sent just after them is answered within 50 ms, with and without ``--online``.
A small body is checked on the loop itself (cheaper than the hand-off), within a budget per turn of the loop (past
it, in one of the next few turns; past those, on the checking thread), and answered as it is off the loop.
"""

from __future__ import annotations

from tests.serving import ROOT, serve  # isort: skip  (skips without the server extra)

import asyncio
import threading
import time

import httpx
import pytest

from mmsvalidate.checker import Checker, Suppressions
from mmsvalidate.report import Report
from mmsvalidate.server.checking import INLINE_BYTES, INLINE_TURNS, Checkers, check
from mmsvalidate.server.config import ServerConfig

#: 5,400 unknown elements: about 64 KB, every one a finding, so each body costs real work to check.
HOSTILE = ("<REQUEST>" + "".join(f"<XYZWV{n:04}/>" for n in range(5400)) + "</REQUEST>").encode()
#: The most a health check may wait behind them.
LIMIT = 0.050


async def _health_while_checking(base: str) -> tuple[float, list[int]]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await client.get("/healthz")  # a warm connection for the probe
        limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as others:
            await asyncio.gather(*(others.get("/healthz") for _ in range(4)))  # four warm connections
            checks = [
                asyncio.create_task(
                    others.post("/v1/check", content=HOSTILE, headers={"Content-Type": "application/xml"})
                )
                for _ in range(4)
            ]
            await asyncio.sleep(0.02)  # the bodies are in: the service is checking them
            start = time.perf_counter()
            health = await client.get("/healthz")
            waited = time.perf_counter() - start
            answers = await asyncio.gather(*checks)
    assert health.status_code == 200
    return waited, [answer.status_code for answer in answers]


@pytest.mark.parametrize(
    "args",
    [(), ("--online", "--allow-private", "--media-host", "127.0.0.1")],
    ids=["offline", "online"],
)
def test_healthz_is_answered_while_hostile_bodies_are_checked(args: tuple[str, ...]) -> None:
    assert len(HOSTILE) == 64_819
    with serve("--quiet", "--isolated", "--workers", "1", *args) as served:
        # the best of three tries: a loaded machine may deschedule the whole process once
        tries = [asyncio.run(_health_while_checking(served.base)) for _ in range(3)]
    assert all(statuses == [200] * 4 for _, statuses in tries)
    assert min(waited for waited, _ in tries) < LIMIT, tries


def test_small_offline_bodies_are_checked_on_the_loop_within_a_budget_and_answer_as_off_it() -> None:
    example = (ROOT / "corpus" / "spec" / "example.json").read_bytes()
    assert INLINE_BYTES == 2048  # docs/performance.md: a small offline body, up to 2 KiB, is checked on the loop
    whole = example + b" " * (INLINE_BYTES - len(example))  # the same request, exactly that size
    padded = whole + b" "  # one byte over

    threads: set[int] = set()
    counted: list[None] = []

    class Watched(Checker):
        """The service's checker, noting the thread each check runs on."""

        def check(self, source: object) -> object:  # type: ignore[override]
            threads.add(threading.get_ident())
            counted.append(None)
            return super().check(source)  # type: ignore[arg-type]

    async def run() -> None:
        checkers = Checkers(ServerConfig())
        checker = checkers._made["json", Suppressions.HONOUR] = Watched(checkers.get("json").options)
        expected = checker.check(example).findings
        assert [f.code for f in expected] == ["MV109"]  # the spec's example: valid, its receiver not assigned
        at_most = checkers.check_inline(checker, whole)  # up to the size: on the loop
        assert at_most is not None and at_most.findings == expected
        await asyncio.sleep(0)  # the loop looks at its sockets: the inline budget is whole again
        assert checkers.check_inline(checker, padded) is None  # over the size: off the loop
        assert (await check(padded, "json", checkers)).findings == expected
        inline = [checkers.check_inline(checker, example) for _ in range(10_000)]
        spent = inline.index(None)  # the budget runs out, however fast the machine...
        assert spent > 0 and all(r is not None and r.findings == expected for r in inline[:spent])
        threads.clear()
        later = await check(example, "json", checkers)  # this turn's budget spent: a later turn, on the loop still
        assert later.findings == expected and threads == {threading.get_ident()}
        await asyncio.sleep(0)  # ...and is whole again once the loop has looked at its sockets
        again = checkers.check_inline(checker, example)
        assert again is not None and again.findings == expected
        assert (await check(example, "json", checkers)).findings == expected
        # a backlog deeper than a few turns' budgets: those that waited INLINE_TURNS turns go to the checking
        # thread (all 2,000 on the loop would take a check under 12 us), and every one answers alike
        assert INLINE_TURNS == 4
        threads.clear()
        counted.clear()
        many = await asyncio.gather(*(check(example, "json", checkers) for _ in range(2000)))
        assert all(r.findings == expected for r in many)
        assert threads == {threading.get_ident()} and 0 < len(counted) < 2000

    asyncio.run(run())


def test_the_inline_budget_is_counted_per_loop() -> None:
    """A loop whose budget is spent holds up no other loop's small checks (one closed with its reset still pending,
    say): the budget is a turn's of one loop."""
    example = (ROOT / "corpus" / "spec" / "example.json").read_bytes()
    checkers = Checkers(ServerConfig())
    checker = checkers.get("json")
    elsewhere: list[object] = []

    def other_loop() -> None:
        async def one() -> object:
            return checkers.check_inline(checker, example)

        elsewhere.append(asyncio.run(one()))

    async def run() -> None:
        inline = [checkers.check_inline(checker, example) for _ in range(10_000)]
        assert None in inline  # this loop's budget is spent, however fast the machine
        thread = threading.Thread(target=other_loop)
        thread.start()
        thread.join()  # this loop is held here meanwhile: it takes no turn

    asyncio.run(run())
    [report] = elsewhere
    assert isinstance(report, Report) and [f.code for f in report.findings] == ["MV109"]  # on that loop, at once
