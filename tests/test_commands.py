"""``codes``, ``explain``, ``convert`` and ``schema``; and the examples ``explain`` shows really do what they say."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate import Profile, readers, writers
from mmsvalidate.cli import main
from mmsvalidate.codes import CODES, NOT_ABOUT_REQUESTS
from mmsvalidate.examples import EXAMPLES
from mmsvalidate.model import Request, Slide
from mmsvalidate.structure.shipped import JSON_SCHEMA, QUERY_SCHEMA, XSD, schema_text
from tests.conftest import CORPUS, NOW, ROOT, VALID_XML
from tests.test_codes import spec_codes
from tests.test_properties import requests


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


# --- codes ------------------------------------------------------------------------------------

#: The project's own codes, as the README's code table documents them.
PROJECT_CODES = set(
    re.findall(r"^\| (MV\d{3}) \|", (ROOT / "docs/reference/codes.md").read_text(encoding="utf-8"), re.M)
)


def test_codes_lists_every_code() -> None:
    code, out, _ = run("codes")
    rows = {line.split()[0]: line for line in out.splitlines()[1:] if line[:1] in ("E", "M")}
    assert code == 0 and set(rows) == PROJECT_CODES | set(spec_codes())
    assert rows["E226"].split()[1:4] == ["error", "vendor", "yes"]
    assert rows["E104"].split()[1:4] == ["error", "vendor", "no"]
    assert rows["MV113"].split()[1:4] == ["warning", "mmsvalidate", "yes"]
    data = json.loads(run("codes", "--format", "json")[1])
    assert [row["code"] for row in data][:3] == ["E100", "E104", "E105"]
    assert {row["code"] for row in data} == set(rows)
    assert data[0] == {
        "code": "E100",
        "severity": "error",
        "vendor": True,
        "offline": True,
        "text": "Invalid request. Make a valid request via GET/POST/XML with all the required variables.",
        "checks": "ACTION, API_KEY, TO and FROM are given, and ACTION is sendMMS (in any case). Raised by the "
        "readers, for a document that is not a request (not a JSON object, root not <REQUEST>, bad UTF-8).",
    }
    page = (ROOT / "docs" / "reference" / "codes.md").read_text(encoding="utf-8")
    assert page.endswith("\n\n" + run("codes", "--format", "markdown")[1])  # the table the code reference shows


# --- explain and its examples -----------------------------------------------------------------


def test_every_offline_code_but_internal_errors_has_an_example() -> None:
    offline = {code for code, entry in CODES.items() if entry.offline}
    assert set(EXAMPLES) == offline - NOT_ABOUT_REQUESTS
    assert all(code in CODES for code in EXAMPLES)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_example_fails_with_its_code_and_the_fix_is_clean(code: str) -> None:
    example = EXAMPLES[code]
    profile = Profile(**example.options(), clock=lambda: NOW)  # type: ignore[arg-type]
    for form in example.forms:
        failing = mmsvalidate.validate(example.text("failing", form), form=form, profile=profile)
        fixed = mmsvalidate.validate(example.text("fixed", form), form=form, profile=profile)
        assert {f.code for f in failing.findings} == {code}, (form, failing.findings)
        assert fixed.findings == (), (form, fixed.findings)


#: The forms that can raise each code whose example is request text rather than a model (README, "Other commands"
#: and "The forms"): a parse error (E108), an attribute or stray text (MV111) and markup inside a value (MV116) only
#: XML can hold; an unknown name, a repeated value and a suppression mark exist in every form.
TEXT_EXAMPLES = {
    "E108": ("xml",),
    "MV111": ("xml",),
    "MV116": ("xml",),
    "MV101": ("xml", "query", "json"),
    "MV102": ("xml", "query", "json"),
    "MV113": ("xml", "query", "json"),
}


def test_text_examples_are_given_in_every_form_that_raises_their_code() -> None:
    assert {code for code, example in EXAMPLES.items() if not isinstance(example.failing, Request)} == set(
        TEXT_EXAMPLES
    )
    assert {code: EXAMPLES[code].forms for code in TEXT_EXAMPLES} == TEXT_EXAMPLES


@pytest.mark.parametrize(
    ("code", "form", "found"),
    [
        # (code, line, column, param, field, detail), written from the README: a query finding's column is where
        # the parameter's name starts, a JSON one's where the key starts; the query form keeps the last repeat
        # and JSON the last key, so MV102 points at the later one; a suppression's finding is at its mark.
        (
            "MV101",
            "query",
            (
                "MV101",
                6,
                2,
                "campaign_ref",
                "/campaign_ref",
                "not part of a sendMMS request as a parameter; did you mean campaignref?",
            ),
        ),
        (
            "MV101",
            "json",
            (
                "MV101",
                7,
                3,
                None,
                "/campaignRef",
                "not part of a sendMMS request as a JSON key; did you mean 'campaignref'?",
            ),
        ),
        ("MV102", "query", ("MV102", 4, 2, "to", "/to[2]", None)),
        ("MV102", "json", ("MV102", 5, 3, None, "/to[2]", None)),
        ("MV113", "query", ("MV113", 1, 3, None, None, "no E226 finding in this request; remove it")),
        ("MV113", "json", ("MV113", 2, 3, None, None, "no E226 finding in this request; remove it")),
    ],
)
def test_explain_shows_the_example_in_the_form_asked(code: str, form: str, found: tuple[object, ...]) -> None:
    status, out, err = run("explain", code, "--form", form, "--format", "json")
    assert status == 0 and err == ""
    example = json.loads(out)["example"]
    assert example["form"] == form
    failing = mmsvalidate.validate(example["failing"], form=form)
    assert [(f.code, f.line, f.column, f.location.param, f.field, f.detail) for f in failing.findings] == [found]
    assert mmsvalidate.validate(example["fixed"], form=form).findings == ()
    status, out, err = run("explain", code, "--form", form)
    assert status == 0 and err == "" and f"Fails ({form} form):" in out and "<REQUEST>" not in out


def test_explain_text() -> None:
    code, out, _ = run("explain", "e226")
    assert code == 0
    assert out.startswith("E226: Audio and Video not allowed in same slide.\n")
    assert "Offline check: A slide does not hold both audio and video." in out
    assert "Fails (xml form):" in out and "Fixed:" in out
    assert out.count("<VIDEO>") == 2  # once in the failing request, once on its own slide in the fix
    _, query, _ = run("explain", "E226", "--form", "query")
    assert "Fails (query form):" in query and "&slide_video_url_0=" in query


def test_explain_profile_and_text_only_examples() -> None:
    out = run("explain", "E225")[1]
    assert "With this profile" in out and "    max-slides = 2" in out
    out = run("explain", "MV111", "--form", "json")[1]
    assert "Fails (xml form):" in out and 'type="international"' in out  # exists only as XML


def test_explain_online_code_and_unknown_code() -> None:
    code, out, _ = run("explain", "E104")
    assert code == 0 and "Not checked here: only the API decides it" in out and "Fails" not in out
    code, out, err = run("explain", "E2266")
    assert code == 2 and out == "" and "unknown code 'E2266'; did you mean E226?" in err


def test_explain_json_and_markdown() -> None:
    data = json.loads(run("explain", "E721", "--format", "json")[1])
    assert data["code"] == "E721" and data["rules"]
    assert data["example"]["profile"] == {"known-campaign-refs": ["Campaign123"]}
    assert "<CAMPAIGNREF>Campaign124</CAMPAIGNREF>" in data["example"]["failing"]
    assert run("explain", "E721", "--format", "markdown")[1].startswith("**E721** (error; the API's own code)")


# --- convert ----------------------------------------------------------------------------------


def test_convert_between_forms_keeps_the_request(tmp_path: Path) -> None:
    source = CORPUS / "spec" / "example.xml"
    original = readers.read(source.read_bytes()).request
    for target in ("json", "query", "xml"):
        code, out, err = run("convert", "--to", target, str(source))
        assert code == 0 and err == ""
        assert readers.read(out, target).request == original
    code, out, _ = run("convert", "--to", "query", "--multiline", str(source))
    assert out.count("\n&") > 5 and readers.read(out).request == original
    target_file = tmp_path / "out.json"
    assert run("convert", "--to", "json", "-o", str(target_file), str(source)) == (0, "", "")
    assert readers.read(target_file.read_bytes()).request == original


def test_convert_says_what_is_not_carried_over_and_refuses_non_requests() -> None:
    lossy = VALID_XML.replace("<NAME>", '<CAMPAIGN_REF>x</CAMPAIGN_REF><NAME a="1">')
    code, out, err = run("convert", "--to", "json", "-", input=lossy.encode())
    assert code == 0 and json.loads(out)["name"] == "n"
    assert "-:7: not carried over: MV101" in err and "MV111" in err
    code, out, err = run("convert", "--to", "json", "-", input=VALID_XML.replace("</TO>", "</To>").encode())
    assert code == 1 and out == "" and "cannot convert: E108 XML Parse error: mismatched tag" in err
    assert run("convert", "--to", "json", "no/such/file.xml")[0] == 2


FORMS = ("xml", "query", "json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests, st.sampled_from(FORMS), st.sampled_from(FORMS))
def test_convert_there_and_back_gives_the_same_model(request: Request, start: str, middle: str) -> None:
    assume(writers.query_params(request))
    text = writers.WRITERS[start](request)
    code, there, err = run("convert", "--to", middle, "-", input=text.encode())
    assert code == 0, err
    code, back, err = run("convert", "--to", start, "-", input=there.encode())
    assert code == 0, err
    expected = attrs.evolve(request, slides=tuple(Slide(text="") if s == Slide() else s for s in request.slides))
    assert readers.read(back, start).request == expected
    assert readers.read(there, middle).request == expected


# --- schema -----------------------------------------------------------------------------------


def test_schema_prints_the_shipped_schemas() -> None:
    xsd = run("schema", "--form", "xml")[1]
    assert xsd == schema_text(XSD)
    assert ElementTree.fromstring(xsd).tag == "{http://www.w3.org/2001/XMLSchema}schema"
    assert json.loads(run("schema", "--form", "json")[1]) == json.loads(schema_text(JSON_SCHEMA))
    assert json.loads(run("schema", "--form", "query")[1]) == json.loads(schema_text(QUERY_SCHEMA))
    assert run("schema")[0] == 2
