"""Records sent to worker processes travel as builtin tuples and arrive as the same records."""

from __future__ import annotations

import pickle

from mmsvalidate.bulk.records import pack, read_text, unpack
from mmsvalidate.readers.records import Record

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
