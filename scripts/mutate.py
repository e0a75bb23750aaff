"""Mutation testing of the rules, the readers and the online checks: ``python scripts/mutate.py [options]``.

Each mutant is one small change to one module of ``mmsvalidate/rules/`` or ``mmsvalidate/readers/``, or of
the online checks' address table, sniffing and media rules (``TARGETS``)
(a comparison flipped, ``and``/``or`` swapped, ``not`` dropped, a number ±1, a ``.strip()`` or
``.lower()`` removed, an element removed from a literal collection, a ``Hit``'s pointer, value or
detail changed). Each is run against the fast tests (``FAST_TESTS``; an online module's against
``ONLINE_TESTS``, which use a real local media server) in a copy of the tree in a
temporary folder, never in the working tree; a mutant is killed when a test fails (or it runs over
its time limit). The score per module is killed / (mutants - reviewed equivalent mutants), and the
survivors are printed with their place and change. ``scripts/mutants-equivalent.toml`` lists the
mutants reviewed as equivalent (no input tells them apart), each with the reason.

A mutant's id is ``module:function:operator:source`` (with ``#n`` when the same change occurs n times
in a function), so it does not move when lines above it do.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.mutation_targets import FAST_TESTS, MODULE_TESTS, PACKAGE_TESTS, TARGETS  # noqa: E402

EQUIVALENT = ROOT / "scripts" / "mutants-equivalent.toml"
#: Stop at the first failure; no cache, no assertion rewriting, no hypothesis statistics: only the verdict counts.
PYTEST_OPTIONS = ("-x", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "--assert=plain")
COPIED = ("mmsvalidate", "tests", "scripts", "corpus", "schemas", "docs", "examples", "pyproject.toml", "README.md")

FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
STRIPPED = ("strip", "lstrip", "rstrip", "lower", "upper")
SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}


@dataclass(frozen=True)
class Mutant:
    """One change: in ``module`` (path from the repository root), the ``index``-th mutation point."""

    module: str
    index: int
    ident: str
    line: int
    change: str


def _skipped(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Docstrings, annotations, ``__all__`` and type-checking code are not mutated."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.arg | ast.AnnAssign) and child is getattr(parent, "annotation", None):
            return True
        if isinstance(parent, ast.FunctionDef) and (child is parent.returns or child in parent.decorator_list):
            return True  # the return annotation; decorators (the rule's code, cache sizes)
        if isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in parent.targets
        ):
            return True
        if isinstance(parent, ast.Expr) and isinstance(child, ast.Constant) and isinstance(child.value, str):
            return True  # a docstring
        child, parent = parent, parents.get(parent)
    return False


def _points(tree: ast.Module) -> Iterator[tuple[ast.AST, str, str, int]]:
    """Every mutation point of ``tree``: (node, operator, description, variant), in a fixed order."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if _skipped(node, parents):
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in FLIP:
                    new = SYMBOL[FLIP[type(op)]]
                    yield node, "compare", f"{SYMBOL[type(op)]} -> {new}", i
        elif isinstance(node, ast.BoolOp):
            yield node, "boolop", "and -> or" if isinstance(node.op, ast.And) else "or -> and", 0
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "not", "not x -> x", 0
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield node, "number", f"{node.value} -> {node.value + 1}", 1
            yield node, "number", f"{node.value} -> {node.value - 1}", -1
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in STRIPPED
            and not node.keywords
        ):
            yield node, "call", f".{node.func.attr}() removed", 0
        elif isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) > 1:
            if isinstance(parents.get(node), ast.Subscript | ast.Return | ast.Tuple | ast.List | ast.Set) or isinstance(
                getattr(node, "ctx", None), ast.Store
            ):
                continue  # an index or type, a returned pair, a record in a table, a target: not a collection
            for i, element in enumerate(node.elts):
                yield node, "element", f"element {ast.unparse(element)!s} removed", i
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Hit":
            if node.args and not (isinstance(node.args[0], ast.Constant) and node.args[0].value == ""):
                yield node, "hit", "Hit pointer -> ''", 0
            if node.args:
                yield node, "hit", "Hit pointer + '/x'", 1
            for keyword in node.keywords:
                if keyword.arg in ("detail", "x"):
                    yield node, "hit", f"Hit {keyword.arg} -> None", 2 if keyword.arg == "detail" else 3


def _apply(node: ast.AST, operator: str, variant: int) -> None:
    """Change ``node`` in place."""
    if isinstance(node, ast.Compare):
        node.ops[variant] = FLIP[type(node.ops[variant])]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.Constant):
        node.value = node.value + variant
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        del node.elts[variant]
    elif isinstance(node, ast.Call) and operator == "hit":
        if variant in (0, 1):
            first = node.args[0]
            node.args[0] = (
                ast.Constant("") if variant == 0 else ast.BinOp(first, ast.Add(), ast.Constant("/x"))  # type: ignore[arg-type]
            )
        else:
            name = "detail" if variant == 2 else "x"
            for keyword in node.keywords:
                if keyword.arg == name:
                    keyword.value = ast.Constant(None)


def _replace_unary(tree: ast.Module, target: ast.AST, replacement: ast.AST) -> None:
    for node in ast.walk(tree):
        for field, value in ast.iter_fields(node):
            if value is target:
                setattr(node, field, replacement)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is target:
                        value[i] = replacement


def _function_of(tree: ast.Module) -> dict[ast.AST, str]:
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.ClassDef) else name
            owner[child] = inner
            visit(child, inner)

    visit(tree, "<module>")
    return owner


def mutants(root: Path = ROOT) -> list[Mutant]:
    """Every mutant of the target modules, in a fixed order."""
    found: list[Mutant] = []
    for folder in TARGETS:
        where = root / folder
        for path in [where] if where.suffix == ".py" else sorted(where.glob("*.py")):
            module = path.relative_to(root).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            owner = _function_of(tree)
            seen: Counter[str] = Counter()
            for index, (node, _operator, change, _variant) in enumerate(_points(tree)):
                source = " ".join(ast.unparse(node).split())[:80]
                ident = f"{module.removeprefix('mmsvalidate/')}:{owner.get(node, '<module>')}:{change}:{source}"
                seen[ident] += 1
                if seen[ident] > 1:
                    ident += f"#{seen[ident]}"
                found.append(Mutant(module, index, ident, getattr(node, "lineno", 0), change))
    return found


def mutated_source(path: Path, index: int) -> str:
    """The source of ``path`` with its ``index``-th mutation point changed."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for number, (node, operator, _change, variant) in enumerate(_points(tree)):
        if number == index:
            if operator == "not":
                _replace_unary(tree, node, copy.deepcopy(node.operand))  # type: ignore[attr-defined]
            elif operator == "call":
                _replace_unary(tree, node, copy.deepcopy(node.func.value))  # type: ignore[attr-defined]
            else:
                _apply(node, operator, variant)
            return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
    raise IndexError(index)


def equivalent() -> dict[str, str]:
    """The reviewed equivalent mutants: id -> reason."""
    if not EQUIVALENT.exists():
        return {}
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {entry["id"]: entry["reason"] for entry in data.get("mutant", [])}


class Sandbox:
    """A copy of the tree in a temporary folder, where one mutant at a time is written and tested."""

    def __init__(self, tests: tuple[str, ...], timeout: float) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="mmsvalidate-mutants-"))
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.folder / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.exists():
                shutil.copy2(source, self.folder / name)
        self.tests = tests
        self.timeout = timeout
        self.env = {**os.environ, "PYTHONPATH": str(self.folder), "PYTHONDONTWRITEBYTECODE": "1"}
        self.env.pop("CI", None)
        self.worker: subprocess.Popen[str] | None = None

    def run(
        self,
        first: tuple[str, ...] = (),
        tests: tuple[str, ...] | None = None,
        options: tuple[str, ...] = PYTEST_OPTIONS,
    ) -> tuple[str, list[str]]:
        """Run the tests once: ``passed``, ``failed`` or ``timeout``, and the tests that failed (node ids, or
        ``collect PATH`` for a module that could not even be collected).

        A worker process started once per sandbox has imported pytest and the third-party libraries;
        it forks a child per run, which imports mmsvalidate and the tests afresh from the sandbox.
        """
        if self.worker is None or self.worker.poll() is not None:
            self.worker = subprocess.Popen(
                [sys.executable, "-c", WORKER],
                cwd=self.folder,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        assert self.worker.stdin is not None and self.worker.stdout is not None
        start = time.monotonic()
        chosen = self.tests if tests is None else tests
        self.worker.stdin.write("\t".join([*options, *first, *chosen]) + "\n")
        self.worker.stdin.flush()
        child = int(self.worker.stdout.readline())
        timer = threading.Timer(self.timeout, _kill, (child,))
        timer.start()
        failing: list[str] = []
        try:
            while (line := self.worker.stdout.readline().rstrip("\n")).startswith(("failed ", "collect ")):
                failing.append(line.removeprefix("failed "))
            code = int(line)
        finally:
            timer.cancel()
        if time.monotonic() - start >= self.timeout:
            return "timeout", failing
        return ("passed" if code == 0 else "failed"), failing

    def check_imports_the_copy(self) -> None:
        command = [sys.executable, "-c", "import mmsvalidate; print(mmsvalidate.__file__)"]
        where = subprocess.run(command, cwd=self.folder, env=self.env, capture_output=True, text=True, check=True)
        assert where.stdout.strip().startswith(str(self.folder)), where.stdout

    def test(self, mutant: Mutant) -> tuple[str, list[str]]:
        path = self.folder / mutant.module
        original = path.read_text(encoding="utf-8")
        try:
            path.write_text(mutated_source(ROOT / mutant.module, mutant.index), encoding="utf-8")
            return self.run(MODULE_TESTS.get(mutant.module, ()), suite(mutant.module, self.tests))
        finally:
            path.write_text(original, encoding="utf-8")

    def remove(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            assert self.worker.stdin is not None
            self.worker.stdin.close()
            self.worker.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


def suite(module: str, tests: tuple[str, ...]) -> tuple[str, ...]:
    """The tests a mutant of ``module`` runs: its package's (``PACKAGE_TESTS``), else ``tests``."""
    for package, own in PACKAGE_TESTS.items():
        if module.startswith(package):
            return tuple(t for t in own if (ROOT / t).exists())
    return tests


def package(module: str) -> str:
    """The package a module is in (``mmsvalidate/bulk``), the unit of the score's table and of a sample."""
    return module.rsplit("/", 1)[0]


def sample(chosen: list[Mutant], size: int, seed: int) -> list[Mutant]:
    """``size`` mutants drawn with ``seed``, in turn from each package, so that a small sample covers them all."""
    rng = random.Random(seed)
    groups: dict[str, list[Mutant]] = {}
    for m in chosen:
        groups.setdefault(package(m.module), []).append(m)
    for group in groups.values():
        rng.shuffle(group)
    picked: list[Mutant] = []
    while len(picked) < size and any(groups.values()):
        for name in sorted(groups):
            if groups[name] and len(picked) < size:
                picked.append(groups[name].pop())
    return sorted(picked, key=lambda m: (m.module, m.index))


def unmutated_failures(probe: Sandbox, killers: set[str]) -> set[str]:
    """Of the tests that killed mutants, those that fail on the unmutated tree too: one run of them all (and one
    collection of the modules that could not be collected), so a kill counts only where the test passes without
    the mutant."""
    broken: set[str] = set()
    everything = tuple(arg for arg in PYTEST_OPTIONS if arg != "-x")
    tests = sorted(k for k in killers if not k.startswith("collect "))
    modules = sorted(k.removeprefix("collect ") for k in killers if k.startswith("collect "))
    if tests:
        broken |= set(probe.run(tests=tuple(tests), options=everything)[1]) & set(tests)
    if modules:
        failed = probe.run(tests=tuple(modules), options=(*everything, "--collect-only"))[1]
        broken |= {f"collect {module}" for module in modules} & set(failed)
    return broken


def _kill(pid: int) -> None:
    """End a run over its time limit: its process group, so the servers its tests started end with it (left
    running, they would hold ports and CPU for the rest of the mutation run)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


#: The worker: imports what is not ours once, then for each line of pytest arguments forks a child that
#: runs them in a process group of its own, and answers the child's pid, the failing tests' node ids
#: (``failed ID``, or ``collect PATH`` for a module that could not be collected) and then its exit code.
WORKER = """
import os, sys
sys.path.insert(0, os.getcwd())
import attrs, click, defusedxml, hypothesis, jsonschema, phonenumbers, pytest
for number in ("+14158586273", "+442071838750", "+4915112345678", "+16135550123"):
    phonenumbers.is_valid_number(phonenumbers.parse(number))

class Failures:
    def __init__(self, out):
        self.out = out
    def pytest_runtest_logreport(self, report):
        if report.failed:
            os.write(self.out, ("failed " + report.nodeid.replace("\\n", " ") + "\\n").encode())
    def pytest_collectreport(self, report):
        if report.failed and report.nodeid:
            os.write(self.out, ("collect " + report.nodeid.split("::")[0] + "\\n").encode())

for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)  # its own process group, with every process its tests start
        out = os.dup(1)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            code = int(pytest.main(line.rstrip("\\n").split("\\t"), plugins=[Failures(out)]))
        except BaseException:
            code = 3
        os._exit(code)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sample", type=int, help="test only N mutants, drawn with --seed in turn from each package")
    parser.add_argument(
        "--mutant-timeout", type=float, default=180, help="a mutant whose tests run longer is killed (default 180 s)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--module", action="append", default=[], help="only modules whose path contains this")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--time-limit", type=float, default=3600, help="stop starting mutants after this many seconds")
    parser.add_argument("--fail-under", type=float, default=0, help="exit 1 when the score is below this percentage")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument(
        "--only", type=Path, help="only the mutants whose ids a JSON file of --output lists as survivors"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="also write each mutant's id, verdict and what killed it (a test, or the time limit) to this JSON file",
    )
    parser.add_argument(
        "--tests", nargs="+", default=list(FAST_TESTS), help="test files to run (default: the fast ones)"
    )
    args = parser.parse_args(argv)

    everything = mutants()
    chosen = [m for m in everything if not args.module or any(part in m.module for part in args.module)]
    reasons = equivalent()
    stale = set(reasons) - {m.ident for m in everything}
    if args.list:
        for m in chosen:
            print(f"{m.module}:{m.line}: {m.change}    [{m.ident}]{'  (equivalent)' if m.ident in reasons else ''}")
        return 0
    chosen = [m for m in chosen if m.ident not in reasons]
    if args.only:
        again = {
            item["id"] for item in json.loads(args.only.read_text(encoding="utf-8")) if item["verdict"] == "survived"
        }
        chosen = [m for m in chosen if m.ident in again]
    if args.sample is not None and args.sample < len(chosen):
        chosen = sample(chosen, args.sample, args.seed)
    tests = tuple(t for t in args.tests if (ROOT / t).exists())

    probe = Sandbox(tests, timeout=args.mutant_timeout)  # the unmutated tree, where a killing test is run again
    probe.check_imports_the_copy()
    suites = sorted({suite(m.module, tests) for m in chosen})
    print(
        f"{len(chosen)} mutants of {len(everything)} ({len(reasons)} reviewed equivalent, left out); "
        f"tests: {'; '.join(' '.join(each) for each in suites)}; {args.jobs} at once",
        flush=True,
    )

    sandboxes = [Sandbox(tests, args.mutant_timeout) for _ in range(max(1, args.jobs))]
    free = list(sandboxes)
    results: dict[Mutant, str] = {}
    killers: dict[Mutant, str] = {}  # a killed mutant -> the first test that failed, run again unmutated at the end
    timed_out: set[Mutant] = set()  # killed by the time limit, not by a failing test
    deadline = time.monotonic() + args.time_limit

    def one(mutant: Mutant) -> None:
        if time.monotonic() > deadline:
            return
        box = free.pop()
        try:
            verdict, failing = box.test(mutant)
        finally:
            free.append(box)
        if verdict == "failed" and failing:
            killers[mutant] = failing[0]
        if verdict == "timeout":
            timed_out.add(mutant)
        results[mutant] = "survived" if verdict == "passed" else "killed"
        if verdict == "passed":
            print(f"  survived: {mutant.ident}", file=sys.stderr, flush=True)
        if len(results) % 50 == 0:
            print(f"  {len(results)} of {len(chosen)} tested", file=sys.stderr, flush=True)

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=len(sandboxes)) as pool:
            list(pool.map(one, chosen))
        broken = unmutated_failures(probe, set(killers.values()))
    finally:
        for box in [probe, *sandboxes]:
            box.remove()
    for mutant, killer in killers.items():
        if killer in broken:
            results[mutant] = "survived"  # not killed: the test that failed fails without the mutant too
    elapsed = time.monotonic() - started

    print(f"\n{'module':<36} {'killed':>7} {'tested':>7} {'score':>7}")
    modules = sorted({m.module for m in chosen})
    total_killed = total = 0
    for module in modules:
        done = [m for m in chosen if m.module == module and m in results]
        killed = sum(results[m] == "killed" for m in done)
        total_killed, total = total_killed + killed, total + len(done)
        score = f"{100 * killed / len(done):.1f}%" if done else "-"
        print(f"{module:<36} {killed:>7} {len(done):>7} {score:>7}")
    score = 100 * total_killed / total if total else 100.0
    print(f"{'all':<36} {total_killed:>7} {total:>7} {score:>6.1f}%")
    if timed_out:
        # a kill by the time limit is no test telling the mutant apart when the unmutated tests need that long too
        print(f"{len(timed_out)} of the killed ran over the time limit ({args.mutant_timeout:g} s), no test failing")
    untested = len(chosen) - len(results)
    if untested:
        print(f"{untested} mutants not tested: the time limit ({args.time_limit:.0f} s) was reached")
    survivors = [m for m in chosen if results.get(m) == "survived"]
    if survivors:
        print(f"\n{len(survivors)} survivors (a test should tell each apart, or it is reviewed as equivalent):")
        for m in survivors:
            print(f"  {m.module}:{m.line}: {m.change}\n      id = {m.ident!r}")
    if broken:
        print(f"\n{len(broken)} tests fail without any mutant (their mutants are counted as survivors); fix them:")
        for failing in sorted(broken):
            print(f"  {failing}")
    if stale:
        print(f"\n{len(stale)} entries of {EQUIVALENT.name} match no mutant any more:")
        for ident in sorted(stale):
            print(f"  {ident!r}")
    if args.output:
        # what killed each killed mutant: the first test that failed, or the time limit
        by = {m: "time limit" if m in timed_out else killers.get(m) for m in results if results[m] == "killed"}
        verdicts = [
            {"id": m.ident, "module": m.module, "line": m.line, "verdict": results[m], "by": by.get(m)} for m in results
        ]
        args.output.write_text(json.dumps(verdicts, indent=1) + "\n", encoding="utf-8")
    print(f"\n{elapsed:.0f} s")
    return 1 if score < args.fail_under else 0


if __name__ == "__main__":
    raise SystemExit(main())
