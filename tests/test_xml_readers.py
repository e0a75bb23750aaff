"""The two XML readers give the same findings: lxml with libxml2's XSD first, and the exact (expat) reader alone.

The fast path (``mmsvalidate.readers.xmltree``) reads valid requests; everything else is left to the exact
reader. Whichever reads a request, every finding must be the same to the last column: on the whole pinned
corpus (against its snapshots), on hostile XML, and on generated requests. Each test also shows that the fast
path really read the requests meant for it, so none can pass by always falling back.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate import readers, writers
from mmsvalidate.model import Request
from mmsvalidate.readers import xml as xml_reader
from mmsvalidate.readers import xmltree
from scripts import corpus_snapshots as snapshots
from tests.conftest import CORPUS, VALID_XML, corpus_profile, pinned
from tests.test_properties import requests

pytest.importorskip("lxml")

XML_FILES = sorted(p for p in CORPUS.rglob("*.xml") if not snapshots.is_snapshot(p))
PROFILE = pinned()


@pytest.fixture
def mode() -> Iterator[None]:
    yield
    xmltree.mode = "auto"


def findings(source: bytes | str | Path, mode: str, **options: object) -> list[dict[str, object]]:
    """Every value of every finding, in order, read with the fast path (``always``) or without (``never``)."""
    xmltree.mode = mode
    try:
        profile = corpus_profile(source) if isinstance(source, Path) else pinned(**options)
        return [snapshots.record(f) for f in mmsvalidate.validate(source, profile=profile).findings]
    finally:
        xmltree.mode = "auto"


def fast(source: bytes | str, **options: object) -> bool:
    """Whether the fast path reads ``source`` itself."""
    return xmltree.read(source, pinned(**options)) is not None


@pytest.mark.parametrize("path", XML_FILES, ids=[p.relative_to(CORPUS).as_posix() for p in XML_FILES])
def test_corpus_findings_are_the_snapshot_with_either_reader(path: Path) -> None:
    count, expected = snapshots.load(snapshots.snapshot_path(path))
    for mode in ("always", "never"):
        xmltree.mode = mode
        try:
            report = mmsvalidate.validate(path, profile=corpus_profile(path))
        finally:
            xmltree.mode = "auto"
        assert snapshots.actual(report) == expected, mode
        assert len(report.findings) == count, mode


def test_the_fast_path_reads_most_of_the_corpus() -> None:
    taken = [p for p in XML_FILES if xmltree.read(p.read_bytes(), corpus_profile(p)) is not None]
    assert len(taken) >= len(XML_FILES) // 2
    assert CORPUS / "spec" / "example.xml" in taken
    # with findings from the rules, located lazily: the spec's example has one, so do others
    assert any(findings(p, "always") for p in taken)


SLIDE = "<SLIDE><IMAGE><URL>http://example.com/a.jpg</URL></IMAGE><TEXT>Hi</TEXT><DURATION>5</DURATION></SLIDE>"
HEAD = "<ACTION>sendMMS</ACTION><API_KEY>k</API_KEY><FROM>60856</FROM><SUBJECT>Hello</SUBJECT><NAME>n</NAME>"

#: Requests the fast path reads, each with a finding located where its own reading could slip (columns in
#: characters after multibyte text, a byte order mark, line ends, a tag broken over lines, a CDATA section).
FAST = {
    "multibyte before the finding": f"<REQUEST><NAME>éé中😀</NAME><TO>1</TO>{HEAD}{SLIDE}</REQUEST>",
    "byte order mark": "\ufeff" + VALID_XML.replace("14158586273", "1"),
    "CRLF": VALID_XML.replace("\n", "\r\n").replace("<DURATION>5", "<DURATION>0"),
    "tag over lines": VALID_XML.replace("<TO>", "<TO\n\t>").replace("<DURATION>5", "<DURATION\n>x"),
    "CDATA with markup in it": VALID_XML.replace("<TEXT>Hi", "<TEXT><![CDATA[<b>Hi</b>]]>").replace(
        "<DURATION>5", "<DURATION>-1"
    ),
    "declaration": '<?xml version="1.0" encoding="utf-8"?>\n' + VALID_XML.replace("<TO>14158586273", "<TO>+1"),
    "repeated values and slots": VALID_XML.replace(
        "<TO>14158586273</TO>", "<TO>14158586273</TO><TO>2</TO><TO>3</TO>"
    ).replace("<TEXT>Hi</TEXT>", "<TEXT>Hi</TEXT><IMAGE><URL>http://example.com/b.jpg</URL></IMAGE><TEXT>b</TEXT>"),
    "entities and character references": VALID_XML.replace("<NAME>n", "<NAME>a&amp;b&#10;&#x4E2D;&lt;").replace(
        "<TO>14158586273", "<TO>&#49;"
    ),
    "empty values": VALID_XML.replace("<TEXT>Hi</TEXT>", "<TEXT/>").replace("<NAME>n</NAME>", "<NAME></NAME>"),
    "a long line": "<REQUEST>" + "<NAME>x</NAME>" * 3000 + HEAD.replace("<NAME>n</NAME>", "") + "</REQUEST>",
    "a long line outside ASCII": "<REQUEST>" + "<NAME>é中</NAME>" * 3000 + HEAD + SLIDE + "</REQUEST>",
    "namespaces declared, none used": VALID_XML.replace("<REQUEST>", '<REQUEST xmlns="" xmlns:p="urn:x">').replace(
        "<TO>14158586273", "<TO>1"
    ),
    "characters XML allows but discourages": VALID_XML.replace("<NAME>n", "<NAME>\x85\ufdd0>").replace(
        "<TO>14158586273", "<TO>1"
    ),
    "white space before the root": "\t\n" + VALID_XML.replace("<TO>14158586273", "<TO>1"),
}

#: Requests the fast path must leave to the exact reader (refusals, comments, limits, malformed input...).
EXACT = {
    "billion laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><REQUEST><NAME>&lol3;</NAME></REQUEST>',
    "external entity": '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><REQUEST><NAME>&x;</NAME></REQUEST>',
    "external DTD": '<!DOCTYPE REQUEST SYSTEM "http://127.0.0.1:9/r.dtd"><REQUEST><NAME>n</NAME></REQUEST>',
    "parameter entity": '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p">%p;]><REQUEST/>',
    "plain DTD": "<!DOCTYPE REQUEST><REQUEST><NAME>n</NAME></REQUEST>",
    "undeclared entity": "<REQUEST><NAME>&nope;</NAME></REQUEST>",
    "XInclude": '<REQUEST xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/hostname"/></REQUEST>',
    "schema hint": '<REQUEST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="http://127.0.0.1:9/x.xsd"><NAME>n</NAME></REQUEST>',
    "xsi type": '<REQUEST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/'
    'XMLSchema"><NAME xsi:type="xs:string">n</NAME></REQUEST>',
    "default namespace": '<REQUEST xmlns="urn:x"><NAME>n</NAME></REQUEST>',
    "xml:lang": '<REQUEST xml:lang="en"><NAME>n</NAME></REQUEST>',
    "attribute": VALID_XML.replace("<TO>", '<TO kind="mobile">'),
    "huge attribute": "<REQUEST><NAME a='" + "x" * 200_000 + "'>n</NAME></REQUEST>",
    "deep nesting": "<REQUEST>" + "<SLIDE>" * 5000 + "</SLIDE>" * 5000 + "</REQUEST>",
    "NUL": VALID_XML.replace("<NAME>n", "<NAME>n\x00"),
    "lone CR": VALID_XML.replace("\n", "\r"),
    "comment": VALID_XML.replace("<TO>", "<!-- a <TO> note --><TO>"),
    "suppression comment": "<!-- mmsvalidate: ignore[E110] -->\n" + VALID_XML.replace("14158586273", "1"),
    "comment after the root": VALID_XML + "<!-- end -->",
    "processing instruction": VALID_XML.replace("<TO>", "<?pi x?><TO>"),
    "unknown element": VALID_XML.replace("<NAME>", "<NAEM>x</NAEM><NAME>"),
    "markup in a value": VALID_XML.replace("<NAME>n", "<NAME>n<B>b</B>"),
    "text between elements": VALID_XML.replace("<TO>", "stray<TO>"),
    "two URLs": VALID_XML.replace("a.jpg</URL>", "a.jpg</URL><URL>http://example.com/b.jpg</URL>"),
    "not a request": "<RESPONSE><NAME>n</NAME></RESPONSE>",
    "not well-formed": VALID_XML.replace("</NAME>", "</NAM>"),
    "unclosed": "<REQUEST><NAME>" + "x" * 100_000,
    "a long run of <": "<REQUEST>" + "<" * 100_000,
    "declared Latin-1": '<?xml version="1.0" encoding="ISO-8859-1"?><REQUEST><NAME>\xe9</NAME></REQUEST>',
    "declared unknown encoding": '<?xml version="1.0" encoding="x-nope"?><REQUEST/>',
    "version 1.1": '<?xml version="1.1"?>' + VALID_XML,
    "declaration not first": "\n" + '<?xml version="1.0"?>' + VALID_XML,
    "]]> in text": VALID_XML.replace("<NAME>n", "<NAME>a]]>b"),
    "a non-character": VALID_XML.replace("<NAME>n", "<NAME>\ufffe"),
    "a reference to a character XML excludes": VALID_XML.replace("<NAME>n", "<NAME>&#1;&#xFFFE;"),
    "raw ampersand": VALID_XML.replace("<NAME>n", "<NAME>a & b"),
    "empty prefixed namespace": VALID_XML.replace("<REQUEST>", '<REQUEST xmlns:p="">'),
    "undeclared prefix": VALID_XML.replace("<TO>14158586273</TO>", "<p:TO>1</p:TO>"),
    "xml prefix bound elsewhere": VALID_XML.replace("<REQUEST>", '<REQUEST xmlns:xml="urn:x">'),
    "text after the root": VALID_XML + "x",
    "a second root": VALID_XML + "<REQUEST/>",
}

EXACT_BYTES = {
    "invalid UTF-8": VALID_XML.replace("<NAME>n", "<NAME>\udcff").encode("utf-8", "surrogateescape"),
    "UTF-16 with a BOM": VALID_XML.encode("utf-16"),
    "UTF-16 without a BOM": VALID_XML.encode("utf-16-le"),
    "Latin-1 bytes declared UTF-8": b'<?xml version="1.0" encoding="UTF-8"?><REQUEST><NAME>\xe9</NAME></REQUEST>',
    "Latin-1 declared": '<?xml version="1.0" encoding="ISO-8859-1"?><REQUEST><NAME>é</NAME></REQUEST>'.encode(
        "latin-1"
    ),
    "too many slides": ("<REQUEST>" + SLIDE * 3 + "</REQUEST>").encode(),
    "overlong UTF-8": VALID_XML.encode().replace(b"<NAME>n", b"<NAME>\xc0\xaf"),
    "a surrogate in UTF-8": VALID_XML.encode().replace(b"<NAME>n", b"<NAME>\xed\xa0\x80"),
    "UTF-8 cut short": VALID_XML.encode() + b"\xe4",
    # the declaration is read after the byte order mark: one naming another encoding is the exact reader's
    "US-ASCII declared after a UTF-8 BOM": b'\xef\xbb\xbf<?xml version="1.0" encoding="US-ASCII"?>'
    + VALID_XML.encode(),
}


@pytest.mark.parametrize("name", FAST)
def test_requests_the_fast_path_reads_give_the_exact_readers_findings(name: str) -> None:
    source = FAST[name]
    # a str that starts with a byte order mark is the exact reader's (it is no byte order mark in a str)
    sources = [source.encode("utf-8")] if source.startswith("\ufeff") else [source, source.encode("utf-8")]
    for form in sources:
        assert fast(form)
        expected = findings(form, "never")
        assert findings(form, "always") == expected
        assert expected, "each of these requests has a finding to locate"


def positions(source: bytes | str) -> tuple[dict[str, object], dict[str, object]]:
    """Where each pointer the exact reader places is, by the exact reader and by the fast path (asked last to
    first, then first to last: both orders of asking)."""
    exact = xml_reader.read(source, PROFILE)
    taken = xmltree.read(source, PROFILE)
    assert taken is not None
    pointers = list(exact.locate.__self__)  # type: ignore[attr-defined]
    found = {p: taken.locate(p) for p in reversed(pointers)}
    assert found == {p: taken.locate(p) for p in pointers}
    return {p: exact.locate(p) for p in pointers}, found


@pytest.mark.parametrize("name", FAST)
def test_the_fast_path_places_every_value_where_the_exact_reader_does(name: str) -> None:
    source = FAST[name].encode("utf-8")
    exact, found = positions(source)
    assert found == exact


def test_the_fast_path_places_every_value_of_the_corpus_where_the_exact_reader_does() -> None:
    for path in XML_FILES:
        if xmltree.read(path.read_bytes(), PROFILE) is not None:
            exact, found = positions(path.read_bytes())
            assert found == exact, path


@pytest.mark.parametrize("name", [*EXACT, *EXACT_BYTES])
def test_hostile_and_broken_requests_are_left_to_the_exact_reader(name: str) -> None:
    source = EXACT[name] if name in EXACT else EXACT_BYTES[name]
    options = {"max_slides_read": 2} if name == "too many slides" else {}
    sources = [source, source.encode("utf-8")] if isinstance(source, str) else [source]
    for form in sources:
        assert not fast(form, **options)
        assert findings(form, "always", **options) == findings(form, "never", **options)


def test_a_reading_limit_is_the_exact_readers() -> None:
    many = VALID_XML.replace("<NAME>n</NAME>", "<NAME>n</NAME>" * 50)
    assert not fast(many, max_items=40)
    assert not fast(VALID_XML, max_depth=3)
    assert fast(VALID_XML, max_depth=4)  # a valid request nests four deep: at that limit it is the fast path's
    for options in ({"max_items": 40}, {"max_depth": 3}):
        assert findings(many, "always", **options) == findings(many, "never", **options)
        assert [f["code"] for f in findings(many, "never", **options)] == ["MV112"]


def test_slides_past_the_reading_limit_are_the_exact_readers() -> None:
    slide = VALID_XML[VALID_XML.index("<SLIDE>") : VALID_XML.index("</SLIDE>") + len("</SLIDE>")]
    three = VALID_XML.replace(slide, slide * 3)
    assert fast(three, max_slides_read=3)
    assert not fast(three, max_slides_read=2)
    assert findings(three, "always", max_slides_read=2) == findings(three, "never", max_slides_read=2)
    assert [f["code"] for f in findings(three, "never", max_slides_read=2)] == ["MV112"]


#: Surface changes that keep a request's meaning: how the same request can be written.
SURFACES = st.lists(
    st.sampled_from(["crlf", "bom", "declaration", "tag-breaks", "tabs", "comment", "cdata", "repeat", "unknown"]),
    unique=True,
)


def written(request: Request, surfaces: list[str]) -> str:
    text = writers.to_xml(request)
    if "tag-breaks" in surfaces:
        text = text.replace("<NAME>", "<NAME\n>").replace("<TO>", "<TO \t>")
    if "tabs" in surfaces:
        text = text.replace("    ", "\t")
    if "comment" in surfaces:
        text = text.replace("<SLIDE>", "<!-- slide --><SLIDE>", 1)
    if "cdata" in surfaces:
        text = text.replace("<TEXT>", "<TEXT><![CDATA[<i>]]>", 1)
    if "repeat" in surfaces:
        text = text.replace("</REQUEST>", "<TO>x</TO><NAME>y</NAME></REQUEST>")
    if "unknown" in surfaces:
        text = text.replace("</REQUEST>", "<TOO>x</TOO></REQUEST>")
    if "declaration" in surfaces:
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + text
    if "crlf" in surfaces:
        text = text.replace("\n", "\r\n")
    if "bom" in surfaces:
        text = "\ufeff" + text
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests, SURFACES)
def test_generated_requests_give_the_same_findings_with_either_reader(request: Request, surfaces: list[str]) -> None:
    source = written(request, surfaces).encode("utf-8")
    assert findings(source, "always") == findings(source, "never")


def test_without_lxml_the_exact_reader_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """lxml is an extra: without it every request is read by the exact reader, with the same findings."""
    example = CORPUS / "spec" / "example.xml"
    expected = findings(example, "always")
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setattr(xmltree, "_missing", False)
    monkeypatch.setattr(xmltree, "_state", type(xmltree._state)())
    monkeypatch.setattr(xmltree, "mode", "always")
    assert not xmltree.ready()
    assert readers.read(example.read_bytes(), "xml", PROFILE).document.__class__.__name__ == "XmlDocument"
    assert findings(example, "always") == expected


def test_a_one_file_check_never_imports_lxml() -> None:
    """Importing lxml and compiling the XSD cost more than one request saves: a short process keeps to expat,
    a long one reads its first 128 XML requests with expat and takes the fast path from the 129th
    (docs/performance.md)."""
    script = (
        "import sys, mmsvalidate\n"
        f"source = {VALID_XML!r}\n"
        "mmsvalidate.validate(source); print('lxml.etree' in sys.modules)\n"
        "for _ in range(127): mmsvalidate.validate(source)\n"
        "print('lxml.etree' in sys.modules)\n"
        "mmsvalidate.validate(source); print('lxml.etree' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["False", "False", "True"]


@pytest.mark.parametrize(
    ("setting", "reader"),
    [("imported", "XsdValid"), ("always", "XsdValid"), ("auto", "XmlDocument"), ("never", "XmlDocument")],
)
def test_the_warm_up_counts_only_when_lxml_would_be_imported_for_it(setting: str, reader: str) -> None:
    """The module's text: a process that has imported lxml anyway, or whose mode is "always", reads its very first
    valid XML request on lxml (the lxml reader's document is an ``XsdValid``); "auto" without lxml imported keeps
    to expat (an ``XmlDocument``) until the warm-up is over, and "never" always does."""
    script = (
        "import sys; from mmsvalidate import readers; from mmsvalidate.readers import xmltree\n"
        "if sys.argv[1] == 'imported': import lxml.etree\n"
        "else: xmltree.mode = sys.argv[1]\n"
        f"print(type(readers.read({VALID_XML!r}.encode(), 'xml').document).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, setting], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == [reader]
