"""The default connection cap, as docs/service.md gives it: 1000 open connections per worker, less when the
open-files limit is low (three quarters of it, so 768 under the usual 1,024). Each limit is set in a real child
process, which reads its own."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra")
pytest.importorskip("uvicorn", reason="the service's tests need the server extra")

READ = "from mmsvalidate.server.protocol import connection_cap; print(connection_cap(None))"


def _cap_under(soft: int) -> int:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    done = subprocess.run([sys.executable, "-c", READ], capture_output=True, text=True, check=True, preexec_fn=limit)
    return int(done.stdout)


@pytest.mark.parametrize(("soft", "cap"), [(1024, 768), (4096, 1000)])
def test_the_default_cap_is_1000_or_three_quarters_of_a_low_open_files_limit(soft: int, cap: int) -> None:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard < soft:
        pytest.skip(f"the hard open-files limit is {hard}")
    assert _cap_under(soft) == cap


def test_a_configured_cap_is_taken_as_it_is() -> None:
    from mmsvalidate.server.protocol import connection_cap

    assert connection_cap(5) == 5
    assert connection_cap(2000) == 2000
