"""Conformance across the forms: one request written by hand as an XML body, a GET query string and the JSON form
gives the same findings, whole; and the documented readings of where the forms differ (docs/readings.md)."""

from __future__ import annotations

import pytest

from mmsvalidate import Report
from tests.conftest import check

HEAD_XML = """<REQUEST>
    <ACTION>sendMMS</ACTION>
    <API_KEY>k</API_KEY>
    <TO>14158586273</TO>
    <FROM>60856</FROM>
    <SUBJECT>s</SUBJECT>
    <NAME>n</NAME>
"""
HEAD_QUERY = "action=sendmms&api_key=k&to=14158586273&from=60856&subject=s&name=n"
HEAD_JSON = '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s", "name": "n", '

#: (what breaks one rule, expected (code, message, slide, field, detail), XML slides, query slide parameters, JSON
#: slides). Each text is the spec's: its error tables and the readings of docs/readings.md.
TWINS = [
    (
        # "E226 Audio and Video not allowed in same slide."
        [("E226", "Audio and Video not allowed in same slide.", 2, "/slides/1/video", None)],
        "<SLIDE><TEXT>a</TEXT></SLIDE><SLIDE><AUDIO><URL>http://x.com/a.mp3</URL></AUDIO>"
        "<VIDEO><URL>http://x.com/a.mp4</URL></VIDEO></SLIDE>",
        "slide_text_value_0=a&slide_audio_url_1=http://x.com/a.mp3&slide_video_url_1=http://x.com/a.mp4",
        '[{"text": "a"}, {"audio": "http://x.com/a.mp3", "video": "http://x.com/a.mp4"}]',
    ),
    (
        # "E230 Bad X slide duration." (DURATION: "The duration of a slide displayed in seconds (integer)")
        [("E230", "Bad 1 slide duration.", 1, "/slides/0/duration", "'5.5' is not a whole number of seconds")],
        "<SLIDE><TEXT>a</TEXT><DURATION>5.5</DURATION></SLIDE>",
        "slide_text_value_0=a&slide_duration_0=5.5",
        '[{"text": "a", "duration": "5.5"}]',
    ),
    (
        # "E313 Slide X is empty.": a duration alone is no content
        [("E313", "Slide 2 is empty.", 2, "/slides/1", None)],
        "<SLIDE><TEXT>a</TEXT></SLIDE><SLIDE><DURATION>5</DURATION></SLIDE>",
        "slide_text_value_0=a&slide_duration_1=5",
        '[{"text": "a"}, {"duration": 5}]',
    ),
    (
        # "E229 Content not allowed.": an MP3 is no IMAGE
        [
            (
                "E229",
                "Content not allowed.",
                1,
                "/slides/0/image",
                "a .mp3 file in IMAGE, which takes bmp, gif, jpe, jpeg, jpg, png, wbmp, webp",
            )
        ],
        "<SLIDE><IMAGE><URL>http://x.com/a.mp3</URL></IMAGE></SLIDE>",
        "slide_image_url_0=http://x.com/a.mp3",
        '[{"image": "http://x.com/a.mp3"}]',
    ),
    (
        # "E629 Unrecognized content type."
        [("E629", "Unrecognized content type.", 1, "/slides/0/pdf", "'.docx' in PDF")],
        "<SLIDE><PDF><URL>http://x.com/a.docx</URL></PDF></SLIDE>",
        "slide_pdf_url_0=http://x.com/a.docx",
        '[{"pdf": "http://x.com/a.docx"}]',
    ),
    (
        # "E223 More than one object is not allowed in the same slide."
        [("E223", "More than one object is not allowed in the same slide.", 1, "/slides/0/ical", "VCARD and ICAL")],
        "<SLIDE><VCARD><URL>http://x.com/a.vcf</URL></VCARD><ICAL><URL>http://x.com/a.ics</URL></ICAL></SLIDE>",
        "slide_vcard_url_0=http://x.com/a.vcf&slide_ical_url_0=http://x.com/a.ics",
        '[{"vcard": "http://x.com/a.vcf", "ical": "http://x.com/a.ics"}]',
    ),
]


def whole(report: Report) -> list[tuple[object, ...]]:
    return [(f.code, f.message, f.slide, f.field, f.detail) for f in report.findings]


@pytest.mark.parametrize(("expected", "xml", "query", "json"), TWINS)
def test_one_request_in_each_form_gives_the_same_findings(
    expected: list[tuple[object, ...]], xml: str, query: str, json: str
) -> None:
    assert whole(check(HEAD_XML + xml + "\n</REQUEST>\n")) == expected
    assert whole(check(HEAD_QUERY + "&" + query)) == expected
    assert whole(check(HEAD_JSON + '"slides": ' + json + "}")) == expected


def test_a_query_parameter_that_names_no_slide_member_makes_no_slide() -> None:
    # docs/readings.md, "Query slide numbers": the spec's GET names slide_image_url_#, not slide_image_#; the
    # parameter is unknown (MV101) and the request has no slide ("E312 No slides."). An XML <SLIDE> holding only an
    # unknown element is a slide, and an empty one ("E313 Slide X is empty.").
    query = check(HEAD_QUERY + "&slide_image_0=http://x.com/a.jpg")
    assert [(f.code, f.message, f.slide) for f in query.findings] == [
        ("E312", "No slides.", None),
        ("MV101", "Unknown element or parameter slide_image_0.", None),
    ]
    xml = check(HEAD_XML + "<SLIDE><IMG><URL>http://x.com/a.jpg</URL></IMG></SLIDE></REQUEST>")
    assert [(f.code, f.message, f.slide) for f in xml.findings] == [
        ("E313", "Slide 1 is empty.", 1),
        ("MV101", "Unknown element or parameter <IMG>.", 1),
    ]
