"""Structured fuzz target of the record readers: ``python fuzz/records.py csv|jsonl [libFuzzer options]``.

The fuzzer's bytes choose how a valid campaign file is made hostile (:func:`campaign.build`), and every
invariant of :func:`campaign.check_file` must hold. A failure is a crash that libFuzzer saves as ``crash-*``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    import campaign

    import mmsvalidate  # noqa: F401  (instrumented with the package)

KIND = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in campaign.SKELETONS else "csv"


def test_one_input(data: bytes) -> None:
    """Build a hostile campaign file from the fuzzer's choices and check every invariant on it."""
    provider = atheris.FuzzedDataProvider(data)
    campaign.check_file(campaign.build(KIND, lambda n: provider.ConsumeIntInRange(0, n - 1)), KIND)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
