"""Findings as rows of one fixed schema, for data frames (pandas, Dask, Spark).

A row a finding: ``record`` (the request's id: its index or position in the input), ``code``,
``severity`` (``error`` or ``warning``), ``slide`` (1-based, missing when the finding is not about
a slide), ``field`` (a JSON pointer into the model) and ``message`` (the documented text with
the slide and what exactly was wrong, as the text output prints it). A request without findings
has no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from mmsvalidate.bulk import chosen
from mmsvalidate.checker import CheckOptions, checker_for
from mmsvalidate.engine import Source
from mmsvalidate.formats import message
from mmsvalidate.profile import Profile

if TYPE_CHECKING:
    import pandas

#: The columns, in order, and their pandas dtypes (``record`` takes the input's id dtype).
COLUMNS = ("record", "code", "severity", "slide", "field", "message")
DTYPES = {"code": "str", "severity": "str", "slide": "Int64", "field": "str", "message": "str"}
#: The same schema for Spark (a DDL string).
SPARK_SCHEMA = "record long, code string, severity string, slide int, field string, message string"

Row = tuple[Any, str, str, "int | None", "str | None", str]


def rows(records: Iterable[tuple[Any, Source]], options: CheckOptions) -> Iterator[Row]:
    """A row for each finding of each ``(record id, request)``, in order."""
    checker = checker_for(options)
    for record, request in records:
        for finding in checker.check(request).findings:
            yield (record, finding.code, finding.severity.value, finding.slide, finding.field, message(finding))


def frame(
    records: Iterable[tuple[Any, Source]],
    *,
    form: str = "auto",
    profile: Profile | None = None,
    options: CheckOptions | None = None,
    record_dtype: Any = "int64",
) -> pandas.DataFrame:
    """The findings of ``(record id, request)`` pairs as a pandas frame of the fixed schema.

    ``options`` (or the ``form``/``profile`` shorthands) say how each is checked."""
    import pandas

    found = pandas.DataFrame(list(rows(records, chosen(options, form, profile))), columns=list(COLUMNS))
    return found.astype({"record": record_dtype, **DTYPES})


def empty(record_dtype: Any = "int64") -> pandas.DataFrame:
    """No findings, in the fixed schema: the ``meta`` of a Dask frame of findings."""
    return frame((), record_dtype=record_dtype)


def of_series(requests: pandas.Series, options: CheckOptions | None = None) -> pandas.DataFrame:
    """The findings of a pandas series of requests, each row's record id its index."""
    return frame(requests.items(), options=options, record_dtype=requests.index.dtype)
