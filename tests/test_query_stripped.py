"""Which content URLs' queries the API strips: every one (the default reading), or only AUDIO's and VIDEO's, the
two URLs the spec's footnote marks ("Any parameters passed in the URL are not supported and will be stripped
out"), with ``every_query_stripped`` off (``--audio-video-queries-stripped``, ``every-query-stripped = false``).
MV103 warns where a query is stripped. Each form, every finding compared whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import mmsvalidate
from mmsvalidate.cli import main
from tests.conftest import pinned

IMAGE = "http://a.example/x.jpg?id=7"
AUDIO = "http://a.example/y.mp3?id=8"
FIELDS = {"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "name": "n", "subject": "s"}

#: The request in each form, one value a line: its six fields (lines 2-7 of XML and JSON, 1-6 of the query),
#: then slide 1's IMAGE and slide 2's AUDIO, each with a query.
XML = "\n".join(
    [
        "<REQUEST>",
        *(f"<{k.upper()}>{v}</{k.upper()}>" for k, v in FIELDS.items()),
        f"<SLIDE><IMAGE><URL>{IMAGE}</URL></IMAGE></SLIDE>",
        f"<SLIDE><AUDIO><URL>{AUDIO}</URL></AUDIO></SLIDE>",
        "</REQUEST>",
    ]
)
QUERY = "\n&".join(
    [
        *(f"{k}={v}" for k, v in FIELDS.items()),
        "slide_image_url_0=http://a.example/x.jpg%3Fid%3D7",
        "slide_audio_url_1=http://a.example/y.mp3%3Fid%3D8",
    ]
)
JSON = "\n".join(
    [
        "{",
        *(f'"{k}": "{v}",' for k, v in FIELDS.items()),
        '"slides": [',
        f'{{"image": "{IMAGE}"}},',
        f'{{"audio": "{AUDIO}"}}',
        "]",
        "}",
    ]
)
TEXTS = {"xml": XML, "query": QUERY, "json": JSON}
MV103 = "Parameters in a content URL are not supported and will be stripped."
#: Where each URL's finding is: XML, the URL element after ``<SLIDE><IMAGE>`` (or ``<AUDIO>``); the query form,
#: its parameter after the line's ``&``; JSON, the slot's key at the start of its line.
IMAGE_AT = {"xml": (8, 15), "query": (7, 2), "json": (9, 2)}
AUDIO_AT = {"xml": (9, 15), "query": (8, 2), "json": (10, 2)}


def image_row(form: str) -> tuple[object, ...]:
    return ("MV103", MV103, 1, "/slides/0/image", *IMAGE_AT[form], "'?id=7' in IMAGE")


def audio_row(form: str) -> tuple[object, ...]:
    return ("MV103", MV103, 2, "/slides/1/audio", *AUDIO_AT[form], "'?id=8' in AUDIO")


def found(form: str, **options: object) -> list[tuple[object, ...]]:
    report = mmsvalidate.validate(TEXTS[form], form=form, profile=pinned(**options))
    return [(f.code, f.message, f.slide, f.field, f.line, f.column, f.detail) for f in report.findings]


@pytest.mark.parametrize("form", sorted(TEXTS))
def test_every_querys_stripped_by_default_so_each_is_warned(form: str) -> None:
    assert found(form) == [image_row(form), audio_row(form)]
    assert found(form, every_query_stripped=True) == [image_row(form), audio_row(form)]


@pytest.mark.parametrize("form", sorted(TEXTS))
def test_with_the_switch_off_only_audio_and_video_are_warned(form: str) -> None:
    assert found(form, every_query_stripped=False) == [audio_row(form)]


def test_video_is_a_footnoted_slot_too() -> None:
    text = JSON.replace('"audio": "http://a.example/y.mp3?id=8"', '"video": "http://a.example/y.mp4?id=8"')
    video = mmsvalidate.validate(text, form="json", profile=pinned(every_query_stripped=False)).findings
    assert [(f.code, f.slide, f.field, f.line, f.column, f.detail) for f in video] == [
        ("MV103", 2, "/slides/1/video", 10, 2, "'?id=8' in VIDEO")
    ]


def test_the_switch_is_a_profile_field_checked_as_the_others() -> None:
    with pytest.raises(TypeError, match=r"^Profile\.every_query_stripped is True or False, not str$"):
        mmsvalidate.Profile(every_query_stripped="no")  # type: ignore[arg-type]


def _codes(args: list[str], path: Path) -> list[tuple[str, str]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args, str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    return [(f["code"], f["field"]) for f in document["files"][0]["findings"]]


@pytest.fixture
def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.json"
    path.write_text(JSON, encoding="utf-8")
    return path


def test_the_command_lines_option_sets_it(request_file: Path) -> None:
    both = [("MV103", "/slides/0/image"), ("MV103", "/slides/1/audio")]
    assert _codes([], request_file) == both
    assert _codes(["--every-query-stripped"], request_file) == both
    assert _codes(["--audio-video-queries-stripped"], request_file) == [("MV103", "/slides/1/audio")]


def test_the_configurations_key_sets_it(request_file: Path) -> None:
    (request_file.parent / "mmsvalidate.toml").write_text("every-query-stripped = false\n", encoding="utf-8")
    assert _codes([], request_file) == [("MV103", "/slides/1/audio")]
    assert _codes(["--every-query-stripped"], request_file) == [
        ("MV103", "/slides/0/image"),
        ("MV103", "/slides/1/audio"),
    ]
