"""Missing values and integers too long to write out, through the library: a missing value is that record's
finding (E100, saying what it is), never a raised error, a failed run or MV900."""

from __future__ import annotations

import json
import math
import sys

import pytest

import mmsvalidate
from tests.bulk.test_records import GOOD

pandas = pytest.importorskip("pandas")
from mmsvalidate.bulk import frame  # noqa: E402

E100 = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."
DIGITS = sys.get_int_max_str_digits()


def found(report: mmsvalidate.Report) -> list[tuple[str, str, str]]:
    return [(f.code, f.field or "", f.detail or "") for f in report.findings]


def missing(name: str) -> list[tuple[str, str, str]]:
    return [("E100", "", f"no request: the record is a missing value ({name}), not a request")]


@pytest.mark.parametrize(
    ("value", "name"),
    [(None, "None"), (math.nan, "NaN"), (float("nan"), "NaN"), (pandas.NA, "pandas.NA"), (pandas.NaT, "pandas.NaT")],
)
def test_a_missing_value_is_e100_in_validate_many_and_the_frame_helper(value: object, name: str) -> None:
    with pytest.raises(TypeError):  # one request that is None is a caller's mistake, not data
        mmsvalidate.validate(value)  # type: ignore[arg-type]
    reports = list(mmsvalidate.validate_many([json.loads(GOOD), value, GOOD]))  # type: ignore[list-item]
    assert [found(r) for r in reports] == [[], missing(name), []]
    rows = frame.of_series(pandas.Series([GOOD, value], dtype=object))
    detail = f"no request: the record is a missing value ({name}), not a request"
    assert [tuple(r) for r in rows.itertuples(index=False)] == [
        (1, "E100", "error", pandas.NA, "", f"{E100} ({detail})")
    ]


def test_numpy_nan_and_zero_are_told_apart() -> None:
    numpy = pytest.importorskip("numpy")
    nans = [numpy.float64("nan"), numpy.float32("nan")]
    assert [found(r) for r in mmsvalidate.validate_many(nans)] == [missing("NaN"), missing("NaN")]
    with pytest.raises(TypeError):  # a number is no request, and not a missing one either
        list(mmsvalidate.validate_many([0.0]))  # type: ignore[list-item]


#: (where the long integer goes, its pointer) in the JSON form.
PLACES = [
    (lambda d, n: d.update(to=n), "/to"),
    (lambda d, n: d.update(name=n), "/name"),
    (lambda d, n: d["slides"][0].update(duration=n), "/slides/0/duration"),
    (lambda d, n: d["slides"][0].update(text=[1, {"x": n}]), "/slides/0/text"),
    (lambda d, n: d.update(subject={"a": [n]}), "/subject"),
]


@pytest.mark.parametrize(("place", "pointer"), PLACES)
@pytest.mark.parametrize("digits", [DIGITS + 1, 50_000])
def test_an_int_too_long_to_write_out_is_e100_not_mv900(place: object, pointer: str, digits: int) -> None:
    document = json.loads(GOOD)
    place(document, 10 ** (digits - 1))  # type: ignore[operator]
    expected = [("E100", "", f"{pointer}: an integer of more than {DIGITS:,} digits, which can't be sent")]
    assert found(mmsvalidate.validate(document)) == expected
    assert [found(r) for r in mmsvalidate.validate_many([document, document])] == [expected, expected]
    rows = frame.of_series(pandas.Series([document], dtype=object))
    assert list(rows.code) == ["E100"] and list(rows.message) == [f"{E100} ({expected[0][2]})"]


def test_an_int_within_the_limit_is_read_as_its_digits() -> None:
    document = json.loads(GOOD)
    document["to"] = 10 ** (DIGITS - 1)  # the most digits Python writes out: read, and judged as a number
    codes = [f.code for f in mmsvalidate.validate(document).findings]
    assert "MV900" not in codes and codes == [f.code for f in mmsvalidate.validate(json.dumps(document)).findings]


def test_a_dict_repr_up_to_the_bound_is_read_back_and_one_past_it_is_text() -> None:
    """docs/bulk.md: Dask's string conversion makes a dict's repr; one of at most 1,048,576 characters is read back
    into the dict."""
    document = json.loads(GOOD)
    base = repr({**document, "name": ""})
    document["name"] = "n" * (1_048_576 - len(base))
    at_bound = repr(document)
    assert len(at_bound) == 1_048_576
    assert frame.request_of(at_bound, reprs=True) == document
    past = repr({**document, "name": document["name"] + "n"})
    assert frame.request_of(past, reprs=True) == past  # left as the text it is
    assert frame.request_of(at_bound) == at_bound  # only where the conversion happened
    # blanks before the repr (a padded column) are passed over, as Python's own reading of a literal does
    small = json.loads(GOOD)
    assert frame.request_of(" \t" + repr(small), reprs=True) == small


@pytest.mark.parametrize(
    "text",
    [
        "{'a': 1" + "+1" * 100_000 + "}",  # too deep for the parser: RecursionError
        "{'a': " + "-" * 100_000 + "1}",  # MemoryError
        "{'a': " + "(" * 300 + "1" + ")" * 300 + "}",  # too many nested parentheses: SyntaxError
        "{'a': b}",  # a name, not a literal: ValueError
    ],
)
def test_a_repr_that_is_no_literal_dict_is_left_as_its_text(text: str) -> None:
    # request_of's documented reading: literals only; anything else stays the text it is (that record's E100)
    assert frame.request_of(text, reprs=True) == text
    rows = frame.of_series(pandas.Series([text], dtype=object), reprs=True)
    assert list(rows.code) == ["E100"]


def test_blanks_around_a_csv_header_name_are_not_part_of_it() -> None:
    from mmsvalidate.bulk.records import read_text

    plain = "action,api_key,to,from,subject,name,slide_text_value_0\r\nsendMMS,k,14158586273,60856,s,n,t\r\n"
    spaced = " action ,\tapi_key, to ,from\t,subject,name , slide_text_value_0\r\nsendMMS,k,14158586273,60856,s,n,t\r\n"
    (first,) = read_text(plain, "query", 1 << 20)
    (second,) = read_text(spaced, "query", 1 << 20)
    assert [c.name for c in second.cells] == [c.name for c in first.cells]
    assert found(mmsvalidate.validate(second)) == found(mmsvalidate.validate(first)) == []


def test_only_pandas_own_missing_values_are_named_missing() -> None:
    """docs/bulk.md: the missing values are None, NaN, pandas.NA (and pandas.NaT); a pandas value that is there (a
    timestamp, a period) or another library's type of the same name is a value."""
    from mmsvalidate.readers.records import missing as named

    class NAType:  # not pandas'
        pass

    assert [named(v) for v in (None, math.nan, pandas.NA, pandas.NaT)] == ["None", "NaN", "pandas.NA", "pandas.NaT"]
    for value in (pandas.Timestamp("2024-05-01"), pandas.Period("2024-05"), NAType(), 1.5, "text", {"to": "1"}):
        assert named(value) is None, value


def test_options_with_the_default_form_named_are_the_options_and_any_other_form_is_refused() -> None:
    """``form="auto"`` is the default, not a choice: with ``options`` it is taken; another form, or a profile, with
    ``options`` is an error (give one or the other)."""
    from mmsvalidate import CheckOptions, Profile
    from mmsvalidate.bulk import chosen

    options = CheckOptions(form="json")
    assert chosen(options) is options
    assert chosen(options, form="auto") is options
    for form, profile in (("xml", None), (None, Profile())):
        with pytest.raises(TypeError, match="give options, or form and profile, not both"):
            chosen(options, form=form, profile=profile)
