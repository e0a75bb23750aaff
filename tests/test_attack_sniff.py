"""``--skip-non-requests`` never skips a request the check reads: one in UTF-16 or UTF-32 without a byte order mark.

docs/ci.md: a file is skipped only when "nothing says sendMMS" in it, "while a request, even a mistyped one, ...
is checked and fails as it should". XML parsers (expat, and the API's) read UTF-16 without a byte order mark from
its first ``<``, so such a file is a request the check reads, with its findings; its markers (``<REQUEST>``,
``<SLIDE>``) are there, one NUL byte between their letters. It was skipped, and passed with exit 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.test_attack_bidi import run as check  # check --isolated as a fresh process

FAILING = (CORPUS / "E226" / "fail-audio-video.xml").read_text(encoding="utf-8")
FINDING = "13:13: E226 Audio and Video not allowed in same slide. (slide 1)"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_request_without_a_byte_order_mark_is_checked_not_skipped(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "r.xml").write_bytes(FAILING.encode(encoding))
    strict = check("r.xml", cwd=tmp_path)
    assert (strict.returncode, strict.stdout.splitlines()[0]) == (1, f"r.xml:{FINDING}")
    hook = check("--skip-non-requests", "r.xml", cwd=tmp_path)
    assert (hook.returncode, hook.stdout) == (strict.returncode, strict.stdout)
    assert "skipped" not in hook.stderr


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_a_utf32_request_without_a_byte_order_mark_is_checked_too(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "r.xml").write_bytes(FAILING.encode(encoding))
    hook = check("--skip-non-requests", "r.xml", cwd=tmp_path)
    assert hook.returncode == 1
    assert hook.stdout.splitlines()[-1] == "Checked 1 file: 1 error, 0 warnings; 1 file failed."
    assert "skipped" not in hook.stderr


def test_other_files_with_nul_bytes_are_still_skipped(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_bytes("<project><name>shop</name></project>".encode("utf-16-le"))
    hook = check("--skip-non-requests", "pom.xml", cwd=tmp_path)
    assert hook.returncode == 0
    assert "mmsvalidate: pom.xml: skipped, not a sendMMS request (--strict checks it)" in hook.stderr
