"""A pyproject.toml is passed over unparsed only when its text cannot hold the table (tomllib is the oracle)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate.settings.pyproject import may_hold_table

ROOT = Path(__file__).resolve().parent.parent

#: Lines of TOML and of things that look like it: headers, dotted and quoted keys, values over several lines,
#: multi-line strings, comments, escapes, and lines no TOML has.
FRAGMENTS = [
    "[tool]",
    "[tool.mmsvalidate]",
    "[tool.mmsvalidate.per-file-ignores]",
    "[project]",
    "[project.scripts]",
    "[tool.ruff]",
    "[[tool]]",
    "[[tool.mmsvalidate]]",
    "[ tool . 'mmsvalidate' ]",
    '["tool"]',
    '[tool."mms\\u0076alidate"]',
    "mmsvalidate = 1",
    "mmsvalidate = { max-slides = 2 }",
    "mmsvalidate.max-slides = 2",
    "tool.mmsvalidate.max-slides = 2",
    "tool . mmsvalidate = {}",
    'name = "mmsvalidate"',
    "'mmsvalidate' = 1",
    '"mmsvalidate".x = 1',
    '"mms\\u0076alidate" = 1',
    "x = [",
    '"mmsvalidate",',
    "'[tool.mmsvalidate]',",
    "[1],",
    "[tool],",
    "]",
    "],",
    "tool = { mmsvalidate = { max-slides = 2 } }",
    "tool = {}",
    "x = { a = [",
    "], mmsvalidate = 1 }",
    'k = "a # [tool.mmsvalidate] \\" ]"',
    "# [tool.mmsvalidate]",
    'x = """',
    "x = '''",
    '"""',
    "'''",
    "x = 'it'",
    "x = [[1], [2]]",
    "y = 'mmsvalidate'  # tool.mmsvalidate",
    "z = 1 ]",
    "=",
    "",
    "\t",
]


def holds_table(text: str) -> bool | None:
    """Whether tomllib finds a table at tool.mmsvalidate (``None``: not TOML)."""
    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None
    tool = document.get("tool")
    return isinstance(tool, dict) and "mmsvalidate" in tool


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_a_file_passed_over_holds_no_table(lines: list[str], newline: str) -> None:
    text = newline.join(lines) + newline
    if not may_hold_table(text):
        assert holds_table(text) is not True, text


@pytest.mark.parametrize(
    "text",
    [
        "[tool.mmsvalidate]\nmax-slides = 2\n",
        "[tool]\nmmsvalidate.max-slides = 2\n",
        "[tool]\n'mmsvalidate' = { max-slides = 2 }\n",
        "tool = { mmsvalidate = { max-slides = 2 } }\n",
        "tool.mmsvalidate.max-slides = 2\n",
        '[ tool . "mmsvalidate" ]\n',
        '[tool."mms\\u0076alidate"]\n',
        "x = [\n[1],\n]\n[tool]\nmmsvalidate = {}\n",
    ],
)
def test_every_spelling_of_the_table_is_read(text: str) -> None:
    assert holds_table(text) is True
    assert may_hold_table(text)


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "mmsvalidate"\ndependencies = [\n  "mmsvalidate>=1",\n]\n',
        '[project.scripts]\nmmsvalidate = "mmsvalidate.cli:main"\n',
        "[tool.ruff]\nline-length = 100  # not [tool.mmsvalidate]\n",
        '[project]  # the project\nname = "mmsvalidate"\n',  # a comment after a header, past spaces
        '[\tproject\t]\nname\t=\t"mmsvalidate"\nurls\t.\thome = "x"\n',  # TOML's white space is tabs too
        "[project.urls]\n'Home page' = 'https://example.com/mmsvalidate'\n",  # a literal (single-quoted) key
        '  [project]\n  # [tool.mmsvalidate] is not here\n  name = "mmsvalidate"\n',  # indented lines (TOML allows it)
        '[project]\nkeywords=["sms",\n  "mmsvalidate"]\n',  # a value right after its '=', over two lines
        '[project]\nname = "mmsvalidate"\na = ""\nb = "x"\n',  # an empty basic string closes at once
        "[project]\ndescription = ''\nname = \"mmsvalidate\"\n",  # an empty literal string closes at once
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
    ],
    ids=[
        "dependency",
        "script",
        "comment",
        "header comment",
        "tabs",
        "literal key",
        "indented",
        "no blank after =",
        "empty basic string",
        "empty literal",
        "this repository's",
    ],
)
def test_a_project_that_only_names_mmsvalidate_is_passed_over(text: str) -> None:
    assert holds_table(text) is False
    assert not may_hold_table(text)


@pytest.mark.parametrize(
    "text",
    [
        "x = ] [ [\n[tool.mmsvalidate]\n]\n",  # a bracket closed before any is open, then two opened
        "x = }\n[tool.mmsvalidate]\n",
        "x = 'never closed\n[tool.mmsvalidate]\n",
        "x = 1\n[tool.mmsvalidate\n",
    ],
)
def test_a_text_that_is_not_toml_with_the_header_is_parsed(text: str) -> None:
    """docs/configuration.md: only a text with no [tool.mmsvalidate] header is passed over unparsed."""
    assert holds_table(text) is None
    assert may_hold_table(text)


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "mmsvalidate\n',
        "[project]\nname = 'mmsvalidate\n",
        '[project]\nx = 1 ]\nname = "mmsvalidate"\n',  # more brackets closed than opened on a line
        '[project]\nx = 1 ]\ny = [\nname = "mmsvalidate"\n',  # ... and one opened on the next, not a balance
        '[project]\n["tool.mmsvalidate]\n',  # a header's quoted key left open
        '[tool]\n"mmsvalidate = 1\n',  # a key's quote left open at the start of its line
    ],
)
def test_a_string_left_open_on_its_line_is_not_followed_and_the_file_is_parsed(text: str) -> None:
    """docs/configuration.md: a text the scan cannot follow (a string left open on its line, a bracket closed that
    was never opened) is parsed."""
    assert holds_table(text) is None
    assert may_hold_table(text)
