"""Option values that click's own types let through: NaN and infinite numbers, hosts and URLs that can't be used."""

from __future__ import annotations

import math
from typing import Any

import click

from mmsvalidate.formats import printable


class Seconds(click.FloatRange):
    """A finite number of seconds in a range: ``nan`` and ``inf`` are refused (``nan`` compares false
    with every bound, so a plain range lets it through)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{printable(str(value))} is not a finite number of seconds", param, ctx)
        return super().convert(number, param, ctx)


#: The longest host name DNS allows.
HOST_CHARACTERS = 253


def host(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An address to listen on: an IP address or a host name in ASCII (IDNA), never empty."""
    import ipaddress  # only here (and in base_url): a command given no such option imports none of it

    try:
        ipaddress.ip_address(value)
        return value
    except ValueError:
        pass
    try:
        encoded = value.encode("idna").decode("ascii")
    except UnicodeError:
        encoded = ""
    labels = encoded.rstrip(".").split(".")
    if (
        not encoded
        or len(encoded) > HOST_CHARACTERS
        or not all(label and len(label) <= 63 and label.replace("-", "").isalnum() for label in labels)
    ):
        raise click.BadParameter(f"'{printable(value)}' is not an IP address or a host name")
    return value


def base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An http(s) base URL: scheme, host, optional port and path; no query, fragment or spaces."""
    if value is None:
        return None
    usage = "expected an http(s) base URL such as https://secure.skycore.com"
    shown = f"'{printable(value)}'"
    if not value.isprintable() or any(c.isspace() for c in value) or not value.isascii():
        raise click.BadParameter(f"{shown}: {usage} (ASCII, no spaces or control characters)")
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise click.BadParameter(f"{shown}: {exc}; {usage}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise click.BadParameter(f"{shown}: {usage}")
    if port == 0:
        raise click.BadParameter(f"{shown}: port 0; {usage}")
    return value


class OneLine(click.Command):
    """A command whose bad option values are one line, ``Error: Invalid value for ...``, without the usage
    (values checked while the command runs, such as ``--select`` codes, too)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as exc:
            exc.ctx = None  # UsageError.show prints the usage and the hint only with a context
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            exc.ctx = None
            raise


class Folder(click.Path):
    """A folder's path, never empty (an empty path would be the working folder), as given (a string)."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=str)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path names no folder", param, ctx)
        return super().convert(value, param, ctx)


class OutputFile(click.Path):
    """A file to write, never empty (an empty path would be the working folder), as given (a string)."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=str)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value:
            self.fail("an empty path names no file", param, ctx)
        return super().convert(value, param, ctx)


def plain_hosts(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Host names or IP addresses, each checked as :func:`host` does."""
    for given in value:
        host(ctx, param, given)
    return value


def fetch_hosts(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Hosts media may be fetched from: each an IP address, a host name, or ``*.`` and a host name."""
    for given in value:
        try:
            host(ctx, param, given[2:] if given.startswith("*.") else given)
        except click.BadParameter:
            raise click.BadParameter(f"'{printable(given)}' is not an IP address, a host name or *.NAME") from None
    return value
