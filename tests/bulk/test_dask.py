"""Dask: requests in a bag or data frame, findings out in the fixed schema, on a real local cluster
of two worker processes."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator

import pytest

pytest.importorskip("distributed")
import dask.bag
import dask.dataframe
import pandas
from distributed import Client, LocalCluster

from mmsvalidate.bulk import dask as bulk_dask
from mmsvalidate.bulk import frame
from mmsvalidate.profile import FixedClock, Profile
from tests.bulk.test_records import AUDIO_VIDEO, GOOD
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
