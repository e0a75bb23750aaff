"""Readers translate each form into the same model and remember where each value was written."""

from __future__ import annotations

import json
from types import MappingProxyType

import pytest

from mmsvalidate import Profile, readers
from mmsvalidate.diagnostic import Location
from mmsvalidate.model import Request, Slide
from mmsvalidate.readers.base import Failure
from tests.conftest import CORPUS, VALID_QUERY, VALID_XML


def test_detect_by_first_character() -> None:
    assert readers.detect("  \n<REQUEST/>") == "xml"
    assert readers.detect(b"\xef\xbb\xbf<REQUEST/>") == "xml"
    assert readers.detect("<?xml version='1.0'?><REQUEST/>".encode("utf-16")) == "xml"
    assert readers.detect('{"action": "sendMMS"}') == "json"
    assert readers.detect(b"[1]") == "json"
    assert readers.detect("action=sendMMS&to=1") == "query"
    assert readers.detect("https://host/api?action=sendMMS") == "query"
    assert readers.detect(b"") == "query"


def test_spec_examples_read_to_the_same_model() -> None:
    xml = readers.read((CORPUS / "spec" / "example.xml").read_bytes())
    get = readers.read((CORPUS / "spec" / "example-get.txt").read_bytes())
    assert xml.form == "xml" and get.form == "query"
    assert xml.request is not None and get.request is not None
    assert xml.request.to == "15551234888"
    assert xml.request.subject == get.request.subject == "Free coupon!"
    assert xml.request.action == "sendMMS" and get.request.action == "sendmms"
    assert xml.request.slides == get.request.slides
    assert xml.request.slides[1] == Slide(
        passbook="http://www.yoursite.com/pass/coupon.pkpass",
        text="As a new member, here's a free coupon from us!\\nPlease enjoy!",
        duration="5",
    )


def test_xml_positions_are_line_and_column_of_the_element() -> None:
    parsed = readers.read(VALID_XML)
    assert parsed.where("/to").line == 4 and parsed.where("/to").column == 5
    assert parsed.where("/slides/0/image").line == 9
    assert parsed.where("/slides/0/duration").line == 11
    # an absent value is located at its nearest written ancestor
    assert parsed.where("/slides/0/video").line == 8
    assert parsed.where("/campaignref").line == 1


def test_xml_text_keeps_line_breaks_and_top_level_order_is_free() -> None:
    parsed = readers.read("<REQUEST><SLIDE><TEXT>a\n  b\r\n</TEXT></SLIDE><NAME>n</NAME><TO>1</TO></REQUEST>")
    assert parsed.request == Request(to="1", name="n", slides=(Slide(text="a\n  b\n"),))


def test_xml_repeats_keep_the_first_and_are_located() -> None:
    parsed = readers.read("<REQUEST>\n<TO>1</TO>\n<TO>2</TO>\n</REQUEST>")
    assert parsed.request is not None
    assert parsed.request.to == "1"
    assert parsed.request.repeated == ("/to[2]",)
    assert parsed.where("/to[2]").line == 3


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<REQUEST><TO>1</REQUEST>", "syntax"),
        ("<!DOCTYPE r [<!ENTITY a 'b'>]><REQUEST>&a;</REQUEST>", "refused"),
        ("<RESPONSE/>", "not-a-request"),
        ("", "syntax"),
    ],
)
def test_xml_failures(text: str, kind: str) -> None:
    parsed = readers.read(text, "xml")
    assert parsed.failure is not None and parsed.failure.kind == kind


def test_query_one_line_url_and_case_insensitive_names() -> None:
    parsed = readers.read("https://host/api/index.php?ACTION=sendMMS&To=1&Slide_Text_Value_0=a+b%21")
    assert parsed.request == Request(action="sendMMS", to="1", slides=(Slide(text="a b!"),))
    assert parsed.where("/to").param == "To"
    assert parsed.where("/slides/0/text").column == 48


def test_query_broken_before_each_ampersand_has_lines() -> None:
    parsed = readers.read("action=sendMMS\n&to=1\n&name=Membership coupon\n")
    assert parsed.request == Request(action="sendMMS", to="1", name="Membership coupon")
    assert parsed.where("/name").line == 3
    assert parsed.where("/name").column == 2


def test_query_slides_group_by_number_and_gaps_are_empty_slides() -> None:
    parsed = readers.read("slide_text_value_2=c&slide_image_url_0=http://h/a.jpg&slide_duration_0=5")
    assert parsed.request is not None
    assert parsed.request.slides == (Slide(image="http://h/a.jpg", duration="5"), Slide(), Slide(text="c"))
    skipped = readers.read("slide_text_value_2=c&slide_text_value_0=a", profile=Profile(query_gaps_are_slides=False))
    assert skipped.request is not None
    assert skipped.request.slides == (Slide(text="a"), Slide(text="c"))
    assert skipped.where("/slides/1/text").column == 1


def test_query_repeats_keep_the_last() -> None:
    parsed = readers.read("to=1&to=2")
    assert parsed.request is not None
    assert parsed.request.to == "2" and parsed.request.repeated == ("/to[2]",)


def test_json_form_and_pointer_positions() -> None:
    text = json.dumps(
        {"action": "sendMMS", "to": 15551234888, "slides": [{"image": "http://h/a.jpg", "duration": 5}]}, indent=1
    )
    parsed = readers.read(text)
    assert parsed.request == Request(
        action="sendMMS", to="15551234888", slides=(Slide(image="http://h/a.jpg", duration="5"),)
    )
    assert parsed.where("/to").line == 3
    assert parsed.where("/slides/0/duration").line == 7


def test_json_dict_source_and_failures() -> None:
    assert readers.read({"name": "n"}).request == Request(name="n")
    bad = readers.read('{"to": }')
    assert bad.failure is not None and bad.failure.kind == "syntax" and bad.failure.location.line == 1
    array = readers.read("[1, 2]")
    assert array.failure is not None and array.failure.kind == "not-a-request"


def test_undecodable_bytes_are_a_failure_not_an_exception() -> None:
    parsed = readers.read(b"action=\xff\xfe\xfa", "query")
    assert parsed.failure is not None and "UTF-8" in parsed.failure.message


def test_valid_query_reads() -> None:
    parsed = readers.read(VALID_QUERY)
    assert parsed.request is not None and parsed.request.slides[0].duration == "5"


def test_query_hash_lines_are_comments_and_every_other_line_keeps_its_number() -> None:
    """README, Suppressing: a query line starting with ``#`` is a comment; every other line keeps its number."""
    text = "\n# a note\naction=sendMMS\n  # mmsvalidate: ignore[E228]\n&to=1\n\t#x\n&name=n#no comment\n"
    parsed = readers.read(text)
    assert parsed.request == Request(action="sendMMS", to="1", name="n#no comment")
    assert [mark.location for mark in parsed.marks] == [Location(4, 1)]
    assert parsed.comments == (Location(2, 1), Location(6, 1))
    assert parsed.where("/action") == Location(3, 1, param="action")
    assert parsed.where("/to") == Location(5, 2, param="to")
    assert parsed.where("/name") == Location(7, 2, param="name")


def test_query_only_a_mark_or_only_a_note_or_no_hash_line() -> None:
    marked = readers.read("action=sendMMS\n# mmsvalidate: ignore[E228]\n&to=1")
    assert marked.request == Request(action="sendMMS", to="1")
    assert [mark.location for mark in marked.marks] == [Location(2, 1)] and marked.comments == ()
    noted = readers.read("action=sendMMS\r\n# a note\r\n&to=1")
    assert noted.request == Request(action="sendMMS", to="1")
    assert noted.marks == () and noted.comments == (Location(2, 1),)
    inside = readers.read("action=sendMMS&subject=a#b")
    assert inside.request == Request(action="sendMMS", subject="a#b")
    assert inside.marks == () and inside.comments == ()


def test_query_slide_number_too_long_to_read_counts_above_every_readable_one() -> None:
    """A slide number past the limit is named; one too long to read is above any readable number."""
    for text, column in (
        ("slide_text_value_999999999=b&slide_text_value_1234567890=a", 30),
        ("slide_text_value_1234567890=a&slide_text_value_999999999=b", 1),
    ):
        failure = readers.read(text).failure
        assert failure == Failure(
            "limit",
            "slide number 1234567890: more than 1000 slides",
            Location(1, column, param="slide_text_value_1234567890"),
        )


def test_json_values_limit_counts_members_and_items_not_the_request_itself() -> None:
    """README, Profile: max_items counts JSON values (members and items), in text as in a dict."""
    text = '{"slides": [{}, {}, {}]}'  # 4 values: the slides member and its 3 items; 5 brackets, depth 3
    for source in (text, json.loads(text)):
        assert readers.read(source, profile=Profile(max_depth=3, max_items=4)).failure is None
        assert readers.read(source, profile=Profile(max_depth=3, max_items=3)).failure == Failure(
            "limit", "more than 3 values", Location(1, 1)
        )


def test_json_depth_counts_nested_values_not_brackets_in_strings() -> None:
    """README, Profile: max_depth is how deep JSON values nest (the request's object is depth 1), in text as in a
    dict; brackets inside strings are text."""
    text = '{"x": {"y": {"z": "[[[[{{{{"}}, "to": [[]]}'  # the objects under x and y: depth 3
    for source in (text, json.loads(text)):
        assert readers.read(source, profile=Profile(max_depth=3)).failure is None
        assert readers.read(source, profile=Profile(max_depth=2)).failure == Failure(
            "limit", "nesting depth over 2", Location(1, 1)
        )


def test_json_limits_come_before_a_syntax_error() -> None:
    """README, Profile: a text past a reading limit is refused as such, even when it is not valid JSON."""
    unclosed = '{"slides": [{}, {}, {}]'  # 4 values (the member and its 3 items), 5 brackets, never closed
    for depth in (3, 5, 32):  # whatever the depth limit, one its 5 brackets reach or not
        assert readers.read(unclosed, profile=Profile(max_depth=depth, max_items=3)).failure == Failure(
            "limit", "more than 3 values", Location(1, 1)
        )
    failure = readers.read(unclosed, profile=Profile(max_depth=3, max_items=4)).failure
    assert failure is not None and failure.kind == "syntax"
    assert readers.read("[" * 5_000).failure == Failure(
        "limit", "nesting depth over 32", Location(1, 1)
    )  # too deep to decode
    open_32 = "[" * 32 + '"[["'  # 32 levels left open, brackets in a string besides: not over the depth of 32
    failure = readers.read(open_32).failure
    assert failure is not None and failure.kind == "syntax"
    assert readers.read("[" + open_32).failure == Failure("limit", "nesting depth over 32", Location(1, 1))


def test_json_mapping_of_any_kind_is_read_as_a_dict() -> None:
    """A read-only mapping (and a slide given as one) is a JSON object all the same."""
    document = {"to": "15551234888", "slides": [{"text": "Hi", "duration": 5}]}
    frozen = MappingProxyType({"to": "15551234888", "slides": [MappingProxyType({"text": "Hi", "duration": 5})]})
    assert readers.read(frozen).request == readers.read(document).request
    assert readers.read(document).request == Request(to="15551234888", slides=(Slide(text="Hi", duration="5"),))


def test_json_brackets_left_open_past_the_depth_limit() -> None:
    """Forty brackets opened and never closed nest past the default depth of 32: not read further."""
    assert readers.read("[" * 40).failure == Failure("limit", "nesting depth over 32", Location(1, 1))


def test_json_dict_with_a_key_that_is_no_string() -> None:
    assert readers.read({1: "a"}).failure == Failure("not-a-request", "a key that is not a string: 1", Location(1, 1))


def test_json_positions_stay_the_same_after_many_lookups() -> None:
    """Each value is located at its start (a member at its key), however many times positions are asked."""
    text = '{"action": "sendMMS",\n"to": "1",\n"slides": [\n{"text": "a"},\n  {"text": "b"}\n]}'
    expected = {
        "": Location(1, 1),
        "/action": Location(1, 2),
        "/to": Location(2, 1),
        "/slides": Location(3, 1),
        "/slides/0": Location(4, 1),
        "/slides/0/text": Location(4, 2),
        "/slides/1": Location(5, 3),
        "/slides/1/text": Location(5, 4),
    }
    parsed = readers.read(text)
    for _ in range(3):
        assert {pointer: parsed.locate(pointer) for pointer in expected} == expected


def test_json_repeats_are_counted_per_object() -> None:
    """README, JSON form: a repeated key keeps the last value and MV102 points at each repeat."""
    text = '{"slides": [{"text": "a"},\n{"text": "b",\n "text": "c"}],\n "to[1]": "x", "to": "1"}'
    parsed = readers.read(text)
    assert parsed.request == Request(to="1", slides=(Slide(text="a"), Slide(text="c")), repeated=("/slides/1/text[2]",))
    assert parsed.where("/slides/1/text[2]") == Location(3, 2)
    assert parsed.where("/slides/1/text") == Location(3, 2)
    assert parsed.where("/to[1]") == Location(4, 2)
    assert parsed.where("/to") == Location(4, 16)


def test_xml_comment_that_is_no_mark_is_located_at_its_start() -> None:
    parsed = readers.read("<REQUEST>\n  <!-- a note -->\n<TO>1</TO></REQUEST>")
    assert parsed.request == Request(to="1")
    assert parsed.marks == () and parsed.comments == (Location(2, 3),)


def test_json_text_starting_with_a_line_break_is_located_from_line_one() -> None:
    parsed = readers.read('\n{"to": "1"}')
    assert parsed.request == Request(to="1")
    assert parsed.locate("") == Location(2, 1)
    assert parsed.locate("/to") == Location(2, 2)


def test_cells_past_the_parameter_limit_are_refused_at_the_first_cell_over_it() -> None:
    """A CSV row of more parameters than the profile's ``max_items`` is not read: the limit's failure (MV112),
    at the cell that passes it; a row at the limit is read."""
    from mmsvalidate.readers.query import read_pairs

    pairs = [(f"x{n}", "1", Location(2, 1 + 3 * n)) for n in range(4)]
    over = read_pairs(pairs, Profile(max_items=3)).failure
    assert over == Failure("limit", "more than 3 parameters", Location(2, 10))
    at = read_pairs(pairs[:3], Profile(max_items=3)).failure
    assert at is not None and at.kind != "limit"  # read, and found to be no sendMMS request


def test_an_unknown_name_with_a_slash_or_tilde_is_located_where_it_is_written() -> None:
    """An unknown name's MV101 is located at the name, whatever characters it holds: a ``/`` or ``~`` in
    it is escaped in its JSON pointer (RFC 6901), so it is found where it is written, not at the request's start."""
    import mmsvalidate

    text = (
        '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "Hello", "name": "n",\n'
        ' "a/b": 1, "c~d": 2, "slides": [{"text": "hi", "q/r": 1}]}'
    )
    json_key = "not part of a sendMMS request as a JSON key"
    assert [(f.code, f.line, f.column, f.message, f.detail) for f in mmsvalidate.validate(text).findings] == [
        ("MV101", 2, 2, "Unknown element or parameter 'a/b'.", json_key),
        ("MV101", 2, 12, "Unknown element or parameter 'c~d'.", json_key),
        ("MV101", 2, 48, "Unknown element or parameter 'q/r'.", "not part of a sendMMS request at '/slides/0'"),
    ]
    query = "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=Hello&name=n&a/b=1&c~d=2&slide_text_value_0=Hi"
    parameter = "not part of a sendMMS request as a parameter"
    assert [(f.code, f.line, f.column, f.message, f.detail) for f in mmsvalidate.validate(query).findings] == [
        ("MV101", 1, 73, "Unknown element or parameter a/b.", parameter),  # after 72 characters of parameters
        ("MV101", 1, 79, "Unknown element or parameter c~d.", parameter),
    ]


def test_an_int_too_long_to_write_out_is_failed_where_the_locator_puts_it() -> None:
    """A decoded request (a dict) may hold an int of more digits than Python writes out, which no client could
    send: the request is not read, and the failure is where the caller's locator puts that value (nowhere without
    one)."""
    import sys

    from mmsvalidate.readers.json import read_object

    digits = sys.get_int_max_str_digits()
    big = 10**digits  # one digit more than Python writes out
    places = {"/to": Location(2, 5), "/slides/0/text": Location(4, 9)}
    said = f"an integer of more than {digits:,} digits, which can't be sent"
    assert read_object({"to": big}, locate=places.get).failure == Failure(
        "not-a-request", f"/to: {said}", Location(2, 5)
    )
    in_slide = read_object({"to": "1", "slides": [{"text": big}]}, locate=places.get).failure
    assert in_slide == Failure("not-a-request", f"/slides/0/text: {said}", Location(4, 9))
    assert read_object({"to": big}).failure == Failure("not-a-request", f"/to: {said}", Location())
