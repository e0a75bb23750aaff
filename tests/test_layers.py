"""Imports run one way: readers → model → schemas + rules → report → formats → cli."""

from __future__ import annotations

import ast
from pathlib import Path

import mmsvalidate

PACKAGE = Path(mmsvalidate.__file__).parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mmsvalidate"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("mmsvalidate"))
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def importers_of(target: str) -> set[str]:
    return {m for m, imported in MODULES.items() if any(i == target or i.startswith(target + ".") for i in imported)}


def test_diagnostic_and_model_import_nothing_of_ours() -> None:
    assert MODULES["mmsvalidate.diagnostic"] == set()
    assert MODULES["mmsvalidate.model"] == set()


def test_nothing_imports_the_cli() -> None:
    assert importers_of("mmsvalidate.cli") <= {"mmsvalidate.__main__"}


def test_readers_decide_no_codes_and_rules_never_read_raw_text() -> None:
    for module, imported in MODULES.items():
        if module.startswith("mmsvalidate.readers"):
            assert not any(
                i.startswith(("mmsvalidate.codes", "mmsvalidate.rules", "mmsvalidate.schemas")) for i in imported
            )
        if module.startswith("mmsvalidate.rules"):
            assert not any(i.startswith(("mmsvalidate.readers", "mmsvalidate.formats")) for i in imported), module


def test_library_does_not_depend_on_click() -> None:
    for module in MODULES:
        if module not in ("mmsvalidate.cli", "mmsvalidate.__main__"):
            source = PACKAGE.parent / (module.replace(".", "/") + ".py")
            if not source.exists():
                source = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
            assert "import click" not in source.read_text(), module
