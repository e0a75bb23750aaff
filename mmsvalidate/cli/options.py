"""What the commands share: constants, option groups, reading inputs and writing outputs, exiting."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from mmsvalidate.settings.selection import Layer

#: The output formats (the modules under mmsvalidate/formats/), kept here so ``--help`` imports nothing.
FORMATS = ("text", "json", "jsonl", "github", "gitlab", "junit", "sarif", "response")
FORM_CHOICES = ("auto", "xml", "query", "json")
FORMS = ("xml", "query", "json")
COLOR = ("auto", "always", "never")


def fail(message: str) -> NoReturn:
    """Say what is wrong on standard error and exit 2."""
    click.echo(f"mmsvalidate: {message}", err=True)
    sys.exit(2)


def clock(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)
    try:
        return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    except OverflowError:
        raise ValueError(f"{value} is outside the times UTC can hold (years 1 to 9999)") from None


def code_list(values: tuple[str, ...]) -> tuple[str, ...]:
    """Codes given as repeated and/or comma-separated options."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def default_of(field: str) -> str:
    from mmsvalidate.profile import Profile

    value = getattr(Profile(), field)
    return "none" if value is None else str(value)


def use_color(choice: str, to_file: bool) -> bool:
    """Colour for ``--color``: ``auto`` colours only a terminal, and never when ``NO_COLOR`` is set."""
    if choice != "auto":
        return choice == "always"
    return not to_file and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


#: The profile's numeric fields: the least value each takes, and what it limits.
LIMITS = {
    "max_slides": (1, "E225 limit"),
    "max_slide_text": (1, "E334 limit"),
    "max_total_text": (1, "E228 limit"),
    "min_duration": (0, "E230 lower bound"),
    "max_duration": (1, "E230 upper bound"),
    "max_subject": (1, "MV107 limit"),
    "max_from_mask": (1, "MV105 limit"),
    "max_request_bytes": (1, "MV112: most bytes read of a request"),
    "max_depth": (1, "MV112: deepest XML element or JSON nesting"),
    "max_items": (1, "MV112: most XML elements and attributes, query parameters or JSON values"),
    "max_slides_read": (1, "MV112: most slides read at all"),
    "max_findings": (1, "MV115: most findings reported for one request"),
}


def config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Which configuration applies and which codes are reported: ``--form``, ``--config``, ``--isolated``,
    ``--select``, ``--extend-select``, ``--ignore``."""
    options = [
        click.option(
            "--form",
            type=click.Choice(FORM_CHOICES),
            help="Request form; auto (the default) detects it from each file's content.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Use this configuration file for every path, instead of finding one.",
        ),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option(
            "--select", multiple=True, metavar="CODES", help="Report only these codes or prefixes (E2, MV); ALL."
        ),
        click.option("--extend-select", multiple=True, metavar="CODES", help="Report these codes too."),
        click.option("--ignore", multiple=True, metavar="CODES", help="Do not report these codes or prefixes."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def selection(select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...]) -> Layer:
    """The command line's layer of code selection, each selector checked (a usage error names the option)."""
    from mmsvalidate.settings.selection import Layer, check_selector

    selectors = {
        "--select": code_list(select),
        "--extend-select": code_list(extend_select),
        "--ignore": code_list(ignore),
    }
    for flag, values in selectors.items():
        for value in values:
            try:
                check_selector(value)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint=flag) from None
    return Layer(selectors["--select"] or None, selectors["--extend-select"], selectors["--ignore"])


def profile_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The account profile's switches; each one, when given, overrides the configuration file."""
    from mmsvalidate.profile import BOUNDS as bounds

    limits = [(f"--{field.replace('_', '-')}", field, low, text) for field, (low, text) in LIMITS.items()]
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
            click.option(
                flag, field, type=click.IntRange(*bounds[field]), help=f"{text} [default: {default_of(field)}]."
            )
            for flag, field, _, text in limits
        ),
        click.option(
            "--query-gaps",
            type=click.Choice(("slides", "skip")),
            help="Query form: a missing slide number is an empty slide, or is skipped [default: slides].",
        ),
        click.option(
            "--week-and-ordinal-dates/--no-week-and-ordinal-dates",
            default=None,
            help="Expiry may be an ISO 8601 week or ordinal date (2027-W05, 2027-181) [default: calendar only].",
        ),
        click.option("--now", metavar="DATETIME", help="Check expiry dates against this ISO 8601 time, not the clock."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def profile_overrides(options: dict[str, Any]) -> dict[str, object]:
    """Profile fields the command line sets (``None`` and empty options are not set)."""
    fields: dict[str, object] = {}
    for name in LIMITS:
        if options[name] is not None:
            fields[name] = options[name]
    for name in ("enforce_campaign_check", "require_operator_id", "week_and_ordinal_dates"):
        if options[name] is not None:
            fields[name] = options[name]
    if options["campaign_refs"]:
        fields["known_campaign_refs"] = options["campaign_refs"]
    if options["blocked_numbers"]:
        fields["blocked_numbers"] = options["blocked_numbers"]
    if options["query_gaps"] is not None:
        fields["query_gaps_are_slides"] = options["query_gaps"] == "slides"
    try:
        pinned = clock(options["now"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--now") from exc
    if pinned is not None:
        from mmsvalidate.profile import FixedClock

        fields["clock"] = FixedClock(pinned)
    return fields


def write_output(output: str, output_file: Path | None, color: bool = False) -> None:
    if output_file is None:
        click.echo(output, nl=False, color=color)
        return
    try:
        output_file.write_text(output, encoding="utf-8")
    except OSError as exc:
        fail(f"{output_file}: cannot be written: {exc.strerror or exc}")


def read_limited(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file: enough to tell the engine the file is over its size limit."""
    from mmsvalidate.files import read_file

    return read_file(path, limit)
