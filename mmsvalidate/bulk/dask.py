"""Dask: a bag or data frame of requests in, a data frame of findings out (the fixed schema of
:mod:`mmsvalidate.bulk.frame`), each partition checked where it lives.

Needs the ``[dask]`` extra. The profile travels with the tasks (it pickles); each worker builds
the schemas once.
"""

from __future__ import annotations

import itertools
import operator
from typing import Any

import dask.bag
import dask.dataframe
import pandas
from dask.delayed import delayed

from mmsvalidate.bulk import chosen, frame
from mmsvalidate.checker import CheckOptions
from mmsvalidate.profile import Profile


def findings(
    requests: Any,
    *,
    column: str = "request",
    form: str = "auto",
    profile: Profile | None = None,
    options: CheckOptions | None = None,
) -> Any:
    """The findings of every request (a Dask bag, data frame or series), lazily, as a Dask data frame of the
    fixed schema.

    A data frame's ``column`` (or a series) holds the requests (text, bytes or JSON-form dicts; a
    string column's texts that are dicts' reprs, as Dask's string conversion makes them, are read as
    those dicts); each finding's ``record`` is the request's index. A missing value (``None``,
    ``NaN``, ``pandas.NA``) is that record's E100. A bag holds the requests themselves; each
    finding's ``record`` is the request's position in the bag, from 0. ``options`` (or the
    ``form``/``profile`` shorthands) travel with the tasks; each worker builds its checker once.
    """
    settled = chosen(options, form, profile)
    if isinstance(requests, dask.bag.Bag):
        return _from_bag(requests, settled)
    series = requests[column] if isinstance(requests, dask.dataframe.DataFrame) else requests
    meta = frame.empty(series._meta.index.dtype)
    # Dask's string conversion (on by default) turns a column of dicts into their reprs when the frame is
    # made: a column of strings is read back into the dicts whose reprs its texts are
    reprs = isinstance(series._meta.dtype, pandas.StringDtype)
    return series.map_partitions(frame.of_series, settled, reprs, meta=meta)


def _numbered(part: list[Any], start: int, options: CheckOptions) -> Any:
    return frame.frame(zip(itertools.count(start), part, strict=False), options=options)


def _starts(counts: list[int]) -> list[int]:
    return [0, *itertools.accumulate(counts)][:-1]


def _from_bag(bag: Any, options: CheckOptions) -> Any:
    parts = bag.to_delayed()
    starts = delayed(_starts)([delayed(len)(part) for part in parts])
    checked = [delayed(_numbered)(part, delayed(operator.getitem)(starts, i), options) for i, part in enumerate(parts)]
    return dask.dataframe.from_delayed(checked, meta=frame.empty(), verify_meta=False)
