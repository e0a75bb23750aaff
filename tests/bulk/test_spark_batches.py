"""The function Spark runs on each batch (a pandas frame of ``record`` and ``request``), run here without
Spark: what it gives is what ``bulk.spark.findings`` yields per batch (the whole path: ``-m spark``)."""

from __future__ import annotations

import pytest

pandas = pytest.importorskip("pandas")

from mmsvalidate.bulk.spark import _batch  # noqa: E402
from mmsvalidate.checker import CheckOptions  # noqa: E402
from mmsvalidate.profile import FixedClock, Profile  # noqa: E402
from tests.bulk.test_dask import FOUR, REQUESTS, as_rows  # noqa: E402
from tests.conftest import NOW  # noqa: E402


def test_a_batch_of_strings_bytes_and_bytearrays_gives_each_records_findings() -> None:
    # a binary column reaches the batch as bytes or bytearray: each is the request's bytes, like a string
    first, second, third, fourth = REQUESTS[:4]
    requests = [first, second.encode(), bytearray(third.encode()), fourth]
    batch = pandas.DataFrame({"record": [10, 11, 12, 13], "request": requests})
    found = _batch(batch, CheckOptions(form="json", profile=Profile(clock=FixedClock(NOW))))
    assert list(found.columns) == ["record", "code", "severity", "slide", "field", "message"]
    assert sorted(as_rows(found)) == [(record + 10, *rest) for record, *rest in FOUR]
