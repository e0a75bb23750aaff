"""Structured fuzz target: ``python fuzz/structured.py xml|query|json [libFuzzer options] [CORPUS_DIR ...]``.

The fuzzer's bytes choose how a valid request is made hostile (:func:`hostile.build`: suppression
marks, runs of blanks and openers, deep JSON, huge numbers, surrogates, control characters), and
every invariant of :func:`hostile.check` must hold: no internal error, bounded findings, no
suppressed unread request, every output format readable by its consumer. A failure is a crash
that libFuzzer saves as ``crash-*``; ``hostile.build`` with the same choices rebuilds the request.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    import hostile

    import mmsvalidate  # noqa: F401  (instrumented with the package)

FORM = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in hostile.SKELETONS else "xml"


def test_one_input(data: bytes) -> None:
    """Build a hostile request from the fuzzer's choices and check every invariant on it."""
    provider = atheris.FuzzedDataProvider(data)
    text = hostile.build(FORM, lambda n: provider.ConsumeIntInRange(0, n - 1))
    hostile.check(text, FORM)
    hostile.check(text.encode("utf-8", "surrogatepass"), FORM, outputs=False)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
