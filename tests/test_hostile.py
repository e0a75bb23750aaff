"""Hostile and broken input: nothing is resolved or fetched, limits hold, every input gives a report."""

from __future__ import annotations

import concurrent.futures
import os
import sys
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import mmsvalidate
from mmsvalidate import Profile, writers
from mmsvalidate.model import Request, Slide
from mmsvalidate.report import Report
from tests.conftest import CORPUS, VALID_QUERY, VALID_XML, pinned

SECRET = "/etc/passwd"
REQUEST_BODY = "<ACTION>sendMMS</ACTION><NAME>{}</NAME>"


def _doctype(subset: str, body: str = "&e;") -> str:
    return f'<?xml version="1.0"?>\n<!DOCTYPE REQUEST [\n{subset}\n]>\n<REQUEST>{REQUEST_BODY.format(body)}</REQUEST>'


LAUGHS = "\n".join(
    ['<!ENTITY e0 "lol">'] + [f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
)
XML_ATTACKS = {
    "external entity, file": (_doctype(f'<!ENTITY e SYSTEM "file://{SECRET}">'), "DTD"),
    "external entity, http": (_doctype('<!ENTITY e SYSTEM "http://127.0.0.1:9/x">'), "DTD"),
    "billion laughs": (_doctype(LAUGHS, "&e9;"), "DTD"),
    "quadratic blow-up": (_doctype(f'<!ENTITY e "{"x" * 50_000}">', "&e;" * 50_000), "DTD"),
    "external DTD": (
        f'<!DOCTYPE REQUEST SYSTEM "file://{SECRET}"><REQUEST>{REQUEST_BODY.format("n")}</REQUEST>',
        "DTD",
    ),
    "parameter entity": (_doctype('<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;', "n"), "DTD"),
    "entity without a DTD": (f"<REQUEST>{REQUEST_BODY.format('&e;')}</REQUEST>", "undefined entity"),
    "XInclude": (
        '<REQUEST xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<NAME><xi:include href="file://{SECRET}" parse="text"/></NAME></REQUEST>',
        "XInclude",
    ),
    "schemaLocation": (
        '<REQUEST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:x http://127.0.0.1:9/x.xsd"><NAME>n</NAME></REQUEST>',
        "schema location",
    ),
    "noNamespaceSchemaLocation": (
        '<REQUEST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="file://{SECRET}"><NAME>n</NAME></REQUEST>',
        "schema location",
    ),
}
PATH_LIKE = ["/etc/hostname", SECRET, f"file://{SECRET}", "../../../etc/passwd", "http://127.0.0.1:9/request.xml"]


class Audit:
    """Records files opened and network use while active (an audit hook can't be removed)."""

    def __init__(self) -> None:
        self.active = False
        self.events: list[tuple[str, str]] = []
        self.thread = threading.get_ident()
        sys.addaudithook(self)

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active or threading.get_ident() != self.thread:
            return
        if event == "open" or event.startswith(("socket.", "urllib.", "subprocess.", "os.system", "http.")):
            self.events.append((event, str(args[0]) if args else ""))

    def run(self, action: Callable[[], object]) -> list[tuple[str, str]]:
        self.events = []
        self.active = True
        try:
            action()
        finally:
            self.active = False
        return self.events


AUDIT = Audit()
PYTHON_FILES = tuple({sys.prefix, sys.base_prefix, str(Path(mmsvalidate.__file__).parent.parent)})


def _outside_python(events: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Events other than Python reading its own modules (first imports may do that)."""
    return [(e, a) for e, a in events if not (e == "open" and a.startswith(PYTHON_FILES))]


def python_calls(action: Callable[[], object]) -> int:
    """How many functions (Python and C) ``action`` calls: the work it does, the same on a loaded machine."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def measured(source: str | bytes | Path, profile: Profile | None = None) -> tuple[Report, int, int]:
    """The report of ``source``, the function calls it took and the peak memory traced meanwhile."""
    reports: list[Report] = []
    tracemalloc.start()
    try:
        calls = python_calls(lambda: reports.append(mmsvalidate.validate(source, profile=profile)))
        return reports[0], calls, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", XML_ATTACKS)
def test_xml_attack_is_refused_fast_with_bounded_memory(name: str) -> None:
    text, said = XML_ATTACKS[name]
    mmsvalidate.validate(text)  # warm up imports and schemas
    report, calls, peak = measured(text)
    assert [f.code for f in report.findings] == ["E108"], report.findings
    assert said in report.findings[0].message
    assert report.findings[0].line is not None
    assert calls < 2_000, calls  # refused at once: checking a small valid request takes some 50,000
    assert peak < 8 * 2**20, peak


def test_no_file_is_read_and_no_socket_is_opened() -> None:
    def attack() -> None:
        for text, _ in XML_ATTACKS.values():
            mmsvalidate.validate(text)
            mmsvalidate.validate(text.encode("utf-16"))
        for text in PATH_LIKE:
            mmsvalidate.validate(text)
            mmsvalidate.validate(text.encode())

    assert _outside_python(AUDIT.run(attack)) == []
    assert AUDIT.run(attack) == []  # warm: nothing opened at all


def test_audit_sees_a_real_read() -> None:
    """The audit above would notice: reading a path is an 'open' event."""
    events = AUDIT.run(lambda: mmsvalidate.validate(CORPUS / "spec" / "example.xml"))
    assert ("open", str(CORPUS / "spec" / "example.xml")) in events


@pytest.mark.parametrize("text", PATH_LIKE)
def test_strings_that_look_like_paths_are_content(text: str) -> None:
    report = mmsvalidate.validate(text)
    assert report.form in ("query", "xml")
    assert [f.code for f in report.findings] == ["E100"]
    assert report.findings[0].detail == "no sendMMS parameter found"


# Limits ---------------------------------------------------------------------------------------


def test_size_limit_reads_no_more_than_the_limit(tmp_path: Path) -> None:
    huge = tmp_path / "huge.xml"
    with huge.open("w") as file:
        file.write("<REQUEST><NAME>")
        for _ in range(64):
            file.write("x" * 2**20)
        file.write("</NAME></REQUEST>")
    report, _, peak = measured(huge)
    assert [f.code for f in report.findings] == ["MV112"]
    assert "over 1048576" in report.findings[0].message
    assert peak < 8 * 2**20, peak
    assert mmsvalidate.validate(huge, profile=Profile(max_request_bytes=2**27)).findings[0].code != "MV112"


#: Requests past a reading limit, as a function of how far past it they go (k = 1 or 2). Most reads
#: stop at the limit; the XML and JSON slide counts are checked once the document is parsed, so their work
#: grows with the input, linearly, up to the element and size limits.
PAST_LIMITS: list[tuple[Callable[[int], str], Profile, str]] = [
    (lambda k: "<REQUEST>" + "<A>" * 50_000 * k + "</A>" * 50_000 * k + "</REQUEST>", Profile(), "depth over 32"),
    (lambda k: "<REQUEST>" + "<A/>" * 10_000 * (k + 1) + "</REQUEST>", Profile(), "more than 10000 elements"),
    (lambda k: VALID_QUERY + "&x=1" * 10_000 * (k + 1), Profile(), "more than 10000 parameters"),
    (lambda k: VALID_QUERY + "&slide_text_value_999999999999=x" * k, Profile(), "slide number 999999999999"),
    (lambda k: VALID_QUERY + "&slide_text_value_10=x" * k, Profile(max_slides_read=10), "more than 10 slides"),
    (
        lambda k: VALID_XML.replace("<SLIDE>", "<SLIDE></SLIDE>" * 1000 * (k + 1) + "<SLIDE>"),
        Profile(),
        "more than 1000 slides",
    ),
    (lambda k: '{"slides": [' + ",".join(["{}"] * 1000 * (k + 1)) + "]}", Profile(), "more than 1000 slides"),
    (lambda k: VALID_XML, Profile(max_depth=2), "depth over 2"),
    (lambda k: VALID_XML + " " * k, Profile(max_request_bytes=100), "over 100"),
]


@pytest.mark.parametrize(("make", "profile", "said"), PAST_LIMITS, ids=[said for _, _, said in PAST_LIMITS])
def test_limits_give_a_finding_not_a_hang(make: Callable[[int], str], profile: Profile, said: str) -> None:
    """Past a limit the request is not read further: twice as far past it costs no more work (or, for
    slide counts of parsed documents, at most twice the work)."""
    report, once, _ = measured(make(1), profile)
    assert [f.code for f in report.findings] == ["MV112"], report.findings
    assert said in report.findings[0].message
    _, twice, _ = measured(make(2), profile)
    growth = 2.05 if said == "more than 1000 slides" else 1.02
    assert twice <= once * growth + 50, (once, twice)


# Encodings ------------------------------------------------------------------------------------

CLEAN = {"xml": VALID_XML, "query": VALID_QUERY, "json": writers.to_json(mmsvalidate.readers.read(VALID_XML).request)}  # type: ignore[arg-type]


def encodings() -> Iterator[tuple[str, bytes]]:
    for form, text in CLEAN.items():
        yield f"{form} utf-8", text.encode()
        yield f"{form} utf-8 bom", b"\xef\xbb\xbf" + text.encode()
        yield f"{form} utf-16 le bom", text.encode("utf-16")
        yield f"{form} utf-16 be bom", b"\xfe\xff" + text.encode("utf-16-be")
    declared = CLEAN["xml"].replace("<NAME>n</NAME>", "<NAME>caf\u00e9 \u20ac</NAME>")
    yield "xml declared cp1252", ('<?xml version="1.0" encoding="windows-1252"?>\n' + declared).encode("cp1252")
    yield (
        "xml declared latin-1",
        ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + declared.replace("\u20ac", "")).encode("latin-1"),
    )
    japanese = CLEAN["xml"].replace("<NAME>n</NAME>", "<NAME>\u30ad\u30e3\u30f3\u30da\u30fc\u30f3</NAME>")
    for codec in ("Shift_JIS", "EUC-JP"):  # multi-byte encodings the XML parser does not read itself
        yield f"xml declared {codec}", (f'<?xml version="1.0" encoding="{codec}"?>\n' + japanese).encode(codec)


@pytest.mark.parametrize(("name", "data"), list(encodings()), ids=[n for n, _ in encodings()])
def test_encodings_read_correctly(name: str, data: bytes) -> None:
    report = mmsvalidate.validate(data, profile=pinned())
    assert report.ok and report.findings == (), (name, report.findings)


@pytest.mark.parametrize(
    ("data", "form", "code", "said"),
    [
        (b"<REQUEST><NAME>caf\xe9</NAME></REQUEST>", "xml", "E108", "not well-formed"),
        (b"<REQUEST><NAME>a\x00b</NAME></REQUEST>", "xml", "E108", "not well-formed"),
        (VALID_QUERY.encode() + b"&name=caf\xe9", "query", "E100", "not valid UTF-8"),
        (VALID_QUERY.encode() + b"&name=a\x00b", "query", "E100", "NUL"),
        (VALID_QUERY.encode() + b"&name=caf%E9", "query", "E100", "not valid UTF-8"),
        (b'{"name": "caf\xe9"}', "json", "E100", "not valid UTF-8"),
        (b"\xff\xfe" + "<REQUEST/>".encode("utf-16-le")[:-1], "xml", "E108", ""),
        (b'<?xml version="1.0" encoding="x-unknown-9"?><REQUEST/>', "xml", "E108", "encoding"),
        (b'<?xml version="1.0" encoding="UTF-7"?><REQUEST/>', "xml", "E108", "encoding"),
        (b'<?xml version="1.0" encoding="shift_jis"?><REQUEST>\x82</REQUEST>', "xml", "E108", "not shift_jis"),
    ],
)
def test_bad_encodings_give_a_clear_finding(data: bytes, form: str, code: str, said: str) -> None:
    report = mmsvalidate.validate(data)
    assert report.form == form
    assert [f.code for f in report.findings] == [code], report.findings
    finding = report.findings[0]
    assert said in f"{finding.message} {finding.detail}"
    assert finding.line is not None


def test_percent_errors_and_plus_read_as_a_server_would() -> None:
    parsed = mmsvalidate.readers.read(VALID_QUERY + "&subject=50%25+off%zz+now")
    assert parsed.request is not None and parsed.request.subject == "50% off%zz now"


NON_ASCII = "\u00e9\u00df \u0416\u0438\u0437\u043d\u044c \u4e2d\u6587 \U0001f600 \u202e"


def test_non_ascii_in_every_field_is_the_same_in_every_form() -> None:
    request = Request(
        action=NON_ASCII,
        api_key=NON_ASCII,
        to=NON_ASCII,
        from_=NON_ASCII,
        from_mask=NON_ASCII,
        operatorid=NON_ASCII,
        campaignref=NON_ASCII,
        subject=NON_ASCII,
        name=NON_ASCII,
        slides=(Slide(**{k: NON_ASCII for k in ("image", "audio", "text", "duration")}),),
        fallbacksmstext=NON_ASCII,
        disablefallbacksmslink=NON_ASCII,
        mmslink_expiration_date=NON_ASCII,
    )
    reports = [mmsvalidate.validate(write(request), profile=pinned()) for write in writers.WRITERS.values()]
    essences = [sorted((f.code, f.detail) for f in r.findings) for r in reports]
    assert essences[0] == essences[1] == essences[2]
    assert {"E100", "E110", "E111", "E241", "E230", "E617"} <= {code for code, _ in essences[0]}


# Never a traceback ----------------------------------------------------------------------------


def test_an_internal_bug_is_one_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from mmsvalidate.rules import numbers

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(numbers, "receiver_problem", broken)
    report = mmsvalidate.validate(VALID_XML)
    assert [f.code for f in report.findings] == ["MV900"]
    assert "RuntimeError: boom" in report.findings[0].message
    assert not report.ok


# Thread safety --------------------------------------------------------------------------------


def _mixed_inputs() -> list[bytes]:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".xml", ".txt", ".json"))
    inputs = [p.read_bytes() for p in files]
    inputs += [bytes([i % 256]) * (i % 50) for i in range(200)]
    return (inputs * (2500 // len(inputs) + 1))[:2500]


def _essence(report: Report) -> tuple[object, ...]:
    return (report.form, tuple((f.code, f.message, f.detail, f.slide, f.line, f.column) for f in report.findings))


def test_validate_from_many_threads_equals_serial() -> None:
    inputs = _mixed_inputs()
    profile = pinned()
    serial = [_essence(mmsvalidate.validate(data, profile=profile)) for data in inputs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        threaded = list(pool.map(lambda data: _essence(mmsvalidate.validate(data, profile=profile)), inputs))
    assert threaded == serial
    assert len({s for s in serial}) > 50


def test_cold_schemas_built_once_under_contention() -> None:
    from mmsvalidate.structure import jsonwalk, shipped

    built: list[object] = []
    barrier = threading.Barrier(8)

    def build() -> None:
        barrier.wait()
        built.append(jsonwalk.jsonschema_validator(shipped.QUERY_SCHEMA))

    threads = [threading.Thread(target=build) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(b) for b in built}) == 1


# Nothing lost in batches ----------------------------------------------------------------------


def _batch(folder: Path) -> None:
    (folder / "good.xml").write_text(VALID_XML)
    (folder / "binary.xml").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.json").write_bytes(b'{"name": "' + b"x" * (3 * 2**20) + b'"}')
    (folder / "broken.xml").symlink_to(folder / "nowhere.xml")
    (folder / "loop-a.xml").symlink_to(folder / "loop-b.xml")
    (folder / "loop-b.xml").symlink_to(folder / "loop-a.xml")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    (folder / "sub" / "good.txt").write_text(VALID_QUERY)
    os.mkfifo(folder / "pipe.xml")


def test_batch_reports_every_file_and_counts_them_all(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from mmsvalidate.cli import main

    _batch(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(result.stdout)["files"]}
    assert files == {
        "binary.xml": ["E100"],
        "broken.xml": ["MV114"],
        "empty.txt": ["E100"],
        "good.xml": [],
        "good.txt": [],
        "huge.json": ["MV112"],
        "loop-a.xml": ["MV114"],
        "loop-b.xml": ["MV114"],
        "pipe.xml": ["MV114"],
    }
    assert json.loads(result.stdout)["summary"]["files"] == 9
    assert "broken.xml: cannot be read" in result.stderr and "pipe.xml: not a regular file" in result.stderr
    text = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert "Checked 9 files: 7 errors, 0 warnings; 7 files failed." in text.stdout


def test_an_internal_bug_exits_2_and_the_other_files_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from mmsvalidate.cli import main
    from mmsvalidate.rules import dates

    (tmp_path / "a.xml").write_text(
        VALID_XML.replace("</NAME>", "</NAME><MMSLINK_EXPIRATION_DATE>x</MMSLINK_EXPIRATION_DATE>")
    )
    (tmp_path / "b.txt").write_text(VALID_QUERY + "&to=1")

    def broken(value: str) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(dates, "parse_expiry", broken)
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "a.xml: MV900 Internal error in mmsvalidate: KeyError: 'boom'." in result.stdout
    assert "b.txt:1:157: E110 Invalid receiver number." in result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("big", [b"<REQUEST><NAME>" + b"x" * 2**25 + b"</NAME></REQUEST>", "x=" + "y" * 2**25])
def test_an_oversize_request_in_memory_is_refused_before_it_is_read(big: bytes | str) -> None:
    report, calls, peak = measured(big)
    assert [f.code for f in report.findings] == ["MV112"]
    assert calls < 2_000 and peak < 2**20, (calls, peak)  # nothing is scanned: a few function calls
