"""A cold ``check`` of one file imports only what that check runs: a design bound, not a timing.

``pathlib`` costs a cold start about 7% of the import of the dependencies, most of it for the
``urllib.parse`` (and ``ipaddress``) it imports: the check command keeps its paths as strings and
parses URLs by ``urlsplit`` only for the uncommon ones. ``defusedxml.ElementTree`` imports a second,
pure-Python copy of ElementTree for its parser class: the XML reader drives expat itself, with the same
refusals. A check with the real clock never makes the fixed one (``mmsvalidate.clock``). None of the
dependencies (attrs, click, defusedxml, phonenumbers) imports any of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import mmsvalidate

ROOT = Path(mmsvalidate.__file__).parent.parent
EXAMPLE = ROOT / "corpus" / "spec" / "example.xml"
#: Modules a cold check of one XML file with common URLs never imports.
NOT_IMPORTED = ("pathlib", "urllib.parse", "ipaddress", "defusedxml.ElementTree", "mmsvalidate.clock")


def _imported_by(code: str, *args: str) -> list[str]:
    """Which of :data:`NOT_IMPORTED` a fresh interpreter has imported once ``code`` has run."""
    found = f"[m for m in {NOT_IMPORTED!r} if m in sys.modules]"
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps({found}), file=sys.stderr)"
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_dependencies_import_none_of_them() -> None:
    assert _imported_by("import attrs, click, defusedxml, phonenumbers") == []


#: ``check`` with the command line after the probe's code (exit 0 or 1: the example has a warning).
CHECK = (
    "from mmsvalidate.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as exit:\n"
    "    assert exit.code in (0, 1), exit.code\n"
)


def test_a_cold_check_of_one_file_imports_no_pathlib_url_parsing_or_ip_addresses() -> None:
    assert _imported_by(CHECK, "check", str(EXAMPLE)) == []
    for options in (["--format", "json"], ["--format", "github"], ["--statistics"], ["--show-settings"]):
        assert _imported_by(CHECK, "check", *options, str(EXAMPLE)) == [], options


def test_nor_does_a_walk_of_a_folder_whose_other_files_are_not_requests(tmp_path: Path) -> None:
    """The files the walk leaves out (neither named by ``include`` nor JSON Lines or CSV) are told apart by
    name: the campaign reader (the bulk package, which imports pathlib) is never loaded for them."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "request.xml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "sub" / "request.xml.findings.toml").write_text("[findings]\n")
    (tmp_path / "README.md").write_text("# requests\n")
    assert _imported_by(CHECK, "check", str(tmp_path)) == []


def test_a_cold_check_makes_no_deferred_method() -> None:
    """The model's classes get their ``repr``, ``==`` and ``hash`` from attrs on first use
    (:mod:`mmsvalidate.deferred`): a check of one file builds objects and never compares, hashes or
    shows them, so it compiles none of those methods."""
    probe = (
        "import json, sys\n"
        "import mmsvalidate.deferred as deferred\n"
        "made, make = [], deferred.made\n"
        "deferred.made = lambda cls: (made.append(cls.__qualname__), make(cls))[1]\n"
        f"{CHECK}"
        "print(json.dumps(made), file=sys.stderr)\n"
    )
    for options in ([], ["--format", "json"], ["--statistics"]):
        result = subprocess.run(
            [sys.executable, "-c", probe, "check", *options, str(EXAMPLE)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stderr.strip().splitlines()[-1]) == [], options


def test_the_package_itself_loads_nothing_the_loading_window_should_cover() -> None:
    """``import mmsvalidate`` comes before the command line's loading window (no collection while code
    loads, :mod:`mmsvalidate.cli.collector`): typing, re, enum and the like load inside it, not before."""
    probe = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import mmsvalidate\n"
        "print(json.dumps(sorted(set(sys.modules) - before)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert loaded.isdisjoint({"typing", "re", "enum", "contextlib", "functools", "collections", "attrs", "click"})


def test_a_cold_check_of_one_file_runs_no_collection(tmp_path: Path) -> None:
    """The command loads its code, then checks and writes the first request (loading phonenumbers' metadata
    and the format), with the cyclic collector off (:mod:`mmsvalidate.cli.collector`): a one-file check
    never walks the objects it loaded, nor frees anything by a collection.

    As installed: with the package's bytecode cached (compiling its source is not a cold start's work), in a
    cache of the test's own (nothing is written beside the package)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached = [sys.executable, "-X", f"pycache_prefix={tmp_path}", "-c"]
    probe = (  # json imported after the check: its own import would bring the first collection nearer
        "import gc, sys\n"
        "ran = []\n"
        "gc.callbacks.append(lambda phase, info: ran.append(info['generation']) if phase == 'start' else None)\n"
        f"{CHECK}"
        "import json\n"
        "print(json.dumps([ran, gc.isenabled()]), file=sys.stderr)\n"
    )
    for options in ([], ["--format", "json"]):
        for _ in range(2):  # the first run caches the bytecode
            result = subprocess.run(
                [*cached, probe, "check", *options, str(EXAMPLE)],
                capture_output=True,
                text=True,
                timeout=60,
                env=environment,
            )
            assert result.returncode == 0, result.stderr
        assert json.loads(result.stderr.strip().splitlines()[-1]) == [[], True], options
