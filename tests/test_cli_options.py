"""``check``'s options as users reach for them: ruff's names, every profile field, stdin, repeats, empty input."""

from __future__ import annotations

from click.testing import CliRunner

from mmsvalidate.cli import main

FAILING = "corpus/E226/fail-audio-video.xml"


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_output_format_is_an_alias_of_format() -> None:
    for name in ("json", "github", "sarif"):
        assert run("check", "--output-format", name, FAILING) == run("check", "--format", name, FAILING)
    assert "--format, --output-format" in run("check", "--help")[1]
