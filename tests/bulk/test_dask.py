"""Dask: requests in a bag or data frame, findings out in the fixed schema, on a real local cluster
of two worker processes."""

from __future__ import annotations

import contextlib
import io
import json
import pathlib
import re
from collections.abc import Iterator

import pytest

pytest.importorskip("distributed")
import dask.bag
import dask.dataframe
import pandas
from click.testing import CliRunner
from distributed import Client, LocalCluster

import mmsvalidate
from mmsvalidate import bulk
from mmsvalidate.bulk import dask as bulk_dask
from mmsvalidate.bulk import frame
from mmsvalidate.cli import main
from mmsvalidate.formats import message
from mmsvalidate.profile import FixedClock, Profile
from tests.bulk.test_records import AUDIO_VIDEO, GOOD
from tests.bulk.test_trust import MALFORMED
from tests.conftest import NOW, ROOT

E100 = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."
REQUESTS = [GOOD, "not json", GOOD.replace("14158586273", "1415"), AUDIO_VIDEO] * 3
#: The findings of REQUESTS[0:4], written from the spec's texts: (position, code, severity, slide, field, message).
FOUR = [
    (1, "E100", "error", None, "", f"{E100} (Expecting value)"),
    (2, "E110", "error", None, "/to", "Invalid receiver number. ('1415' is not a possible international number)"),
    (3, "E226", "error", 1, "/slides/0/video", "Audio and Video not allowed in same slide. (slide 1)"),
]
EXPECTED = [(record + 4 * n, *rest) for n in range(3) for record, *rest in FOUR]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        connected.wait_for_workers(2, timeout=120)  # started is not yet registered, on a busy machine
        yield connected


def as_rows(found: pandas.DataFrame) -> list[tuple[object, ...]]:
    return [
        (int(r.record), r.code, r.severity, None if pandas.isna(r.slide) else int(r.slide), r.field, r.message)
        for r in found.itertuples()
    ]


def test_a_bag_of_requests_on_two_worker_processes(client: Client) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    profile = Profile(clock=FixedClock(NOW))
    found = bulk_dask.findings(dask.bag.from_sequence(REQUESTS, npartitions=4), form="json", profile=profile)
    assert list(found.columns) == list(frame.COLUMNS)
    computed = found.compute()
    assert as_rows(computed) == EXPECTED
    assert {str(t) for t in computed.dtypes} >= {"Int64"} and str(computed.dtypes["record"]) == "int64"


def test_a_data_frame_column_keeps_its_index_as_the_record(client: Client) -> None:
    table = pandas.DataFrame({"request": REQUESTS}, index=pandas.RangeIndex(100, 112))
    requests = dask.dataframe.from_pandas(table, npartitions=3)
    found = bulk_dask.findings(requests, column="request", form="json").compute()
    assert as_rows(found) == [(record + 100, *rest) for record, *rest in EXPECTED]
    assert dict(found.dtypes.astype(str)) == dict(frame.empty().dtypes.astype(str))


def test_readme_dask_snippet_prints_what_the_readme_says(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    snippet, expected = readme_snippet("**Dask**")
    monkeypatch.chdir(ROOT)
    assert run_snippet(snippet) == expected


def readme_snippet(heading: str) -> tuple[str, str]:
    """The python block after ``heading`` in the README and the block after its 'prints'."""
    from tests.docs import page

    found = re.search(
        re.escape(heading) + r".*?```python\n(.*?)```\n\nprints[^\n]*\n\n```\n(.*?)```", page("docs/bulk.md"), re.S
    )
    assert found is not None
    return found[1], found[2]


def run_snippet(snippet: str) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(snippet, "docs/bulk.md", "exec"), {"__name__": "readme"})
    return printed.getvalue()


@pytest.mark.parametrize("case", range(len(MALFORMED)), ids=[m[0] for m in MALFORMED])
def test_csv_cases_agree_record_by_record_in_check_validate_many_and_dask(
    client: Client, case: int, tmp_path: pathlib.Path
) -> None:
    """The malformed-CSV cases of test_trust: the command line, validate_many and Dask on two worker
    processes give each record the same findings, and the ones written there."""
    _, text, expected = MALFORMED[case]
    path = tmp_path / "campaign.csv"
    path.write_text(text, encoding="utf-8", newline="")
    profile = Profile(clock=FixedClock(NOW))
    records = list(bulk.read_records(path, profile=profile))
    lines = [record.line for record in records]
    assert lines == list(expected)
    # Dask: a bag of the file's records (they pickle), each checked on a worker
    bag = dask.bag.from_sequence(records, npartitions=2)
    rows = as_rows(bulk_dask.findings(bag, profile=profile).compute())
    on_dask = {
        line: [(code, field, text) for record, code, _, _, field, text in rows if lines[record] == line]
        for line in lines
    }
    # validate_many, in this process
    many = dict(zip(lines, mmsvalidate.validate_many(records, profile=profile), strict=True))
    in_process = {line: [(f.code, f.field, message(f)) for f in report.findings] for line, report in many.items()}
    # the command line, an entry a record
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(path)])
    entries = {e["record"]: e["findings"] for e in json.loads(result.stdout)["files"]}
    by_cli = {line: [(f["code"], f["field"], _text(f)) for f in found] for line, found in entries.items()}
    assert on_dask == in_process == by_cli
    assert {line: [code for code, *_ in found] for line, found in by_cli.items()} == {
        line: [code for code, *_ in found] for line, found in expected.items()
    }


def _text(found: dict[str, object]) -> str:
    """A JSON entry's finding as the frame's ``message`` (the text with its slide and detail)."""
    notes = [f"slide {found['slide']}"] if found["slide"] is not None else []
    if found["detail"]:
        notes.append(str(found["detail"]))
    return f"{found['message']} ({': '.join(notes)})" if notes else str(found["message"])


#: A missing value's finding, written from the spec's E100 text: the record is not a request.
def missing_row(record: int, name: str) -> tuple[object, ...]:
    detail = f"no request: the record is a missing value ({name}), not a request"
    return (record, "E100", "error", None, "", f"{E100} ({detail})")


def test_missing_values_are_their_records_e100_never_a_failed_compute(client: Client) -> None:
    requests = [GOOD, None, float("nan"), pandas.NA, AUDIO_VIDEO, None]
    table = pandas.DataFrame({"request": pandas.Series(requests, dtype=object)})
    with dask.config.set({"dataframe.convert-string": False}):
        as_objects = dask.dataframe.from_pandas(table, npartitions=2)
    as_strings = dask.dataframe.from_pandas(table, npartitions=2)  # Dask's default: NaN/NA stay missing
    bag = dask.bag.from_sequence(requests, npartitions=3)
    audio_video = (4, *FOUR[2][1:])
    for found in (
        bulk_dask.findings(as_objects, form="json"),
        bulk_dask.findings(as_strings["request"], form="json"),
        bulk_dask.findings(bag, form="json"),
    ):
        rows = as_rows(found.compute())
        assert [r[:2] for r in rows] == [(1, "E100"), (2, "E100"), (3, "E100"), (4, "E226"), (5, "E100")]
        assert rows[3] == audio_video
        assert all(
            r[2:5] == ("error", None, "") and "no request: the record is a missing value" in r[5]
            for r in rows
            if r[1] == "E100"
        )
    assert as_rows(frame.of_series(pandas.Series(requests, dtype=object))) == [
        missing_row(1, "None"),
        missing_row(2, "NaN"),
        missing_row(3, "pandas.NA"),
        audio_video,
        missing_row(5, "None"),
    ]


def test_a_data_frame_of_dict_requests_is_read_as_requests_with_dasks_string_conversion(client: Client) -> None:
    """Dask's default string conversion turns dicts into their reprs; they are read back as the dicts."""
    dicts = [json.loads(r) if r.startswith("{") else r for r in REQUESTS]
    table = pandas.DataFrame({"request": dicts})
    converted = dask.dataframe.from_pandas(table, npartitions=3)
    assert isinstance(converted["request"]._meta.dtype, pandas.StringDtype)  # the conversion happened
    with dask.config.set({"dataframe.convert-string": False}):
        kept = dask.dataframe.from_pandas(table, npartitions=3)
    # a mapping has no lines or columns: the findings of the text forms, without the JSON parse error's place
    for requests in (converted, kept):
        assert as_rows(bulk_dask.findings(requests, form="json").compute()) == EXPECTED
    hostile = pandas.DataFrame(
        {"request": ["{'to': __import__('os').getpid()}", "{'to': " + "[" * 100_000, "{'slides': {1, 2}}"]}
    )
    found = as_rows(bulk_dask.findings(dask.dataframe.from_pandas(hostile, npartitions=1), form="json").compute())
    codes: dict[object, set[str]] = {}
    for record, code, *_ in found:
        codes.setdefault(record, set()).add(code)
    # no code run (not a literal: read as the JSON text it is not), the nesting past the reading limit, a set
    # read as the value it is: each its own record's findings, none a crash
    assert (codes[0], codes[1], "MV900" in codes[2]) == ({"E100"}, {"MV112"}, False)
