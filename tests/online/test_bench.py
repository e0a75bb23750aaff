"""The online benchmark runs (``--smoke``); it times nothing here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_online_benchmark_smoke() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "online.py"), "--smoke"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("mmsvalidate online benchmark: ")
    assert lines[1].startswith("1. 30 requests naming 3 URLs, one run: ")
    assert lines[1].endswith("fetches seen by the server: 3")
    assert lines[2].startswith("2. 5 requests with a URL each: ")
