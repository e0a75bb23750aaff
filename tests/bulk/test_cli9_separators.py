"""A CSV file whose cells are separated by semicolons or tabs (as spreadsheets export it in many countries) has a
header of one name: every row was E100 "no sendMMS parameter found", saying nothing of why. It is one E100 at its
header, saying so, and its rows are not read, as a file of CR-only line breaks is."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mmsvalidate.bulk.records import OTHER_SEPARATOR
from mmsvalidate.cli import main

E100 = "E100 Invalid request. Make a valid request via GET/POST/XML with all the required variables."
NAMES = ["action", "api_key", "to", "from", "subject", "name", "slide_text_value_0"]
CELLS = ["sendMMS", "k", "14158586273", "60856", "s", "n", "hi"]


def run(body: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--stdin-filename", "c.csv", "-"], input=body.encode())
    return result.exit_code, result.stdout


@pytest.mark.parametrize(("separator", "said"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_header_separated_otherwise_says_so_once(separator: str, said: str) -> None:
    rows = [separator.join(NAMES), separator.join(CELLS), separator.join(CELLS)]
    code, out = run("\n\n" + "\r\n".join(rows) + "\r\n")
    detail = OTHER_SEPARATOR.format(said)
    assert (code, out) == (
        1,
        f"c.csv:3:1: {E100} ({detail})\nChecked 1 file (1 request): 1 error, 0 warnings; 1 request failed.\n",
    )
    assert detail == (
        f"the header row is one name holding {said}: its cells are separated by {said}, not by commas as CSV's "
        "are (RFC 4180); export the file with commas"
    )


def test_a_comma_header_of_one_name_or_with_blanks_is_read_as_before() -> None:
    assert run("to\n14158586273\n")[1].splitlines()[0] == f"c.csv:2:1: {E100} (ACTION is missing)"
    body = ",".join(f" \t{name}\t " for name in NAMES) + "\n" + ",".join(CELLS) + "\n"
    assert run(body) == (0, "Checked 1 file (1 request): 0 errors, 0 warnings; 0 requests failed.\n")


def test_a_lone_header_name_with_tabs_only_around_it_is_a_name() -> None:
    # one column, its name padded with tabs (as names are, with spaces): read as TO, not as a tab-separated file
    assert run(" \tto\t \n14158586273\n")[1].splitlines()[0] == f"c.csv:2:1: {E100} (ACTION is missing)"
