"""The command line: ``check``, ``codes``, ``explain``, ``convert``, ``schema``. The only module that prints and exits.

Imports beyond click are made inside each command, so a cold start (a pre-commit hook, ``--help``)
loads only what that command needs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

import click

if TYPE_CHECKING:
    from mmsvalidate.config import Resolver, Settings
    from mmsvalidate.formats import Checked

#: Below this many files a batch is checked in one process: starting workers costs more.
PARALLEL_FROM = 200

#: The output formats (the modules under mmsvalidate/formats/), kept here so ``--help`` imports nothing.
FORMATS = ("text", "json", "github", "gitlab", "junit", "sarif", "response")
FORM_CHOICES = ("auto", "xml", "query", "json")
FORMS = ("xml", "query", "json")
COLOR = ("auto", "always", "never")


def _fail(message: str) -> NoReturn:
    """Say what is wrong on standard error and exit 2."""
    click.echo(f"mmsvalidate: {message}", err=True)
    sys.exit(2)


def _clock(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """Codes given as repeated and/or comma-separated options."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _default(field: str) -> str:
    from mmsvalidate.profile import Profile

    value = getattr(Profile(), field)
    return "none" if value is None else str(value)


def use_color(choice: str, to_file: bool) -> bool:
    """Colour for ``--color``: ``auto`` colours only a terminal, and never when ``NO_COLOR`` is set."""
    if choice != "auto":
        return choice == "always"
    return not to_file and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mmsvalidate")
def main() -> None:
    """Check sendMMS requests before they are sent, with the API's own error codes."""


def _profile_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The account profile's switches; each one, when given, overrides the configuration file."""
    limits = (
        ("--max-slides", "max_slides", 1, "E225 limit"),
        ("--max-slide-text", "max_slide_text", 1, "E334 limit"),
        ("--max-total-text", "max_total_text", 1, "E228 limit"),
        ("--min-duration", "min_duration", 0, "E230 lower bound"),
        ("--max-duration", "max_duration", 1, "E230 upper bound"),
        ("--max-subject", "max_subject", 1, "MV107 limit"),
    )
    options = [
        click.option(
            "--enforce-campaign-check/--no-enforce-campaign-check",
            default=None,
            help="The account enforces the campaign check: CAMPAIGNREF required (E718).",
        ),
        click.option(
            "--require-operator-id/--no-require-operator-id",
            default=None,
            help="The account requires OPERATORID (E650).",
        ),
        click.option(
            "--campaign-ref",
            "campaign_refs",
            multiple=True,
            metavar="REF",
            help="A campaign reference the account knows (E721); repeatable.",
        ),
        click.option(
            "--blocked-number",
            "blocked_numbers",
            multiple=True,
            metavar="NUMBER",
            help="A number the account has blocked (E114); repeatable.",
        ),
        *(
            click.option(flag, field, type=click.IntRange(min=low), help=f"{text} [default: {_default(field)}].")
            for flag, field, low, text in limits
        ),
        click.option(
            "--query-gaps",
            type=click.Choice(("slides", "skip")),
            help="Query form: a missing slide number is an empty slide, or is skipped [default: slides].",
        ),
        click.option("--now", metavar="DATETIME", help="Check expiry dates against this ISO 8601 time, not the clock."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _profile_overrides(options: dict[str, Any]) -> dict[str, object]:
    """Profile fields the command line sets (``None`` and empty options are not set)."""
    fields: dict[str, object] = {}
    for name in ("max_slides", "max_slide_text", "max_total_text", "min_duration", "max_duration", "max_subject"):
        if options[name] is not None:
            fields[name] = options[name]
    for name in ("enforce_campaign_check", "require_operator_id"):
        if options[name] is not None:
            fields[name] = options[name]
    if options["campaign_refs"]:
        fields["known_campaign_refs"] = options["campaign_refs"]
    if options["blocked_numbers"]:
        fields["blocked_numbers"] = options["blocked_numbers"]
    if options["query_gaps"] is not None:
        fields["query_gaps_are_slides"] = options["query_gaps"] == "slides"
    try:
        pinned = _clock(options["now"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--now") from exc
    if pinned is not None:
        from mmsvalidate.profile import FixedClock

        fields["clock"] = FixedClock(pinned)
    return fields


@main.command(short_help="Check request files and folders.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format."
)
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to this file."
)
@click.option("--statistics", is_flag=True, help="Print how many findings of each code instead (text or json).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when a file has errors (2 still means a usage error).")
@click.option("-q", "--quiet", is_flag=True, help="Text format: print the findings only, without the summary.")
@click.option("--color", type=click.Choice(COLOR), default="auto", show_default=True, help="Colour the text format.")
@click.option(
    "--form",
    type=click.Choice(FORM_CHOICES),
    help="Request form; auto (the default) detects it from each file's content.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this configuration file for every path, instead of finding one.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--select", multiple=True, metavar="CODES", help="Report only these codes or prefixes (E2, MV); ALL.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Report these codes too.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Do not report these codes or prefixes.")
@click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip these paths, instead of the configured ones.")
@click.option("--extend-exclude", multiple=True, metavar="PATTERN", help="Skip these paths too.")
@click.option("--force-exclude", is_flag=True, help="Apply the exclusions to paths named on the command line too.")
@click.option("--stdin-filename", metavar="PATH", help="The name of the file read from '-' (configuration, output).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help=f"Processes checking files (0: one per CPU). Default: one per CPU from {PARALLEL_FROM} files, else 1.",
)
@_profile_options
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
    jobs: int | None,
    **profile_options: Any,
) -> None:
    """Check request files and folders (recursed; '-' reads standard input).

    Options override the configuration file (mmsvalidate.toml or [tool.mmsvalidate] in
    pyproject.toml, found by walking up from each file). Exit status: 0 when no file has an
    error, 1 when one has, 2 for a usage or configuration error or a path that is missing or
    unreadable (the other paths are still checked).
    """
    from mmsvalidate.config import ConfigError, Overrides, Resolver
    from mmsvalidate.selection import Layer, check_selector

    if statistics and output_format not in ("text", "json"):
        raise click.UsageError("--statistics prints text or json; use --format text or --format json")
    if isolated and config_file is not None:
        raise click.UsageError("--isolated and --config exclude each other")
    selectors = {"--select": _codes(select), "--extend-select": _codes(extend_select), "--ignore": _codes(ignore)}
    for flag, values in selectors.items():
        for value in values:
            try:
                check_selector(value)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint=flag) from None
    overrides = Overrides(
        profile=_profile_overrides(profile_options),
        form=form,
        selection=Layer(selectors["--select"] or None, selectors["--extend-select"], selectors["--ignore"]),
        exclude=exclude or None,
        extend_exclude=extend_exclude,
    )
    stream = _Stream(output_format, output_file, quiet, color) if _streams(output_format, statistics) else None
    results: list[Checked] = []
    problems = broken = failing = 0
    with_to = output_format == "response"
    try:
        resolver = Resolver(overrides, config_file=config_file, isolated=isolated)
        found = _targets(paths, resolver, force_exclude, stdin_filename)
        first = list(itertools.islice(found, PARALLEL_FROM))
        workers = _workers(jobs, len(first))
        tasks = _tasks(itertools.chain(first, found), resolver, with_to)
        with contextlib.ExitStack() as stack:
            if workers > 1:
                import multiprocessing

                methods = multiprocessing.get_all_start_methods()
                pool = stack.enter_context(
                    multiprocessing.get_context("fork" if "fork" in methods else None).Pool(workers)
                )
                checked: Iterable[Checked | tuple[str, str]] = pool.imap(_run, tasks, chunksize=16)
            else:
                checked = map(_run, tasks)
            for item in checked:
                if isinstance(item, tuple):
                    label, reason = item
                    click.echo(f"mmsvalidate: {label}: {reason}", err=True)
                    problems += 1
                    item = _not_checked(label, reason)
                broken += any(f.code == "MV900" for f in item.report.findings)
                failing += not item.report.ok
                if stream is not None:
                    stream.add(item)
                else:
                    results.append(item)
    except ConfigError as exc:
        _fail(str(exc))
    if stream is not None:
        stream.close()
    else:
        _emit(results, output_format, output_file, statistics, quiet, color)
    status = 2 if problems or broken else 1 if failing else 0
    sys.exit(0 if exit_zero and status == 1 else status)


def _streams(output_format: str, statistics: bool) -> bool:
    """Whether the output is written file by file as checked (so memory stays flat in big batches)."""
    return output_format in ("text", "github") and not statistics


class _Stream:
    """Writes each file's findings as soon as it is checked, keeping only the summary's counts."""

    def __init__(self, output_format: str, output_file: Path | None, quiet: bool, color: str) -> None:
        self.format, self.quiet = output_format, quiet
        self.color = use_color(color, output_file is not None) and output_format == "text"
        try:
            self.file = output_file.open("w", encoding="utf-8") if output_file is not None else None
        except OSError as exc:
            _fail(f"{output_file}: cannot be written: {exc.strerror or exc}")
        self.counts = [0, 0, 0, 0]

    def write(self, text: str) -> None:
        if text:
            if self.file is not None:
                self.file.write(text)
            else:
                click.echo(text, nl=False, color=self.color)

    def add(self, item: Checked) -> None:
        from mmsvalidate.formats import github, text

        report = item.report
        self.counts = [
            self.counts[0] + 1,
            self.counts[1] + len(report.errors),
            self.counts[2] + len(report.warnings),
            self.counts[3] + (not report.ok),
        ]
        if self.format == "github":
            self.write(github.render([item]))
        else:
            self.write(text.render([item], color=self.color, quiet=True))

    def close(self) -> None:
        from mmsvalidate.formats import text

        if self.format == "text" and not self.quiet:
            files, errors, warnings, failing = self.counts
            self.write(text.counted(files, errors, warnings, failing, color=self.color) + "\n")
        if self.file is not None:
            self.file.close()


def _workers(jobs: int | None, files: int) -> int:
    """How many processes check the files: ``--jobs``, or with none given, every CPU for a big batch."""
    if jobs is None:
        return (os.cpu_count() or 1) if files >= PARALLEL_FROM else 1
    return jobs or (os.cpu_count() or 1)


Task = tuple[str, "Path | None", "bytes | str", "Settings | None", bool]


def _tasks(targets: Iterable[Target], resolver: Resolver, with_to: bool) -> Iterator[Task]:
    """Each target with its content (or why it can't be read) and its settings."""
    for target in targets:
        label, path = target.label, target.path
        if target.reason is not None:
            yield label, path, target.reason, None, with_to
        elif target.stdin:
            settings = resolver.for_file(path) if path is not None else resolver.for_folder(resolver.cwd)
            yield label, path, sys.stdin.buffer.read(settings.profile.max_request_bytes + 1), settings, with_to
        else:
            assert path is not None
            settings = resolver.for_folder(path.parent)
            try:
                if not stat.S_ISREG(path.stat().st_mode):
                    yield label, path, "not a regular file", None, with_to
                    continue
                yield label, path, _read(path, settings.profile.max_request_bytes), settings, with_to
            except OSError as exc:
                yield label, path, f"cannot be read: {exc.strerror or exc}", None, with_to


def _run(task: Task) -> Checked | tuple[str, str]:
    """Check one task (in a worker process, or not): a report, or ``(label, reason)`` if unreadable."""
    label, path, content, settings, with_to = task
    if settings is None or isinstance(content, str):
        return label, str(content)
    return _check_one(label, path, content, settings, with_to=with_to)


def _not_checked(label: str, reason: str) -> Checked:
    """A file that could not be read, as a report of its own so every output format counts it."""
    from mmsvalidate.codes import CODES
    from mmsvalidate.diagnostic import Finding
    from mmsvalidate.formats import Checked
    from mmsvalidate.report import Report

    entry = CODES["MV114"]
    return Checked(label, Report((Finding("MV114", entry.severity, entry.render(reason)),)))


def _check_one(label: str, path: Path | None, content: bytes, settings: Settings, *, with_to: bool) -> Checked:
    """Check one request: suppressions, the configured profile and codes."""
    from mmsvalidate import readers, selection, suppressions
    from mmsvalidate.engine import validate
    from mmsvalidate.formats import Checked

    report = validate(content, form=settings.form, profile=settings.profile)
    report = selection.keep(report, settings.codes_for(path))
    to = None
    if with_to:
        scanned = suppressions.scan(content, settings.form)
        request = readers.read(scanned.content, scanned.form, settings.profile).request
        to = request.to if request is not None else None
    return Checked(label, report, to)


def _emit(
    results: list[Checked], output_format: str, output_file: Path | None, statistics: bool, quiet: bool, color: str
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

        output = gitlab.render(results, root=os.environ.get("CI_PROJECT_DIR") or cwd)
    elif output_format == "sarif":
        from mmsvalidate.formats import sarif

        output = sarif.render(results, root=cwd)
    else:
        output = renderer(output_format)(results)
    _write(output, output_file, colored)


def _write(output: str, output_file: Path | None, color: bool = False) -> None:
    if output_file is None:
        click.echo(output, nl=False, color=color)
        return
    try:
        output_file.write_text(output, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output_file}: cannot be written: {exc.strerror or exc}")


def walk(folder: Path, resolver: Resolver) -> Iterator[Path]:
    """Request files under a folder, sorted, by each folder's include and exclude patterns.

    Hidden files and folders are skipped and symlinked folders are not followed.
    """
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        settings = resolver.for_folder(here)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not settings.excluded(here / d))
        for name in sorted(files):
            path = here / name
            if not name.startswith(".") and settings.included(path) and not settings.excluded(path):
                yield path


def _read(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to tell the engine the file is over its size limit."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)


class Target(NamedTuple):
    """A path to check as the user named it (or standard input), or why it can't be."""

    label: str
    path: Path | None
    stdin: bool = False
    reason: str | None = None


def _targets(
    paths: tuple[str, ...], resolver: Resolver, force_exclude: bool, stdin_filename: str | None
) -> Iterator[Target]:
    """Every file to check, in order; folders recursed; standard input for ``-``."""
    for raw in paths:
        if raw == "-":
            named = Path(stdin_filename) if stdin_filename else None
            settings = resolver.for_file(named) if named is not None else resolver.for_folder(resolver.cwd)
            if not (named is not None and force_exclude and settings.excluded(named)):
                yield Target(stdin_filename or "-", named, stdin=True)
            continue
        path = Path(raw)
        if not path.exists():
            yield Target(raw, path, reason="no such file or folder")
            continue
        if force_exclude and resolver.for_file(path).excluded(path):
            continue
        for file in walk(path, resolver) if path.is_dir() else [path]:
            yield Target(str(file), file)


@main.command(short_help="List every code and what checks it.")
@click.option(
    "--format", "output_format", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True
)
def codes(output_format: str) -> None:
    """List every code, the API's and mmsvalidate's own: severity, and what checks it offline."""
    import json

    from mmsvalidate.codes import CODES
    from mmsvalidate.codetable import checks, markdown

    if output_format == "markdown":
        click.echo(markdown(), nl=False)
        return
    if output_format == "json":
        rows = [
            {
                "code": code,
                "severity": entry.severity.value,
                "vendor": entry.vendor,
                "offline": entry.offline,
                "text": entry.text,
                "checks": checks(code),
            }
            for code, entry in CODES.items()
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'code':<6} {'severity':<8} {'source':<11} {'offline':<7} text")
    for code, entry in CODES.items():
        source = "vendor" if entry.vendor else "mmsvalidate"
        offline = "yes" if entry.offline else "no"
        click.echo(f"{code:<6} {entry.severity.value:<8} {source:<11} {offline:<7} {entry.text}")
    click.echo("\n'mmsvalidate explain CODE' says more about one.")


@main.command(short_help="Explain a code, with a failing and a fixed example.")
@click.argument("code")
@click.option("--form", type=click.Choice(FORMS), help="Show the examples in this form, where they exist in it.")
@click.option(
    "--format", "output_format", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True
)
def explain(code: str, form: str | None, output_format: str) -> None:
    """Explain a code: what it means, what checks it, and a failing and a fixed example."""
    import json

    from mmsvalidate import explain as docs

    try:
        code = docs.lookup(code)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    if output_format == "json":
        click.echo(json.dumps(docs.data(code, form), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(docs.markdown(code), nl=False)
    else:
        click.echo(docs.text(code, form), nl=False)


@main.command(short_help="Write a request in another form.")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--to", "target", type=click.Choice(FORMS), required=True, help="The form to write.")
@click.option("--form", type=click.Choice(FORM_CHOICES), default="auto", show_default=True, help="The form to read.")
@click.option("--multiline", is_flag=True, help="Query form: break before each '&', as the spec prints it.")
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the request to this file."
)
def convert(path: str, target: str, form: str, multiline: bool, output_file: Path | None) -> None:
    """Write a request ('-' reads standard input) in another form: xml, query or json.

    Values the model has no place for (unknown names, repeats, attributes, comments) are not
    carried over; each is said on standard error. Exit status: 0 converted, 1 the input is not
    a request that can be read, 2 a usage error or unreadable path.
    """
    from mmsvalidate import readers, suppressions, writers
    from mmsvalidate.engine import validate
    from mmsvalidate.profile import DEFAULT_PROFILE

    if path == "-":
        content = sys.stdin.buffer.read()
    else:
        try:
            content = _read(Path(path), DEFAULT_PROFILE.max_request_bytes)
        except OSError as exc:
            _fail(f"{path}: cannot be read: {exc.strerror or exc}")
    scanned = suppressions.scan(content, form)
    parsed = readers.read(scanned.content, scanned.form)
    report = validate(scanned.content, form=scanned.form)
    if parsed.request is None:
        first = report.first_error
        reason = f"{first.code} {first.message}" if first else "not a request"
        click.echo(f"mmsvalidate: {path}: cannot convert: {reason}", err=True)
        sys.exit(1)
    for finding in report.findings:
        if finding.code in ("MV101", "MV102", "MV111"):
            where = f"{path}:{finding.line}" if finding.line is not None else path
            click.echo(f"mmsvalidate: {where}: not carried over: {finding.code} {finding.message}", err=True)
    output = writers.to_query(parsed.request, multiline=multiline) if target == "query" else None
    _write(output or writers.WRITERS[target](parsed.request), output_file)


@main.command(short_help="Print the shipped schema of a form.")
@click.option("--form", type=click.Choice(FORMS), required=True, help="The form whose schema to print.")
def schema(form: str) -> None:
    """Print the shipped schema of a form: XSD for xml, JSON Schema for json and query."""
    from mmsvalidate.schemas import JSON_SCHEMA, QUERY_SCHEMA, XSD, schema_text

    click.echo(schema_text({"xml": XSD, "json": JSON_SCHEMA, "query": QUERY_SCHEMA}[form]), nl=False)
