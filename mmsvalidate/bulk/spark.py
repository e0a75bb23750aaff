"""PySpark: a data frame column of requests in, a data frame of findings out, with the fixed schema
of :mod:`mmsvalidate.bulk.frame` (``record long, code string, severity string, slide int, field
string, message string``), checked batch by batch with ``mapInPandas``.

Needs pyspark (with pandas and pyarrow) and a JDK; the workers' Python must have mmsvalidate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mmsvalidate.bulk import chosen, frame
from mmsvalidate.checker import CheckOptions
from mmsvalidate.profile import Profile

if TYPE_CHECKING:
    import pandas


def findings(
    requests: Any,
    *,
    column: str = "request",
    id_column: str | None = None,
    form: str = "auto",
    profile: Profile | None = None,
    options: CheckOptions | None = None,
) -> Any:
    """The findings of the requests in ``column`` (strings or bytes) of a Spark data frame.

    Each finding's ``record`` is the row's ``id_column`` (a whole number), or, without one,
    Spark's ``monotonically_increasing_id()`` of the row.
    """
    from pyspark.sql import functions

    settled = chosen(options, form, profile)
    ids = functions.col(id_column) if id_column else functions.monotonically_increasing_id()
    pairs = requests.select(ids.cast("long").alias("record"), functions.col(column).alias("request"))

    def check(batches: Iterator[pandas.DataFrame]) -> Iterator[pandas.DataFrame]:
        for batch in batches:
            yield _batch(batch, settled)

    return pairs.mapInPandas(check, schema=frame.SPARK_SCHEMA)


def _batch(batch: pandas.DataFrame, options: CheckOptions) -> pandas.DataFrame:
    pairs = zip(batch["record"].tolist(), batch["request"].tolist(), strict=True)
    found = frame.frame(((record, bytes(r) if isinstance(r, bytearray) else r) for record, r in pairs), options=options)
    return found.astype({"slide": "Int32"})
