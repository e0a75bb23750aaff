"""The line limit of a campaign file (docs/bulk.md): a line, or a CSV row however many lines its quoted cells
span, over ``max_request_bytes`` is MV112. A record's size is its own UTF-8 bytes, without the line break that
ends it: a record of exactly the limit is read, one byte more is MV112, whatever its characters' sizes, its
line break or the file's encoding."""

from __future__ import annotations

import codecs
import io

from mmsvalidate import bulk
from mmsvalidate.bulk import records
from mmsvalidate.diagnostic import Location
from mmsvalidate.readers.base import Failure
from tests.bulk.test_records import GOOD
from tests.conftest import pinned

LIMIT = 1000


def padded(size: int, char: str = "x") -> str:
    """GOOD, a valid request, with its NAME padded with ``char`` (then ``x``) to ``size`` UTF-8 bytes."""
    extra = size - len(GOOD.encode())
    count, rest = divmod(extra, len(char.encode()))
    text = GOOD.replace('"name": "n"', '"name": "n' + char * count + "x" * rest + '"')
    assert len(text.encode()) == size
    return text


def codes(data: bytes, form: str) -> list[tuple[int, list[str]]]:
    found = bulk.check_stream(io.BytesIO(data), form, pinned(max_request_bytes=LIMIT))
    return [(line, [f.code for f in report.findings]) for line, report in found]


LINES = (
    padded(LIMIT) + "\n",
    padded(LIMIT + 1) + "\n",  # with its line break, LIMIT + 2 bytes: one byte over all the same
    padded(LIMIT) + "\r\n",
    padded(LIMIT + 1) + "\r\n",
    padded(LIMIT, "é") + "\n",  # fewer characters than bytes: the bytes count
    padded(LIMIT + 1, "é") + "\n",
    padded(LIMIT, "\U0001f600") + "\r\n",
    padded(LIMIT + 1, "\U0001f600") + "\r\n",
)
AT_AND_OVER = [(1, []), (2, ["MV112"]), (3, []), (4, ["MV112"]), (5, []), (6, ["MV112"]), (7, []), (8, ["MV112"])]


def test_json_lines_a_record_of_the_limit_is_read_and_one_byte_more_is_mv112() -> None:
    assert codes("".join(LINES).encode(), "json") == AT_AND_OVER
    [(_, report)] = bulk.check_stream(io.BytesIO(LINES[1].encode()), "json", pinned(max_request_bytes=LIMIT))
    assert [(f.code, f.message, f.line, f.column) for f in report.findings] == [
        ("MV112", f"Request not checked: a line over {LIMIT} bytes.", 1, 1)
    ]


def test_json_lines_the_last_line_without_a_line_break_is_bounded_alike() -> None:
    for size, expected in ((LIMIT, []), (LIMIT + 1, ["MV112"])):
        for char in ("x", "é", "\U0001f600"):
            assert codes(padded(size, char).encode(), "json") == [(1, expected)], (size, char)


def test_json_lines_in_utf16_and_utf32_are_bounded_by_their_utf8_bytes() -> None:
    """The file is decoded first (its byte order mark names the encoding); the limit is the records' UTF-8 size."""
    text = "".join(LINES)
    for bom, encoding in (
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ):
        assert codes(bom + text.encode(encoding), "json") == AT_AND_OVER, encoding


HEADER = "action,api_key,to,from,subject,name,slide_text_value_0\n"


def row(size: int, breaks: str, char: str = "x") -> str:
    """A valid CSV row whose text cell is quoted and spans lines (its ``breaks`` inside it), ``size`` UTF-8 bytes
    without the line break that ends it."""
    start = f'sendMMS,k,14158586273,60856,s,n,"hi{breaks}'
    end = f'{breaks}there"'
    extra = size - len((start + end).encode())
    count, rest = divmod(extra, len(char.encode()))
    text = start + char * count + "x" * rest + end
    assert len(text.encode()) == size
    return text


def test_csv_a_row_spanning_lines_is_bounded_by_its_own_utf8_bytes() -> None:
    """The line breaks inside its quoted cells are the row's bytes; the one after its closing quote is not."""
    rows = [
        row(LIMIT, "\n"),  # lines 2 to 4
        row(LIMIT + 1, "\n"),  # lines 5 to 7
        row(LIMIT, "\r\n", "é"),  # lines 8 to 10
        row(LIMIT + 1, "\r\n", "é"),  # lines 11 to 13
        row(LIMIT, "\n", "\U0001f600"),  # lines 14 to 16
        row(LIMIT + 1, "\n", "\U0001f600"),  # lines 17 to 19
    ]
    data = (HEADER + "\r\n".join(rows) + "\n").encode()
    assert codes(data, "query") == [(2, []), (5, ["MV112"]), (8, []), (11, ["MV112"]), (14, []), (17, ["MV112"])]
    found = [(record.line, record.failure) for record in records.read(io.BytesIO(data), "query", LIMIT)]
    assert [(line, failure) for line, failure in found if failure is not None] == [
        (5, Failure("limit", f"a row over {LIMIT} bytes (lines 5 to 7)", Location(5, 1))),
        (11, Failure("limit", f"a row over {LIMIT} bytes (lines 11 to 13)", Location(11, 1))),
        (17, Failure("limit", f"a row over {LIMIT} bytes (lines 17 to 19)", Location(17, 1))),
    ]
    # the last row of a file without a line break after it is bounded alike
    for size, expected in ((LIMIT, []), (LIMIT + 1, ["MV112"])):
        assert codes((HEADER + row(size, "\r\n", "é")).encode(), "query") == [(2, expected)], size


def test_csv_a_row_on_one_line_is_bounded_as_a_json_line_is() -> None:
    at = row(LIMIT, "", "é")
    over = row(LIMIT + 1, "", "é")
    data = (HEADER + at + "\r\n" + over + "\n" + at + "\n" + over).encode()
    assert codes(data, "query") == [(2, []), (3, ["MV112"]), (4, []), (5, ["MV112"])]


def test_a_last_lines_carriage_return_is_its_line_break() -> None:
    """A file's last line may end with a lone CR: that is its line break, not one of its bytes."""
    assert codes((padded(LIMIT) + "\r").encode(), "json") == [(1, [])]
    assert codes((padded(LIMIT + 1) + "\r").encode(), "json") == [(1, ["MV112"])]
    assert codes((HEADER + row(LIMIT, "\n") + "\r").encode(), "query") == [(2, [])]


def test_a_line_of_four_byte_characters_is_measured_in_bytes() -> None:
    """A line of few characters may be over the limit: 249 four-byte characters and 4 more bytes are the limit."""
    at, over = '["' + "\U0001f600" * 249 + '"]', '["x' + "\U0001f600" * 249 + '"]'
    assert len(at.encode()) == LIMIT and len(over) == 254
    assert codes(f"{at}\n{over}\n{over}".encode(), "json") == [(1, ["E100"]), (2, ["MV112"]), (3, ["MV112"])]
