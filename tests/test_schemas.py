"""The shipped schemas: valid themselves, found when installed, and agreeing with libxml2."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import xmlschema

import mmsvalidate
from mmsvalidate import readers, schemas
from tests.conftest import CORPUS, ROOT, VALID_QUERY, VALID_XML, check

XML_FILES = sorted(CORPUS.rglob("*.xml"))


def test_json_schemas_are_valid_2020_12() -> None:
    for name in (schemas.JSON_SCHEMA, schemas.QUERY_SCHEMA):
        schema = schemas.json_validator(name).schema
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_xsd_is_xsd_1_0_and_every_element_maps_to_a_code() -> None:
    xmlschema.XMLSchema10(str(schemas.schema_path(schemas.XSD)))
    codes = schemas.xsd_codes()
    for tag in ("REQUEST", "TO", "FROM", "SLIDE", "IMAGE", "PASSBOOK", "URL", "DURATION"):
        assert codes[tag] in mmsvalidate.codes.CODES  # type: ignore[attr-defined]


def test_every_json_property_maps_to_a_code() -> None:
    schema = schemas.json_validator(schemas.JSON_SCHEMA).schema
    for name, node in schema["properties"].items():
        assert node["x-error-code"], name
    assert set(schema["x-required-codes"]) == set(schema["required"])


def libxml2_verdicts(files: list[Path]) -> dict[Path, bool]:
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(schemas.schema_path(schemas.XSD))))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    verdicts = {}
    for file in files:
        if readers.read(file.read_bytes(), "xml").failure is not None:
            continue  # not well-formed, or refused (DTD, entities): nothing for a schema to judge
        verdicts[file] = schema.validate(etree.parse(str(file), parser))
    return verdicts


def xmlschema_verdict(file: Path) -> bool:
    from mmsvalidate.readers import xml

    root, _ = xml.parse(file.read_bytes())
    return schemas._xsd().is_valid(root)


def test_xmlschema_and_libxml2_agree_on_the_corpus() -> None:
    verdicts = libxml2_verdicts(XML_FILES)
    assert len(verdicts) >= 10
    for file, valid in verdicts.items():
        assert xmlschema_verdict(file) == valid, file
    assert any(verdicts.values()) and not all(verdicts.values())


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint is not installed")
def test_xmllint_agrees_on_the_corpus() -> None:
    xsd = str(schemas.schema_path(schemas.XSD))
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
    for name in (schemas.XSD, schemas.JSON_SCHEMA, schemas.QUERY_SCHEMA):
        assert f"mmsvalidate/schemas/{name}" in names
    assert "mmsvalidate/py.typed" in names
