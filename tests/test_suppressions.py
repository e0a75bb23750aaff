"""Suppression comments in each form: they silence their codes, and one that silences nothing is MV113."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import mmsvalidate
from mmsvalidate.cli import main
from tests.conftest import CORPUS, pinned

PROFILE = pinned()
XML = (CORPUS / "E226" / "fail-audio-video.xml").read_text(encoding="utf-8")
QUERY = (CORPUS / "E226" / "fail-audio-video.txt").read_text(encoding="utf-8")
JSON = json.loads((CORPUS / "E226" / "fail-audio-video.json").read_text(encoding="utf-8"))


def found(content: str, form: str = "auto") -> list[tuple[str, int | None, int | None, str | None]]:
    report = mmsvalidate.validate(content, form=form, profile=PROFILE)
    return [(f.code, f.line, f.column, f.detail) for f in report.findings]


def test_xml_comment_silences_its_codes_for_the_request() -> None:
    assert [code for code, *_ in found(XML)] == ["E226"]
    assert found("<!-- mmsvalidate: ignore[E226] -->\n" + XML) == []
    inside = XML.replace("<NAME>", "<!--mmsvalidate:ignore[E226, MV109]--><NAME>")
    assert found(inside) == [("MV113", 7, 9, "no MV109 finding in this request; remove it")]


def test_unused_unknown_and_malformed_suppressions_are_mv113() -> None:
    unused = found("<!-- mmsvalidate: ignore[E227] -->\n" + XML)
    assert unused[0] == ("MV113", 1, 6, "no E227 finding in this request; remove it")
    assert [code for code, *_ in unused] == ["MV113", "E226"]
    unknown = found("<!-- mmsvalidate: ignore[E226,E999] -->\n" + XML)
    assert unknown == [("MV113", 1, 6, "E999 is not a code of mmsvalidate")]
    malformed = mmsvalidate.validate("<!-- mmsvalidate: ignore E226 -->\n" + XML, profile=PROFILE)
    assert [f.code for f in malformed.findings] == ["MV113", "E226"]
    assert malformed.findings[0].message == "Suppression of 'mmsvalidate: ignore E226' has no effect."
    assert malformed.findings[0].severity.value == "warning"


def test_nothing_is_judged_unused_in_a_request_that_could_not_be_read() -> None:
    broken = "<!-- mmsvalidate: ignore[E226] -->\n" + XML.replace("</TO>", "</To>")
    assert [code for code, *_ in found(broken)] == ["E108"]


def test_cdata_is_not_a_comment() -> None:
    text = XML.replace("Hi! Thank you", "<![CDATA[<!-- mmsvalidate: ignore[E226] -->]]>Hi! Thank you")
    assert [code for code, *_ in found(text)] == ["E226"]


def test_query_hash_lines_are_comments_and_keep_every_location() -> None:
    plain = found(QUERY)
    commented = QUERY.replace("&slide_video", "# mmsvalidate: ignore[E226]\n&slide_video")
    assert found(commented) == []
    noted = QUERY.replace("&slide_audio", "  # the jingle is the spring one\n&slide_audio")
    ((code, line, column, _),) = found(noted)
    assert (code, column) == (plain[0][0], plain[0][2]) and line == plain[0][1] + 1  # type: ignore[operator]
    assert found("# mmsvalidate: ignore[E227]\n" + QUERY)[0][:3] == ("MV113", 1, 3)


def test_json_key_silences_and_is_not_an_unknown_key() -> None:
    document = {"$mmsvalidate": {"ignore": ["E226"]}, **JSON}
    assert found(json.dumps(document, indent=2)) == []
    document["$mmsvalidate"] = {"ignore": "E226"}
    findings = found(json.dumps(document, indent=2))
    assert [code for code, *_ in findings] == ["MV113", "E226"]
    assert findings[0][1:3] == (2, 3) and findings[0][3] == 'write it as {"ignore": ["CODE", ...]}'
    document["$mmsvalidate"] = "mmsvalidate: ignore[E226]"  # the key's value is no comment
    assert [code for code, *_ in found(json.dumps(document, indent=2))] == ["MV113", "E226"]


def test_the_cli_applies_suppressions(tmp_path: Path) -> None:
    request = tmp_path / "r.xml"
    request.write_text("<!-- mmsvalidate: ignore[E226] -->\n" + XML, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(request)])
    assert result.exit_code == 0, result.stdout
    request.write_text("<!-- mmsvalidate: ignore[E227] -->\n" + XML, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(request)])
    assert result.exit_code == 1
    assert f"{request}:1:6: MV113 Suppression of E227 has no effect." in result.stdout
    result = CliRunner().invoke(main, ["check", "--ignore", "MV113", str(request)])
    assert "MV113" not in result.stdout


def test_an_empty_suppression_is_malformed() -> None:
    for written in ("ignore[]", "ignore[ , ]"):
        findings = found(f"<!-- mmsvalidate: {written} -->\n" + XML)
        assert [code for code, *_ in findings] == ["MV113", "E226"]
        assert findings[0] == ("MV113", 1, 6, "name one or more codes, separated by commas")


def test_a_suppression_without_its_closing_bracket_silences_nothing() -> None:
    """docs/configuration.md: a malformed suppression is MV113 and silences nothing: ``ignore[E226`` is not
    ``ignore[E226]``."""
    findings = found("<!-- mmsvalidate: ignore[E226 -->\n" + XML)
    assert [code for code, *_ in findings] == ["MV113", "E226"]
    assert findings[0] == ("MV113", 1, 6, "write it as 'mmsvalidate: ignore[CODE, ...]'")


def test_a_suppression_names_at_most_100_codes() -> None:
    names = ["E226", *(f"E{n}" for n in range(1000, 1099))]  # 100 well-formed names
    hundred = found(f"<!-- mmsvalidate: ignore[{', '.join(names)}] -->\n" + XML)
    assert "E226" not in [code for code, *_ in hundred]
    assert not any("at most" in (detail or "") for *_, detail in hundred)
    over = found(f"<!-- mmsvalidate: ignore[{', '.join(names)}, E1099] -->\n" + XML)
    ((code, line, column, detail),) = found(XML)
    assert over == [("MV113", 1, 6, "name at most 100 codes in one suppression"), (code, line + 1, column, detail)]  # type: ignore[operator]


def test_convert_says_each_plain_comment_and_carries_the_suppression(tmp_path: Path) -> None:
    request = tmp_path / "r.txt"
    request.write_text("# the spring campaign\n# mmsvalidate: ignore[E226]\n" + QUERY, encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", "--to", "xml", str(request)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"mmsvalidate: {request}:1: not carried over: a comment\n"
    assert "<!-- mmsvalidate: ignore[E226] -->" in result.stdout


def test_at_most_100_suppressions_are_read_in_one_request() -> None:
    # docs/configuration.md: at most 100 suppressions are read in one request, the rest being one MV113
    marks = "".join("<!-- mmsvalidate: ignore[E226] -->\n" for _ in range(100))
    hundred = found(marks + XML)
    assert not any("at most" in (detail or "") for *_, detail in hundred)
    assert "E226" not in [code for code, *_ in hundred]
    over = found(marks + "<!-- mmsvalidate: ignore[E226] -->\n<!-- mmsvalidate: ignore[E226] -->\n" + XML)
    limited = [(code, line, column) for code, line, column, detail in over if "at most" in (detail or "")]
    assert limited == [("MV113", 101, 6)]  # the 101st, once, for it and the rest


def test_a_malformed_mark_is_quoted_from_its_first_200_characters() -> None:
    """docs/configuration.md: a malformed suppression is quoted from the first 200 characters from its mark on its
    line, its blanks around it left out, cut to 80 characters."""
    for gap, quoted in ((187, "mmsvalidate:" + " " * 67 + "\u2026"), (188, "mmsvalidate:")):
        text = "# mmsvalidate:" + " " * gap + "x\n" + QUERY  # the x is the mark's 200th, then its 201st character
        report = mmsvalidate.validate(text, profile=PROFILE)
        assert [(f.code, f.message) for f in report.findings] == [
            ("MV113", f"Suppression of '{quoted}' has no effect."),
            ("E226", "Audio and Video not allowed in same slide."),
        ], gap


def test_each_distinct_malformed_suppression_is_its_own_mv113_and_a_repeated_one_is_said_once() -> None:
    """docs/configuration.md: MV113 once per distinct problem: two marks malformed alike but written differently are
    two problems; the same mark written twice is one (at its first place)."""
    text = "# mmsvalidate: ignore E226\n# mmsvalidate: ignore E227\n# mmsvalidate: ignore E226\n" + QUERY
    report = mmsvalidate.validate(text, profile=PROFILE)
    detail = "write it as 'mmsvalidate: ignore[CODE, ...]'"
    assert [(f.code, f.line, f.message, f.detail) for f in report.findings] == [
        ("MV113", 1, "Suppression of 'mmsvalidate: ignore E226' has no effect.", detail),
        ("MV113", 2, "Suppression of 'mmsvalidate: ignore E227' has no effect.", detail),
        ("E226", 11, "Audio and Video not allowed in same slide.", None),  # at its VIDEO parameter (line 8 + 3)
    ]


def test_a_suppression_line_leaves_the_other_findings_in_their_places_and_order() -> None:
    """A comment line above a query request moves its findings one line down and changes nothing else: on one
    line they stay in the order of their columns (an unknown name at column 26 before the bad receiver at 34),
    and the suppression that silences nothing is one MV113 more."""
    query = "action=sendMMS&api_key=k&bogus=1&to=12&from=60856&subject=s&name=n&slide1_text=hi&slide1_duration=x"
    alone = mmsvalidate.validate(query, form="query").findings
    marked = mmsvalidate.validate("# mmsvalidate: ignore[E622]\n" + query, form="query").findings
    places = [(f.code, f.line, f.column) for f in alone]  # 'bogus' starts at column 26, 'to' at 34
    assert places.index(("MV101", 1, 26)) < places.index(("E110", 1, 34))
    assert [(f.code, f.line, f.column) for f in marked] == [("MV113", 1, 3)] + [
        (f.code, f.line + 1, f.column) for f in alone
    ]


def test_a_malformed_mark_at_the_end_of_its_comment_is_quoted_whole() -> None:
    """docs/configuration.md: a malformed suppression is quoted from its mark to the end of its line (here its
    comment's end, with no line break after it), blanks and the comment's close left out."""
    for comment in ("<!--mmsvalidate: ignore E226-->", "<!-- mmsvalidate: ignore E226 -->"):
        report = mmsvalidate.validate(comment + "\n" + XML, profile=PROFILE)
        assert [(f.code, f.line, f.message, f.detail) for f in report.findings] == [
            (
                "MV113",
                1,
                "Suppression of 'mmsvalidate: ignore E226' has no effect.",
                "write it as 'mmsvalidate: ignore[CODE, ...]'",
            ),
            ("E226", 14, "Audio and Video not allowed in same slide.", None),
        ], comment


def test_a_malformed_mark_on_a_query_comment_line_is_quoted_without_a_comments_close_or_trailing_blanks() -> None:
    """docs/configuration.md: a malformed suppression is quoted from its mark on its line, its blanks around it left
    out; an XML comment's close (``-->``) copied onto a query comment line is left out as well."""
    report = mmsvalidate.validate("# mmsvalidate: ignore E226 -->  \t\n" + QUERY, profile=PROFILE)
    assert [(f.code, f.line, f.message, f.detail) for f in report.findings] == [
        (
            "MV113",
            1,
            "Suppression of 'mmsvalidate: ignore E226' has no effect.",
            "write it as 'mmsvalidate: ignore[CODE, ...]'",
        ),
        ("E226", 9, "Audio and Video not allowed in same slide.", None),  # at its VIDEO parameter (line 8 + 1)
    ]
