"""``mmsvalidate check``: check request files and folders, in any output format."""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from mmsvalidate.cli import batch
from mmsvalidate.cli import paths as paths_
from mmsvalidate.cli.online import online_options, online_overrides
from mmsvalidate.cli.options import (
    COLOR,
    FORMATS,
    StatusLine,
    config_options,
    echo,
    fail,
    profile_options,
    profile_overrides,
    say,
    selection,
    unwritable,
    use_color,
    write_output,
)

if TYPE_CHECKING:
    from mmsvalidate.cli.online import MediaWindows
    from mmsvalidate.formats import Checked


@click.command(short_help="Check request files and folders.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to this file."
)
@click.option("--statistics", is_flag=True, help="Print how many findings of each code instead (text or json).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when a file has errors (2 still means a usage error).")
@click.option("-q", "--quiet", is_flag=True, help="Text format: print the findings only, without the summary.")
@click.option("--color", type=click.Choice(COLOR), default="auto", show_default=True, help="Colour the text format.")
@config_options
@click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip these paths, instead of the configured ones.")
@click.option("--extend-exclude", multiple=True, metavar="PATTERN", help="Skip these paths too.")
@click.option("--force-exclude", is_flag=True, help="Apply the exclusions to paths named on the command line too.")
@click.option("--stdin-filename", metavar="PATH", help="The name of the file read from '-' (configuration, output).")
@click.option(
    "--skip-non-requests/--strict",
    default=False,
    help="Skip, with a note, a file that is clearly not a sendMMS request (the pre-commit hook does); "
    "--strict checks every file [default: --strict].",
)
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and check none.")
@click.option(
    "--show-settings", is_flag=True, help="Print the settings the first file would be checked with, and check none."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help=f"Processes checking files (0: one per CPU). Default: one per CPU from {batch.PARALLEL_FROM} files, else 1.",
)
@profile_options
@online_options
def check(
    paths: tuple[str, ...],
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    exit_zero: bool,
    quiet: bool,
    color: str,
    form: str | None,
    config_file: Path | None,
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool,
    stdin_filename: str | None,
    skip_non_requests: bool,
    show_files: bool,
    show_settings: bool,
    jobs: int | None,
    **profile_options: Any,
) -> None:
    """Check request files and folders (recursed; '-' reads standard input).

    Options override the configuration file (mmsvalidate.toml or [tool.mmsvalidate] in
    pyproject.toml, found by walking up from each file). Exit status: 0 when no file has an
    error, 1 when one has, 2 for a usage or configuration error or a path that is missing or
    unreadable (the other paths are still checked).
    """
    from mmsvalidate.settings.config import ConfigError, Overrides
    from mmsvalidate.settings.resolve import Resolver

    if statistics and output_format not in ("text", "json"):
        raise click.UsageError("--statistics prints text or json; use --format text or --format json")
    if isolated and config_file is not None:
        raise click.UsageError("--isolated and --config exclude each other")
    if stdin_filename is not None and "-" not in paths:
        raise click.UsageError("--stdin-filename names the request read from '-'; give '-' among the paths")
    overrides = Overrides(
        profile=profile_overrides(profile_options),
        form=form,
        selection=selection(select, extend_select, ignore),
        exclude=exclude or None,
        extend_exclude=extend_exclude,
        online=online_overrides(profile_options),
    )
    if show_files or show_settings:
        from mmsvalidate.cli import show

        try:
            resolver = Resolver(overrides, config_file=config_file, isolated=isolated, warn=say)
            found = paths_.targets(paths, resolver, force_exclude, stdin_filename, on_empty=_no_files)
            sys.exit(show.files(found) if show_files else show.settings(found, resolver))
        except ConfigError as exc:
            fail(exc)
    stream = _Stream(output_format, output_file, quiet, color) if streams(output_format, statistics) else None
    results: list[Checked] = []
    problems = broken = failing = 0
    try:
        resolver = Resolver(overrides, config_file=config_file, isolated=isolated, warn=say)
        found = paths_.targets(paths, resolver, force_exclude, stdin_filename, on_empty=_no_files, skip=output_file)
        first = list(itertools.islice(found, batch.PARALLEL_FROM))
        processes = batch.workers(jobs, batch.weight(first))
        work = batch.jobs(itertools.chain(first, found), resolver, _not_a_request if skip_non_requests else None)
        progress = Progress()
        media: MediaWindows | None = None
        with contextlib.ExitStack() as stack:
            pool = stack.enter_context(batch.Workers(processes)) if processes > 1 else None
            stack.callback(progress.close)
            for item in batch.ordered(work, batch.run_job, pool, window=2 * processes + 2):
                if isinstance(item, tuple):
                    label, reason = item
                    progress.clear()
                    say(f"{label}: {reason}")
                    problems += 1
                    item = batch.not_checked(label, reason)
                progress.tick()
                if isinstance(item, batch.Pending) and media is None:
                    from mmsvalidate.cli.online import MediaWindows

                    media = MediaWindows()  # from the first online request on, output waits for its window
                for ready in media.add(item) if media is not None else (item,):
                    broken, failing = _deliver(ready, stream, results, broken, failing)
            for ready in media.close() if media is not None else ():
                broken, failing = _deliver(ready, stream, results, broken, failing)
    except ConfigError as exc:
        fail(exc)
    status = 2 if problems or broken else 1 if failing else 0
    if stream is not None:
        stream.close()
    else:
        emit(results, output_format, output_file, statistics, quiet, color, status)
    sys.exit(0 if exit_zero and status == 1 else status)


def _deliver(
    item: Checked, stream: _Stream | None, results: list[Checked], broken: int, failing: int
) -> tuple[int, int]:
    """Hand a checked request to the output; the counts of internal errors and failing requests."""
    if stream is not None:
        stream.add(item)
    else:
        results.append(item)
    return broken + any(f.code == "MV900" for f in item.report.findings), failing + (not item.report.ok)


def _not_a_request(label: str, content: bytes) -> bool:
    """Whether to skip a file: nothing in it says sendMMS (said on standard error)."""
    from mmsvalidate.cli.sniff import is_request

    if is_request(content):
        return False
    click.echo(f"mmsvalidate: {label}: skipped, not a sendMMS request (--strict checks it)", err=True)
    return True


def _no_files(folder: str) -> None:
    say(f"warning: no request files found in {folder}")


def streams(output_format: str, statistics: bool) -> bool:
    """Whether the output is written file by file as checked (so memory stays flat in big batches)."""
    return output_format in ("text", "github", "jsonl") and not statistics


class Progress(StatusLine):
    """How many requests are checked so far, on standard error when it is a terminal, for long runs only."""

    AFTER = 2.0
    EVERY = 0.5

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.count % 64 == 0:
            self.draw(lambda: f"mmsvalidate: {self.count:,} requests checked")


class _Stream:
    """Writes each file's findings as soon as it is checked, keeping only the summary's counts."""

    def __init__(self, output_format: str, output_file: Path | None, quiet: bool, color: str) -> None:
        self.format, self.quiet, self.output_file = output_format, quiet, output_file
        self.color = use_color(color, output_file is not None) and output_format == "text"
        # the output file is written when every input has been read: until then its findings wait
        # in a temporary file, so '-o keep.xml keep.xml' reads the request before replacing it
        self.file: IO[str] | None = None
        if output_file is not None:
            import tempfile  # only here: a cold start printing to standard output skips it

            self.file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115 (closed by close())
        self.counts = [0, 0, 0, 0]
        self.files = 0
        self.records = False
        self.last: tuple[str, int | None] | None = None

    def write(self, text: str) -> None:
        if text:
            if self.file is None:
                echo(text, self.color)
                return
            try:
                self.file.write(text)
            except OSError as exc:
                unwritable("a temporary file", exc)

    def add(self, item: Checked) -> None:
        from mmsvalidate.formats import github, text

        report = item.report
        if item.record is None or self.last is None or self.last[1] is None or self.last[0] != item.path:
            self.files += 1
        self.last = (item.path, item.record)
        self.records = self.records or item.record is not None or item.requests != 1
        self.counts = [
            self.counts[0] + item.requests,
            self.counts[1] + len(report.errors),
            self.counts[2] + len(report.warnings),
            self.counts[3] + (not report.ok),
        ]
        if self.format == "github":
            self.write(github.render([item]))
        elif self.format == "jsonl":
            from mmsvalidate.formats import jsonl

            self.write(jsonl.render([item]))
        else:
            self.write(text.render([item], color=self.color, quiet=True))

    def close(self) -> None:
        from mmsvalidate.formats import text

        if self.format == "text" and not self.quiet:
            requests, errors, warnings, failing = self.counts
            counts = text.counted(
                self.files, errors, warnings, failing, color=self.color, requests=requests if self.records else None
            )
            self.write(counts + "\n")
        if self.file is None or self.output_file is None:
            return
        import shutil

        try:
            self.file.seek(0)
            with self.output_file.open("w", encoding="utf-8", errors="backslashreplace") as output:
                shutil.copyfileobj(self.file, output)
        except OSError as exc:
            unwritable(str(self.output_file), exc)
        finally:
            self.file.close()


def emit(
    results: list[Checked],
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    quiet: bool,
    color: str,
    status: int,
) -> None:
    from mmsvalidate.formats import renderer

    colored = use_color(color, output_file is not None)
    cwd = str(Path.cwd())
    if statistics:
        from mmsvalidate.formats import statistics as stats

        output = stats.render_json(results) if output_format == "json" else stats.render(results)
    elif output_format == "text":
        from mmsvalidate.formats import text

        output = text.render(results, color=colored, quiet=quiet)
    elif output_format == "gitlab":
        from mmsvalidate.formats import gitlab

        output = gitlab.render(results, root=os.environ.get("CI_PROJECT_DIR") or cwd, cwd=cwd)
    elif output_format == "sarif":
        from mmsvalidate.formats import sarif

        output = sarif.render(results, root=cwd, exit_code=status)
    else:
        output = renderer(output_format)(results)
    write_output(output, output_file, colored)
