"""Records sent to worker processes travel as builtin tuples and arrive as the same records."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from mmsvalidate.bulk.records import pack, read_text, unpack
from mmsvalidate.diagnostic import Location
from mmsvalidate.readers.base import Failure
from mmsvalidate.readers.records import Cell, Record

JSONL = '{"to": "14158586273"}\n\n{"to": "1415", "subject": "' + "x" * 300 + '"}\n["not", "an object"]\n'
CSV = 'to,subject\n14158586273,"hello, there"\n1415,a,b\n,"quoted ""twice"""\n'


def test_packed_records_unpack_to_the_same_records_in_order() -> None:
    for text, form in ((JSONL, "json"), (CSV, "query")):
        records = list(read_text(text, form, 200))
        assert any(record.failure is not None for record in records)  # a line over the limit, a row too wide
        sent = pickle.loads(pickle.dumps(pack(records)))
        assert unpack(sent) == records
        # only the records the reader gave up on travel as objects
        assert [isinstance(item, Record) for item in sent[1]] == [r.failure is not None for r in records]


def test_no_records_pack_to_nothing() -> None:
    assert unpack(pack([])) == []


_text = st.text(max_size=8)
_cells = st.lists(st.builds(Cell, _text, _text, st.integers(1, 9), st.integers(1, 9)), max_size=3).map(tuple)
_failures = st.none() | st.builds(Failure, st.sampled_from(["syntax", "limit"]), _text, st.just(Location(1, 1)))
_records = st.builds(
    Record,
    st.integers(1, 99),
    st.sampled_from(["json", "query"]),
    text=_text,
    cells=_cells,
    failure=_failures,
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-32-be"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_records, max_size=6))
def test_any_records_unpack_to_the_same_records_in_order(records: list[Record]) -> None:
    """Whatever mix of forms, texts, cells, failures and encodings: unpack(pack(records)) == records."""
    assert unpack(pickle.loads(pickle.dumps(pack(records)))) == records
