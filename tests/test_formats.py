"""Each output format read back by its consumer: the SARIF schema, a JUnit reader, GitLab's and the runner's parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import attrs
import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mmsvalidate.cli import FORMATS, main, use_color
from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import Finding, Location, Severity
from mmsvalidate.formats import (
    NAMES,
    Checked,
    github,
    gitlab,
    junit,
    printable,
    renderers,
    response,
    sarif,
    statistics,
    text,
)
from mmsvalidate.report import Report
from tests.conftest import ROOT, SPEC, VALID_XML

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
FAILING = "corpus/E226/fail-audio-video.xml"
WARNING_ONLY = "corpus/spec/example.xml"
MANY = "corpus/E313/fail-blank-text.xml"

#: The schema GitLab's own report parser checks each Code Quality issue against before it keeps it
#: (gitlab app/validators/json_schemas/codeclimate.json), and the fields its documentation requires.
GITLAB_PARSER_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["description", "fingerprint", "severity", "location"],
    "properties": {
        "description": {"type": "string"},
        "fingerprint": {"type": "string"},
        "severity": {"type": "string"},
        "location": {
            "type": "object",
            "properties": {
                "path": {"type": "string"},
                "lines": {"type": "object", "properties": {"begin": {"type": "integer"}}},
                "positions": {
                    "type": "object",
                    "properties": {"begin": {"type": "object", "properties": {"line": {"type": "integer"}}}},
                },
            },
        },
    },
    "additionalProperties": True,
}
GITLAB_DOCUMENTED = {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
        "check_name": {"type": "string", "minLength": 1},
        "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
        "location": {
            "type": "object",
            "required": ["path", "lines"],
            "properties": {
                "path": {"type": "string", "not": {"pattern": "^(/|\\./)"}},
                "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"minimum": 1}}},
            },
        },
    },
}


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in these tests are relative to the repository, as a CI job gives them."""
    monkeypatch.chdir(ROOT)
    for name in ("NO_COLOR", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def finding(code: str, line: int | None = 3, column: int | None = 5, detail: str | None = None) -> Finding:
    entry = CODES[code]
    return Finding(code, entry.severity, entry.render(2), detail, 2, "/slides/1/text", Location(line, column))


SAMPLE = [
    Checked("req/bad.xml", Report((finding("E313", detail="TEXT is blank"), finding("MV107", 9, None)), "xml"), "1415"),
    Checked("req/warn.txt", Report((finding("MV109", None, None),), "query"), None),
    Checked("req/good.json", Report((), "json"), "14158586273"),
]


def test_every_format_has_a_module_and_the_cli_offers_them_all() -> None:
    assert set(renderers()) == set(NAMES) == set(FORMATS)


def test_text_snapshot() -> None:
    assert text.render(SAMPLE) == (
        "req/bad.xml:3:5: E313 Slide 2 is empty. (slide 2: TEXT is blank)\n"
        "req/bad.xml:9: MV107 Subject longer than 2 characters. (slide 2)\n"
        "req/warn.txt: MV109 Receiver number is possible but not a valid number for its country. (slide 2)\n"
        "Checked 3 files: 1 error, 2 warnings; 1 file failed.\n"
    )
    assert text.render(SAMPLE, quiet=True).count("\n") == 3


def test_text_colour_only_on_request_or_a_terminal_and_never_with_no_color() -> None:
    assert "\x1b[" in text.render(SAMPLE, color=True) and "\x1b[" not in text.render(SAMPLE)
    assert "\x1b[" not in run("check", FAILING)[1]  # not a terminal
    assert "\x1b[1;31mE226\x1b[0m" in run("check", "--color", "always", FAILING)[1]
    assert "\x1b[" not in run("check", "--color", "never", FAILING)[1]


def test_auto_colour_is_for_terminals_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert use_color("auto", to_file=False)
    assert not use_color("auto", to_file=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", to_file=False) and use_color("always", to_file=False)
    monkeypatch.setenv("NO_COLOR", "")  # set but empty: no effect, as the convention says
    assert use_color("auto", to_file=False)


def test_json_format_is_one_document() -> None:
    code, out, _ = run("check", "--format", "json", FAILING, WARNING_ONLY)
    document = json.loads(out)
    assert code == 1
    assert [f["path"] for f in document["files"]] == [FAILING, WARNING_ONLY]
    assert document["summary"] == {"files": 2, "requests": 2, "failed": 1, "errors": 1, "warnings": 1}
    # failed counts the requests with an error (docs/cli.md), not those without
    document = json.loads(run("check", "--format", "json", FAILING, MANY, WARNING_ONLY)[1])
    assert document["summary"]["failed"] == 2 and document["summary"]["files"] == 3


# --- GitHub Actions ---------------------------------------------------------------------------


def _runner_unescape(value: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for token, replacement in pairs:
        value = value.replace(replacement, token)
    return value


_PROPERTY = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))
_DATA = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))


def runner_parse(line: str) -> tuple[str, dict[str, str], str] | None:
    """The Actions runner's reading of a workflow command (ActionCommand.TryParseV2), transcribed."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name not in ("error", "warning", "notice", "debug"):
        return None
    properties: dict[str, str] = {}
    if space > 0:
        for item in info[space + 1 :].strip().split(","):
            pair = [part for part in item.split("=", 1) if part]
            if item and len(pair) == 2:
                properties[pair[0].lower()] = _runner_unescape(pair[1], _PROPERTY)
    return name, properties, _runner_unescape(message[end + 2 :], _DATA)


def test_github_snapshot_and_runner_reading() -> None:
    out = github.render(SAMPLE)
    assert out.splitlines()[0] == (
        "::error file=req/bad.xml,line=3,col=5,title=E313::E313 Slide 2 is empty. (slide 2: TEXT is blank)"
    )
    parsed = [runner_parse(line) for line in out.splitlines()]
    assert parsed[1] == (
        "warning",
        {"file": "req/bad.xml", "line": "9", "title": "MV107"},
        "MV107 Subject longer than 2 characters. (slide 2)",
    )
    assert parsed[2] is not None and parsed[2][1] == {"file": "req/warn.txt", "title": "MV109"}
    assert len(parsed) == 3  # a clean file gives no command


def test_github_from_the_cli_one_command_per_finding() -> None:
    code, out, _ = run("check", "--format", "github", FAILING, WARNING_ONLY)
    error, warning = (runner_parse(line) for line in out.splitlines())
    assert code == 1
    assert error is not None and warning is not None
    assert error[:2] == ("error", {"file": FAILING, "line": "13", "col": "13", "title": "E226"})
    assert error[2] == "E226 Audio and Video not allowed in same slide. (slide 1)"
    assert warning[:2] == ("warning", {"file": WARNING_ONLY, "line": "4", "col": "5", "title": "MV109"})


@given(st.text(), st.text(min_size=1))
def test_github_escaping_survives_the_runner(detail: str, path: str) -> None:
    item = Finding("E313", Severity.ERROR, "Slide 2 is empty.", detail or None, None, None, Location(1, 1))
    lines = github.render([Checked(path, Report((item,)))]).split("\n")
    assert len(lines) == 2 and lines[1] == ""  # one command, whatever the text holds
    parsed = runner_parse(lines[0])
    assert parsed is not None
    _, properties, data = parsed
    shown = printable(path)  # control characters reach the log as escapes, never as themselves
    if shown.strip() == shown and path != "-":  # the runner trims a property list's ends
        assert properties["file"] == shown
    assert data == printable("E313 " + ("Slide 2 is empty." + (f" ({detail})" if detail else "")))


# --- SARIF ------------------------------------------------------------------------------------


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_oasis_schema() -> None:
    validator = sarif_validator()
    code, out, _ = run("check", "--format", "sarif", FAILING, WARNING_ONLY, str(ROOT / MANY))
    document = json.loads(out)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert code == 1
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    results = run_["results"]
    assert [r["ruleId"] for r in results][:2] == ["E226", "MV109"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": FAILING, "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 13, "startColumn": 13}
    absolute = results[-1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert absolute["uri"] == (ROOT / MANY).as_uri()
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"


def test_sarif_rule_help_is_the_explain_text() -> None:
    rules = {r["id"]: r for r in json.loads(sarif.render([]))["runs"][0]["tool"]["driver"]["rules"]}
    help_text = rules["E226"]["help"]["text"]
    assert help_text.startswith("E226: Audio and Video not allowed in same slide.\n")
    assert "Offline check: A slide does not hold both audio and video." in help_text
    assert "Fails (xml form):" in help_text and "Fixed:" in help_text
    assert help_text.rstrip("\n") == run("explain", "E226")[1].rstrip("\n")  # what `mmsvalidate explain` prints
    assert "```xml" in rules["E226"]["help"]["markdown"]
    assert rules["E226"]["fullDescription"]["text"] == "A slide does not hold both audio and video."
    assert rules["E226"]["name"] == "audio-or-video" and "name" not in rules["E104"]
    assert rules["E104"]["defaultConfiguration"] == {"level": "error"}
    assert rules["MV109"]["defaultConfiguration"] == {"level": "warning"}


def test_sarif_odd_paths_stay_valid() -> None:
    validator = sarif_validator()
    odd = [Checked("dir with space/ä#1.xml", Report((finding("E313"),))), Checked("-", Report((finding("MV109"),)))]
    document = json.loads(sarif.render(odd))
    assert not list(validator.iter_errors(document))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]]
    assert uris[0] == "dir%20with%20space/%C3%A4%231.xml"


# --- JUnit ------------------------------------------------------------------------------------


def test_junit_read_by_junitparser() -> None:
    junitparser = pytest.importorskip("junitparser")
    code, out, _ = run("check", "--format", "junit", FAILING, WARNING_ONLY, "corpus/E226/pass-image-audio.xml")
    assert code == 1
    xml = junitparser.JUnitXml.fromstring(out.encode())
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    assert len(suites) == 1 and suites[0].tests == 3 and suites[0].failures == 1 and suites[0].errors == 0
    cases = {case.name: case for case in suites[0]}
    assert set(cases) == {FAILING, WARNING_ONLY, "corpus/E226/pass-image-audio.xml"}
    failed = cases[FAILING]
    assert not failed.is_passed
    (failure,) = failed.result
    assert isinstance(failure, junitparser.Failure)
    assert failure.type == "E226"
    assert failure.message == "1 error (E226): E226 Audio and Video not allowed in same slide."
    assert f"{FAILING}:13:13: E226 Audio and Video not allowed in same slide. (slide 1)" in failure.text
    assert cases[WARNING_ONLY].is_passed and "MV109" in cases[WARNING_ONLY].system_out
    assert cases["corpus/E226/pass-image-audio.xml"].is_passed


def test_junit_carries_control_characters_as_well_formed_xml() -> None:
    item = Finding("E313", Severity.ERROR, "Slide 2 is empty.", "bell \x07 and nul \x00", 2)
    document = ElementTree.fromstring(junit.render([Checked("a\x01.xml", Report((item,)))]).encode())
    failure = document.find("testsuite/testcase/failure")
    assert failure is not None and "bell \\x07 and nul \\x00" in (failure.text or "")  # as the text format shows them


# --- GitLab Code Quality ----------------------------------------------------------------------


def test_gitlab_issues_pass_gitlabs_parser_schema_and_documented_fields() -> None:
    code, out, _ = run("check", "--format", "gitlab", FAILING, WARNING_ONLY, str(ROOT / MANY))
    issues = json.loads(out)
    assert code == 1 and isinstance(issues, list) and len(issues) >= 3
    for issue in issues:
        jsonschema.Draft7Validator(GITLAB_PARSER_SCHEMA).validate(issue)
        jsonschema.Draft7Validator(GITLAB_DOCUMENTED).validate(issue)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[0]["location"] == {"path": FAILING, "lines": {"begin": 13}}
    assert issues[0]["severity"] == "major" and issues[1]["severity"] == "minor"
    assert issues[-1]["location"]["path"] == MANY  # made relative to the project


def test_gitlab_fingerprints_ignore_line_moves_and_stay_unique() -> None:
    moved = [
        Checked(c.path, Report(tuple(attrs.evolve(f, location=Location(99, 1)) for f in c.report.findings)))
        for c in SAMPLE
    ]
    before = [i["fingerprint"] for i in json.loads(gitlab.render(SAMPLE))]
    after = [i["fingerprint"] for i in json.loads(gitlab.render(moved))]
    assert before == after
    twice = json.loads(gitlab.render([SAMPLE[0], SAMPLE[0]]))
    assert len({i["fingerprint"] for i in twice}) == 4


def test_gitlab_paths_relative_to_ci_project_dir(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "r.xml").write_text(VALID_XML.replace("60856", "12"))
    _, out, _ = run(
        "check", "--format", "gitlab", str(tmp_path / "sub" / "r.xml"), env={"CI_PROJECT_DIR": str(tmp_path)}
    )
    assert json.loads(out)[0]["location"]["path"] == "sub/r.xml"


# --- the API's own response -------------------------------------------------------------------


def spec_failure_example() -> ElementTree.Element:
    spec = SPEC.read_text(encoding="utf-8")
    block = re.search(r"Response Example: Failure\s*(<RESPONSE>.*?</RESPONSE>)", spec, re.S)
    assert block is not None
    return ElementTree.fromstring(block[1])


def test_response_matches_the_specs_failure_example(tmp_path: Path) -> None:
    example = spec_failure_example()
    request = tmp_path / "r.xml"
    request.write_text(VALID_XML.replace("<FROM>60856</FROM>", "<FROM>12</FROM>").replace("14158586273", "15551234888"))
    code, out, _ = run("check", "--format", "response", str(request))
    ours = ElementTree.fromstring(out)
    assert code == 1
    assert [e.tag for e in ours] == [e.tag for e in example] == ["STATUS", "ERRORCODE", "TO", "ERRORINFO"]
    for tag in ("STATUS", "ERRORCODE", "TO"):
        assert ours.findtext(tag) == example.findtext(tag), tag
    # The spec's example drops the table's final period ("Invalid shortcode"); the documented text is given.
    assert ours.findtext("ERRORINFO") == CODES["E111"].text
    assert (ours.findtext("ERRORINFO") or "").rstrip(".") == (example.findtext("ERRORINFO") or "").rstrip(".")
    assert out.startswith("<RESPONSE>\n    <STATUS>Failure</STATUS>\n")


def test_response_snapshot_success_and_several_files() -> None:
    assert response.render([SAMPLE[2]]) == (
        "<RESPONSE>\n"
        "    <STATUS>Success</STATUS>\n"
        "    <TO>14158586273</TO>\n"
        "    <STATUSDETAILS>MMS request accepted and queued for delivery</STATUSDETAILS>\n"
        "</RESPONSE>\n"
    )
    wrapped = ElementTree.fromstring(response.render(SAMPLE))
    assert wrapped.tag == "RESPONSES"
    files = wrapped.findall("FILE")
    assert [f.get("PATH") for f in files] == [c.path for c in SAMPLE]
    assert [f.findtext("RESPONSE/STATUS") for f in files] == ["Failure", "Success", "Success"]
    assert files[0].findtext("RESPONSE/ERRORCODE") == "E313" and files[0].findtext("RESPONSE/TO") == "1415"
    assert files[1].find("RESPONSE/TO") is None  # no TO in that request


def test_response_first_error_from_the_cli_for_stdin() -> None:
    broken = VALID_XML.replace("</TO>", "</To>")
    result = CliRunner().invoke(main, ["check", "--format", "response", "-"], input=broken.encode())
    ours = ElementTree.fromstring(result.stdout)
    assert result.exit_code == 1
    assert ours.findtext("ERRORCODE") == "E108" and ours.find("TO") is None
    assert (ours.findtext("ERRORINFO") or "").startswith("XML Parse error: mismatched tag")


# --- statistics and the shared options --------------------------------------------------------


def test_statistics_text_and_json() -> None:
    assert statistics.render(SAMPLE) == (
        "1  E313   error    Slide X is empty.\n"
        "1  MV107  warning  Subject longer than X characters.\n"
        "1  MV109  warning  Receiver number is possible but not a valid number for its country.\n"
        "3  total  (1 error, 2 warnings in 3 files)\n"
    )
    code, out, _ = run("check", "--statistics", "--format", "json", "corpus/E226", "corpus/E227")
    assert code == 1
    assert json.loads(out) == [
        {"code": "E226", "count": 3, "severity": "error", "text": CODES["E226"].text},
        {"code": "E227", "count": 3, "severity": "error", "text": CODES["E227"].text},
    ]
    assert run("check", "--statistics", "--format", "sarif", FAILING)[0] == 2


def test_output_file_exit_zero_and_quiet(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    code, out, _ = run("check", "--format", "sarif", "--output-file", str(target), FAILING)
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert run("check", "--exit-zero", FAILING)[0] == 0
    assert run("check", "--exit-zero", FAILING, "no/such/file.xml")[0] == 2
    code, out, _ = run("check", "--quiet", FAILING, WARNING_ONLY)
    assert code == 1 and len(out.splitlines()) == 2 and "Checked" not in out
    assert run("check", "--quiet", "corpus/E226/pass-image-audio.xml")[1] == ""
    assert run("check", "--output-file", str(tmp_path / "missing" / "out.txt"), FAILING)[0] == 2


def test_readme_preflight_snippet_answers_like_the_api() -> None:
    from tests.docs import page

    snippet = re.search(r"\*\*A web service\*\*.*?```python\n(.*?)```", page("docs/ci.md"), re.S)
    assert snippet is not None
    assert "mmsvalidate.formats" not in snippet[1] and "mmsvalidate.readers" not in snippet[1]  # public API only
    namespace: dict[str, object] = {"__name__": "readme"}
    exec(compile(snippet[1], "docs/ci.md", "exec"), namespace)
    preflight = namespace["preflight"]

    def call(body: str) -> ElementTree.Element | None:
        answer = preflight(body.encode())  # type: ignore[operator]
        return None if answer is None else ElementTree.fromstring(answer)

    failing = call(VALID_XML)  # the snippet's profile enforces the campaign check
    assert failing is not None
    assert [failing.findtext(t) for t in ("STATUS", "ERRORCODE", "TO")] == ["Failure", "E718", "14158586273"]
    assert call(VALID_XML.replace("<NAME>", "<CAMPAIGNREF>Campaign123</CAMPAIGNREF><NAME>")) is None
    query = call("action=sendMMS&api_key=k&to=1415&from=60856&subject=s&name=n&slide_text_value_0=hi")
    assert query is not None and [query.findtext(t) for t in ("ERRORCODE", "TO")] == ["E110", "1415"]
    deep = call("<REQUEST>" + "<A>" * 40 + "</A>" * 40 + "</REQUEST>")  # MV112: answered as the API would
    assert deep is not None and [deep.findtext(t) for t in ("ERRORCODE", "TO")] == ["E100", None]


def test_a_file_names_bytes_that_are_not_utf8_are_escaped_as_bytes_other_surrogates_as_themselves() -> None:
    # docs/security.md: lone surrogates as backslash escapes, `\xff` for a file name's byte that is not UTF-8;
    # such a byte (0x80 to 0xFF) is read as U+DC80 to U+DCFF, so the surrogates around that range are no byte
    name = b"a\x80b\xff".decode("utf-8", "surrogateescape")
    assert printable(name) == "a\\x80b\\xff"
    assert printable("\udc7f \udd00 \ud800") == "\\udc7f \\udd00 \\ud800"


def test_every_format_the_docs_name_renders() -> None:
    table = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert len(documented) == 8 and set(documented) <= set(renderers())


def test_a_campaign_file_is_one_file_of_as_many_requests_as_records(tmp_path: Path) -> None:
    # docs/bulk.md: a record is a request; the summary counts files and requests
    campaign = tmp_path / "c.jsonl"
    request = json.dumps(
        {"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s", "name": "n"}
        | {"slides": [{"text": "Hi"}]}
    )
    campaign.write_text(f"{request}\n{request}\n")
    other = tmp_path / "d.jsonl"
    other.write_text(f"{request}\n{request}\n")
    code, out, _ = run("check", str(campaign), str(other), FAILING)
    assert code == 1
    assert out.splitlines()[-1] == "Checked 3 files (5 requests): 1 error, 0 warnings; 1 request failed."
    summary = json.loads(run("check", "--format", "json", str(campaign), str(other), FAILING)[1])["summary"]
    assert (summary["files"], summary["requests"], summary["failed"]) == (3, 5, 1)


def test_a_campaign_file_counts_once_whatever_entries_it_gives() -> None:
    # docs/bulk.md and the README: "Checked N files", a JSON Lines or CSV file of many requests is one file;
    # an entry for a part of it that was not checked (MV114) between its records does not make it two
    from mmsvalidate.cli.blocks import block
    from mmsvalidate.formats.text import files_of

    lost = Report((finding("MV114", None, None),))
    entries = [
        Checked("c.jsonl", Report(()), record=1),
        Checked("c.jsonl", lost),
        Checked("c.jsonl", Report(()), record=9),
        Checked("a.xml", Report(())),
        Checked("d.csv", Report(()), record=2),
    ]
    assert files_of(entries) == 3
    assert json.loads(renderers()["json"](entries))["summary"]["files"] == 3
    assert block(entries, ()).files == 2  # the files begun after the first entry's
    # a run with a campaign file among its files counts requests too (docs/bulk.md)
    last = "Checked 3 files (5 requests): 1 error, 0 warnings; 1 request failed."
    assert renderers()["text"](entries).splitlines()[-1] == last
    assert renderers()["text"](entries[3:4]).splitlines()[-1] == "Checked 1 file: 0 errors, 0 warnings; 0 files failed."


def test_statistics_most_frequent_first_then_by_code() -> None:
    # docs/formats.md: how many findings of each code, most frequent first, equal counts by code
    e226 = Finding("E226", Severity.ERROR, CODES["E226"].text)
    mv109 = Finding("MV109", Severity.WARNING, CODES["MV109"].text)
    e313 = Finding("E313", Severity.ERROR, "Slide 2 is empty.")
    results = [Checked("a.xml", Report((mv109, e313, e313))), Checked("b.xml", Report((e226,)))]
    assert statistics.counts(results) == [("E313", 2), ("E226", 1), ("MV109", 1)]


def _escaped_by_spec(char: str) -> bool:
    """C0, DEL and C1 controls, the line and paragraph separators, lone surrogates (docs/security.md)."""
    code = ord(char)
    return code <= 0x1F or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF


@given(st.text(st.characters(codec=None, exclude_categories=())))
def test_printable_escapes_exactly_the_controls_separators_and_surrogates(text: str) -> None:
    shown = printable(text)
    assert not any(_escaped_by_spec(c) for c in shown)
    assert (shown == text) == (not any(_escaped_by_spec(c) for c in text))


def test_checked_entries_compare_and_hash_by_their_values() -> None:
    report = Report((Finding("E110", Severity.ERROR, "Invalid receiver number."),))
    assert Checked("a.xml", report) == Checked("a.xml", report)
    assert hash(Checked("a.xml", report, record=2)) == hash(Checked("a.xml", report, record=2))
    assert Checked("a.xml", report) != Checked("b.xml", report)
    assert Checked("a.xml", report, record=2) != Checked("a.xml", report)
    assert Checked("a.xml", report) != Checked("a.xml", Report(()))
    assert Checked("a.xml", report) != ("a.xml", report, None, None, 1)  # not a tuple
