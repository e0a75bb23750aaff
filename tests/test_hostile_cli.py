"""Hostile paths, strings and runs at the command line: every writer survives any string, nothing forges a
line or a control sequence, every path named or walked is reported, a dead worker or a failing output is exit 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mmsvalidate.cli import main
from mmsvalidate.diagnostic import Finding, Location, Severity
from mmsvalidate.formats import NAMES, Checked, github, printable, renderers, text
from mmsvalidate.report import Report
from tests.conftest import VALID_QUERY, VALID_XML

FORGED = "1\n::error file=x.xml,line=1::E999 forged\r\n::add-mask::secret\x1b]0;title\x07\x1b[31mred\u2028x\x85y"


def _request(to: str) -> str:
    document = {"action": "sendMMS", "api_key": "k", "to": to, "from": "60856", "subject": "s", "name": "n"}
    return json.dumps({**document, "slides": [{"text": "t"}]})


def _cli(*args: str | bytes, stdin: int | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real command in a fresh process: real standard streams, real file names."""
    return subprocess.run(
        [sys.executable, "-m", "mmsvalidate", *args], capture_output=True, timeout=120, stdin=stdin, check=False
    )


# 3. Strings leaving the tool: every format survives lone surrogates and non-UTF-8 file names ----


@pytest.fixture
def hostile_files(tmp_path: Path) -> Path:
    (tmp_path / "surrogate.json").write_text(_request("\\ud800\\udfff x"))
    os.mkdir(os.fsencode(tmp_path / "sub"))
    with open(os.fsencode(tmp_path) + b"/sub/caf\xe9.xml", "wb") as file:  # a Latin-1 file name
        file.write(VALID_XML.replace("14158586273", "x").encode())
    return tmp_path


@pytest.mark.parametrize("output_format", [*NAMES, "statistics"])
def test_every_format_survives_any_string_and_stays_parseable(hostile_files: Path, output_format: str) -> None:
    args = ["--statistics"] if output_format == "statistics" else ["--format", output_format]
    done = _cli("check", *args, str(hostile_files))
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("utf-8")  # strict: no lone surrogate reached the bytes
    assert b"Traceback" not in done.stderr
    if output_format in ("json", "gitlab", "sarif"):
        json.loads(out)
    elif output_format == "jsonl":
        assert all(json.loads(line) for line in out.splitlines())
    elif output_format == "junit" or output_format == "response":
        ElementTree.fromstring(done.stdout)
    if output_format in ("text", "github"):
        assert "caf\\xe9.xml" in out  # the name's undecodable byte, as an escape


def test_the_output_file_survives_any_string_too(hostile_files: Path, tmp_path: Path) -> None:
    for output_format in ("text", "json", "sarif"):
        report = tmp_path / f"report.{output_format}"
        done = _cli("check", "--format", output_format, "-o", str(report), str(hostile_files))
        assert done.returncode == 1 and done.stdout == b""
        report.read_bytes().decode("utf-8")


def test_renderers_take_any_string() -> None:
    item = Finding(
        "E110", Severity.ERROR, "Invalid receiver number.", "'\ud800\udcff\x00'", None, "/to", Location(1, 1)
    )
    for render in renderers().values():
        render([Checked("a\udcff\n.xml", Report((item,)), "\ud800")]).encode("utf-8")


# 4. Forged output: in the text and github formats nothing starts a line or sends a control sequence -


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_no_value_or_path_forges_a_line_or_a_control_sequence(tmp_path: Path, output_format: str) -> None:
    name = "x\n::error file=y.json,line=1::E999 forged\x1b[2J.json"
    (tmp_path / name).write_text(_request(FORGED))
    done = _cli("check", "--color", "never", "--format", output_format, str(tmp_path))
    out = done.stdout.decode()
    lines = out.splitlines()
    assert done.returncode == 1 and len(lines) == (2 if output_format == "text" else 1)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in out.replace("\n", ""))
    if output_format == "github":
        assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    else:
        assert all(line.startswith(str(tmp_path)) for line in lines[:-1])
    assert "E999" not in [line.split(" ")[1] for line in lines if " " in line]


@given(st.text(), st.text())
def test_any_text_is_one_printable_line_per_finding(detail: str, path: str) -> None:
    item = Finding("E313", Severity.ERROR, "Slide 2 is empty.", detail or None, 2, None, Location(1, 1))
    for render in (text.render, github.render):
        out = render([Checked(path or "-", Report((item,)))])
        body = out[:-1]
        assert out.endswith("\n") and "\n" not in body.split("\n", 1)[-1] if render is github.render else True
        assert out.count("\n") == (1 if render is github.render else 2)
        assert not any(
            ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in body.replace("\n", "")
        )
    assert printable(detail) == detail or any(
        ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF or c in "\u2028\u2029" for c in detail
    )


def test_stderr_lines_are_printable_too(tmp_path: Path) -> None:
    done = _cli("check", str(tmp_path / "missing\n::error::forged\x1b[31m.xml"))
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        f"mmsvalidate: {tmp_path}/missing\\n::error::forged\\x1b[31m.xml: no such file or folder"
    ]


# 7. Paths: every path named or walked appears; the output file is never itself checked -------


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "good.xml").write_text(VALID_XML)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "bad.xml").write_text("<REQUEST/>")
    real = os.scandir

    def scandir(path: object) -> object:  # what a folder without read permission does (the tests may run as root)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    files = {Path(f["path"]).name: [x["message"] for x in f["findings"]] for f in json.loads(result.stdout)["files"]}
    assert files == {"good.xml": [], "locked": ["File not checked: cannot be listed: Permission denied."]}
    assert f"{tmp_path / 'locked'}: cannot be listed: Permission denied" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_permissions_is_reported(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "bad.xml").write_text("<REQUEST/>")
    (tmp_path / "locked").chmod(0)
    try:
        done = _cli("check", str(tmp_path), str(tmp_path / "locked" / "bad.xml"))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert done.returncode == 2 and b"MV114" in done.stdout


def test_a_path_that_cannot_be_searched_is_reported_and_the_others_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "good.txt").write_text(VALID_QUERY)
    real = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:  # a folder on the way without x
        if str(path).endswith("hidden.xml"):  # permission does this (the tests may run as root)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    result = CliRunner().invoke(main, ["check", str(tmp_path / "no" / "hidden.xml"), str(tmp_path / "good.txt")])
    assert result.exit_code == 2, result.output
    assert "hidden.xml: MV114 File not checked: cannot be read: Permission denied." in result.stdout
    assert "Checked 2 files: 1 error, 0 warnings; 1 file failed." in result.stdout


def test_the_output_file_is_written_after_the_inputs_are_read_and_never_checked(tmp_path: Path) -> None:
    keep = tmp_path / "keep.xml"
    keep.write_text(VALID_XML)
    result = CliRunner().invoke(main, ["check", "-o", str(keep), str(keep)])
    assert result.exit_code == 0 and keep.read_text() == "Checked 1 file: 0 errors, 0 warnings; 0 files failed.\n"
    folder = tmp_path / "requests"
    folder.mkdir()
    (folder / "good.xml").write_text(VALID_XML)
    for _ in range(2):
        result = CliRunner().invoke(main, ["check", "-o", str(folder / "report.txt"), str(folder)])
        assert result.exit_code == 0
        assert (folder / "report.txt").read_text() == "Checked 1 file: 0 errors, 0 warnings; 0 files failed.\n"


def test_a_tree_deeper_than_the_stack_is_walked(tmp_path: Path) -> None:
    deep = tmp_path
    for _ in range(1_100):
        deep = deep / "d"
        deep.mkdir()
    (deep / "bad.xml").write_text("<REQUEST/>")
    try:
        result = CliRunner().invoke(main, ["check", "--quiet", str(tmp_path)])
        assert (result.exit_code == 1 and result.exception is None) or isinstance(result.exception, SystemExit)
        assert result.stdout.startswith(str(deep / "bad.xml") + ":1:1: E100")
    finally:  # removed bottom-up here: pytest's own clean-up of old temporary folders recurses, and a tree
        # this deep made a later session end in RecursionError (exit 1)
        (deep / "bad.xml").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


# 9. Workers and I/O --------------------------------------------------------------------------


def test_a_worker_that_dies_is_exit_2_naming_its_files_never_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mmsvalidate.cli import batch

    for number in range(40):
        (tmp_path / f"r{number:02}.xml").write_text(VALID_XML)
    (tmp_path / "r07.xml").write_text("<REQUEST><NAME>die</NAME></REQUEST>")
    real = batch.run_task

    def run_task(task: batch.Task) -> object:
        if task[0].endswith("r07.xml"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
        return real(task)

    monkeypatch.setattr(batch, "run_task", run_task)
    outcome: list[object] = []
    runner = threading.Thread(
        target=lambda: outcome.append(CliRunner().invoke(main, ["check", "--jobs", "2", "--quiet", str(tmp_path)])),
        daemon=True,
    )
    runner.start()
    runner.join(timeout=90)
    assert not runner.is_alive(), "the run hung on a dead worker"
    (result,) = outcome
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert f"{tmp_path / 'r07.xml'}: not checked: the worker process checking it died" in result.stderr  # type: ignore[attr-defined]
    assert f"{tmp_path / 'r39.xml'}" not in result.stderr  # type: ignore[attr-defined]
    # the files in flight beside it, in the same job or not, are checked again, however fast the workers start
    died = f"mmsvalidate: {tmp_path / 'r07.xml'}: not checked: the worker process checking it died\n"
    assert result.stderr == died  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("redirect", "said"),
    [
        ("> /dev/full", "mmsvalidate: standard output: cannot be written: No space left on device"),
        ("-o /dev/full", "mmsvalidate: /dev/full: cannot be written: No space left on device"),
        (">&-", "mmsvalidate: standard output is closed; name a file with --output-file"),
    ],
)
def test_output_that_cannot_be_written_is_one_line_and_exit_2(redirect: str, said: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    for output_format in ("text", "json"):
        command = f"{sys.executable} -m mmsvalidate check --format {output_format} corpus/E226 {redirect}"
        done = subprocess.run(command, shell=True, capture_output=True, timeout=120, check=False)
        assert (done.returncode, done.stderr.decode()) == (2, said + "\n")


def test_a_closed_pipe_and_closed_stdin_are_one_line_and_exit_2() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "mmsvalidate", "check", "corpus"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=120) == 2
    assert process.stderr.read().decode() == "mmsvalidate: standard output: cannot be written: Broken pipe\n"
    done = subprocess.run(
        f"{sys.executable} -m mmsvalidate check - <&-", shell=True, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 2 and done.stderr.decode() == "mmsvalidate: -: cannot be read: standard input is closed\n"


# 5. Bad requests in every output format and in convert: the request's own code, never a crash ---


def test_bad_values_in_every_format_and_in_convert(tmp_path: Path) -> None:
    from tests.test_hostile_requests import BAD_VALUES

    for number, (content, _) in enumerate(BAD_VALUES.values()):
        request = tmp_path / f"r{number}.{'json' if content.startswith('{') else 'txt'}"
        request.write_text(content, encoding="utf-8")
    for output_format in NAMES:
        result = CliRunner().invoke(main, ["check", "--format", output_format, str(tmp_path)])
        # exit 1: the requests' own errors; an internal error (MV900) would be exit 2
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (output_format, result.output)
    for request in sorted(tmp_path.iterdir()):
        for target in ("xml", "query", "json"):
            result = CliRunner().invoke(main, ["convert", "--to", target, str(request)])
            assert result.exit_code in (0, 1), (request.name, target, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit)


#: What a CI log, a terminal or an editor may take as the end of a line.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _log_lines(out: str) -> list[str]:
    for mark in _LINE_BREAKS[1:]:
        out = out.replace(mark, "\n")
    return out.split("\n")


@pytest.mark.parametrize("output_format", [*NAMES, "statistics"])
def test_no_format_lets_a_requests_to_or_a_path_start_a_line(tmp_path: Path, output_format: str) -> None:
    """A request's TO and a file's name carrying forged annotation and finding lines: in every format each
    stays inside its own line (``--format response`` writes line breaks as character references)."""
    forged_to = FORGED + "\nsrc/a.py:1:1: E999 forged\r::warning::forged"
    (tmp_path / "a.json").write_text(_request(forged_to))
    (tmp_path / "b\n::error::forged\nsrcb.py:2:2: E999 forged.json").write_text(_request(forged_to))
    args = ["--statistics"] if output_format == "statistics" else ["--format", output_format]
    done = _cli("check", "--color", "never", *args, str(tmp_path))
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("utf-8")
    own = (f"::error file={tmp_path}", f"::warning file={tmp_path}")
    for line in _log_lines(out):
        stripped = line.lstrip()
        assert not stripped.startswith("::") or (output_format == "github" and stripped.startswith(own)), line
        assert not stripped.startswith(("src/a.py", "srcb.py")), line
        assert "\x1b" not in line and "\x07" not in line
    if output_format == "response":  # an XML reader reads the very TO back
        root = ElementTree.fromstring(done.stdout)
        # the controls XML 1.0 can't carry even escaped are U+FFFD (the format's documented replacement)
        carried = "".join("\ufffd" if ord(c) < 32 and c not in "\t\n\r" else c for c in forged_to)
        assert [element.text for element in root.iter("TO")] == [carried, carried]
        assert sorted(element.get("PATH", "") for element in root.iter("FILE")) == sorted(
            str(path) for path in tmp_path.iterdir()
        )
