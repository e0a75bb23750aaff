"""Hostile requests, class by class: linear scans, bounded findings, values that are bad requests, forged validity."""

from __future__ import annotations

import json
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mmsvalidate
from bench import worst_cases as worst
from mmsvalidate import Profile, readers
from mmsvalidate.diagnostic import Location
from mmsvalidate.readers.base import Mark
from mmsvalidate.settings import suppressions
from tests.conftest import VALID_QUERY, VALID_XML, pinned

MIB = 1_048_576


def _codes(report: mmsvalidate.Report) -> list[str]:
    return [f.code for f in report.findings]


# 1. Scans: suppression marks are collected by the readers as they parse ------------------------


def test_the_xml_reader_collects_comment_marks_with_their_position() -> None:
    text = VALID_XML.replace("<NAME>", "<!-- mmsvalidate: ignore[E226] --><!-- plain --><NAME>")
    parsed = readers.read(text)
    assert parsed.marks == (Mark(" mmsvalidate: ignore[E226] ", Location(7, 9)),)


def test_the_query_reader_collects_hash_lines_and_blanks_them() -> None:
    text = "# mmsvalidate: ignore[E226]\n  # a note\n" + VALID_QUERY
    parsed = readers.read(text)
    assert parsed.marks == (Mark("# mmsvalidate: ignore[E226]", Location(1, 1)),)
    assert parsed.request is not None and parsed.request.to == "14158586273"
    assert parsed.where("/to") == Location(3, 26, param="to")


def test_the_json_reader_collects_its_key_and_no_string_is_a_mark() -> None:
    document = {"$mmsvalidate": {"ignore": ["E226"]}, "name": "<!-- mmsvalidate: ignore[E311] -->"}
    parsed = readers.read(json.dumps(document))
    assert parsed.marks == (Mark({"ignore": ["E226"]}, Location(1, 2), comment=False),)


def test_no_mark_in_cdata_or_a_value_of_any_form() -> None:
    cdata = VALID_XML.replace("<NAME>n", "<NAME><![CDATA[<!-- mmsvalidate: ignore[E226] -->]]>n")
    value = VALID_QUERY + "&subject=%23 mmsvalidate: ignore[E226]"
    assert readers.read(cdata).marks == () and readers.read(value).marks == ()


@pytest.mark.parametrize(
    "text",
    [
        "# " + "mmsvalidate: ignore[" * 20_000 + "\n" + VALID_QUERY,
        "<!-- " + "mmsvalidate: ignore[" * 20_000 + " -->" + VALID_XML,
        VALID_QUERY + "&subject=" + " " * 100_000 + "x",
        VALID_QUERY + "&" + "/" * 50_000 + "=1",
    ],
    ids=["query unclosed ignore", "xml unclosed ignore", "query blanks", "query long name"],
)
def test_scans_that_were_quadratic_answer_at_once(text: str) -> None:
    start = time.process_time()  # this process's CPU time, not the wall clock of a busy machine
    report = mmsvalidate.validate(text, profile=pinned())
    assert time.process_time() - start < 2.0  # quadratic scans took minutes on inputs like these
    assert "MV900" not in _codes(report)


def test_did_you_mean_is_bounded_but_still_helps() -> None:
    near = mmsvalidate.validate(VALID_QUERY + "&subjekt=x", profile=pinned())
    assert [f.detail for f in near.findings] == ["not part of a sendMMS request as a parameter; did you mean subject?"]
    long = mmsvalidate.validate(VALID_QUERY + "&" + "subject" * 20 + "=x", profile=pinned())
    assert [f.detail for f in long.findings] == ["not part of a sendMMS request as a parameter"]
    assert len(long.findings[0].message) < 120


# 2. Findings are bounded: one per distinct problem, quoted text cut, a cap per request ----------


def test_a_malformed_mark_quotes_a_bounded_part_of_its_line() -> None:
    report = mmsvalidate.validate("# mmsvalidate: " + "x" * 100_000 + "\n" + VALID_QUERY, profile=pinned())
    (finding,) = report.findings
    assert finding.code == "MV113"
    assert finding.message == f"Suppression of 'mmsvalidate: {'x' * 66}\u2026' has no effect."


def test_one_finding_per_distinct_suppression_problem() -> None:
    text = "# mmsvalidate: ignore[" + "E999, E227, " * 5_000 + "]\n" + VALID_QUERY
    report = mmsvalidate.validate(text, profile=pinned())
    assert [(f.code, f.detail) for f in report.findings] == [
        ("MV113", "E999 is not a code of mmsvalidate"),
        ("MV113", "no E227 finding in this request; remove it"),
    ]


def test_attributes_are_one_finding_per_element() -> None:
    text = VALID_XML.replace("<TO>", "<TO " + " ".join(f'a{i}=""' for i in range(500)) + ">")
    report = mmsvalidate.validate(text, profile=pinned())
    assert [(f.code, f.message) for f in report.findings] == [
        ("MV111", "Unexpected content attributes 'a0', 'a1', 'a2' and 497 more on <TO>.")
    ]
    too_many = VALID_XML.replace("<TO>", "<TO " + " ".join(f'a{i}=""' for i in range(10_001)) + ">")
    assert _codes(mmsvalidate.validate(too_many)) == ["MV112"]


def test_findings_past_the_cap_are_counted_in_one_and_the_first_error_is_kept() -> None:
    unknown = "".join(f"<X{i}/>" for i in range(3_000))
    text = VALID_XML.replace("<TO>14158586273</TO>", "<TO>x</TO>").replace("</REQUEST>", unknown + "</REQUEST>")
    report = mmsvalidate.validate(text, profile=pinned(max_findings=100))
    assert len(report.findings) == 101
    assert report.first_error is not None and report.first_error.code == "E110"
    last = report.findings[-1]
    assert (last.code, last.message) == ("MV115", "And 2,901 more findings, not shown.")
    assert last.detail == "at most 100 findings are reported per request"
    assert not report.ok


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["mmsvalidate", ":", "ignore[", "]", ",", " ", "\n", "E226", "E108", "X1", "-->"]),
            st.text(max_size=30),
        ),
        max_size=200,
    )
)
def test_any_comment_gives_bounded_suppressions(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = suppressions.parse([Mark(text, Location(1, 1))])
    assert all(len(s.written) <= 84 for s in found)
    report = suppressions.apply(mmsvalidate.Report((), "xml"), found)
    details = [(f.message, f.detail) for f in report.findings]
    assert len(details) == len(set(details))
    assert all(len(f.message) < 200 for f in report.findings)


# 5. Values Python can't take as they are are bad requests, not internal errors ------------------

BAD_VALUES = {
    "duration over 4,300 digits": (
        VALID_QUERY.replace("slide_duration_0=5", "slide_duration_0=" + "9" * 5_000),
        "E230",
    ),
    "slide number over 4,300 digits": (VALID_QUERY + "&slide_text_value_" + "1" * 5_000 + "=x", "MV112"),
    "JSON integer over 4,300 digits": (
        json.dumps({"action": "sendMMS", "name": "n"})[:-1] + ', "to": ' + "1" * 5_000 + "}",
        "E110",
    ),
    "query parameter slides/x/y twice": (VALID_QUERY + "&slides/x/y=1&slides/x/y=2", "MV101"),
    "query parameter slides/² twice": (VALID_QUERY + "&slides/\u00b2=1&slides/\u00b2=2", "MV101"),
    "lone surrogate in fallbacksmstext": (
        '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "name": "n", '
        '"slides": [{"text": "t"}], "fallbacksmstext": "\\ud800' + "x" * 100 + '"}',
        "MV108",
    ),
    "JSON nested 985 deep": ('{"slides": ' + "[" * 985 + "]" * 985 + "}", "MV112"),
    "JSON nested 100,000 deep, unclosed": ('{"slides": ' + "[" * 100_000, "MV112"),
}


@pytest.mark.parametrize("name", BAD_VALUES)
def test_a_bad_value_gets_the_requests_own_code(name: str) -> None:
    text, code = BAD_VALUES[name]
    report = mmsvalidate.validate(text, profile=pinned())
    assert "MV900" not in _codes(report) and code in _codes(report), report.findings


def test_deep_json_gets_the_same_verdict_at_any_stack_depth() -> None:
    text = '{"slides": ' + "[" * 985 + "]" * 985 + "}"

    def nested(depth: int) -> list[str]:
        return nested(depth - 1) if depth else _codes(mmsvalidate.validate(text))

    assert nested(0) == nested(400) == ["MV112"]


# 6. Suppressions can't turn an unread request into a valid one -------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("<!-- mmsvalidate: ignore[E108] --><REQUEST><TO></FROM></REQUEST>", "E108"),
        ("# mmsvalidate: ignore[MV112]\n" + VALID_QUERY + "&slide_text_value_5000=x", "MV112"),
        ("<!-- mmsvalidate: ignore[E100] --><ANSWER/>", "E100"),
        ('{"$mmsvalidate": {"ignore": ["MV112"]}, "slides": ' + "[" * 100 + "]" * 100 + "}", "MV112"),
    ],
    ids=["E108", "MV112", "not a request", "JSON MV112"],
)
def test_a_request_that_was_not_read_stays_failed_whatever_it_says(text: str, code: str) -> None:
    report = mmsvalidate.validate(text, profile=pinned())
    assert _codes(report) == [code] and not report.ok


def test_naming_an_unsuppressible_code_is_mv113_and_silences_nothing() -> None:
    text = "# mmsvalidate: ignore[MV900, E110]\n" + VALID_QUERY.replace("to=14158586273", "to=x")
    report = mmsvalidate.validate(text, profile=pinned())
    assert [(f.code, f.detail) for f in report.findings] == [
        ("MV113", "MV900 says the request was not (fully) read: it cannot be suppressed")
    ]


def test_suppressions_can_be_turned_off_for_requests_written_by_others() -> None:
    text = "# mmsvalidate: ignore[E110]\n" + VALID_QUERY.replace("to=14158586273", "to=x")
    assert mmsvalidate.validate(text, profile=pinned()).ok
    off = mmsvalidate.validate(text, profile=pinned(), suppressions=False)
    assert _codes(off) == ["E110"] and not off.ok


# The worst input of each class at the default size limit: bounded time and memory -------------


@pytest.mark.parametrize("case", list(worst.cases(16)))
def test_the_worst_input_of_each_class_at_1_mib_is_bounded(case: str) -> None:
    group, name = case.split(": ", 1)
    text = worst.CASES[group][name](MIB - 512)
    assert len(text.encode("utf-8", "surrogatepass")) <= Profile().max_request_bytes
    mmsvalidate.validate(worst.QUERY)
    tracemalloc.start()
    start = time.process_time()  # this process's CPU time: the work done, whatever else the machine runs
    try:
        report = mmsvalidate.validate(text)
        elapsed, peak = time.process_time() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 10.0 and peak < 300 * 2**20, (elapsed, peak)
    assert "MV900" not in _codes(report)
    assert len(report.findings) <= Profile().max_findings + 1
    assert sum(len(f.message) + len(f.detail or "") + len(f.field or "") for f in report.findings) < 2**20
