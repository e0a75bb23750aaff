"""``serve --now`` given what is no ISO 8601 time says what it takes, as ``check --now`` does
(tests/test_cli9_now.py), before any server is started."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

from tests.test_cli9_now import BAD, refused


@pytest.mark.parametrize(("value", "said"), BAD)
def test_a_bad_now_says_what_it_takes(value: str, said: str) -> None:
    refused(["serve", "--now", value], said)
