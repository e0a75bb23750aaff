"""The white space around a value that is none of it is XML's (space, tab, CR, LF: the line breaks and indentation
of a pretty-printed request), not every Unicode space: a TO pasted from a web page or a spreadsheet with a
no-break space after it is not a number (E110), as the API (which trims no such space) reads it; it was read
trimmed, and passed. The same in every form, for every value read trimmed."""

from __future__ import annotations

import json
import urllib.parse

import pytest

import mmsvalidate
from tests.conftest import pinned

BASE = {"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "name": "n", "subject": "s"}
SLIDE = {"image": "http://a.example/x.jpg", "text": "hi", "duration": "5"}
NBSP = "\u00a0"


def _forms(fields: dict[str, str], slide: dict[str, str]) -> dict[str, str]:
    xml = "".join(f"<{k.upper()}>{v}</{k.upper()}>" for k, v in fields.items())
    xml += "<SLIDE><IMAGE><URL>" + slide["image"] + "</URL></IMAGE>"
    xml += f"<TEXT>{slide['text']}</TEXT><DURATION>{slide['duration']}</DURATION></SLIDE>"
    params = [*fields.items(), ("slide_image_url_0", slide["image"])]
    params += [("slide_text_value_0", slide["text"]), ("slide_duration_0", slide["duration"])]
    return {
        "xml": f"<REQUEST>{xml}</REQUEST>",
        "query": urllib.parse.urlencode(params),
        "json": json.dumps({**fields, "slides": [slide]}),
    }


def _found(fields: dict[str, str], slide: dict[str, str]) -> dict[str, list[tuple[object, ...]]]:
    return {
        form: [
            (f.code, f.slide, f.field, f.detail)
            for f in mmsvalidate.validate(text, form=form, profile=pinned()).findings
        ]
        for form, text in _forms(fields, slide).items()
    }


E110 = ("E110", None, "/to", f"'14158586273{NBSP}' must be digits only, in international format without '+' or '00'")
E111 = (
    "E111",
    None,
    "/from",
    f"'{NBSP}60856' is neither a shortcode (3-8 digits) nor a longcode in international format",
)
E230 = ("E230", 1, "/slides/0/duration", f"'5{NBSP}' is not a whole number of seconds")
E241 = ("E241", 1, "/slides/0/image", f"'{NBSP}http://a.example/x.jpg' is not an absolute http(s) URL")


@pytest.mark.parametrize(
    ("fields", "slide", "expected"),
    [
        ({**BASE, "to": f"14158586273{NBSP}"}, SLIDE, [E110]),
        ({**BASE, "from": f"{NBSP}60856"}, SLIDE, [E111]),
        (BASE, {**SLIDE, "duration": f"5{NBSP}"}, [E230]),
        (BASE, {**SLIDE, "image": f"{NBSP}http://a.example/x.jpg"}, [E241]),
        # an ideographic space, a line separator: no more white space around a value than a no-break space
        ({**BASE, "to": "14158586273\u3000"}, SLIDE, [(*E110[:3], E110[3].replace(NBSP, "\u3000"))]),
        ({**BASE, "to": "14158586273\u2028"}, SLIDE, [(*E110[:3], E110[3].replace(NBSP, "\u2028"))]),
    ],
)
def test_a_unicode_space_around_a_value_is_part_of_it_in_every_form(
    fields: dict[str, str], slide: dict[str, str], expected: list[tuple[object, ...]]
) -> None:
    assert _found(fields, slide) == {"xml": expected, "query": expected, "json": expected}


def test_xml_white_space_around_a_value_is_still_none_of_it() -> None:
    fields = {**BASE, "to": " \t14158586273\r\n ", "from": "\n60856 "}
    assert _found(fields, {**SLIDE, "duration": " 5\t", "image": " http://a.example/x.jpg\n"}) == {
        "xml": [],
        "query": [],
        "json": [],
    }


def test_the_response_echoes_a_to_with_its_no_break_space() -> None:
    text = _forms({**BASE, "to": f" 14158586273{NBSP} "}, SLIDE)["json"]
    answer = mmsvalidate.api_response(mmsvalidate.validate(text, form="json", profile=pinned()))
    assert f"<TO>14158586273{NBSP}</TO>" in answer and "<ERRORCODE>E110</ERRORCODE>" in answer
