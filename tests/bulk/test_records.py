"""JSON Lines and CSV record streams: each record checked on its own, findings at the file's own lines."""

from __future__ import annotations

import codecs
import io
import itertools
import os
import pickle
import tracemalloc
from pathlib import Path

import pytest

import mmsvalidate
from mmsvalidate import bulk
from mmsvalidate.bulk import records
from mmsvalidate.diagnostic import Location
from mmsvalidate.profile import FixedClock
from mmsvalidate.readers.base import Failure
from mmsvalidate.readers.records import read_record
from tests.conftest import NOW, VALID_QUERY, VALID_XML, pinned

GOOD = (
    '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s", "name": "n", '
    '"slides": [{"text": "hi"}]}'
)
AUDIO_VIDEO = GOOD.replace('{"text": "hi"}', '{"audio": "http://h/a.mp3", "video": "http://h/v.mp4"}')


Located = list[tuple[int, list[tuple[str, int | None, int | None]]]]


def located(reports: list[tuple[int, mmsvalidate.Report]]) -> Located:
    return [(line, [(f.code, f.line, f.column) for f in report.findings]) for line, report in reports]


def stream(text: str | bytes, form: str, **options: object) -> list[tuple[int, mmsvalidate.Report]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(bulk.check_stream(io.BytesIO(data), form, pinned(**options)))


def test_json_lines_a_broken_line_mid_file_is_its_own_e100() -> None:
    text = f"{GOOD}\n\n   \n{AUDIO_VIDEO}\r\nnot json\n{GOOD.replace('14158586273', '1415')}\n"
    # column of "video" in AUDIO_VIDEO and of "to" in GOOD, counted by hand from the literals above
    video = AUDIO_VIDEO.index('"video"') + 1
    to = GOOD.index('"to"') + 1
    assert located(stream(text, "json")) == [
        (1, []),
        (4, [("E226", 4, video)]),
        (5, [("E100", 5, 1)]),
        (6, [("E110", 6, to)]),
    ]
    report = stream(text, "json")[2][1]
    assert report.findings[0].detail == "Expecting value"


def test_json_lines_bom_bad_utf8_and_non_objects() -> None:
    data = b"\xef\xbb\xbf" + GOOD.encode() + b'\n["a"]\n{"name": "\xff"}\n'
    found = stream(data, "json")
    assert [(line, [f.code for f in report.findings]) for line, report in found] == [
        (1, []),
        (2, ["E100"]),
        (3, ["E100"]),
    ]
    assert found[1][1].findings[0].detail == "a JSON array, not an object"
    assert found[2][1].findings[0].detail == "not valid UTF-8: byte 0xFF"
    assert (found[2][1].findings[0].line, found[2][1].findings[0].column) == (3, 11)


def test_json_lines_an_oversize_line_is_mv112_and_the_next_line_is_read() -> None:
    text = GOOD + "\n" + '{"name": "' + "x" * 5000 + '"}\n' + GOOD + "\n"
    found = stream(text, "json", max_request_bytes=1000)
    assert [(line, [f.code for f in report.findings]) for line, report in found] == [(1, []), (2, ["MV112"]), (3, [])]


CSV = (
    "action,api_key,to,from,subject,name,slide_text_value_0,slide_image_url_0,slide_video_url_0\n"
    "sendMMS,k,14158586273,60856,s,n,hi,,\n"
    'sendMMS,k,1415,60856,"a, b",n,"two\nlines",http://h/a.jpg,http://h/v.mp4\n'
    "\n"
    "sendMMS,k,14158586273,60856,s,n,hi,,,extra\n"
    "sendMMS,k,14158586273,60856,,n,hi\n"
)


def test_csv_rows_are_query_requests_located_at_their_cells() -> None:
    assert located(stream(CSV, "query")) == [
        (2, []),
        (3, [("E110", 3, 11), ("E227", 4, 23)]),  # the video cell starts on the row's second line
        (6, [("E100", 6, 38)]),  # a tenth cell where the header names nine (line 5 is blank)
        (7, [("E622", 7, 1)]),  # an empty cell is a parameter not given: no subject, no fallback text
    ]
    finding = stream(CSV, "query")[1][1].findings[1]
    assert (finding.location.param, finding.field, finding.slide) == ("slide_video_url_0", "/slides/0/video", 1)
    assert stream(CSV, "query")[2][1].findings[0].detail == "a row of 10 cells; the header names 9"


def test_csv_a_row_of_blank_cells_is_a_blank_row_and_skipped() -> None:
    """A row whose cells are all empty or only blanks and tabs is blank, as an empty line is: skipped, not a
    request of parameters not given (before the header too: the first row that is not blank names them)."""
    row = "sendMMS,k,14158586273,60856,s,n,hi\n"
    text = " \t\naction,api_key,to,from,subject,name,slide_text_value_0\n" + row + " , \t ,\n\t\n,,\n" + row
    assert located(stream(text, "query")) == [(3, []), (7, [])]


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_a_wide_character_holding_the_byte_of_a_line_feed_is_no_line_break(bom: bytes, encoding: str) -> None:
    """In UTF-16 and UTF-32 a line break is the whole code unit of U+000A: a character with a 0x0A byte
    (U+0A15, U+010A, U+0A0A) is text of its line."""
    wide = GOOD.replace('"name": "n"', '"name": "\u0a15\u010a\u0a0a"')
    bad = GOOD.replace("14158586273", "1415")
    to = bad.index('"to"') + 1
    data = bom + f"{wide}\n{bad}\n{wide}\n".encode(encoding)
    assert located(stream(data, "json")) == [(1, []), (2, [("E110", 2, to)]), (3, [])]


def read_at_most(data: bytes, count: int) -> list[tuple[int, Failure | None]]:
    """The first ``count`` records of a CSV file, each its line and failure (a bound, so that a reader that gave a
    line again and again would fail here, not run on)."""
    return [(r.line, r.failure) for r in itertools.islice(records.read(io.BytesIO(data), "query", 1000), count)]


def test_csv_a_quote_left_open_that_makes_no_valid_row_names_why_at_its_line() -> None:
    """docs/bulk.md: a quote left open is E100 at that row, and the lines after it are read again as rows of their
    own unless it closes into a well-formed row (no quote inside an unquoted cell, the header's width)."""
    header = "action,api_key,to\n"
    opened = "the quote opened at line 2 column 9 is not closed on its line; read on over the lines after it, "
    bare = (header + 'sendMMS,"abc\ndef",k"x\nsendMMS,k,14158586273\n').encode()  # a quote in a cell of line 3
    found = read_at_most(bare, 10)
    why = "the row it makes with them has a quote inside an unquoted cell (line 3)"
    assert found == [(2, Failure("syntax", opened + why, Location(2, 9))), (3, None), (4, None)]
    narrow = (header + 'sendMMS,"abc\ndef"\nsendMMS,k,14158586273\n').encode()  # two cells, the header names three
    found = read_at_most(narrow, 10)
    why = "the row it makes with them has 2 cells; the header names 3"
    assert found == [(2, Failure("syntax", opened + why, Location(2, 9))), (3, None), (4, None)]


def test_csv_a_row_over_the_limit_is_mv112_however_many_lines_its_cells_span() -> None:
    """Quoted cells may hold line breaks, so one row may span many lines: it is bounded as a whole."""
    header = "action,api_key,to\n"
    good = "sendMMS,k,14158586273\n"
    many = ",".join(['"x\n"'] * 2000) + "\n"  # 2,000 cells of a line break each: lines 3 to 2003, 10,001 bytes
    found = stream(header + good + many + good, "query", max_request_bytes=1000)
    incomplete = ["E100", "E311", "E312", "E622"]  # FROM, NAME, slides and text missing
    assert [(line, [f.code for f in report.findings]) for line, report in found] == [
        (2, incomplete),
        (3, ["MV112"]),
        (2004, incomplete),  # the next row, read as itself
    ]
    assert found[1][1].findings[0].message == "Request not checked: a row over 1000 bytes (lines 3 to 2003)."


def test_csv_memory_for_a_huge_row_is_bounded_by_the_limit() -> None:
    data = ("action,api_key,to\n" + ",".join(['"x\n"'] * 200_000) + "\n").encode()  # a 1 MB row
    tracemalloc.start()
    try:
        found = list(records.read(io.BytesIO(data), "query", 10_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found[0].failure == Failure("limit", "a row over 10000 bytes (lines 2 to 200002)", Location(2, 1))
    assert peak < 2_000_000  # the row is not kept whole: about 60 MB before


def test_csv_values_are_taken_as_written_and_bad_utf8_is_that_rows_e100() -> None:
    header = "action,api_key,to,from,subject,name,slide_text_value_0\n"
    data = (header + "sendMMS,k,14158586273,60856,50%+off & more,n,a=b&c\n").encode() + (
        b"sendMMS,k,14158586273,60856,s,n,\xff\n"
    )
    found = stream(data, "query")
    assert located(found) == [(2, []), (3, [("E100", 3, 33)])]
    record = next(records.read(io.BytesIO(data), "query", 1000))
    request = read_record(record).request
    assert request is not None and request.subject == "50%+off & more" and request.slides[0].text == "a=b&c"
    detail = "slide_text_value_0: not valid UTF-8: byte 0xFF"
    assert found[1][1].findings[0].detail == detail


def test_same_request_same_findings_as_a_file() -> None:
    """A CSV row and a JSON line give the codes the request gives alone."""
    alone = mmsvalidate.validate(VALID_QUERY + "&slide_video_url_0=http://h/v.mp4", profile=pinned())
    header = "action,api_key,to,from,subject,name,slide_image_url_0,slide_text_value_0,slide_duration_0"
    header += ",slide_video_url_0"
    row = "sendMMS,k,14158586273,60856,Hello,n,http://example.com/a.jpg,Hi,5,http://h/v.mp4"
    [(line, report)] = stream(f"{header}\n{row}\n", "query")
    assert line == 2 and [f.code for f in report.findings] == [f.code for f in alone.findings] == ["E227"]


def test_check_file_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.ndjson").write_text(GOOD + "\n" + AUDIO_VIDEO + "\n")
    assert [line for line, _ in bulk.check_file(tmp_path / "a.ndjson")] == [1, 2]
    with pytest.raises(ValueError, match="a record stream ends"):
        list(bulk.check_file(tmp_path / "a.xml"))
    assert bulk.kind_of("X.CSV") == "query" and bulk.kind_of("a.jsonl") == "json" and bulk.kind_of("a.json") is None


def test_validate_many_yields_in_order_lazily_and_checks_the_form_at_once() -> None:
    asked: list[int] = []

    def sources() -> object:
        for i, source in enumerate([VALID_XML, "not a request", {"action": "sendMMS"}]):
            asked.append(i)
            yield source

    reports = mmsvalidate.validate_many(sources(), profile=pinned())  # type: ignore[arg-type]
    assert asked == []
    first = next(reports)
    assert asked == [0] and first.ok and first.form == "xml"
    assert [r.first_error.code if r.first_error else None for r in reports] == ["E100", "E100"]
    with pytest.raises(ValueError, match="unknown form"):
        mmsvalidate.validate_many([], form="yaml")


def test_profile_pickles_with_its_clock() -> None:
    profile = mmsvalidate.Profile(
        enforce_campaign_check=True, known_campaign_refs={"A"}, blocked_numbers=["1"], clock=FixedClock(NOW)
    )
    again = pickle.loads(pickle.dumps(profile))
    assert again == profile and again.clock() == NOW
    default = pickle.loads(pickle.dumps(mmsvalidate.Profile()))
    assert default == mmsvalidate.Profile() and default.clock().tzinfo is not None


def _peak(records: int) -> int:
    data = io.BytesIO(b"".join(b"x\n" if i % 2 else GOOD.encode() + b"\n" for i in range(records)))
    tracemalloc.start()
    try:
        for _ in bulk.check_stream(data, "json", pinned()):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_whatever_the_number_of_records() -> None:
    _peak(200)  # caches and schemas built
    small, big = _peak(500), _peak(5000)
    assert big < small * 1.5 + 64 * 1024


def _csv_peak(data: bytes) -> tuple[list[records.Record], int]:
    tracemalloc.start()
    try:
        found = list(records.read(io.BytesIO(data), "query", 1 << 20))
        return found, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_a_1_mib_row_of_524000_cells_costs_about_its_bytes() -> None:
    """Cells past the header's count are counted, not kept (about 160 MB before)."""
    header = "action,api_key,to,from,subject,name,slide_text_value_0\n"
    row = ",".join(["a"] * 524_000) + "\n"
    found, peak = _csv_peak((header + row + "sendMMS,k,14158586273\n").encode())
    assert [(r.line, r.failure) for r in found] == [
        (2, Failure("syntax", "a row of 524000 cells; the header names 7", Location(2, 15))),
        (3, None),
    ]
    assert peak < 8 * len(row)


def test_csv_an_oversized_header_is_one_file_level_finding() -> None:
    """Past max_items names the header is no header: one finding at its line, the rows after it counted."""
    header = ",".join(f"c{n}" for n in range(100_000)) + "\n"
    found, peak = _csv_peak((header + "a,b\nc,d\n").encode())
    message = "the header row: a header of 100,000 names, over 10,000; the 2 rows after it are not read"
    assert [(r.line, r.failure) for r in found] == [(1, Failure("limit", message, Location(1, 1)))]
    assert peak < 4_000_000  # the names kept are bounded by max_items, whatever the header's size
    [(line, report)] = stream(header + "a,b\n", "query")
    expected = "Request not checked: the header row: a header of 100,000 names, over 10,000; the row after it"
    assert (line, [(f.code, f.message) for f in report.findings]) == (1, [("MV112", expected + " is not read.")])


def test_csv_a_nul_in_a_header_name_is_each_rows_e100_at_its_cell() -> None:
    """A NUL is binary content wherever it stands (docs: "JSON Lines and CSV"): in a header's name too, each row
    is that record's E100, at the row's cell under that name (line 2, after 'sendMMS,14158586273,')."""
    found = stream(b"action,to,fr\x00om\nsendMMS,14158586273,60856\n", "query")
    assert [(line, [(f.code, f.line, f.column, f.param, f.detail) for f in r.findings]) for line, r in found] == [
        (2, [("E100", 2, 21, "fr\x00om", "fr\x00om: a NUL character: binary content, not a text request")])
    ]


def test_csv_a_row_starting_with_an_empty_cell_reads_on_to_its_other_cells() -> None:
    """An empty first cell is an empty value (docs: "Empty means absent"): NAME missing, E311 on that row, and
    the cells after it are the request's other values; the row as a whole starts at its column 1."""
    data = "name,action,api_key,to,from,subject,slide_text_value_0\n,sendMMS,k,14158586273,60856,s,Hi\n"
    found = [(line, [(f.code, f.line, f.column) for f in r.findings]) for line, r in stream(data, "query")]
    assert found == [(2, [("E311", 2, 1)])]  # a request-level finding at the start of its row


def test_a_stream_that_can_not_seek_is_read_as_a_file_is() -> None:
    """Standard input may be a pipe: its byte order mark is peeked at, not sought back over, and its records are
    the file's (docs/bulk.md: `-` with `--stdin-filename NAME.csv` reads standard input as records)."""
    expected = [
        (2, []),
        (3, [("E110", 3, 11), ("E227", 4, 23)]),
        (6, [("E100", 6, 38)]),
        (7, [("E622", 7, 1)]),
    ]
    for data in (CSV.encode(), codecs.BOM_UTF8 + CSV.encode(), codecs.BOM_UTF16_LE + CSV.encode("utf-16-le")):
        read, write = os.pipe()
        os.write(write, data)  # a few hundred bytes: within the pipe's buffer
        os.close(write)
        with open(read, "rb") as pipe:
            assert not pipe.seekable()
            assert located(list(bulk.check_stream(pipe, "query", pinned()))) == expected


def test_csv_a_header_of_max_items_names_is_read_and_one_more_is_mv112() -> None:
    """docs/bulk.md: a header of more than ``max_items`` names is one MV112 at its line (its rows not read); empty
    names count, wherever the first named one stands."""
    at = ",".join(f"c{n}" for n in range(10)) + "\nv0,v1\n"
    assert [(r.line, r.failure, r.cells) for r in records.read(io.BytesIO(at.encode()), "query", 1000, 10)] == [
        (2, None, (records.Cell("c0", "v0", 2, 1), records.Cell("c1", "v1", 2, 4)))
    ]
    for header in (",".join(f"c{n}" for n in range(11)), "," * 12 + "x"):
        found = [
            (r.line, r.failure) for r in records.read(io.BytesIO(f"{header}\nv0,v1\n".encode()), "query", 1000, 10)
        ]
        count = header.count(",") + 1
        message = f"the header row: a header of {count} names, over 10; the row after it is not read"
        assert found == [(1, Failure("limit", message, Location(1, 1)))], header
    # a header whose quoted name runs over a line break is still found at its first line
    spanning = '"c\n0",' + ",".join(f"c{n}" for n in range(1, 11)) + "\nv0,v1\n"
    found = [(r.line, r.failure) for r in records.read(io.BytesIO(spanning.encode()), "query", 1000, 10)]
    message = "the header row: a header of 11 names, over 10; the row after it is not read"
    assert found == [(1, Failure("limit", message, Location(1, 1)))]


def test_csv_a_quote_left_open_over_a_line_over_the_limit_is_read_again_after_it() -> None:
    """docs/bulk.md: a quote left open is E100 at that row and the lines after it are read again as rows of their
    own: here the next line, over the limit (MV112), and the row after it. From a pipe they can't be read again."""
    data = ('action,api_key,to\nsendMMS,k,"abc\n' + "x" * 2000 + "\nsendMMS,k,14158586273\n").encode()
    unclosed = Failure("syntax", "the quote opened at line 2 column 11 is never closed", Location(2, 11))
    found = [(r.line, r.failure) for r in records.read(io.BytesIO(data), "query", 1000)]
    assert found == [(2, unclosed), (3, Failure("limit", "a row over 1000 bytes", Location(3, 1))), (4, None)]
    # the quote runs on over a line it keeps (line 3) before the line over the limit: read again from line 3
    kept = data.replace(b'"abc\n', b'"abc\nsendMMS,k,14158586273\n')
    found = [(r.line, r.failure) for r in records.read(io.BytesIO(kept), "query", 1000)]
    over = Failure("limit", "a row over 1000 bytes", Location(4, 1))
    assert found == [(2, unclosed), (3, None), (4, over), (5, None)]
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    with open(read, "rb") as pipe:
        found = [(r.line, r.failure) for r in records.read(pipe, "query", 1000)]
    message = unclosed.message + "; the lines after it can't be read again from a stream"
    assert found == [(2, Failure("syntax", message, Location(2, 11)))]


def test_a_query_record_of_no_cells_is_e100_at_the_start_of_its_row() -> None:
    """bulk.Record is public (check_record takes one): a query record without a cell is no request, E100 at its line,
    column 1, where a row's findings that belong to no cell are."""
    report = bulk.check_record(bulk.Record(3, "query"))
    assert [(f.code, f.line, f.column, f.detail) for f in report.findings] == [("E100", 3, 1, "the row is empty")]
