"""Imports run one way: readers → model → structure + rules → report → formats → cli.

Capabilities that wrap the core (online/, server/, bulk/, cli/) are imported by nothing in the core.
"""

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
    """Nothing but the attrs helper beneath them (which itself imports nothing of ours)."""
    assert MODULES["mmsvalidate.deferred"] == set()
    assert {m for m in MODULES["mmsvalidate.diagnostic"] if not m.startswith("mmsvalidate.deferred.")} == {
        "mmsvalidate.deferred"
    }
    assert {m for m in MODULES["mmsvalidate.model"] if not m.startswith("mmsvalidate.deferred.")} == {
        "mmsvalidate.deferred"
    }


def test_nothing_imports_the_cli() -> None:
    outside = {m for m in importers_of("mmsvalidate.cli") if not m.startswith("mmsvalidate.cli")}
    assert outside <= {"mmsvalidate.__main__"}


#: The offline core: everything but the capabilities that wrap it.
WRAPPERS = ("mmsvalidate.cli", "mmsvalidate.online", "mmsvalidate.server", "mmsvalidate.bulk", "mmsvalidate.__main__")


def _core(module: str) -> bool:
    return not any(module == w or module.startswith(w + ".") for w in WRAPPERS)


#: The one way in from the core to a capability is the checker's media stage, imported by name
#: (``importlib``) when a check with media options first needs it: no module of the core names one.
LAZY_ENTRY: dict[str, set[str]] = {}


def test_the_core_imports_no_capability() -> None:
    for module, imported in MODULES.items():
        if _core(module):
            assert not [i for i in imported if not _core(i) and i not in LAZY_ENTRY.get(module, ())], module


def test_no_import_circles_between_modules() -> None:
    """No module reaches itself through imports, at module level or inside functions."""
    graph = {
        m: {i for i in direct_imports(m) if i in MODULES and i != m and not m.startswith(i + ".")} for m in MODULES
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError(" → ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [])


def direct_imports(module: str) -> set[str]:
    """The modules ``module`` imports, anywhere in it (a package's own ``__init__`` counted once)."""
    source = PACKAGE.parent / (module.replace(".", "/") + ".py")
    if not source.exists():
        source = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mmsvalidate"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("mmsvalidate"))
    return found


def test_no_module_is_over_400_lines() -> None:
    sizes = {m: len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py") if (m := module_name(p))}
    assert {m: n for m, n in sizes.items() if n > 420} == {}


def test_readers_decide_no_codes_and_rules_never_read_raw_text() -> None:
    for module, imported in MODULES.items():
        if module.startswith("mmsvalidate.readers"):
            assert not any(
                i.startswith(("mmsvalidate.codes", "mmsvalidate.rules", "mmsvalidate.structure")) for i in imported
            )
        if module.startswith("mmsvalidate.rules"):
            assert not any(i.startswith(("mmsvalidate.readers", "mmsvalidate.formats")) for i in imported), module


def test_library_does_not_depend_on_click() -> None:
    for module in MODULES:
        if not module.startswith(("mmsvalidate.cli", "mmsvalidate.__main__")):
            source = PACKAGE.parent / (module.replace(".", "/") + ".py")
            if not source.exists():
                source = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
            assert "import click" not in source.read_text(), module


CAPABILITIES = ("mmsvalidate.online", "mmsvalidate.server", "mmsvalidate.bulk", "mmsvalidate.cli")


def _module_level_imports(module: str) -> set[str]:
    """Imports run when ``module`` is imported: not those inside functions or under TYPE_CHECKING."""
    source = PACKAGE.parent / (module.replace(".", "/") + ".py")
    if not source.exists():
        source = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
    found: set[str] = set()
    for node in ast.parse(source.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_core_imports_no_capability_at_import_time() -> None:
    core = [m for m in MODULES if not m.startswith(CAPABILITIES) and m != "mmsvalidate.__main__"]
    for module in core:
        imported = _module_level_imports(module)
        assert not any(i.startswith(CAPABILITIES) for i in imported), module


def test_online_depends_on_the_core_only() -> None:
    for module, imported in MODULES.items():
        if module.startswith("mmsvalidate.online"):
            others = ("mmsvalidate.server", "mmsvalidate.bulk", "mmsvalidate.cli")
            assert not any(i.startswith(others) for i in imported), module


def test_import_and_offline_validate_load_no_online_code_or_network_library() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, mmsvalidate; mmsvalidate.validate('action=sendMMS&slide_image_url_0=http://x.invalid/a.jpg'); "
        "print(sorted(m for m in sys.modules if m.startswith(('mmsvalidate.online', 'httpcore', 'anyio', 'PIL'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_a_one_file_xml_check_loads_no_other_form_or_campaign_code() -> None:
    """A cold ``check`` of one XML file imports what that file's form needs: no JSON or query reader, no
    JSON walk, no campaign record reader, no bulk package, no JSON Schema library."""
    import subprocess
    import sys

    example = PACKAGE.parent / "corpus" / "spec" / "example.xml"
    probe = (
        "import sys\n"
        "from mmsvalidate.cli import main\n"
        "try:\n"
        f"    main(['check', {str(example)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "unused = ('mmsvalidate.readers.json', 'mmsvalidate.readers.query', 'mmsvalidate.readers.jsonpos',\n"
        "    'mmsvalidate.readers.records', 'mmsvalidate.structure.jsonwalk', 'mmsvalidate.bulk', 'jsonschema')\n"
        "print(sorted(m for m in unused if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


#: The front ends: they assemble a check from options and a checker, and run no stage themselves.
FRONT_ENDS = ("mmsvalidate.cli", "mmsvalidate.server", "mmsvalidate.bulk")
#: What a front end may take from the core: the checker, its options and the public types and helpers.
#: Not the engine, the readers' entry point, the structure check, the rules, suppressions or selection.
INTERNALS = (
    "mmsvalidate.engine.check",
    "mmsvalidate.engine.bounded",
    "mmsvalidate.engine.finding",
    "mmsvalidate.engine.internal_error",
    "mmsvalidate.engine.load",
    "mmsvalidate.readers.read",
    "mmsvalidate.structure.check",
    "mmsvalidate.structure.xsd",
    "mmsvalidate.structure.jsonwalk",
    "mmsvalidate.rules",
    "mmsvalidate.settings.suppressions.apply",
    "mmsvalidate.checker.pipeline",
)


def test_no_front_end_imports_the_engines_internals() -> None:
    for module, imported in MODULES.items():
        if module.startswith(FRONT_ENDS):
            reached = [i for i in imported if i.startswith(INTERNALS)]
            assert reached == [], module


#: The stages and the one module that runs them: the order lives there only.
STAGE_CALLS = {"check", "bounded", "apply", "keep", "read", "complete"}


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in ("engine", "inline", "selection", "readers"):
                found.add(f"{owner.id}.{node.func.attr}")
    return found


def test_one_function_owns_the_stage_order() -> None:
    """Only the checker calls the stages (the engine's check and bound, suppressions, selection, reading):
    suppress → select → bound is written once, in ``Checker.finish``."""
    callers = {
        module_name(path): calls
        for path in PACKAGE.rglob("*.py")
        if (calls := {c for c in _calls(path) if c.split(".")[1] in STAGE_CALLS}) and module_name(path)
    }
    assert set(callers) == {"mmsvalidate.checker.pipeline"}, callers
    source = (PACKAGE / "checker" / "pipeline.py").read_text()
    finish = ast.get_source_segment(
        source,
        next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef) and n.name == "finish"),
    )
    assert finish is not None
    order = [finish.index(step) for step in ("inline.apply(", "self.options.codes", "engine.bounded(")]
    assert order == sorted(order)
