"""What a clone needs is in the clone: test data in ``tests/data`` with its source noted, scripts free of test code."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
CODE = sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "scripts").rglob("*.py"), *(ROOT / "bench").rglob("*.py")])


def test_every_test_data_file_has_its_source_and_terms_noted() -> None:
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", sources, re.M))
    assert listed == {p.name for p in DATA.iterdir() if p.name != "SOURCES.md"}
    assert all(row.count(" | ") == 3 for row in sources.splitlines() if row.startswith("| `"))


def test_no_test_or_script_reads_beside_the_repository() -> None:
    """The repository's root has no parent worth reading: nothing climbs out of it."""
    beside = re.compile(r"ROOT\.parent\b|\.parent\.parent\.parent\b|\"shared\"")
    assert [p.relative_to(ROOT).as_posix() for p in CODE if beside.search(p.read_text(encoding="utf-8"))] == []


def test_scripts_benchmarks_and_fuzz_targets_import_no_test_code() -> None:
    def imported(path: str) -> set[str]:
        found: set[str] = set()
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
        return found

    folders = ("scripts", "bench", "fuzz")
    scripts = [p.relative_to(ROOT).as_posix() for folder in folders for p in (ROOT / folder).glob("*.py")]
    assert {"scripts/pin_findings.py", "bench/worst.py"} <= set(scripts)
    assert [path for path in scripts if "tests" in imported(path)] == []
