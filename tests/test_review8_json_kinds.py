"""A JSON request that is no object says what it is in JSON's words: ``null`` was "a JSON NoneType", a string
"a JSON str", a number "a JSON int" (Python's names for them)."""

from __future__ import annotations

import pytest

import mmsvalidate

E100 = "Invalid request. Make a valid request via GET/POST/XML with all the required variables."


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("null", "null"),
        ('"sendMMS"', "string"),
        ("5", "number"),
        ("-1.5e3", "number"),
        ("1" * 70, "number"),  # past the digits read as an int
        ("true", "boolean"),
        ("[]", "array"),
        ('[{"to": "14158586273"}]', "array"),
    ],
)
def test_a_json_request_that_is_no_object_names_its_json_kind(text: str, kind: str) -> None:
    report = mmsvalidate.validate(text, form="json")
    assert [(f.code, f.message, f.detail, f.line, f.column, f.field) for f in report.findings] == [
        ("E100", E100, f"a JSON {kind}, not an object", 1, 1, "")
    ]
