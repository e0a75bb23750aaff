"""Findings as rows of one fixed schema, for data frames (pandas, Dask, Spark).

A row a finding: ``record`` (the request's id: its index or position in the input), ``code``,
``severity`` (``error`` or ``warning``), ``slide`` (1-based, missing when the finding is not about
a slide), ``field`` (a JSON pointer into the model) and ``message`` (the documented text with
the slide and what exactly was wrong, as the text output prints it). A request without findings
has no row; a missing value (``None``, ``NaN``, ``pandas.NA``) is its record's E100, never a failed run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from mmsvalidate.bulk import chosen
from mmsvalidate.checker import CheckOptions, checker_for
from mmsvalidate.engine import Source
from mmsvalidate.formats import message
from mmsvalidate.profile import Profile
from mmsvalidate.readers.records import absent, missing

if TYPE_CHECKING:
    import pandas

#: The columns, in order, and their pandas dtypes (``record`` takes the input's id dtype).
COLUMNS = ("record", "code", "severity", "slide", "field", "message")
DTYPES = {"code": "str", "severity": "str", "slide": "Int64", "field": "str", "message": "str"}
#: The same schema for Spark (a DDL string).
SPARK_SCHEMA = "record long, code string, severity string, slide int, field string, message string"

Row = tuple[Any, str, str, "int | None", "str | None", str]


#: Most characters of a text read back into the dict whose repr it is (see :func:`request_of`).
REPR_CHARS = 1 << 20


def request_of(value: Any, reprs: bool = False) -> Source:
    """The request a frame's cell holds: a missing value (``None``, ``NaN``, ``pandas.NA``) is that record's
    E100; with ``reprs``, a text that is a Python dict's repr (``{'to': ...``: what Dask's string conversion
    makes of a column of dicts) is read back into that dict, literals only, up to :data:`REPR_CHARS`."""
    name = missing(value)
    if name is not None:
        return absent(name)
    if reprs and isinstance(value, str) and len(value) <= REPR_CHARS and value.lstrip().startswith("{'"):
        try:
            document = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return value
        if isinstance(document, dict):
            return document
    return value  # type: ignore[no-any-return]


def rows(records: Iterable[tuple[Any, Any]], options: CheckOptions, reprs: bool = False) -> Iterator[Row]:
    """A row for each finding of each ``(record id, request)``, in order; a missing request is its record's E100."""
    checker = checker_for(options)
    for record, request in records:
        for finding in checker.check(request_of(request, reprs)).findings:
            yield (record, finding.code, finding.severity.value, finding.slide, finding.field, message(finding))


def frame(
    records: Iterable[tuple[Any, Source]],
    *,
    form: str = "auto",
    profile: Profile | None = None,
    options: CheckOptions | None = None,
    record_dtype: Any = "int64",
    reprs: bool = False,
) -> pandas.DataFrame:
    """The findings of ``(record id, request)`` pairs as a pandas frame of the fixed schema.

    ``options`` (or the ``form``/``profile`` shorthands) say how each is checked; ``reprs`` as
    :func:`request_of` says."""
    import pandas

    found = pandas.DataFrame(list(rows(records, chosen(options, form, profile), reprs)), columns=list(COLUMNS))
    return found.astype({"record": record_dtype, **DTYPES})


def empty(record_dtype: Any = "int64") -> pandas.DataFrame:
    """No findings, in the fixed schema: the ``meta`` of a Dask frame of findings."""
    return frame((), record_dtype=record_dtype)


def of_series(requests: pandas.Series, options: CheckOptions | None = None, reprs: bool = False) -> pandas.DataFrame:
    """The findings of a pandas series of requests, each row's record id its index."""
    return frame(requests.items(), options=options, record_dtype=requests.index.dtype, reprs=reprs)
