"""``check``'s options as users reach for them: ruff's names, every profile field, stdin, repeats, empty input."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from mmsvalidate.profile import Profile

FAILING = "corpus/E226/fail-audio-video.xml"


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_output_format_is_an_alias_of_format() -> None:
    for name in ("json", "github", "sarif"):
        assert run("check", "--output-format", name, FAILING) == run("check", "--format", name, FAILING)
    assert "--format, --output-format" in run("check", "--help")[1]


def test_every_profile_field_has_an_option_that_reaches_the_profile() -> None:
    given = {
        "max_slides": ("--max-slides", "3", "max-slides = 3"),
        "max_slide_text": ("--max-slide-text", "100", "max-slide-text = 100"),
        "max_total_text": ("--max-total-text", "200", "max-total-text = 200"),
        "min_duration": ("--min-duration", "2", "min-duration = 2"),
        "max_duration": ("--max-duration", "30", "max-duration = 30"),
        "max_subject": ("--max-subject", "40", "max-subject = 40"),
        "max_from_mask": ("--max-from-mask", "8", "max-from-mask = 8"),
        "enforce_campaign_check": ("--enforce-campaign-check", None, "enforce-campaign-check = true"),
        "known_campaign_refs": ("--campaign-ref", "Spring", 'known-campaign-refs = ["Spring"]'),
        "require_operator_id": ("--require-operator-id", None, "require-operator-id = true"),
        "blocked_numbers": ("--blocked-number", "14155550100", 'blocked-numbers = ["14155550100"]'),
        "query_gaps_are_slides": ("--query-gaps", "skip", "query-gaps-are-slides = false"),
        "week_and_ordinal_dates": ("--week-and-ordinal-dates", None, "week-and-ordinal-dates = true"),
        "every_query_stripped": ("--audio-video-queries-stripped", None, "every-query-stripped = false"),
        "max_request_bytes": ("--max-request-bytes", "5000", "max-request-bytes = 5000"),
        "max_depth": ("--max-depth", "6", "max-depth = 6"),
        "max_items": ("--max-items", "300", "max-items = 300"),
        "max_slides_read": ("--max-slides-read", "20", "max-slides-read = 20"),
        "max_findings": ("--max-findings", "50", "max-findings = 50"),
        "clock": ("--now", "2027-01-31T12:00:00Z", "# now: 2027-01-31T12:00:00+00:00"),
    }
    assert set(given) == {field.name for field in attrs.fields(Profile)}
    for flag, value, shown in given.values():
        args = [flag] if value is None else [flag, value]
        code, out, err = run("check", "--isolated", "--show-settings", *args, FAILING)
        assert code == 0, err
        assert shown in out.splitlines(), flag


def test_profile_limit_options_change_the_findings() -> None:
    code, out, _ = run("check", "--isolated", "--quiet", "--max-items", "5", "corpus/spec/example.xml")
    assert code == 1
    assert out == "corpus/spec/example.xml:6:5: MV112 Request not checked: more than 5 elements.\n"


def test_statistics_ends_with_the_totals() -> None:
    code, out, _ = run("check", "--statistics", "corpus/E226", "corpus/spec")
    assert code == 1
    assert out == (
        "3  E226   error    Audio and Video not allowed in same slide.\n"
        "3  MV109  warning  Receiver number is possible but not a valid number for its country.\n"
        "6  total  (3 errors, 3 warnings in 9 files)\n"
    )
    assert (
        run("check", "--statistics", "corpus/E226/pass-image-audio.xml")[1]
        == "0  total  (0 errors, 0 warnings in 1 file)\n"
    )


def test_stdin_filename_without_stdin_is_a_usage_error() -> None:
    code, _, err = run("check", "--stdin-filename", "requests/a.xml", FAILING)
    assert code == 2
    assert "--stdin-filename names the request read from '-'; give '-' among the paths" in err


def test_a_path_named_twice_is_checked_once() -> None:
    code, out, _ = run("check", FAILING, "./" + FAILING, "corpus/E226/../E226/fail-audio-video.xml")
    assert code == 1
    assert out == (
        "corpus/E226/fail-audio-video.xml:13:13: E226 Audio and Video not allowed in same slide. (slide 1)\n"
        "Checked 1 file: 1 error, 0 warnings; 1 file failed.\n"
    )
    _, out, _ = run("check", "--quiet", "corpus/E226", FAILING)
    assert out.count("fail-audio-video.xml") == 1
    assert run("check", "corpus/E226", "corpus/E226")[1].endswith(
        "Checked 6 files: 3 errors, 0 warnings; 3 files failed.\n"
    )


def test_stdin_named_twice_is_read_once() -> None:
    request = Path(FAILING).read_bytes()
    code, out, _ = run("check", "-", "-", input=request)
    assert code == 1
    assert out == (
        "-:13:13: E226 Audio and Video not allowed in same slide. (slide 1)\n"
        "Checked 1 file: 1 error, 0 warnings; 1 file failed.\n"
    )


def test_a_folder_without_request_files_is_said(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    code, out, err = run("check", str(tmp_path))
    assert code == 0
    assert out == "Checked 0 files: 0 errors, 0 warnings; 0 files failed.\n"
    assert err == f"mmsvalidate: warning: no request files found in {tmp_path}\n"


@pytest.mark.parametrize(
    ("content", "form", "line"),
    [
        (
            b"",
            "auto",
            "E100 Invalid request. Make a valid request via GET/POST/XML with all the required variables."
            " (the request is empty)",
        ),
        (
            b" \r\n\t\n",
            "auto",
            "E100 Invalid request. Make a valid request via GET/POST/XML with all the required"
            " variables. (the request is empty)",
        ),
        (
            b"\xef\xbb\xbf\n",
            "json",
            "E100 Invalid request. Make a valid request via GET/POST/XML with all the"
            " required variables. (the request is empty)",
        ),
        (b"", "xml", "E108 XML Parse error: the request is empty."),
    ],
)
def test_an_empty_file_is_said_to_be_empty(tmp_path: Path, content: bytes, form: str, line: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    code, out, _ = run("check", "--quiet", "--form", form, str(empty))
    assert code == 1
    assert out == f"{empty}:1:1: {line}\n"


def test_show_files_lists_what_would_be_checked_and_checks_nothing() -> None:
    code, out, err = run("check", "--show-files", "corpus/E718", FAILING, FAILING)
    assert code == 0 and err == ""
    assert out == (
        "corpus/E718/fail-empty-campaignref.txt\n"
        "corpus/E718/fail-no-campaignref.json\n"
        "corpus/E718/fail-no-campaignref.xml\n"
        "corpus/E718/pass-campaignref.xml\n"
        "corpus/E718/not-enforced/pass-not-enforced.txt\n"
        "corpus/E226/fail-audio-video.xml\n"
    )
    code, _, err = run("check", "--show-files", "no/such/file.xml")
    assert code == 2 and err == "mmsvalidate: no/such/file.xml: no such file or folder\n"


def test_show_settings_prints_the_resolved_profile_and_selection() -> None:
    code, out, _ = run(
        "check", "--show-settings", "--select", "E7", "--extend-select", "MV113", "corpus/E718/not-enforced"
    )
    assert code == 0
    assert out == (
        "# Resolved settings for: corpus/E718/not-enforced/pass-not-enforced.txt\n"
        "# Settings path: corpus/E718/not-enforced/mmsvalidate.toml\n"
        'form = "auto"\n'
        "max-slides = 8\n"
        "max-slide-text = 5000\n"
        "# max-total-text: not set (no limit)\n"
        "min-duration = 1\n"
        "max-duration = 60\n"
        "max-subject = 80\n"
        "max-from-mask = 11\n"
        "enforce-campaign-check = false\n"
        "# known-campaign-refs: not set (not checked)\n"
        "require-operator-id = false\n"
        "blocked-numbers = []\n"
        "query-gaps-are-slides = true\n"
        "week-and-ordinal-dates = false\n"
        "every-query-stripped = true\n"
        "max-request-bytes = 1048576\n"
        "max-depth = 32\n"
        "max-items = 10000\n"
        "max-slides-read = 1000\n"
        "max-findings = 1000\n"
        'select = ["E715", "E718", "E721", "MV113"]\n'
        'include = ["*.xml", "*.json", "*.txt", "*.query", "*.qs", "*.url"]\n'
        "exclude = []\n"
        "online = false\n"
    )
    enforced = run("check", "--show-settings", "corpus/E718/fail-no-campaignref.xml")[1]
    assert "# Settings path: corpus/E718/mmsvalidate.toml\n" in enforced
    assert "enforce-campaign-check = true\n" in enforced
