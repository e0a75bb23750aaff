"""What the commands share: constants, option groups, reading inputs and writing outputs, exiting."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

import click

from mmsvalidate.checker.options import Form
from mmsvalidate.diagnostic import clip
from mmsvalidate.formats import NAMES

if TYPE_CHECKING:
    from mmsvalidate.settings.selection import Layer

#: The output formats (the modules under mmsvalidate/formats/), kept here so ``--help`` imports nothing.
FORMATS = NAMES
FORM_CHOICES = tuple(form.value for form in Form)
FORMS = tuple(form.value for form in Form if form is not Form.AUTO)
COLOR = ("auto", "always", "never")


def say(message: str, *more: str) -> None:
    """``mmsvalidate: message`` on standard error, then a line for each of ``more``; each printable
    whatever paths or values it holds (see ``formats.printable``), so nothing in them starts a line."""
    from mmsvalidate.formats import printable

    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            click.echo("\n".join([f"mmsvalidate: {printable(message)}", *map(printable, more)]), err=True)


def fail(message: str | Exception) -> NoReturn:
    """Say what is wrong on standard error and exit 2 (an exception with ``lines()`` a line each)."""
    lines = getattr(message, "lines", None)
    if callable(lines):
        say(*lines())
    else:
        say(str(message))
    sys.exit(2)


def clock(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:  # Python's own words name no format ("Invalid isoformat string: ...")
        why = "" if str(exc).startswith("Invalid isoformat string") else f" ({exc})"
        raise ValueError(
            f"expected an ISO 8601 date or date-time (2027-01-31, 2027-01-31T12:00:00Z), not {clip(repr(value))}{why}"
        ) from None
    try:
        return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    except OverflowError:
        raise ValueError(f"{value} is outside the times UTC can hold (years 1 to 9999)") from None


def code_list(values: tuple[str, ...]) -> tuple[str, ...]:
    """Codes given as repeated and/or comma-separated options."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def default_of(field: str) -> str:
    from mmsvalidate.profile import DEFAULT_PROFILE

    value = getattr(DEFAULT_PROFILE, field)
    return "none" if value is None else str(value)


def use_color(choice: str, to_file: bool) -> bool:
    """Colour for ``--color``: ``auto`` colours only a terminal, and never when ``NO_COLOR`` is set."""
    if choice != "auto":
        return choice == "always"
    return not to_file and not os.environ.get("NO_COLOR") and sys.stdout is not None and sys.stdout.isatty()


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
            type=click.Path(exists=True, dir_okay=False, path_type=str),
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
            help="A number the account has blocked (E114), digits only (14155550100); repeatable.",
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
        click.option(
            "--every-query-stripped/--audio-video-queries-stripped",
            default=None,
            help="MV103 and --online: the API strips every content URL's query, or only AUDIO and VIDEO URLs' "
            "[default: every].",
        ),
        click.option("--now", metavar="DATETIME", help="Check expiry dates against this ISO 8601 time, not the clock."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def blocked_numbers(numbers: tuple[str, ...]) -> tuple[str, ...]:
    """``--blocked-number`` values, each checked as the configuration's ``blocked-numbers`` checks it: TO is
    compared digit for digit, so a number written otherwise (``+1 415 555 0100``) could never match."""
    from mmsvalidate.settings.keys import profile_keys

    _, check = profile_keys()["blocked-numbers"]
    for number in numbers:
        try:
            check([number])
        except ValueError as exc:
            raise click.BadParameter(str(exc).removeprefix("item 1: "), param_hint="--blocked-number") from None
    return numbers


def profile_overrides(options: dict[str, Any]) -> dict[str, object]:
    """Profile fields the command line sets (``None`` and empty options are not set)."""
    fields: dict[str, object] = {}
    for name in LIMITS:
        if options[name] is not None:
            fields[name] = options[name]
    for name in ("enforce_campaign_check", "require_operator_id", "week_and_ordinal_dates", "every_query_stripped"):
        if options[name] is not None:
            fields[name] = options[name]
    if options["campaign_refs"]:
        fields["known_campaign_refs"] = options["campaign_refs"]
    if options["blocked_numbers"]:
        fields["blocked_numbers"] = blocked_numbers(options["blocked_numbers"])
    if options["query_gaps"] is not None:
        fields["query_gaps_are_slides"] = options["query_gaps"] == "slides"
    try:
        pinned = clock(options["now"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--now") from exc
    if pinned is not None:
        from mmsvalidate.clock import FixedClock

        fields["clock"] = FixedClock(pinned)
    return fields


def echo(text: str, color: bool = False) -> None:
    """Write to standard output whatever ``text`` holds (what its encoding can't carry, escaped); a closed
    or failing standard output is exit 2 with one line saying so."""
    stream = sys.stdout
    if stream is None:
        fail("standard output is closed; name a file with --output-file")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        click.echo(text.encode(encoding, "backslashreplace").decode(encoding), nl=False, color=color)
        stream.flush()
    except OSError as exc:
        unwritable("standard output", exc)


def unwritable(where: str, exc: OSError) -> NoReturn:
    """Exit 2 for output that can't be written (a closed pipe, a full disk), quietly for the rest of the run."""
    if where == "standard output" and sys.stdout is not None:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere at exit
            os.close(devnull)
    fail(f"{where}: cannot be written: {exc.strerror or exc}")


def write_output(output: str, output_file: os.PathLike[str] | str | None, color: bool = False) -> None:
    """The whole output, to ``output_file`` or standard output; a write that fails is exit 2."""
    if output_file is None:
        echo(output, color)
        return
    try:
        with open(output_file, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(output)
    except OSError as exc:
        unwritable(os.fspath(output_file), exc)


def stdin_stream() -> BinaryIO:
    """Standard input's bytes; ``OSError`` when it is closed."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise OSError(errno.EBADF, "standard input is closed")
    return stream  # type: ignore[no-any-return]


def read_stdin(limit: int) -> bytes:
    """At most ``limit + 1`` bytes of standard input; ``OSError`` when it is closed or can't be read."""
    return stdin_stream().read(limit + 1)


def read_limited(path: os.PathLike[str] | str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file: enough to tell the engine the file is over its size limit."""
    from mmsvalidate.files import read_file

    return read_file(path, limit)


class StatusLine:
    """A line on standard error redrawn in place, for a terminal and a long run only: drawn from
    :attr:`AFTER` seconds on, at most every :attr:`EVERY` seconds."""

    AFTER = 2.0
    EVERY = 0.5

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.shown = sys.stderr.isatty()
        self.next = self.clock() + self.AFTER
        self.drawn = False

    def draw(self, text: Callable[[], str]) -> None:
        """Show ``text()`` (worked out only then) if it is time."""
        if self.shown and (now := self.clock()) >= self.next:
            self.next = now + self.EVERY
            click.echo("\r" + text(), nl=False, err=True)
            self.drawn = True

    def clear(self) -> None:
        """Wipe the line, so other output starts on a clean one."""
        if self.drawn:
            click.echo("\r\x1b[K", nl=False, err=True)
            self.drawn = False

    def close(self) -> None:
        self.clear()
