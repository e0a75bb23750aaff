"""Query and CSV parameter names are case-insensitive in ASCII only, as the API's are. ``str.lower`` also turns
the Kelvin sign (U+212A, drawn as a K) into ``k``, so ``api_\u212aey`` passed as API_KEY: the API, which has no
such parameter, answers E100, as the XML and JSON forms (whose names are exact) always said."""

from __future__ import annotations

import io

import mmsvalidate
from mmsvalidate import bulk
from mmsvalidate.bulk.sniffing import names_a_request
from tests.conftest import pinned

KELVIN = "\u212a"
NAME = f"api_{KELVIN}ey"
E100 = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."
REST = "to=14158586273&from=60856&name=n&subject=s&slide_image_url_0=http://a.example/x.jpg&slide_text_value_0=hi"


def _findings(report: mmsvalidate.Report) -> list[tuple[object, ...]]:
    return [(f.code, f.message, f.detail, f.line, f.column, f.param, f.field) for f in report.findings]


def test_a_kelvin_sign_in_a_query_name_is_no_k() -> None:
    for written in (f"action=sendmms&{NAME}=k&{REST}", f"action=sendmms&api_%E2%84%AAey=k&{REST}"):
        report = mmsvalidate.validate(written, form="query", profile=pinned())
        assert _findings(report) == [
            ("E100", E100, "API_KEY is missing", 1, 1, None, "/api_key"),
            (
                "MV101",
                f"Unknown element or parameter {NAME}.",
                "not part of a sendMMS request as a parameter; did you mean api_key?",
                1,
                16,
                NAME,
                f"/{NAME}",
            ),
        ]


def test_ascii_names_are_still_read_in_any_case() -> None:
    report = mmsvalidate.validate(f"ACTION=sendmms&Api_Key=k&{REST.replace('to=', 'TO=')}", form="query")
    assert _findings(report) == []


def test_a_kelvin_sign_in_a_csv_header_is_no_k() -> None:
    header = f"action,{NAME},to,from,name,subject,slide_text_value_0"
    text = f"{header}\nsendmms,k,14158586273,60856,n,s,hi\n"
    found = list(bulk.check_stream(io.BytesIO(text.encode()), "query", pinned()))
    assert [(line, _findings(report)) for line, report in found] == [
        (
            2,
            [
                ("E100", E100, "API_KEY is missing", 2, 1, None, "/api_key"),
                (
                    "MV101",
                    f"Unknown element or parameter {NAME}.",
                    "not part of a sendMMS request as a parameter; did you mean api_key?",
                    2,
                    9,
                    NAME,
                    f"/{NAME}",
                ),
            ],
        )
    ]


def test_the_campaign_sniff_reads_names_alike() -> None:
    """TO and two more names make a campaign: ``api_\u212aey`` is not one of them."""
    assert names_a_request(io.BytesIO(f"TO,{NAME},Name\n".encode()), "query") is False
    assert names_a_request(io.BytesIO(b"TO,API_KEY,Name\n"), "query") is True
