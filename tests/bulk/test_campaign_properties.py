"""Property: a generated campaign file (JSON Lines or CSV, in every encoding the README names, malformed
records among good ones) reports exactly the records written, and every good record the findings of the
same request checked alone (at the record's own line)."""

from __future__ import annotations

import codecs
import io
import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate import bulk
from tests.conftest import pinned

PROFILE = pinned()
ENCODINGS = [
    (b"", "utf-8"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
]
COLUMNS = ("action", "api_key", "to", "from", "subject", "name", "slide_text_value_0", "slide_duration_0")
COLUMNS += ("slide_image_url_0", "slide_video_url_0")

_TEXT = st.text(alphabet=st.sampled_from(list("ab ,\"'\n=&%+#é中😀;\t")), max_size=12)
_REQUEST = st.fixed_dictionaries(
    {
        "action": st.sampled_from(["sendMMS", "sendMMS", "sendmms", "other"]),
        "api_key": st.sampled_from(["k", ""]),
        "to": st.sampled_from(["14158586273", "447911123456", "1415", "", "+14158586273"]),
        "from": st.sampled_from(["60856", "", "x"]),
        "subject": _TEXT,
        "name": _TEXT,
        "slide_text_value_0": _TEXT,
        "slide_duration_0": st.sampled_from(["5", "75", "x", ""]),
        "slide_image_url_0": st.sampled_from(["", "http://h/a.jpg", "http://h/a.mp4", "ftp://h/a.jpg"]),
        "slide_video_url_0": st.sampled_from(["", "http://h/v.mp4"]),
    }
)
#: What makes a record malformed (the record reader's or the request reader's finding, E100 or MV112).
MALFORMED = ("unclosed-quote", "nul", "extra-cells", "after-quote", "bom", "not-utf8")


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') or value[:1] == " " else value


def _csv_row(request: dict[str, str]) -> str:
    return ",".join(_cell(request[column]) for column in COLUMNS) + "\n"


def _query(request: dict[str, str]) -> str:
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in request.items() if value)


def _json(request: dict[str, str]) -> dict[str, object]:
    document: dict[str, object] = {k: v for k, v in request.items() if v and not k.startswith("slide_")}
    slide = {"text": "slide_text_value_0", "duration": "slide_duration_0", "image": "slide_image_url_0"}
    slide["video"] = "slide_video_url_0"
    document["slides"] = [{key: request[column] for key, column in slide.items() if request[column]}]
    return document


def _malformed_csv(kind: str, request: dict[str, str]) -> str | bytes:
    """A row of one line made malformed (its texts plain, so that the row as written is one row)."""
    row = _csv_row({**request, "subject": "s", "name": "n", "slide_text_value_0": "hi"})
    if kind == "unclosed-quote":
        return row.replace(",s,n,", ',"s,n,', 1)
    if kind == "nul":
        return row.replace(",s,n,", ",s\x00,n,", 1)
    if kind == "extra-cells":
        return row[:-1] + ",extra\n"
    if kind == "after-quote":
        return row.replace(",s,n,", ',"s"x,n,', 1)
    if kind == "bom":
        return "\ufeff" + row
    return row.encode("utf-8").replace(b",s,n,", b",s\xff,n,", 1)


def _malformed_json(kind: str, request: dict[str, str]) -> str | bytes:
    line = json.dumps(_json(request))
    if kind in ("unclosed-quote", "after-quote", "extra-cells"):
        return line[: len(line) // 2] + "\n"  # cut short: not JSON
    if kind == "nul":
        return '{"n\x00": 1, ' + line[1:] + "\n"
    if kind == "bom":
        return "\ufeff" + line + "\n"
    return line.encode("utf-8")[:-1] + b"\xff}\n"


def _encode(part: str | bytes, codec: str) -> bytes:
    return part if isinstance(part, bytes) else part.encode(codec, errors="surrogatepass")


def _findings(report: mmsvalidate.Report) -> list[tuple[object, ...]]:
    return sorted((f.code, f.field, f.slide, f.message, f.detail) for f in report.findings)


ITEMS = st.lists(
    st.one_of(
        st.tuples(st.just("good"), _REQUEST),
        st.tuples(st.sampled_from(MALFORMED), _REQUEST),
        st.tuples(st.just("blank"), st.just({})),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=ITEMS, encoding=st.sampled_from(ENCODINGS), csv=st.booleans(), crlf=st.booleans())
def test_every_record_written_is_reported_and_good_ones_as_alone(
    items: list[tuple[str, dict[str, str]]], encoding: tuple[bytes, str], csv: bool, crlf: bool
) -> None:
    bom, codec = encoding
    wide = codec != "utf-8"
    parts: list[bytes] = [bom]
    if csv:
        parts.append(_encode(",".join(COLUMNS) + "\n", codec))
    line = 2 if csv else 1
    written: list[tuple[int, str, dict[str, str]]] = []  # (line, kind, request)
    for kind, request in items:
        if kind == "not-utf8" and wide:
            kind = "nul"  # a wide file's undecodable units are tested in test_trust; keep the record malformed
        if kind == "bom" and not b"".join(parts):
            kind = "nul"  # U+FEFF as the file's first character is its byte order mark, not one mid-file
        if kind == "blank":
            text: str | bytes = "\n" if not csv else ",,\n"
        elif kind == "good":
            text = _csv_row(request) if csv else json.dumps(_json(request), ensure_ascii=False) + "\n"
            written.append((line, kind, request))
        else:
            text = (_malformed_csv if csv else _malformed_json)(kind, request)
            written.append((line, kind, request))
        if crlf and isinstance(text, str) and text.endswith("\n") and not csv:
            text = text[:-1] + "\r\n"
        parts.append(_encode(text, codec))
        line += (text.count("\n") if isinstance(text, str) else text.count(b"\n")) or 1
    data = b"".join(parts)
    reported = list(bulk.check_stream(io.BytesIO(data), "query" if csv else "json", PROFILE))
    assert [at for at, _ in reported] == [at for at, _, _ in written]
    for (at, report), (_, kind, request) in zip(reported, written, strict=True):
        assert all(f.line in (None, at) for f in report.findings) or (csv and kind == "good")
        if kind != "good":
            assert report.first_error is not None and report.first_error.code in ("E100", "MV112")
            continue
        if csv:
            alone = mmsvalidate.validate(_query(request), form="query", profile=PROFILE)
        else:
            alone = mmsvalidate.validate(json.dumps(_json(request)), form="json", profile=PROFILE)
        assert _findings(report) == _findings(alone)
