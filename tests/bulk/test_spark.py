"""PySpark: a column of requests in, findings out in the fixed schema (``pytest -m spark``: opt-in,
needs pyspark and a JDK)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from mmsvalidate.profile import FixedClock, Profile
from tests.bulk.test_dask import EXPECTED, REQUESTS, readme_snippet, run_snippet
from tests.conftest import NOW, ROOT

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no JDK")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("mmsvalidate-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_a_column_of_requests_gives_the_findings_in_the_fixed_schema(spark: Any) -> None:
    from mmsvalidate.bulk import spark as bulk_spark

    requests = spark.createDataFrame([(i, r) for i, r in enumerate(REQUESTS)], "id long, request string")
    profile = Profile(clock=FixedClock(NOW))
    found = bulk_spark.findings(requests.repartition(3), id_column="id", form="json", profile=profile)
    assert [(f.name, f.dataType.simpleString()) for f in found.schema.fields] == [
        ("record", "bigint"),
        ("code", "string"),
        ("severity", "string"),
        ("slide", "int"),
        ("field", "string"),
        ("message", "string"),
    ]
    rows = sorted(tuple(row) for row in found.collect())
    assert rows == EXPECTED


def test_readme_spark_snippet_prints_what_the_readme_says(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    snippet, expected = readme_snippet("**Spark**")
    monkeypatch.chdir(ROOT)
    assert run_snippet(snippet) == expected
