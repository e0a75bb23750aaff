"""JUnit: a testcase is named by its path as the failure's lines write it, control and bidirectional characters
escaped. The name was the raw path (a right-to-left override shown reordered, ``a\\u202elmx.txt`` as
``atxt.xml``; an escape character as U+FFFD) while the failure's text escaped it: the two named one file two
ways. The document stays valid against the schema Jenkins' xUnit plugin checks."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
import xmlschema

from mmsvalidate.diagnostic import Finding, Location, Severity
from mmsvalidate.formats import Checked, junit
from mmsvalidate.report import Report
from tests.conftest import ROOT

E110 = Finding("E110", Severity.ERROR, "Invalid receiver number.", "'1' is not possible", location=Location(1, 26))


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("a\u202elmx.txt", "a\\u202elmx.txt"),
        ("x\x1b[31m\n::error::y.xml", "x\\x1b[31m\\n::error::y.xml"),
        ("b\udcff\u2028.query", "b\\xff\\u2028.query"),
        ('plain "<&>".xml', 'plain "<&>".xml'),
    ],
)
def test_a_testcase_is_named_as_its_failure_lines_name_the_file(path: str, shown: str) -> None:
    output = junit.render([Checked(path, Report((E110,)))])
    xmlschema.XMLSchema(ROOT / "tests" / "data" / "junit-10.xsd").validate(output)
    case = ElementTree.fromstring(output).find("testsuite/testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    assert (case.get("name"), failure.get("message"), failure.get("type")) == (
        shown,
        "1 error (E110): E110 Invalid receiver number.",
        "E110",
    )
    assert failure.text == f"{shown}:1:26: E110 Invalid receiver number. ('1' is not possible)"


def test_a_record_keeps_its_line_in_the_name() -> None:
    output = junit.render([Checked("c\u202e.jsonl", Report((E110,)), record=3)])
    case = ElementTree.fromstring(output).find("testsuite/testcase")
    assert case is not None and case.get("name") == "c\\u202e.jsonl:3"
