"""A CSV file whose line breaks are a carriage return alone (as classic Mac OS, and Excel's "CSV (Macintosh)",
write them) was one header line of garbled names and no row: "Checked 1 file (0 requests)", exit 0, its
requests passed unread. Its header is now the file's E100, saying why."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mmsvalidate.cli import main
from tests.bulk.test_records import stream

E100 = "E100 Invalid request. Make a valid request via GET/POST/XML with all the required variables."
HEADER = "action,api_key,to,from,name,subject,slide_text_value_0"
ROW = "sendmms,k,14158586273,60856,n,s,hi"
WHY = (
    "the header row: a name holds a carriage return (CR): the file's line breaks are CR alone (as classic Mac OS "
    "wrote them), which are not line breaks here; write them as LF or CRLF"
)


def test_a_csv_with_cr_line_breaks_is_one_e100_at_the_name_holding_the_cr() -> None:
    found = stream(f"{HEADER}\r{ROW}\r{ROW}\r", "query")
    column = HEADER.index("slide_text_value_0") + 1  # the last name runs on into the first row's first cell
    assert [(line, [(f.code, f.line, f.column, f.detail) for f in r.findings]) for line, r in found] == [
        (1, [("E100", 1, column, WHY)])
    ]


def test_the_command_fails_a_csv_with_cr_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(f"{HEADER}\r{ROW}\r{ROW}\r".encode())
    result = CliRunner().invoke(main, ["check", str(path)])
    column = HEADER.index("slide_text_value_0") + 1
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        f"{path}:1:{column}: {E100} ({WHY})\nChecked 1 file (1 request): 1 error, 0 warnings; 1 request failed.\n",
        "",
    )


def test_crlf_and_a_last_line_ending_in_cr_are_line_breaks_as_before() -> None:
    for text in (f"{HEADER}\r\n{ROW}\r\n{ROW}\r\n", f"{HEADER}\n{ROW}\n{ROW}\r"):
        found = stream(text, "query")
        assert [(line, [f.code for f in r.findings]) for line, r in found] == [(2, []), (3, [])]


def test_a_quoted_cell_of_a_row_may_hold_a_lone_cr() -> None:
    found = stream(f'{HEADER}\n{ROW.removesuffix("hi")}"one\rtwo"\n', "query")
    assert [(line, [f.code for f in r.findings]) for line, r in found] == [(2, [])]
