"""The quiet predicates' documented edges: what their docstrings promise is quiet is, and one past it is not.

quiet_request: ACTION sendMMS, API_KEY, TO, FROM and NAME given, one to the profile's most slides, a SUBJECT
within its length. quiet_slide: one content slot, its text within the profile's limit, its duration (if any)
whole seconds within bounds. A request or slide called quiet has its rules passed over (tests/test_plan.py holds
that they would find nothing there); these tests hold that the common ones, up to the limits, are quiet.
"""

from __future__ import annotations

import attrs
import pytest

from mmsvalidate.model import Request, Slide
from mmsvalidate.profile import Profile
from mmsvalidate.rules.request import quiet_request
from mmsvalidate.rules.slides import quiet_slide

SLIDE = Slide(image="https://example.com/a.jpg", text="a")
QUIET = Request(action="sendMMS", api_key="k", to="15551234888", from_="60856", subject="Hi", name="n", slides=(SLIDE,))


@pytest.mark.parametrize(
    ("most", "count", "quiet"),
    [(8, 1, True), (8, 8, True), (8, 9, False), (8, 0, False), (1, 1, True), (1, 2, False), (3, 3, True)],
)
def test_a_request_of_one_to_the_most_slides_is_quiet(most: int, count: int, quiet: bool) -> None:
    request = attrs.evolve(QUIET, slides=(SLIDE,) * count)
    assert quiet_request(request, Profile(max_slides=most)) is quiet


@pytest.mark.parametrize(
    ("longest", "length", "quiet"),
    [(80, 80, True), (80, 81, False), (5, 5, True), (5, 6, False), (5, 1, True), (5, 0, False)],
)
def test_a_request_whose_subject_is_within_its_length_is_quiet(longest: int, length: int, quiet: bool) -> None:
    request = attrs.evolve(QUIET, subject="s" * length)
    assert quiet_request(request, Profile(max_subject=longest)) is quiet


@pytest.mark.parametrize(
    ("limit", "length", "quiet"), [(5000, 5000, True), (5000, 5001, False), (3, 3, True), (3, 4, False), (3, 0, True)]
)
def test_a_slide_whose_text_is_within_the_limit_is_quiet(limit: int, length: int, quiet: bool) -> None:
    slide = attrs.evolve(SLIDE, text="t" * length)
    assert quiet_slide(slide, Profile(max_slide_text=limit)) is quiet


@pytest.mark.parametrize(
    ("duration", "quiet"),
    [("1", True), ("60", True), ("30", True), ("0", False), ("61", False), ("1.5", False), ("", False)],
)
def test_a_slide_whose_duration_is_whole_seconds_within_bounds_is_quiet(duration: str, quiet: bool) -> None:
    slide = attrs.evolve(SLIDE, duration=duration)
    assert quiet_slide(slide, Profile(min_duration=1, max_duration=60)) is quiet


def test_a_slide_of_one_content_slot_and_no_other_is_quiet() -> None:
    assert quiet_slide(SLIDE, Profile())
    assert quiet_slide(Slide(audio="https://example.com/a.mp3"), Profile())
    assert not quiet_slide(Slide(text="only text"), Profile())  # no content
    assert not quiet_slide(attrs.evolve(SLIDE, audio="https://example.com/a.mp3"), Profile())  # two
    assert not quiet_slide(attrs.evolve(SLIDE, extra=("image",)), Profile())  # the image given again
