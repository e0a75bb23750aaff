"""``check --online``: its options, and the requests whose media are fetched, finished in one run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mmsvalidate.cli.batch import Deferred
from mmsvalidate.cli.options import StatusLine

if TYPE_CHECKING:
    from mmsvalidate.formats import Checked
    from mmsvalidate.online import OnlineOptions

#: The presets, repeated here so that ``--help`` imports nothing (a test keeps them in step).
PRESET_NAMES = ("carrier-safe", "aws", "twilio")


def _limit(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    if not values:
        return ()
    from mmsvalidate.online.options import parse_limit

    try:
        return tuple(parse_limit(value) for value in values)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def online_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The online check's options; each one, when given, overrides the configuration file.

    Whether the network is used and what it may reach are the runner's (the command line, the
    ``MMSVALIDATE_*`` variables, or a file named with ``--config``): a configuration found beside
    the checked files can't set them.
    """
    options = [
        click.option(
            "--online/--no-online",
            default=None,
            envvar="MMSVALIDATE_ONLINE",
            show_envvar=True,
            help="Fetch each media URL as the API would and check the bytes (E241, E33x, E341, E35x, E629, E229).",
        ),
        click.option(
            "--allow-private/--no-allow-private",
            default=None,
            envvar="MMSVALIDATE_ALLOW_PRIVATE",
            show_envvar=True,
            help="Let fetches reach loopback, private and link-local addresses (never cloud metadata ones).",
        ),
        click.option(
            "--allow-host",
            "allow_hosts",
            multiple=True,
            metavar="HOST",
            envvar="MMSVALIDATE_ALLOW_HOSTS",
            show_envvar=True,
            help="Let fetches reach this host, even at a private address; repeatable.",
        ),
        click.option(
            "--media-limit",
            "media_limits",
            multiple=True,
            metavar="KIND=BYTES",
            callback=_limit,
            help="Size limit of a kind (image, audio, video, vcard, ical, pdf, passbook; message for MV123); "
            "repeatable.",
        ),
        click.option("--media-preset", type=click.Choice(PRESET_NAMES), help="Named media limits (see the README)."),
        click.option(
            "--online-timeout",
            type=click.FloatRange(min=0, min_open=True, max=600),
            metavar="SECONDS",
            help="Most time for one URL, every hop and the body [default: 10].",
        ),
        click.option(
            "--online-concurrency",
            type=click.IntRange(1, 256),
            metavar="N",
            help="Fetches at once, at most 4 to one host [default: 16].",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            envvar="MMSVALIDATE_CACHE_DIR",
            show_envvar=True,
            help="Keep verdicts here between runs, revalidated with ETag / Last-Modified.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def online_overrides(options: dict[str, Any]) -> dict[str, object]:
    """The online settings the command line sets (keys as in the configuration)."""
    given: dict[str, object] = {}
    for key, name in (
        ("online", "online"),
        ("allow-private", "allow_private"),
        ("media-preset", "media_preset"),
        ("online-timeout", "online_timeout"),
        ("online-concurrency", "online_concurrency"),
    ):
        if options.get(name) is not None:
            given[key] = options[name]
    if options.get("allow_hosts"):
        given["allow-hosts"] = tuple(options["allow_hosts"])
    if options.get("media_limits"):
        given["media-limits"] = tuple(options["media_limits"])
    if options.get("cache_dir") is not None:
        given["cache-dir"] = str(Path(options["cache_dir"]).absolute())
    return given


def build(values: dict[str, Any], source: str) -> OnlineOptions:
    """The :class:`~mmsvalidate.online.OnlineOptions` of some settings; a bad value is a ConfigError."""
    from mmsvalidate.online import OnlineOptions
    from mmsvalidate.settings.config import ConfigError

    fields: dict[str, tuple[str, Any]] = {
        "allow_private": ("allow-private", bool(values.get("allow-private", False))),
        "allow_hosts": ("allow-hosts", values.get("allow-hosts", ())),
        "preset": ("media-preset", values.get("media-preset")),
        "limits": ("media-limits", dict(values.get("media-limits", ()))),
        "timeout": ("online-timeout", values.get("online-timeout", 10.0)),
        "concurrency": ("online-concurrency", values.get("online-concurrency", 16)),
        "cache_dir": ("cache-dir", values.get("cache-dir")),
    }
    for name, (key, value) in fields.items():
        try:
            OnlineOptions(**{name: value})
        except ValueError as exc:
            raise ConfigError(source, key, str(exc)) from None
    return OnlineOptions(**{name: value for name, (_, value) in fields.items()})


class Fetching(StatusLine):
    """``N of M media URLs fetched`` on standard error, for a terminal and a long run only."""

    AFTER = 1.0
    EVERY = 0.25

    def __call__(self, done: int, total: int) -> None:
        self.draw(lambda: f"mmsvalidate: {done:,} of {total:,} media URLs fetched")


def finish(items: Sequence[Checked | Deferred]) -> list[Checked]:
    """Each deferred request checked offline, then its media online (one run per set of options)."""
    from mmsvalidate.bulk import relocate
    from mmsvalidate.cli.options import fail
    from mmsvalidate.engine import Prepared, prepare
    from mmsvalidate.formats import Checked
    from mmsvalidate.settings import selection

    try:
        from mmsvalidate.online import check_prepared
    except ImportError as exc:
        fail(str(exc))

    groups: dict[frozenset[tuple[str, object]], list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, Deferred):
            groups.setdefault(frozenset(item.settings.online.items()), []).append(index)
    done: list[Checked | Deferred] = list(items)
    progress = Fetching()
    try:
        for indexes in groups.values():
            deferred = [items[i] for i in indexes]
            assert all(isinstance(d, Deferred) for d in deferred)
            first = deferred[0]
            assert isinstance(first, Deferred)
            options = build(dict(first.settings.online), first.settings.config.source)
            prepared: list[Prepared] = [
                prepare(d.content, form=d.form, profile=d.settings.profile) for d in deferred if isinstance(d, Deferred)
            ]
            reports = check_prepared(prepared, options, progress)
            for index, item, report in zip(indexes, deferred, reports, strict=True):
                assert isinstance(item, Deferred)
                if item.record is not None:
                    report = relocate(report, item.record)
                report = selection.keep(report, item.settings.codes_for(item.path))
                done[index] = Checked(item.label, report, record=item.record.line if item.record else None)
    finally:
        progress.close()
    return [item for item in done if not isinstance(item, Deferred)]
