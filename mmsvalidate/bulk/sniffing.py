"""Whether a JSON Lines or CSV file in a folder is a campaign: its CSV header, or its first JSON Lines record,
names a sendMMS request's parameters (a CSV file in a repository is often other data)."""

from __future__ import annotations

import json
from typing import BinaryIO

from mmsvalidate.bulk.lines import Lines
from mmsvalidate.bulk.records import _Scanner, json_lines
from mmsvalidate.model import FIELDS
from mmsvalidate.profile import DEFAULT_PROFILE
from mmsvalidate.readers.query import SLIDE_PARAM
from mmsvalidate.text import lowered

__all__ = ["NAMES_NEEDED", "SNIFF_BYTES", "names_a_request"]

#: How much of a file :func:`names_a_request` reads to find its header or first record.
SNIFF_BYTES = 1 << 16
#: A header or first record names a request when it names TO and this many of its parameters in all.
NAMES_NEEDED = 3


def names_a_request(stream: BinaryIO, form: str) -> bool:
    """Whether a campaign file's CSV header, or its first JSON Lines record, names a sendMMS request's
    parameters (TO and at least two more): a CSV or JSON Lines file that is a campaign, not other data.

    Reads at most :data:`SNIFF_BYTES`; a header or first line longer than that names nothing.
    """

    lines = Lines(stream, SNIFF_BYTES)
    if form == "json":
        first = next(json_lines(lines), None)  # the first non-blank line
        if first is None or first.failure is not None:
            return False
        try:
            document = json.loads(first.text)
        except ValueError:
            return False
        names = list(document) if isinstance(document, dict) else []
        known = [n for n in names if n in FIELDS or n == "slides"]
    else:
        scanner = _Scanner(lines)
        scanner.keep = DEFAULT_PROFILE.max_items
        header = next(scanner.rows(), None)
        if header is None or header.failure is not None:
            return False
        names = [lowered(value.strip(" \t")) for _, value, _, _ in header.cells]
        known = [n for n in names if n in FIELDS or SLIDE_PARAM.fullmatch(n)]
    return "to" in known and len(set(known)) >= NAMES_NEEDED
