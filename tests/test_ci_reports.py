"""What CI servers read: JUnit valid against Jenkins' schema, GitLab paths normalised, SARIF's run outcome."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from mmsvalidate.codes import CODES
from mmsvalidate.diagnostic import Finding, Severity
from mmsvalidate.formats import Checked, gitlab, junit
from mmsvalidate.report import Report
from tests.conftest import ROOT, VALID_XML

#: The JUnit schema of Jenkins' xUnit plugin (tests/data/SOURCES.md).
JUNIT_SCHEMA = ROOT / "tests" / "data" / "junit-10.xsd"


def cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mmsvalidate`` as a fresh process in ``cwd``."""
    environment = {k: v for k, v in os.environ.items() if k != "CI_PROJECT_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "mmsvalidate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, **(env or {})},
    )


def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(JUNIT_SCHEMA))


# --- JUnit ------------------------------------------------------------------------------------


def test_junit_of_the_whole_corpus_is_valid_for_jenkins() -> None:
    schema = junit_schema()
    done = cli("check", "--format", "junit", "corpus/", "no/such/file.xml")
    assert done.returncode == 2
    errors = [str(e.reason) for e in schema.iter_errors(done.stdout)]
    assert errors == []
    document = schema.to_dict(done.stdout)
    cases = {case["@name"]: case for case in document["testsuite"][0]["testcase"]}
    failure = cases["corpus/E226/fail-audio-video.xml"]["failure"][0]
    assert failure["@type"] == "E226"
    # the path stays visible: the testcase's name and the start of each line of the failure's text
    assert failure["$"] == (
        "corpus/E226/fail-audio-video.xml:13:13: E226 Audio and Video not allowed in same slide. (slide 1)"
    )
    assert cases["no/such/file.xml"]["failure"][0]["@type"] == "MV114"
    assert "system-out" in cases["corpus/spec/example.xml"]


def test_junit_with_odd_paths_and_text_is_valid_for_jenkins() -> None:
    schema = junit_schema()
    item = Finding("E313", Severity.ERROR, "Slide 2 is empty.", "bell \x07 <&> \"'", 2)
    warning = Finding("MV109", Severity.WARNING, CODES["MV109"].text)
    odd = [Checked("dir with space/a\x01&<b>.xml", Report((item,))), Checked("-", Report((warning,)))]
    output = junit.render([*odd, Checked("", Report())])
    assert [str(e.reason) for e in schema.iter_errors(output)] == []
    assert junit.render([]) and schema.is_valid(junit.render([]))


# --- GitLab -----------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with a bad request at requests/sub/r.xml."""
    (tmp_path / "requests" / "sub").mkdir(parents=True)
    (tmp_path / "requests" / "sub" / "r.xml").write_text(VALID_XML.replace("60856", "12"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("cwd", "argument"),
    [
        ("", "requests/sub/r.xml"),
        ("", "./requests/sub/r.xml"),
        ("", "requests/../requests/sub/./r.xml"),
        ("requests", "sub/r.xml"),
        ("requests/sub", "r.xml"),
        ("requests/sub", "../../requests/sub/r.xml"),
        ("", "ABSOLUTE"),
    ],
)
def test_gitlab_paths_are_relative_to_the_project_however_named(project: Path, cwd: str, argument: str) -> None:
    named = str(project / "requests" / "sub" / "r.xml") if argument == "ABSOLUTE" else argument
    done = cli("check", "--format", "gitlab", named, cwd=project / cwd, env={"CI_PROJECT_DIR": str(project)})
    assert done.returncode == 1, done.stderr
    assert {issue["location"]["path"] for issue in json.loads(done.stdout)} == {"requests/sub/r.xml"}


def test_gitlab_paths_without_ci_project_dir_are_relative_to_the_working_folder(project: Path) -> None:
    done = cli("check", "--format", "gitlab", "./sub/../sub/r.xml", cwd=project / "requests")
    assert {issue["location"]["path"] for issue in json.loads(done.stdout)} == {"sub/r.xml"}


def test_gitlab_paths_are_relative_to_a_project_named_through_a_link(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # docs/formats.md: relative to CI_PROJECT_DIR however it was named, through a symbolic link too
    link = tmp_path_factory.mktemp("elsewhere") / "project"
    link.symlink_to(project, target_is_directory=True)
    real = str(project / "requests" / "sub" / "r.xml")
    assert gitlab.relative(real, str(link)) == "requests/sub/r.xml"
    assert gitlab.relative(str(link / "requests" / "sub" / "r.xml"), str(project)) == "requests/sub/r.xml"


def test_gitlab_a_path_in_the_project_through_a_link_that_leads_out_of_it_stays_relative(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # docs/formats.md: every path relative to CI_PROJECT_DIR, however it was named: a folder of the project that
    # is a link to one elsewhere is still the project's (links are resolved only when the plain paths don't nest)
    outside = tmp_path_factory.mktemp("common")
    link = project / "requests" / "common"
    link.symlink_to(outside, target_is_directory=True)
    assert gitlab.relative(str(link / "r.xml"), str(project)) == "requests/common/r.xml"
    assert gitlab.relative("requests/common/r.xml", str(project), str(project)) == "requests/common/r.xml"


def test_a_gitlab_issue_without_a_line_is_at_line_1() -> None:
    # docs/formats.md: a finding that has no line (a file not read: MV114) is reported at line 1
    unread = Finding("MV114", Severity.ERROR, "File not checked: gone.")
    (issue,) = json.loads(gitlab.render([Checked("gone.xml", Report((unread,)))], root="/r", cwd="/r"))
    assert issue["location"] == {"path": "gone.xml", "lines": {"begin": 1}}


def test_gitlab_relative_keeps_paths_outside_the_project_absolute() -> None:
    assert gitlab.relative("../../other/r.xml", "/srv/project", "/srv/project/requests") == "/srv/other/r.xml"
    assert gitlab.relative("../other/r.xml", "/srv/project", "/srv/project/requests") == "other/r.xml"
    assert gitlab.relative("../../x.xml", "/srv/project", "/srv/project") == "/x.xml"
    assert gitlab.relative("-", "/srv/project", "/srv/project") == "-"
    assert gitlab.relative("a/./b/../r.xml", None) == "a/r.xml"


# --- SARIF ------------------------------------------------------------------------------------


def sarif_invocation(*args: str) -> tuple[int, dict[str, object]]:
    done = cli("check", "--format", "sarif", *args)
    return done.returncode, json.loads(done.stdout)["runs"][0]["invocations"][0]


def test_sarif_says_whether_the_run_succeeded() -> None:
    assert sarif_invocation("corpus/spec/example.xml") == (0, {"executionSuccessful": True, "exitCode": 0})
    assert sarif_invocation("corpus/E226/fail-audio-video.xml") == (1, {"executionSuccessful": True, "exitCode": 1})
    assert sarif_invocation("corpus/spec/example.xml", "no/such/file.xml") == (
        2,
        {"executionSuccessful": False, "exitCode": 2},
    )


def test_sarif_writes_a_file_names_bytes_that_are_not_utf8_as_percent_encoded_bytes() -> None:
    # an artifactLocation's uri is a URI (SARIF 2.1.0, 3.10.3): a byte of a file name is percent-encoded
    # (RFC 3986, 2.1), whatever it is; a lone surrogate that is no byte is written as its escape instead
    from mmsvalidate.formats.sarif import artifact

    assert artifact(b"a\x80b\xff.xml".decode("utf-8", "surrogateescape")) == {
        "uri": "a%80b%FF.xml",
        "uriBaseId": "%SRCROOT%",
    }


def test_sarif_a_name_of_bytes_and_characters_past_the_surrogates_is_all_percent_encoded_utf8() -> None:
    # U+E000, the first character past the surrogates, is a character like any other: its UTF-8 bytes, beside the
    # name's own byte (0xE9) percent-encoded as it is
    from mmsvalidate.formats.sarif import artifact

    name = b"a\xe9.xml".decode("utf-8", "surrogateescape").replace(".", "\ue000.")
    assert artifact(name) == {"uri": "a%E9%EE%80%80.xml", "uriBaseId": "%SRCROOT%"}


def test_sarif_a_name_of_bytes_and_the_last_character_before_the_surrogates_is_all_percent_encoded_utf8() -> None:
    # U+D7FF, the last character before the surrogates, is a character too: its UTF-8 bytes (ED 9F BF)
    from mmsvalidate.formats.sarif import artifact

    name = b"a\xe9.xml".decode("utf-8", "surrogateescape").replace(".", "\ud7ff.")
    assert artifact(name) == {"uri": "a%E9%ED%9F%BF.xml", "uriBaseId": "%SRCROOT%"}


@pytest.mark.parametrize("surrogate", ["\ud800", "\udc7f", "\udd00", "\udfff"])
def test_sarif_writes_a_lone_surrogate_that_is_no_byte_as_its_escape(surrogate: str) -> None:
    # the surrogates from U+D800 to U+DFFF outside U+DC80-U+DCFF stand for no byte: their backslash escape,
    # percent-encoded, and the name's byte-surrogates as escapes too (one reading for the whole name)
    from mmsvalidate.formats.sarif import artifact

    code = f"%5Cu{ord(surrogate):04x}"
    assert artifact(f"a{surrogate}.xml") == {"uri": f"a{code}.xml", "uriBaseId": "%SRCROOT%"}
    assert artifact(f"\udc80{surrogate}")["uri"] == f"%5Cudc80{code}"


def test_a_gitlab_issue_keeps_its_fingerprint_whatever_other_files_hold() -> None:
    # GitLab compares a merge request's Code Quality issues with its target's by fingerprint: an issue of one
    # file is the same issue whether or not another file of the run has the same finding
    finding = Finding("E313", Severity.ERROR, "Slide 2 is empty.", None, 2)
    alone = json.loads(gitlab.render([Checked("b.xml", Report((finding,)))], root="/r", cwd="/r"))
    both = json.loads(
        gitlab.render([Checked("a.xml", Report((finding,))), Checked("b.xml", Report((finding,)))], root="/r", cwd="/r")
    )
    assert [i["fingerprint"] for i in both if i["location"]["path"] == "b.xml"] == [alone[0]["fingerprint"]]
    assert len({i["fingerprint"] for i in both}) == 2


def test_junit_a_clean_file_has_no_output() -> None:
    # docs/formats.md: a file with errors fails, warnings go to system-out; a clean request has neither
    output = junit.render([Checked("clean.xml", Report())])
    case = ElementTree.fromstring(output).find(".//testcase")
    assert case is not None and list(case) == []


def test_sarif_a_region_has_a_column_only_with_the_findings_own_line() -> None:
    """SARIF regions: startColumn only where the finding has its own line and column; a finding located only by
    its record (MV115) has the record's line and no column; one with neither has no region."""
    from mmsvalidate.diagnostic import Location
    from mmsvalidate.formats.sarif import ROOT as BASE
    from mmsvalidate.formats.sarif import result

    def region(location: Location, record: int | None = None) -> object:
        found = Finding("E226", Severity.ERROR, "Audio and Video not allowed in same slide.", location=location)
        physical = result("a.jsonl", found, 7, record)["locations"][0]["physicalLocation"]  # type: ignore[index]
        assert physical["artifactLocation"] == {"uri": "a.jsonl", "uriBaseId": BASE}
        return physical.get("region")

    assert region(Location(3, 5)) == {"startLine": 3, "startColumn": 5}
    assert region(Location(3)) == {"startLine": 3}
    assert region(Location(None, 5), record=9) == {"startLine": 9}
    assert region(Location(), record=9) == {"startLine": 9}
    assert region(Location(None, 5)) is None


@pytest.mark.parametrize(
    "options",
    [("--format", "json"), ("--format", "gitlab"), ("--format", "sarif"), ("--statistics", "--format", "json")],
)
def test_json_documents_are_indented_by_two_spaces(options: tuple[str, ...]) -> None:
    """docs/formats.md: the JSON documents (``json``, ``gitlab``, ``sarif``, ``--statistics --format json``) are
    indented by two spaces, a line a value, and end with a line break."""
    from click.testing import CliRunner

    from mmsvalidate.cli import main

    done = CliRunner().invoke(main, ["check", "--isolated", *options, str(ROOT / "corpus/E226/fail-audio-video.xml")])
    assert done.exit_code == 1, done.output
    assert done.stdout == json.dumps(json.loads(done.stdout), indent=2, ensure_ascii=False) + "\n"


def test_sarif_rules_are_named_after_their_first_check_and_tagged_by_whose_code_and_where_it_is_checked() -> None:
    """docs/formats.md: a rule is named after the code's first check (MV102 has two), tagged ``vendor`` (the API's
    own codes, docs/reference/codes.md) or ``mmsvalidate``, and ``offline`` or ``online`` (E104: online only)."""
    from mmsvalidate.formats import sarif

    run = json.loads(sarif.render([]))["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert [rules["MV102"]["name"], rules["E226"]["name"]] == ["repeated-values", "audio-or-video"]
    assert rules["E226"]["properties"] == {"tags": ["vendor", "offline"]}
    assert rules["MV109"]["properties"] == {"tags": ["mmsvalidate", "offline"]}
    assert rules["E104"]["properties"] == {"tags": ["vendor", "online"]}
    # without an exit code given, the run is taken as one that found nothing
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]


def test_gitlab_fingerprints_of_findings_differing_in_one_value_are_kept_when_one_goes() -> None:
    """docs/formats.md: an issue keeps its identity (its fingerprint) when others move; two findings of one code
    that differ only in their field, message or detail are two issues, each keeping its own when the other goes."""
    from mmsvalidate.diagnostic import Location

    def warning(message: str, detail: str, field: str, line: int) -> Finding:
        return Finding("MV113", Severity.WARNING, message, detail, field=field, location=Location(line, 6))

    def fingerprints(*findings: Finding) -> list[str]:
        issues = json.loads(gitlab.render([Checked("r.xml", Report(findings))], root="/r", cwd="/r"))
        return [issue["fingerprint"] for issue in issues]

    base = ("Suppression of 'mmsvalidate: ignore E226' has no effect.", "write it as ...", "/a")
    for changed in range(3):  # the message, the detail, the field
        other = tuple(value + "!" if i == changed else value for i, value in enumerate(base))
        first, second = warning(*base, line=1), warning(*other, line=2)
        both = fingerprints(first, second)
        assert len(set(both)) == 2
        assert fingerprints(second) == both[1:] and fingerprints(first) == both[:1], changed


def test_gitlab_a_path_without_a_project_folder_stays_as_given_normalised() -> None:
    """gitlab.relative: without a root a path is only normalised (``..`` and ``.`` resolved, forward slashes)."""
    assert gitlab.relative("/r/a/../b.xml", None) == "/r/b.xml"
    assert gitlab.relative("a/./b/../c.xml", None) == "a/c.xml"
    assert gitlab.relative("b/c.xml", None, cwd="/r/a") == "/r/a/b/c.xml"


def test_sarif_checked_from_the_file_system_root_has_one_slash_after_the_root_uri() -> None:
    # originalUriBaseIds: a base URI ends with one '/' (SARIF 2.1.0, 3.14.14); the root folder's own URI
    # (file:///) already does, and gets no second one
    import json

    from mmsvalidate.formats.sarif import render

    document = json.loads(render([], root="/"))
    assert document["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///"}}


def test_sarif_names_a_relative_file_by_its_plain_path_however_it_was_spelled() -> None:
    # one file is one artifact for code scanning, relative to %SRCROOT% (docs/ci.md): "./requests//a.xml" on the
    # command line is the file requests/a.xml; standard input stays "-"
    from mmsvalidate.formats.sarif import artifact

    assert artifact("./requests//a.xml") == {"uri": "requests/a.xml", "uriBaseId": "%SRCROOT%"}
    assert artifact("requests/./b.xml") == {"uri": "requests/b.xml", "uriBaseId": "%SRCROOT%"}
    assert artifact("-") == {"uri": "-", "uriBaseId": "%SRCROOT%"}


def test_sarif_a_result_carries_the_findings_slide_field_parameter_and_record_and_nothing_else() -> None:
    """docs/formats.md: a SARIF result's properties are its finding's slide, field, query parameter and record,
    those it has and no others."""
    from mmsvalidate.diagnostic import Location
    from mmsvalidate.formats.sarif import result

    text = "Audio and Video not allowed in same slide."
    full = Finding(
        "E226", Severity.ERROR, text, slide=2, field="/slides/1", location=Location(3, 5, "slide_audio_url_1")
    )
    assert result("a.jsonl", full, 7, 4)["properties"] == {
        "slide": 2,
        "field": "/slides/1",
        "param": "slide_audio_url_1",
        "record": 4,
    }
    bare = Finding("E226", Severity.ERROR, text, location=Location(3, 5))
    assert result("a.xml", bare, 7, None)["properties"] == {}
