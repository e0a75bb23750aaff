"""A value the command line or the library refuses is quoted cut short, however long it was: an error message
never grows with what it quotes (docs/security.md: every string bounded on its way out)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import mmsvalidate
from mmsvalidate.cli import main
from tests.conftest import CORPUS

HUGE = 100_000
EXAMPLE = str(CORPUS / "spec" / "example.json")


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_an_unknown_selector_of_any_length_is_quoted_cut_short(option: str) -> None:
    result = CliRunner().invoke(main, ["check", "--isolated", option, "Q" * HUGE, EXAMPLE])
    assert result.exit_code == 2
    line = result.output.splitlines()[-1]
    assert line == f"Error: Invalid value for {option}: unknown code or prefix '{'Q' * 78}\u2026", line[:120]


def test_the_library_quotes_an_unknown_selector_cut_short() -> None:
    with pytest.raises(ValueError) as caught:
        mmsvalidate.validate(b"{}", select=["e2" + "2" * HUGE])
    assert str(caught.value) == f"unknown code or prefix 'e2{'2' * 76}\u2026"


def test_explain_of_an_unknown_code_of_any_length_quotes_it_cut_short() -> None:
    result = CliRunner().invoke(main, ["explain", "X" * HUGE])
    assert result.exit_code == 2
    assert len(result.output) < 300
    assert f"unknown code '{'X' * 78}\u2026" in result.output
