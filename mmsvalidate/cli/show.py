"""``check --show-files`` and ``check --show-settings``: what a run would check, and with which settings."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import click

from mmsvalidate.cli.options import say
from mmsvalidate.formats import printable

if TYPE_CHECKING:
    from mmsvalidate.cli.paths import Target
    from mmsvalidate.settings.config import Settings
    from mmsvalidate.settings.resolve import Resolver


def files(targets: Iterable[Target]) -> int:
    """Print each file a run would check, one a line; 2 if a path is missing (said on standard error)."""
    status = 0
    for target in targets:
        if target.reason is not None:
            say(f"{target.label}: {target.reason}")
            status = 2
        else:
            click.echo(printable(target.label))  # a name holding a line break is still one line
    return status


def _shown(path: str) -> str:
    """A path relative to the working folder when under it, else absolute."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else path


def _value(value: object) -> str:
    """A value in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (frozenset, set, tuple, list)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else list(value)
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def settings_text(label: str, path: str | None, settings: Settings) -> str:
    """The resolved settings for one file, as TOML a configuration file could hold."""
    from mmsvalidate.codes import CODES

    source = settings.config.path
    lines = [
        f"# Resolved settings for: {printable(label)}",  # no path can start a line of settings of its own
        f"# Settings path: {printable(_shown(source)) if source is not None else 'none (the defaults)'}",
        f"form = {_value(settings.form)}",
    ]
    unset = {"max_total_text": "no limit", "known_campaign_refs": "not checked"}
    for field in attrs.fields(type(settings.profile)):
        value = getattr(settings.profile, field.name)
        key = field.name.replace("_", "-")
        if field.name == "clock":
            clocks: Any = sys.modules.get("mmsvalidate.clock")  # no clock is a fixed one before it is imported
            if clocks is not None and isinstance(value, clocks.FixedClock):
                lines.append(f"# now: {value.moment.isoformat()}")
        elif value is None:
            lines.append(f"# {key}: not set ({unset.get(field.name, 'none')})")
        else:
            lines.append(f"{key} = {_value(value)}")
    codes = settings.codes_for(path)
    lines.append(f"select = {_value([code for code in CODES if code in codes])}")
    if settings.per_file_ignores:
        ignores = ", ".join(f"{json.dumps(p)} = {_value(c)}" for p, c in settings.per_file_ignores)
        lines.append(f"per-file-ignores = {{ {ignores} }}")
    lines.append(f"include = {_value(settings.include)}")
    lines.append(f"exclude = {_value([pattern for _, pattern in settings.exclude])}")
    media = settings.media
    lines.append(f"online = {_value(media is not None)}")
    if media is not None:
        default = type(media)()
        for key, name in (("allow-private", "allow_private"), ("allow-hosts", "allow_hosts")):
            if getattr(media, name) != getattr(default, name):
                lines.append(f"{key} = {_value(getattr(media, name))}")
        if media.limits:
            limits = ", ".join(f"{kind} = {size}" for kind, size in media.limits.items())
            lines.append(f"media-limits = {{ {limits} }}")
        for key, name in (
            ("media-preset", "preset"),
            ("online-timeout", "timeout"),
            ("online-concurrency", "concurrency"),
            ("cache-dir", "cache_dir"),
        ):
            if getattr(media, name) != getattr(default, name):
                lines.append(
                    f"{key} = {_value(str(getattr(media, name)) if name == 'cache_dir' else getattr(media, name))}"
                )
    return "\n".join(lines) + "\n"


def settings(targets: Iterable[Target], resolver: Resolver) -> int:
    """Print the settings of the first file a run would check (as ruff does); 2 if there is none."""
    for target in targets:
        if target.reason is not None:
            say(f"{target.label}: {target.reason}")
            return 2
        path = target.path
        chosen = resolver.for_file(path) if path is not None else resolver.for_folder(resolver.cwd)
        click.echo(settings_text(target.label, path, chosen), nl=False)
        return 0
    click.echo("mmsvalidate: no file to show the settings of", err=True)
    return 2
