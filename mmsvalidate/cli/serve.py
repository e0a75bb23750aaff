"""``mmsvalidate serve``: the pre-flight HTTP service, the API's mock, or a proxy to the API."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mmsvalidate.cli.online import online_options, online_overrides
from mmsvalidate.cli.options import config_options, fail, profile_options, profile_overrides, say, selection
from mmsvalidate.cli.values import OneLine, Seconds, base_url, fetch_hosts, host

if TYPE_CHECKING:
    from mmsvalidate.checker import MediaOptions
    from mmsvalidate.settings.config import Settings

#: The modules of the ``server`` extra, and of the ``online`` one.
EXTRA = ("starlette", "uvicorn", "httpx", "prometheus_client")
ONLINE_EXTRA = ("httpcore", "PIL")
#: Most worker processes ``--workers`` starts.
MAX_WORKERS = 256
#: Why ``--online`` needs ``--media-host``.
SSRF = (
    "--online needs --media-host HOST (repeatable): the hosts the service may fetch media from. "
    "A service that fetches whatever URL a caller sends is an SSRF hole."
)


def _online(settings: Settings, media_hosts: tuple[str, ...]) -> MediaOptions | None:
    """The online options of ``--online`` (or ``online = true``), fetching from ``media_hosts`` only."""
    if settings.media is None:
        if media_hosts:
            raise click.UsageError("--media-host is the allow-list of --online; give --online too")
        return None
    if not media_hosts:
        fail(SSRF)
    missing = [name for name in ONLINE_EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        fail(
            f"--online needs the online extra ({', '.join(missing)} missing): "
            "pip install '.[online]' in a checkout (docs/install.md)"
        )
    import attrs

    return attrs.evolve(settings.media, only_hosts=media_hosts)


def _can_listen(host: str, port: int) -> None:
    """Exit 2 with a clear message when ``host:port`` can't be listened on (in use, no such address)."""
    try:
        import socket

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.create_server((host, port), family=family):
            pass
    except (OSError, ValueError) as exc:  # UnicodeError is a ValueError
        fail(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}")


@click.command(cls=OneLine, short_help="Serve the check over HTTP: /v1/check, the API's mock or a proxy to it.")
@click.option("--host", default="127.0.0.1", show_default=True, callback=host, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option(
    "--upstream",
    metavar="URL",
    callback=base_url,
    help="The API's base URL: the API's path becomes a proxy that forwards only requests without errors. "
    "Without it, that path is a mock.",
)
@click.option(
    "--upstream-timeout",
    type=Seconds(min=0, min_open=True, max=3600),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="How long the proxy waits for the upstream (then 504).",
)
@click.option(
    "--body-timeout",
    type=Seconds(min=0, min_open=True, max=3600),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help=(
        "Most time a request's body may take to arrive (then 408 and the connection closed), and an answer may "
        "wait with none of it read by the client (then the connection is dropped)."
    ),
)
@click.option(
    "--header-timeout",
    type=Seconds(min=0, min_open=True, max=3600),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Most time a request's head (request line and headers) may take to arrive (then 408, or the "
    "connection closed when nothing was sent).",
)
@click.option(
    "--max-header-bytes",
    type=click.IntRange(1024, 16 * 1024 * 1024),
    default=65536,
    show_default=True,
    metavar="BYTES",
    help="Most bytes of a request's head (then 431).",
)
@click.option(
    "--max-connections",
    type=click.IntRange(1, 1_000_000),
    metavar="N",
    help="Most connections a worker keeps open; past it a connection is answered 503 at once "
    "[default: 1000, less within a low open-files limit].",
)
@click.option(
    "--shutdown-grace",
    type=click.IntRange(0, 3600),
    default=30,  # the service's SHUTDOWN_GRACE (its module is imported only when serve runs)
    show_default=True,
    metavar="SECONDS",
    help="On SIGTERM, the seconds the requests in flight may take to finish (then 503); keep it under the "
    "process manager's own stop timeout.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, MAX_WORKERS),
    default=1,
    show_default=True,
    help="Worker processes (0: one per CPU).",
)
@click.option("-q", "--quiet", is_flag=True, help="No access log (one line per request on standard error).")
@click.option(
    "--media-host",
    "media_hosts",
    multiple=True,
    callback=fetch_hosts,
    metavar="HOST",
    help="With --online, required: a host media may be fetched from (*.example.com for the names under it); "
    "repeatable. Any other host is refused, at every redirect too (E35x).",
)
@config_options
@profile_options
@online_options
def serve(
    host: str,
    port: int,
    upstream: str | None,
    upstream_timeout: float,
    body_timeout: float,
    header_timeout: float,
    max_header_bytes: int,
    max_connections: int | None,
    shutdown_grace: int,
    workers: int,
    quiet: bool,
    media_hosts: tuple[str, ...],
    form: str | None,
    config_file: str | None,
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    **profile_options: Any,
) -> None:
    """Serve the check over HTTP until SIGTERM or Ctrl+C (then finish the requests in flight, exit 0).

    POST /v1/check (a request in any form, by Content-Type) or GET /v1/check?QUERY answers JSON
    findings; /API/wxml/1.3/index.php answers as the API does (a mock, or with --upstream a proxy);
    GET /healthz and GET /metrics (Prometheus). The configuration is found from the working folder
    as for check (or --config); options override it. --online fetches each request's media, from the
    --media-host hosts only. Needs the server extra: pip install '.[server]' in a checkout.
    """
    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        fail(
            f"serve needs the server extra ({', '.join(missing)} missing): "
            "pip install '.[server]' in a checkout (docs/install.md)"
        )
    from mmsvalidate.server.config import ServerConfig
    from mmsvalidate.server.run import run
    from mmsvalidate.settings.config import ConfigError, Overrides
    from mmsvalidate.settings.resolve import Resolver

    if isolated and config_file is not None:
        raise click.UsageError("--isolated and --config exclude each other")
    overrides = Overrides(
        profile=profile_overrides(profile_options),
        form=form,
        selection=selection(select, extend_select, ignore),
        online=online_overrides(profile_options),
    )
    try:
        resolver = Resolver(overrides, config_file=config_file, isolated=isolated, warn=say)
        settings = resolver.for_folder(Path.cwd())
        online = _online(settings, media_hosts)
    except ConfigError as exc:
        fail(exc)
    config = ServerConfig(
        profile=settings.profile,
        form=settings.form,
        codes=settings.codes,
        upstream=upstream,
        upstream_timeout=upstream_timeout,
        body_timeout=body_timeout,
        access_log=not quiet,
        online=online,
        max_header_bytes=max_header_bytes,
        header_timeout=header_timeout,
        max_connections=max_connections,
        shutdown_grace=shutdown_grace,
    )
    _can_listen(host, port)
    run(config, host=host, port=port, workers=workers or os.cpu_count() or 1)
