"""A JSON Lines file whose line breaks are a carriage return alone (classic Mac OS) is one line holding every
request: its E100 said only "Extra data", where a CSV file of such breaks says why. It says why too, at the
second request, and only when a CR alone parts it from the first."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from mmsvalidate.readers.records import CR_BREAKS
from tests.bulk.test_records import GOOD

E100 = "E100 Invalid request. Make a valid request via GET/POST/XML with all the required variables."


def run(body: bytes) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--stdin-filename", "c.jsonl", "-"], input=body)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_lone_cr_breaks_say_why_at_the_second_request(encoding: str) -> None:
    code, out = run(f"{GOOD}\r{GOOD}\r{GOOD}\r".encode(encoding))
    assert (code, out) == (
        1,
        f"c.jsonl:1:{len(GOOD) + 2}: {E100} ({CR_BREAKS})\n"
        "Checked 1 file (1 request): 1 error, 0 warnings; 1 request failed.\n",
    )
    assert CR_BREAKS == (
        "Extra data: a carriage return (CR) comes before it: the file's line breaks are CR alone (as classic "
        "Mac OS wrote them), which are not line breaks here; write them as LF or CRLF"
    )


def test_a_cr_among_blanks_between_requests_says_why_and_other_extra_data_does_not() -> None:
    code, out = run(f"{GOOD}\n{GOOD} \t\r {GOOD}\n{GOOD}  {GOOD}\r\n{GOOD}\r\n".encode())
    second = len(GOOD) + 5
    assert (code, out) == (
        1,
        f"c.jsonl:2:{second}: {E100} ({CR_BREAKS})\n"
        f"c.jsonl:3:{len(GOOD) + 3}: {E100} (Extra data)\n"
        "Checked 1 file (4 requests): 2 errors, 0 warnings; 2 requests failed.\n",
    )
