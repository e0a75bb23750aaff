"""A ``check`` run as one object: the :class:`RunPlan` the options make, and :func:`run`, which assembles the
configuration, the files, the workers, the media stage and the outputs, and gives the exit status."""

from __future__ import annotations

import contextlib
import itertools
import os
from typing import TYPE_CHECKING, Any

import click

from mmsvalidate.cli import batch, collector
from mmsvalidate.cli import paths as paths_
from mmsvalidate.cli.blocks import INTERNAL, Block
from mmsvalidate.cli.emit import Outputs, Sink, emitter
from mmsvalidate.cli.options import StatusLine, fail, profile_overrides, say, selection, use_color
from mmsvalidate.files import pure

# every run reads the configuration: its modules load with the command (with no collection: see collector)
from mmsvalidate.settings.config import ConfigError, Overrides
from mmsvalidate.settings.resolve import Resolver

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from mmsvalidate.cli.online import MediaWindows
    from mmsvalidate.formats import Checked

#: What fails a run (exit 1): a request with an error, or with any finding at all.
FAIL_LEVELS = ("error", "warning")


class RunPlan:
    """Everything a ``check`` run is asked to do; :meth:`checked` refuses a bad combination (a usage error)."""

    __slots__ = (
        "color",
        "config_file",
        "exit_zero",
        "fail_level",
        "force_exclude",
        "isolated",
        "jobs",
        "outputs",
        "overrides",
        "paths",
        "quiet",
        "show",
        "skip_non_requests",
        "statistics",
        "stdin_filename",
    )

    def __init__(
        self,
        paths: tuple[str, ...],
        overrides: Overrides,
        outputs: tuple[tuple[str, str | None], ...] = (("text", None),),
        statistics: bool = False,
        fail_level: str = "error",
        exit_zero: bool = False,
        quiet: bool = False,
        color: str = "auto",
        config_file: str | None = None,
        isolated: bool = False,
        force_exclude: bool = False,
        stdin_filename: str | None = None,
        skip_non_requests: bool = False,
        show: str | None = None,
        jobs: int | None = None,
    ) -> None:
        self.paths = paths
        self.overrides = overrides
        #: Each output: its format and its file (``None``: standard output, at most one).
        self.outputs = outputs
        self.statistics = statistics
        self.fail_level = fail_level
        self.exit_zero = exit_zero
        self.quiet = quiet
        self.color = color
        self.config_file = config_file
        self.isolated = isolated
        self.force_exclude = force_exclude
        self.stdin_filename = stdin_filename
        self.skip_non_requests = skip_non_requests
        self.show = show
        self.jobs = jobs

    def checked(self) -> RunPlan:
        """This plan, if its options go together; else a :class:`click.UsageError` that says why."""
        if self.statistics and any(name not in ("text", "json") for name, _ in self.outputs):
            raise click.UsageError("--statistics prints text or json; use --format text or --format json")
        if self.isolated and self.config_file is not None:
            raise click.UsageError("--isolated and --config exclude each other")
        if self.stdin_filename is not None and "-" not in self.paths:
            raise click.UsageError("--stdin-filename names the request read from '-'; give '-' among the paths")
        if sum(path is None for _, path in self.outputs) > 1:
            raise click.UsageError("only one format can go to standard output: give --output-file for the others")
        files = [path for _, path in self.outputs if path is not None]
        written = [os.path.abspath(path) for path in files]
        if twice := [path for path, at in zip(files, written, strict=True) if written.count(at) > 1]:
            raise click.UsageError(f"the output file {twice[-1]!r} is given for two formats: give each its own file")
        return self


def plan_of(options: dict[str, Any]) -> RunPlan:
    """The plan of ``check``'s options (click's parameters by name), the configuration's overrides among them."""
    from mmsvalidate.cli.online import online_overrides

    given = dict(options)
    take = given.pop
    overrides = Overrides(
        profile=profile_overrides(given),
        form=take("form"),
        selection=selection(take("select"), take("extend_select"), take("ignore")),
        exclude=take("exclude") or None,
        extend_exclude=take("extend_exclude"),
        online=online_overrides(given),
    )
    show_files, show_settings = take("show_files"), take("show_settings")
    return RunPlan(
        paths=take("paths"),
        outputs=outputs(take("output_formats"), take("output_files")),
        statistics=take("statistics"),
        fail_level=take("fail_level"),
        exit_zero=take("exit_zero"),
        quiet=take("quiet"),
        color=take("color"),
        overrides=overrides,
        config_file=take("config_file"),
        isolated=take("isolated"),
        force_exclude=take("force_exclude"),
        stdin_filename=take("stdin_filename"),
        skip_non_requests=take("skip_non_requests"),
        show="files" if show_files else "settings" if show_settings else None,
        jobs=take("jobs"),
    ).checked()


def outputs(formats: tuple[str, ...], files: tuple[os.PathLike[str] | str, ...]) -> tuple[tuple[str, str | None], ...]:
    """Formats paired with output files: the files go to the last formats, in order; the first format
    goes to standard output when there are fewer files (``--format github --format sarif -o x.sarif``).
    Each file's path is spelt as ``pathlib`` spells it (``./out.json`` is ``out.json``)."""
    formats = formats or ("text",)
    if len(files) > len(formats):
        raise click.UsageError(f"{len(files)} output files for {len(formats)} formats: give one --format each")
    unnamed = len(formats) - len(files)
    return tuple(zip(formats, (*([None] * unnamed), *map(pure, files)), strict=True))


class Progress(StatusLine):
    """How many requests are checked so far, on standard error when it is a terminal, for long runs only."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def tick(self, count: int = 1) -> None:
        before = self.count
        self.count += count
        if self.count // 64 != before // 64:
            self.draw(lambda: f"mmsvalidate: {self.count:,} requests checked")


def _not_a_request(label: str, content: bytes) -> bool:
    """Whether to skip a file: nothing in it says sendMMS (said on standard error)."""
    from mmsvalidate.cli.sniff import is_request

    if is_request(content):
        return False
    say(f"{label}: skipped, not a sendMMS request (--strict checks it)")  # its name printable, as in the findings
    return True


def _no_files(folder: str) -> None:
    say(f"warning: no request files found in {folder}")


def _show(plan: RunPlan, resolver: Resolver) -> int:
    from mmsvalidate.cli import show

    found = paths_.targets(plan.paths, resolver, plan.force_exclude, plan.stdin_filename, on_empty=_no_files)
    return show.files(found) if plan.show == "files" else show.settings(found, resolver)


def run(plan: RunPlan) -> int:
    """Do the run; its exit status: 0 no failing request, 1 one fails, 2 a usage, path or internal error,
    130 interrupted. Configuration errors exit 2 at once."""
    try:
        resolver = Resolver(plan.overrides, config_file=plan.config_file, isolated=plan.isolated, warn=say)
        if plan.show is not None:
            return _show(plan, resolver)
        return _check(plan, resolver)
    except ConfigError as exc:
        fail(exc)
    except KeyboardInterrupt:
        say("interrupted")
        return 130


def _check(plan: RunPlan, resolver: Resolver) -> int:
    progress = Progress()
    pairs = []
    for name, path in plan.outputs:
        color = name == "text" and use_color(plan.color, path is not None)
        made = emitter(name, statistics=plan.statistics, color=color, quiet=plan.quiet)
        pairs.append((made, Sink(path, color, before=progress.clear)))
    out = Outputs(pairs)
    skip = tuple(path for _, path in plan.outputs if path is not None)
    found = paths_.targets(plan.paths, resolver, plan.force_exclude, plan.stdin_filename, on_empty=_no_files, skip=skip)
    first = list(itertools.islice(found, batch.PARALLEL_FROM))
    processes = batch.workers(plan.jobs, batch.weight(first))
    work = batch.jobs(itertools.chain(first, found), resolver, _not_a_request if plan.skip_non_requests else None)
    problems = broken = failing = 0
    media: MediaWindows | None = None

    def deliver(item: Checked | Block) -> None:
        nonlocal broken, failing
        if isinstance(item, Block):
            out.add_block(item)
            broken += item.broken
            failing += item.failing if plan.fail_level == "error" else item.flagged
            return
        out.add(item)
        broken += any(f.code == INTERNAL for f in item.report.findings)
        failing += _fails(item, plan.fail_level)

    emitters = out.streaming()  # every output streams: workers render, this process writes and counts
    if emitters is not None:
        work = (batch.rendered(job, emitters) for job in work)
    work, processes = fitted(work, processes)
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(batch.Workers(processes)) if processes > 1 else None
        stack.callback(progress.close)
        items = batch.ordered(work, batch.run_job, pool, window=2 * processes + 2)
        for item in items if pool is not None else _first_loading(items):
            if isinstance(item, tuple):  # (label, reason): a file that could not be read
                label, reason = item
                progress.clear()
                say(f"{label}: {reason}")
                problems += 1
                item = batch.not_checked(label, reason)
            progress.tick(item.entries if isinstance(item, Block) else 1)
            if isinstance(item, batch.Pending) and media is None:
                from mmsvalidate.cli.online import MediaWindows

                media = MediaWindows()  # from the first online request on, output waits for its window
            for ready in media.add(item) if media is not None else (item,):
                deliver(ready)
        for ready in media.close() if media is not None else ():
            deliver(ready)
    status = 2 if problems or broken else 1 if failing else 0
    out.close(status)
    return 0 if plan.exit_zero and status == 1 else status


def fitted(work: Iterable[batch.Job], processes: int) -> tuple[Iterator[batch.Job], int]:
    """``work`` as it was, and ``processes`` cut to the jobs it holds when it holds fewer: a pool starts all its
    processes at once, and ``--jobs 100000`` on one file must not start a hundred thousand. Only as many jobs
    are read ahead as processes were asked for, fewer than the pool's window takes at once anyway."""
    work = iter(work)
    if processes <= 1:
        return work, processes
    head = list(itertools.islice(work, processes))
    return itertools.chain(head, work), max(1, len(head))


def _first_loading(items: Iterator[Any]) -> Iterator[Any]:
    """``items``, the first made and handled inside :func:`collector.loading`: checking and writing the first
    request load what the rules and the output need (phonenumbers and its metadata, the format), with no
    collection (a one-file check's whole run); the collector is back for the rest. In this process only: a
    pool's workers are forked as the first items are made, and must not start with the collector off."""
    with collector.loading():
        first = next(items, None)
        if first is None:
            return
        yield first
    yield from items


def _fails(item: Checked, level: str) -> bool:
    """Whether a checked request fails the run at ``--fail-level``."""
    return not item.report.ok if level == "error" else bool(item.report.findings)
