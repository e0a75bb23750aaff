"""Shared test helpers: a pinned clock, paths, and a short way to get codes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

import mmsvalidate
from mmsvalidate import Profile, Report
from scripts.corpus_snapshots import CORPUS, NOW, ROOT, corpus_profile

# Property tests check what is found, never how fast: no per-example deadline and no "too slow" health check,
# both of which fail on a loaded machine (or on the example that imports a module first).
settings.register_profile("untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("untimed")

__all__ = ["CORPUS", "NOW", "ROOT", "corpus_profile"]
#: The spec's response examples and error-code tables, verbatim (tests/data/SOURCES.md).
SPEC = ROOT / "tests" / "data" / "sendMMS-api-excerpt.txt"


def pinned(**options: object) -> Profile:
    """A profile whose clock is pinned to NOW."""
    options.setdefault("clock", lambda: NOW)
    return Profile(**options)  # type: ignore[arg-type]


def codes(report: Report) -> list[str]:
    """The codes of a report, sorted, repeats kept."""
    return sorted(f.code for f in report.findings)


def check(source: object, form: str = "auto", **options: object) -> Report:
    """Validate with a pinned clock."""
    return mmsvalidate.validate(source, form=form, profile=pinned(**options))  # type: ignore[arg-type]


VALID_XML = """<REQUEST>
    <ACTION>sendMMS</ACTION>
    <API_KEY>k</API_KEY>
    <TO>14158586273</TO>
    <FROM>60856</FROM>
    <SUBJECT>Hello</SUBJECT>
    <NAME>n</NAME>
    <SLIDE>
        <IMAGE><URL>http://example.com/a.jpg</URL></IMAGE>
        <TEXT>Hi</TEXT>
        <DURATION>5</DURATION>
    </SLIDE>
</REQUEST>
"""

VALID_QUERY = (
    "action=sendMMS&api_key=k&to=14158586273&from=60856&subject=Hello&name=n"
    "&slide_image_url_0=http://example.com/a.jpg&slide_text_value_0=Hi&slide_duration_0=5"
)


@pytest.fixture
def valid_xml() -> str:
    return VALID_XML
