"""The shipped schemas: valid themselves, found when installed, and agreeing with libxml2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import jsonschema
import pytest
import xmlschema
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate import readers, writers
from mmsvalidate.model import SLOTS, Request
from mmsvalidate.readers import xml as xml_reader
from mmsvalidate.readers import xmltree
from mmsvalidate.readers.xml import XmlDocument
from mmsvalidate.structure import jsonwalk, shipped
from mmsvalidate.structure import xsd as xsdwalk
from tests.conftest import CORPUS, ROOT, VALID_QUERY, VALID_XML, check
from tests.test_properties import requests

XML_FILES = sorted(CORPUS.rglob("*.xml"))


def test_json_schemas_are_valid_2020_12() -> None:
    for name in (shipped.JSON_SCHEMA, shipped.QUERY_SCHEMA):
        schema = jsonwalk.jsonschema_validator(name).schema
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_xsd_is_xsd_1_0_and_every_element_maps_to_a_code() -> None:
    xmlschema.XMLSchema10(str(shipped.schema_path(shipped.XSD)))
    codes = shipped.xsd_codes()
    for tag in ("REQUEST", "TO", "FROM", "SLIDE", "IMAGE", "PASSBOOK", "URL", "DURATION"):
        assert codes[tag] in mmsvalidate.codes.CODES  # type: ignore[attr-defined]


def test_every_json_property_maps_to_a_code() -> None:
    schema = shipped.schema_json(shipped.JSON_SCHEMA)
    for name, node in schema["properties"].items():
        assert node["x-error-code"], name
    assert set(schema["x-required-codes"]) == set(schema["required"])


def libxml2_verdicts(files: list[Path]) -> dict[Path, bool]:
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(shipped.schema_path(shipped.XSD))))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    verdicts = {}
    for file in files:
        if readers.read(file.read_bytes(), "xml").failure is not None:
            continue  # not well-formed, or refused (DTD, entities): nothing for a schema to judge
        verdicts[file] = schema.validate(etree.parse(str(file), parser))
    return verdicts


def xmlschema_verdict(file: Path) -> bool:
    from mmsvalidate.readers import xml

    root, *_ = xml.parse(file.read_bytes())
    return bool(xsdwalk.xmlschema_schema().is_valid(root))


def test_xmlschema_and_libxml2_agree_on_the_corpus() -> None:
    verdicts = libxml2_verdicts(XML_FILES)
    assert len(verdicts) >= 10
    for file, valid in verdicts.items():
        assert xmlschema_verdict(file) == valid, file
    assert any(verdicts.values()) and not all(verdicts.values())


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint is not installed")
def test_xmllint_agrees_on_the_corpus() -> None:
    xsd = str(shipped.schema_path(shipped.XSD))
    for file, valid in libxml2_verdicts(XML_FILES).items():
        run = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", xsd, str(file)], capture_output=True)
        assert (run.returncode == 0) == valid, (file, run.stderr)


def test_schema_findings_are_mapped_to_codes() -> None:
    xml = VALID_XML.replace("<NAME>n</NAME>", '<NAME lang="en">n</NAME><NAEM>x</NAEM>')
    found = {f.code: f for f in check(xml).findings}
    assert found["MV101"].detail is not None and "did you mean <NAME>" in found["MV101"].detail
    assert found["MV101"].line == 7
    assert "MV111" in found
    query = check(VALID_QUERY + "&slide_imag_url_0=x&Subjekt=s").findings
    assert [f.message for f in query] == [
        "Unknown element or parameter slide_imag_url_0.",
        "Unknown element or parameter Subjekt.",
    ]
    assert "did you mean slide_image_url_0?" in (query[0].detail or "")
    assert "did you mean subject?" in (query[1].detail or "")
    typed = check({"action": "sendMMS", "api_key": "k", "to": [1], "from": "60856", "name": "n", "slides": [5]})
    assert {"E110", "E313", "E622"} <= set(typed.codes)


def test_installed_wheel_ships_the_schemas(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    wheel = next(tmp_path.glob("mmsvalidate-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in (shipped.XSD, shipped.JSON_SCHEMA, shipped.QUERY_SCHEMA):
        assert f"mmsvalidate/schemas/{name}" in names
    assert "mmsvalidate/py.typed" in names
    # installed (unpacked on the path) and run from elsewhere, it finds its own schemas
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import mmsvalidate, mmsvalidate.structure.shipped as s;"
        "print(s.schema_path(s.XSD));"
        "print(sorted(mmsvalidate.validate('<REQUEST><NAME a=\\'1\\'>n</NAME></REQUEST>').codes))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    path, codes = out.stdout.splitlines()
    assert Path(path).is_relative_to(site)
    assert "MV111" in codes


# The XSD fast path ------------------------------------------------------------------------------

TAGS = [*(xsdwalk.models() or {}), "FOO", "to"]
blank_or_text = st.sampled_from(["", " ", "\n  ", "x", " y "])


@st.composite
def trees(draw: st.DrawFn, depth: int = 0, tag: str | None = None) -> str:
    tag = tag or draw(st.sampled_from(TAGS))
    attributes = draw(st.sampled_from(["", "", "", ' a="1"']))
    children = [] if depth >= 3 else draw(st.lists(trees(depth + 1), max_size=4))
    parts = [escape(draw(blank_or_text))]
    for child in children:
        parts += [child, escape(draw(blank_or_text))]
    return f"<{tag}{attributes}>{''.join(parts)}</{tag}>"


def _both_verdicts(text: str) -> tuple[bool, bool]:
    """The walk's verdict on the exact reader's tree, and xmlschema's; libxml2's (the XML fast path's first
    question: valid there means nothing left for the walk) must be xmlschema's too."""
    parsed = xml_reader.read(text)
    assert isinstance(parsed.document, XmlDocument)
    walked = not any(xsdwalk.check(parsed.document))
    full = bool(xsdwalk.xmlschema_schema().is_valid(parsed.document.root))
    etree, parser, libxml2, _ = xmltree._tools()
    assert bool(libxml2.validate(etree.fromstring(text.encode("utf-8"), parser))) == full, text
    return walked, full


def test_fast_path_equals_xmlschema_on_the_corpus() -> None:
    compared = 0
    for file in XML_FILES:
        if readers.read(file.read_bytes(), "xml").failure is None:
            fast, full = _both_verdicts(file.read_text(encoding="utf-8"))
            assert fast == full, file
            compared += 1
    assert compared >= 50


@settings(max_examples=400, deadline=None)
@given(trees(tag="REQUEST"))
def test_fast_path_equals_xmlschema_on_generated_trees(text: str) -> None:
    fast, full = _both_verdicts(text)
    assert fast == full, text


@settings(max_examples=200, deadline=None)
@given(requests)
def test_fast_path_equals_xmlschema_on_generated_requests(request: Request) -> None:
    text = writers.to_xml(request)
    # a value holding a character XML forbids (U+FFFE) is no XML to validate: the exact reader refuses it
    # (E100), and so does the fast path, which then leaves it to that reader (tests/test_xml_readers.py)
    assume(xml_reader.read(text).failure is None)
    fast, full = _both_verdicts(text)
    assert fast == full


# The JSON Schema fast path ----------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.just(5.0), st.text(max_size=5)
)
slide_keys = st.sampled_from([*SLOTS, "text", "duration", "Text", "img"])
json_slides = st.one_of(
    json_scalars, st.lists(st.one_of(json_scalars, st.dictionaries(slide_keys, json_scalars, max_size=4)), max_size=3)
)
request_keys = st.sampled_from([*shipped.schema_json(shipped.JSON_SCHEMA)["properties"], "campaignRef", "extra"])
json_documents = st.one_of(
    json_scalars,
    st.lists(json_scalars, max_size=2),
    st.dictionaries(request_keys, json_scalars, max_size=14).flatmap(
        lambda d: json_slides.map(lambda slides: {**d, "slides": slides} if d.get("name") else d)
    ),
)
query_keys = st.sampled_from(
    [
        *shipped.schema_json(shipped.QUERY_SCHEMA)["properties"],
        "slide_image_url_0",
        "slide_text_value_12",
        "slide_duration_01",
        "slide_imag_url_0",
        "Subject",
        "x",
    ]
)


def walked(name: str, document: object) -> bool:
    schema = jsonwalk.walkable(name)
    assert schema is not None
    return not any(jsonwalk.walk(schema, document, lambda path, key: (key, "")))


def full(name: str, document: object) -> bool:
    verdict = bool(jsonwalk.jsonschema_validator(name).is_valid(document))
    # the compiled validator on the hot path must give jsonschema's verdict too
    assert jsonwalk.valid(name, document) is verdict, document
    return verdict


def test_the_compiled_validator_is_installed_and_used() -> None:
    assert jsonwalk.compiled_validator(shipped.JSON_SCHEMA) is not None
    assert jsonwalk.compiled_validator(shipped.QUERY_SCHEMA) is not None


def test_the_walks_are_used_for_the_shipped_schemas() -> None:
    assert xsdwalk.models() is not None
    assert jsonwalk.walkable(shipped.JSON_SCHEMA) is not None
    assert jsonwalk.walkable(shipped.QUERY_SCHEMA) is not None


@settings(max_examples=500, deadline=None)
@given(json_documents)
def test_fast_json_path_equals_jsonschema(document: object) -> None:
    assert walked(shipped.JSON_SCHEMA, document) == full(shipped.JSON_SCHEMA, document)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(query_keys, st.text(max_size=3), max_size=14))
def test_fast_query_path_equals_jsonschema(document: dict[str, str]) -> None:
    assert walked(shipped.QUERY_SCHEMA, document) == full(shipped.QUERY_SCHEMA, document)


def test_fast_json_paths_equal_jsonschema_on_the_corpus() -> None:
    compared = 0
    for file in sorted(CORPUS.rglob("*")):
        if file.suffix not in (".json", ".txt"):
            continue
        parsed = readers.read(file.read_bytes())
        if parsed.failure is None:
            name = shipped.JSON_SCHEMA if parsed.form == "json" else shipped.QUERY_SCHEMA
            assert walked(name, parsed.document) == full(name, parsed.document), file
            compared += 1
    assert compared >= 100


def test_a_mapping_given_as_such_is_walked_not_taken_from_the_compiled_validator() -> None:
    """jsonschema-rs takes a tuple for an array; the JSON form's reader does not, so neither does the check."""
    request = {"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s", "name": "n"}
    assert jsonwalk.valid(shipped.JSON_SCHEMA, {**request, "slides": ({"text": "hi"},)}) is True
    report = mmsvalidate.validate({**request, "slides": ({"text": "hi"},)})
    assert [(f.code, f.field) for f in report.findings] == [("E312", "/slides")]
