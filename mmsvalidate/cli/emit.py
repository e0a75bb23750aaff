"""Where a run's results go: one :class:`Emitter` per output format, each writing to its own :class:`Sink`.

Every format has the same two calls: :meth:`Emitter.item` as each request is checked (the streaming
formats write then, so memory stays flat) and :meth:`Emitter.end` once all are (the others render the
whole run then). What a format needs from the run (colour, exit status, folders) comes in its
constructor or in the :class:`Totals`; the command never branches on a format's name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import IO, ClassVar

from mmsvalidate.cli.blocks import Block, begins_file
from mmsvalidate.cli.options import echo, unwritable
from mmsvalidate.formats import Checked, renderer


class Totals:
    """The run's counts, kept as results arrive, and its exit status once known."""

    __slots__ = ("_last", "errors", "failing", "files", "records", "requests", "status", "warnings")

    def __init__(self) -> None:
        self.files = self.requests = self.errors = self.warnings = self.failing = self.status = 0
        self.records = False
        self._last: tuple[str, int | None] | None = None

    def add(self, item: Checked) -> None:
        report = item.report
        self.files += begins_file(self._last, (item.path, item.record))
        self._last = (item.path, item.record)
        self.records = self.records or item.record is not None or item.requests != 1
        self.requests += item.requests
        self.errors += len(report.errors)
        self.warnings += len(report.warnings)
        self.failing += not report.ok

    def add_block(self, block: Block) -> None:
        """Count a block of requests rendered by a worker."""
        self.files += begins_file(self._last, block.first) + block.files
        self._last = block.last
        self.records = self.records or block.records
        self.requests += block.requests
        self.errors += block.errors
        self.warnings += block.warnings
        self.failing += block.failing


class Emitter:
    """One output format: text written as each request is checked, and at the end."""

    #: Whether it writes as each request is checked (else it keeps the results for :meth:`end`).
    streams: ClassVar[bool] = False

    def item(self, checked: Checked) -> str:
        return ""

    def end(self, results: Sequence[Checked], totals: Totals) -> str:
        return ""


class Rendered(Emitter):
    """A format rendered whole at the end by its module's ``render(results)``."""

    def __init__(self, name: str) -> None:
        self.render = renderer(name)

    def end(self, results: Sequence[Checked], totals: Totals) -> str:
        return self.render(results)


class Streamed(Emitter):
    """A format written request by request by its module's ``render([item])`` (github, jsonl)."""

    streams = True

    def __init__(self, name: str) -> None:
        self.render = renderer(name)

    def item(self, checked: Checked) -> str:
        return self.render([checked])


class Text(Emitter):
    """``path:line:col: CODE message``, then the summary line (left out when ``quiet``)."""

    streams = True

    def __init__(self, color: bool, quiet: bool) -> None:
        self.color, self.quiet = color, quiet

    def item(self, checked: Checked) -> str:
        from mmsvalidate.formats import text

        return text.render([checked], color=self.color, quiet=True)

    def end(self, results: Sequence[Checked], totals: Totals) -> str:
        from mmsvalidate.formats import text

        if self.quiet:
            return ""
        requests = totals.requests if totals.records else None
        counts = text.counted(
            totals.files, totals.errors, totals.warnings, totals.failing, color=self.color, requests=requests
        )
        return counts + "\n"


class Statistics(Emitter):
    """How many findings of each code, as text or JSON."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def end(self, results: Sequence[Checked], totals: Totals) -> str:
        from mmsvalidate.formats import statistics

        return statistics.render_json(results) if self.as_json else statistics.render(results)


class Gitlab(Emitter):
    """GitLab Code Quality, paths relative to ``CI_PROJECT_DIR`` (the working folder outside GitLab CI)."""

    def end(self, results: Sequence[Checked], totals: Totals) -> str:
        from mmsvalidate.formats import gitlab

        cwd = os.getcwd()
        return gitlab.render(results, root=os.environ.get("CI_PROJECT_DIR") or cwd, cwd=cwd)


class Sarif(Emitter):
    """SARIF 2.1.0; the run's exit status says whether it was successful."""

    def end(self, results: Sequence[Checked], totals: Totals) -> str:
        from mmsvalidate.formats import sarif

        return sarif.render(results, root=os.getcwd(), exit_code=totals.status)


def emitter(name: str, *, statistics: bool, color: bool, quiet: bool) -> Emitter:
    """The emitter of format ``name`` with the run's options."""
    if statistics:
        return Statistics(as_json=name == "json")
    made: dict[str, Callable[[], Emitter]] = {
        "text": lambda: Text(color, quiet),
        "github": lambda: Streamed("github"),
        "jsonl": lambda: Streamed("jsonl"),
        "gitlab": Gitlab,
        "sarif": Sarif,
    }
    return made.get(name, lambda: Rendered(name))()


class Sink:
    """Standard output, or a file written when every input has been read (until then what goes to it
    waits in a temporary file, so ``-o keep.xml keep.xml`` reads the request before replacing it)."""

    def __init__(self, path: str | None, color: bool, before: Callable[[], None] = lambda: None) -> None:
        self.path, self.color, self.before = path, color, before
        self.file: IO[str] | None = None
        if path is not None:
            import tempfile  # only here: a cold start printing to standard output skips it

            self.file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115 (closed by close())

    def write(self, text: str) -> None:
        if not text:
            return
        if self.file is None:
            self.before()  # a status line on the terminal is wiped first, so no line starts after it
            echo(text, self.color)
            return
        try:
            self.file.write(text)
        except OSError as exc:
            unwritable("a temporary file", exc)

    def close(self) -> None:
        if self.file is None or self.path is None:
            return
        import shutil

        try:
            self.file.seek(0)
            with open(self.path, "w", encoding="utf-8", errors="backslashreplace") as output:
                shutil.copyfileobj(self.file, output)
        except OSError as exc:
            unwritable(self.path, exc)
        finally:
            self.file.close()


class Outputs:
    """Every format of a run with its sink: results handed to each as they come, the rest at the end."""

    __slots__ = ("kept", "pairs", "totals")

    def __init__(self, pairs: list[tuple[Emitter, Sink]]) -> None:
        self.pairs = pairs
        self.totals = Totals()
        self.kept: list[Checked] = []

    def add(self, item: Checked) -> None:
        self.totals.add(item)
        if not all(emitter.streams for emitter, _ in self.pairs):
            self.kept.append(item)
        for emitter, sink in self.pairs:
            sink.write(emitter.item(item))

    def add_block(self, block: Block) -> None:
        """A block of requests a worker checked and rendered with these outputs (all streaming)."""
        self.totals.add_block(block)
        for text, (_, sink) in zip(block.texts, self.pairs, strict=True):
            sink.write(text)

    def streaming(self) -> list[Emitter] | None:
        """The emitters, when every one streams (then workers may render for them), else ``None``."""
        emitters = [emitter for emitter, _ in self.pairs]
        return emitters if all(emitter.streams for emitter in emitters) else None

    def close(self, status: int) -> None:
        self.totals.status = status
        for emitter, sink in self.pairs:
            sink.write(emitter.end(self.kept, self.totals))
            sink.close()
