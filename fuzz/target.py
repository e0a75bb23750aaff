"""Fuzz target for one reader: ``python fuzz/target.py xml|query|json [libFuzzer options] [CORPUS_DIR ...]``.

Every input must give a report without an internal error (MV900); anything else is a crash
that libFuzzer saves as ``crash-*``. Add each one to ``corpus/`` as a regression file.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import mmsvalidate

FORM = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in ("xml", "query", "json") else "auto"


def test_one_input(data: bytes) -> None:
    """Validate ``data`` in the target's form; an internal error is a crash."""
    report = mmsvalidate.validate(data, form=FORM)
    for finding in report.findings:
        if finding.code == "MV900":
            raise AssertionError(f"{finding.message} ({finding.detail})")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
