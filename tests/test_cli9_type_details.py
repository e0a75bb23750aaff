"""A JSON value of a type its name does not take, where a rule reports the same code at the same place without a
detail (``"slides": "x"`` is E312 No slides., a slide that is no object E313), says what was wrong: the schema's
detail (``/slides: "x" is not of type array, null``), which the rule's finding used to drop as a duplicate.
A missing key (``slides`` absent) stays as the other forms say it, with no detail."""

from __future__ import annotations

import pytest

import mmsvalidate

HEAD = '{"action":"sendMMS","api_key":"k","to":"14158586273","from":"60856","subject":"s","name":"n",'


def _findings(body: str) -> list[tuple[object, ...]]:
    report = mmsvalidate.validate(body, form="json")
    return [(f.code, f.message, f.slide, f.field, f.detail, f.line, f.column) for f in report.findings]


@pytest.mark.parametrize(
    ("slides", "kind"), [('"x"', '"x"'), ('{"text":"x"}', '{"text": "x"}'), ("5", "5"), ("true", "true")]
)
def test_slides_of_another_type_say_so(slides: str, kind: str) -> None:
    assert _findings(HEAD + f'"slides":{slides}}}') == [
        ("E312", "No slides.", None, "/slides", f"/slides: {kind} is not of type array, null", 1, 94)
    ]


def test_a_slide_of_another_type_says_so_and_an_empty_object_needs_no_reason() -> None:
    body = HEAD + '"slides":[{"text":"x"},"y",[],null,{},{"text":" "}]}'
    empty = "Slide {} is empty."
    assert _findings(body) == [
        ("E313", empty.format(2), 2, "/slides/1", '/slides/1: "y" is not of type object', 1, 117),
        ("E313", empty.format(3), 3, "/slides/2", "/slides/2: [] is not of type object", 1, 121),
        ("E313", empty.format(4), 4, "/slides/3", "/slides/3: null is not of type object", 1, 124),
        ("E313", empty.format(5), 5, "/slides/4", None, 1, 129),
        ("E313", empty.format(6), 6, "/slides/5", None, 1, 132),
    ]


def test_missing_slides_have_no_detail_in_any_form() -> None:
    json_body = HEAD.rstrip(",") + "}"
    query = "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=s&name=n"
    xml = (
        "<REQUEST><ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><TO>14158586273</TO><FROM>60856</FROM>"
        "<SUBJECT>s</SUBJECT><NAME>n</NAME></REQUEST>"
    )
    for body, form in ((json_body, "json"), (query, "query"), (xml, "xml")):
        report = mmsvalidate.validate(body, form=form)
        assert [(f.code, f.field, f.detail) for f in report.findings] == [("E312", "/slides", None)]
