"""The command line: ``mmsvalidate check PATH...``. The only module that reads files, prints and exits."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from mmsvalidate.formats import NAMES, Checked, renderers
from mmsvalidate.profile import Profile

#: File name endings checked when a folder is given; files named on the command line are always checked.
EXTENSIONS = (".xml", ".json", ".txt", ".query", ".qs", ".url")
FORM_CHOICES = ("auto", "xml", "query", "json")


def walk(path: Path) -> Iterator[Path]:
    """Request files under a folder, sorted, not following symlinked folders, skipping hidden ones."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(EXTENSIONS) and not name.startswith("."):
                yield Path(root) / name


def _clock(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mmsvalidate")
def main() -> None:
    """Check sendMMS requests before they are sent, with the API's own error codes."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format", "output_format", type=click.Choice(NAMES), default="text", show_default=True, help="Output format."
)
@click.option(
    "--form",
    type=click.Choice(FORM_CHOICES),
    default="auto",
    show_default=True,
    help="Request form; auto detects it from each file's content.",
)
@click.option("--enforce-campaign-check", is_flag=True, help="The account enforces the campaign check (E718).")
@click.option("--require-operator-id", is_flag=True, help="The account requires OPERATORID (E650).")
@click.option(
    "--campaign-ref",
    "campaign_refs",
    multiple=True,
    metavar="REF",
    help="A campaign reference the account knows (E721); repeatable.",
)
@click.option(
    "--blocked-number",
    "blocked_numbers",
    multiple=True,
    metavar="NUMBER",
    help="A number the account has blocked (E114); repeatable.",
)
@click.option("--max-slides", type=click.IntRange(min=1), default=8, show_default=True, help="E225 limit.")
@click.option("--max-slide-text", type=click.IntRange(min=1), default=5000, show_default=True, help="E334 limit.")
@click.option("--max-total-text", type=click.IntRange(min=1), default=None, help="E228 limit (default: none).")
@click.option("--min-duration", type=click.IntRange(min=0), default=1, show_default=True, help="E230 lower bound.")
@click.option("--max-duration", type=click.IntRange(min=1), default=60, show_default=True, help="E230 upper bound.")
@click.option("--max-subject", type=click.IntRange(min=1), default=80, show_default=True, help="MV107 limit.")
@click.option(
    "--query-gaps",
    type=click.Choice(("slides", "skip")),
    default="slides",
    show_default=True,
    help="Query form: a missing slide number is an empty slide, or is skipped.",
)
@click.option("--now", metavar="DATETIME", help="Check expiry dates against this ISO 8601 time instead of the clock.")
def check(
    paths: tuple[str, ...],
    output_format: str,
    form: str,
    enforce_campaign_check: bool,
    require_operator_id: bool,
    campaign_refs: tuple[str, ...],
    blocked_numbers: tuple[str, ...],
    max_slides: int,
    max_slide_text: int,
    max_total_text: int | None,
    min_duration: int,
    max_duration: int,
    max_subject: int,
    query_gaps: str,
    now: str | None,
) -> None:
    """Check request files and folders (recursed; '-' reads standard input).

    Exit status: 0 when no file has an error, 1 when one has, 2 when a path is missing or
    unreadable (the other paths are still checked).
    """
    from mmsvalidate.engine import validate

    try:
        pinned = _clock(now)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--now") from exc
    options: dict[str, object] = {}
    if pinned is not None:
        options["clock"] = lambda: pinned
    profile = Profile(
        max_slides=max_slides,
        max_slide_text=max_slide_text,
        max_total_text=max_total_text,
        min_duration=min_duration,
        max_duration=max_duration,
        max_subject=max_subject,
        enforce_campaign_check=enforce_campaign_check,
        require_operator_id=require_operator_id,
        known_campaign_refs=campaign_refs or None,
        blocked_numbers=blocked_numbers,
        query_gaps_are_slides=query_gaps == "slides",
        **options,  # type: ignore[arg-type]
    )
    results: list[Checked] = []
    problems = 0
    for label, source in _sources(paths):
        if isinstance(source, str):
            click.echo(f"mmsvalidate: {label}: {source}", err=True)
            problems += 1
            continue
        results.append(Checked(label, validate(source, form=form, profile=profile)))
    click.echo(renderers()[output_format](results), nl=False)
    if problems:
        sys.exit(2)
    sys.exit(1 if any(not r.report.ok for r in results) else 0)


def _sources(paths: tuple[str, ...]) -> Iterator[tuple[str, bytes | str]]:
    """(label, content) for every file to check, or (label, reason) for a path that can't be read."""
    for raw in paths:
        if raw == "-":
            yield "-", sys.stdin.buffer.read()
            continue
        path = Path(raw)
        if path.is_dir():
            files = list(walk(path))
        elif path.exists():
            files = [path]
        else:
            yield raw, "no such file or folder"
            continue
        for file in files:
            try:
                yield str(file), file.read_bytes()
            except OSError as exc:
                yield str(file), f"cannot be read: {exc.strerror or exc}"
