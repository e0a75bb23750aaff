"""``check --online``: its options, and the media stage of a run, in windows."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from mmsvalidate.cli.batch import Pending
from mmsvalidate.cli.options import StatusLine, fail
from mmsvalidate.cli.values import Folder, Seconds, plain_hosts
from mmsvalidate.files import pure

if TYPE_CHECKING:
    from mmsvalidate.checker import CheckOptions
    from mmsvalidate.formats import Checked

#: The media presets' names (``mmsvalidate.checker.PRESETS``; a test keeps them equal), written out so that
#: building the command imports no media options.
PRESET_NAMES = ("carrier-safe", "aws", "twilio")


def _limit(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    if not values:
        return ()
    from mmsvalidate.checker.media import parse_limit

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
            callback=plain_hosts,
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
        click.option(
            "--media-preset",
            type=click.Choice(PRESET_NAMES),
            help="Named media limits (see the Online checks page of the docs).",
        ),
        click.option(
            "--online-timeout",
            type=Seconds(min=0, min_open=True, max=600),
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
            type=Folder(),
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
        given["cache-dir"] = pure(os.path.join(os.getcwd(), options["cache_dir"]))  # Path.absolute()
    return given


class Fetching(StatusLine):
    """``N of M media URLs fetched`` on standard error, for a terminal and a long run only."""

    AFTER = 1.0
    EVERY = 0.25

    def __call__(self, done: int, total: int) -> None:
        self.draw(lambda: f"mmsvalidate: {done:,} of {total:,} media URLs fetched")


class MediaWindows:
    """The media stage of a ``check --online`` run, in this process, in windows of :attr:`WINDOW` requests
    weighing at most :attr:`WINDOW_WEIGHT` bytes.

    Workers examine the requests offline (:class:`~mmsvalidate.cli.batch.Pending`); here each window's
    media are fetched as one batch, each distinct URL once in the whole run, then every request of the
    window is finished by its own checker and handed on in order (memory stays flat).
    """

    WINDOW = 512
    #: Most bytes of records (``bulk.records.weight``) waiting in a window: big records make small windows.
    WINDOW_WEIGHT = 16 << 20

    def __init__(self) -> None:
        self.items: list[Checked | Pending] = []
        self.waiting = self.weight = 0
        self.memos: list[tuple[CheckOptions, dict[Any, Any]]] = []
        self.progress = Fetching()
        self.done = self.made = 0

    def add(self, item: Checked | Pending) -> list[Checked]:
        """Take a result in order; the results ready to hand on, in order."""
        if not isinstance(item, Pending) and not self.items:
            return [item]
        self.items.append(item)
        if isinstance(item, Pending):
            self.waiting += 1
            self.weight += item.weight
        return self.flush() if self.waiting >= self.WINDOW or self.weight >= self.WINDOW_WEIGHT else []

    def _memo(self, options: CheckOptions) -> dict[Any, Any]:
        for known, memo in self.memos:
            if known.media == options.media:
                return memo
        self.memos.append((options, {}))
        return self.memos[-1][1]

    def _shown(self, done: int, total: int) -> None:
        self.progress(self.done + done, self.made + total)

    def flush(self) -> list[Checked]:
        """Fetch the window's media and finish its requests."""
        from mmsvalidate.checker import checker_for
        from mmsvalidate.formats import Checked

        groups: dict[int, list[int]] = {}
        options: list[CheckOptions] = []
        for index, item in enumerate(self.items):
            if isinstance(item, Pending):
                found = next((n for n, known in enumerate(options) if known == item.options), None)
                if found is None:
                    options.append(item.options)
                    found = len(options) - 1
                groups.setdefault(found, []).append(index)
        done: list[Checked | Pending] = list(self.items)
        for number, indexes in groups.items():
            chosen = options[number]
            pending = [self.items[i] for i in indexes]
            examined = [item.examined for item in pending if isinstance(item, Pending)]
            seen = self._memo(chosen)
            before = len(seen)
            try:
                reports = checker_for(chosen).complete(examined, memo=seen, progress=self._shown)
            except ImportError as exc:
                fail(str(exc))
            self.done = self.made = self.made + len(seen) - before
            for index, item, report in zip(indexes, pending, reports, strict=True):
                assert isinstance(item, Pending)
                done[index] = Checked(item.label, report, record=item.record)
        self.items, self.waiting, self.weight = [], 0, 0
        return [item for item in done if not isinstance(item, Pending)]

    def close(self) -> list[Checked]:
        """The rest, at the end of the run."""
        try:
            return self.flush() if self.items else []
        finally:
            self.progress.close()
