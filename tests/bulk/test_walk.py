"""``check FOLDER`` takes campaign files by content: a CSV header or first JSON Lines record that names a
request's parameters; other CSV and JSON Lines files are skipped with one note saying how many and why."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from click.testing import CliRunner

from mmsvalidate.cli import main
from tests.bulk.test_records import GOOD

NOTE = (
    "mmsvalidate: note: {folder}: skipped {files} whose header or first record names no sendMMS request "
    "(TO and two more of its parameters); name a file, or its pattern in include, to check it\n"
)
HEADER = "action,api_key,to,from,subject,name,slide_text_value_0\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--isolated", *args])
    return result.exit_code, result.stdout, result.stderr


def test_campaign_files_are_taken_by_content_and_the_others_counted_in_one_note(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    (folder / "deep").mkdir(parents=True)
    (folder / "a.csv").write_text(HEADER + "sendMMS,k,1415,60856,s,n,hi\n")
    # UTF-16 with a byte order mark, header in upper case: still a campaign
    (folder / "deep" / "b.csv").write_bytes(
        codecs.BOM_UTF16_LE + (HEADER.upper() + "sendMMS,k,14158586273,60856,s,n,hi\n").encode("utf-16-le")
    )
    (folder / "c.ndjson").write_text("\n" + GOOD + "\n")
    (folder / "prices.csv").write_text("id,price,name\n1,2,x\n")  # names one parameter (name), not TO
    (folder / "log.jsonl").write_text('{"to": "x", "level": "info"}\n')  # TO but nothing more of a request
    (folder / "deep" / "broken.csv").write_text('to,"from\n')  # no header to read
    code, out, err = run(str(folder))
    assert code == 1
    assert out.splitlines() == [
        f"{folder / 'a.csv'}:2:11: E110 Invalid receiver number. ('1415' is not a possible international number)",
        "Checked 3 files (3 requests): 1 error, 0 warnings; 1 request failed.",
    ]
    assert err == NOTE.format(folder=folder, files="3 JSON Lines or CSV files")


def test_blanks_and_tabs_around_a_header_name_are_not_part_of_it_when_a_folder_is_walked(tmp_path: Path) -> None:
    # docs/bulk.md: header names "in any case, blanks and tabs around a name not part of it"
    (tmp_path / "spaced.csv").write_text(
        "action, api_key,\tto ,\tfrom\t, subject,name,slide_text_value_0\nsendMMS,k,14158586273,60856,s,n,hi\n"
    )
    code, out, err = run(str(tmp_path))
    assert (code, out, err) == (0, "Checked 1 file (1 request): 0 errors, 0 warnings; 0 requests failed.\n", "")


def test_a_folder_of_other_data_only_says_what_it_skipped_never_no_request_files(tmp_path: Path) -> None:
    (tmp_path / "prices.csv").write_text("id,price\n1,2\n")
    (tmp_path / "empty.csv").write_text("")  # no header: names nothing (docs, bulk)
    (tmp_path / "blank.jsonl").write_text("\n  \n")  # no record: names nothing
    # the names a header has in the file's first 64 KiB count: ones past it name nothing (docs, bulk)
    (tmp_path / "wide.csv").write_text("x" * (64 << 10) + ",to,from,action\n1,2,3,4\n")
    code, out, err = run(str(tmp_path))
    assert (code, out) == (0, "Checked 0 files: 0 errors, 0 warnings; 0 files failed.\n")
    assert err == NOTE.format(folder=tmp_path, files="4 JSON Lines or CSV files")
    assert "no request files" not in err


def test_a_file_named_or_included_is_checked_whatever_it_holds(tmp_path: Path) -> None:
    (tmp_path / "prices.csv").write_text("id,price\n1,2\n")
    code, out, err = run(str(tmp_path / "prices.csv"))
    assert code == 1 and err == ""
    e100 = "E100 Invalid request. Make a valid request via GET/POST/XML with all the required variables."
    assert out.splitlines() == [
        f"{tmp_path / 'prices.csv'}:2:1: {e100} (no sendMMS parameter found)",  # a row of no request parameter
        "Checked 1 file (1 request): 1 error, 0 warnings; 1 request failed.",
    ]
    (tmp_path / "mmsvalidate.toml").write_text('include = ["*.csv"]\n')
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr == ""


def test_to_and_exactly_two_more_parameters_make_a_campaign_and_one_more_is_not_enough(tmp_path: Path) -> None:
    # docs/bulk.md: a header or first record names a request when it names `to` and at least two more
    (tmp_path / "three.csv").write_text("to,from,colour,subject\n14158586273,60856,red,s\n")
    (tmp_path / "three.jsonl").write_text('{"to": "14158586273", "slides": [], "colour": "red", "name": "n"}\n')
    (tmp_path / "two.csv").write_text("to,colour,from\n14158586273,red,60856\n")
    (tmp_path / "two.jsonl").write_text('{"to": "14158586273", "colour": "red", "subject": "s"}\n')
    code, out, err = run("--format", "json", str(tmp_path))
    assert code == 1  # the two campaigns are checked, and their requests lack what the spec requires
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == ["three.csv", "three.jsonl"]
    assert err == NOTE.format(folder=tmp_path, files="2 JSON Lines or CSV files")


def test_a_header_or_first_record_of_64_kib_names_a_request_and_one_byte_more_names_nothing(tmp_path: Path) -> None:
    """docs/bulk.md: the names count "within the file's first 64 KiB"; a header or first record is measured as a
    record is, its own UTF-8 bytes without its line break, and one longer names nothing (records after it neither)."""
    names = ",to,from,subject"  # 16 bytes: 32,760 two-byte characters before them make 64 KiB
    (tmp_path / "at.csv").write_text("é" * ((65536 - len(names)) // 2) + names + "\r\n1,2,3,4\n")
    (tmp_path / "over.csv").write_text("x" + "é" * ((65536 - len(names)) // 2) + names + "\n1,2,3,4\n")
    record = '{"to": "14158586273", "from": "60856", "action": "sendMMS", "name": "'
    (tmp_path / "at.jsonl").write_text("\n" + record + "x" * (65536 - len(record) - 2) + '"}\n')
    # a first record one byte over, then a campaign's record: the first line named nothing
    (tmp_path / "over.jsonl").write_text(record + "x" * (65537 - len(record) - 2) + '"}\n' + GOOD + "\n")
    assert (
        len((tmp_path / "at.csv").read_bytes().split(b"\r\n")[0])
        == len((tmp_path / "at.jsonl").read_bytes()) - 2
        == 65536
    )
    code, out, err = run("--format", "json", str(tmp_path))
    assert code == 1  # the two campaigns are checked, and their records lack what the spec requires
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == ["at.csv", "at.jsonl"]
    assert err == NOTE.format(folder=tmp_path, files="2 JSON Lines or CSV files")
