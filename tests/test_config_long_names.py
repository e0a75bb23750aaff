"""A configuration naming what can't be a file, or a key of any length, is a clear exit-2 message of bounded
size, never a traceback (docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from tests.conftest import CORPUS

EXAMPLE = str(CORPUS / "spec" / "example.json")


def run(config: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--config", str(config), EXAMPLE])
    return result.exit_code, result.output.splitlines()


def test_extending_a_name_too_long_for_a_file_says_so_cut_short(tmp_path: Path) -> None:
    config = tmp_path / "mmsvalidate.toml"
    config.write_text(f'extend = "{"z" * 5000}.toml"\n', encoding="utf-8")
    code, lines = run(config)
    assert code == 2
    assert lines == [
        f"mmsvalidate: bad configuration in {config}",
        "==> At key: extend",
        f"=====> '{'z' * 78}\u2026 can't be read (File name too long)",
    ]


def test_extending_a_file_that_is_not_there_says_so(tmp_path: Path) -> None:
    config = tmp_path / "mmsvalidate.toml"
    config.write_text('extend = "base.toml"\n', encoding="utf-8")
    assert run(config) == (
        2,
        [f"mmsvalidate: bad configuration in {config}", "==> At key: extend", "=====> 'base.toml': no such file"],
    )


@pytest.mark.parametrize("length", [200, 201, 5000])
def test_an_unknown_key_of_any_length_is_shown_cut_at_200_characters(tmp_path: Path, length: int) -> None:
    config = tmp_path / "mmsvalidate.toml"
    config.write_text(f"{'k' * length} = 1\n", encoding="utf-8")
    code, lines = run(config)
    assert code == 2
    shown = "k" * length if length <= 200 else "k" * 199 + "\u2026"
    assert lines == [f"mmsvalidate: bad configuration in {config}", f"==> At key: {shown}", "=====> unknown key"]
