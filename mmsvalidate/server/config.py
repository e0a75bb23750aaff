"""What the service is configured with, and how worker processes receive it (JSON in the environment)."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from mmsvalidate.clock import FixedClock
from mmsvalidate.online.options import OnlineOptions
from mmsvalidate.profile import DEFAULT_PROFILE, Profile

#: The environment variable through which ``mmsvalidate serve`` hands its configuration to workers.
ENVIRONMENT = "MMSVALIDATE_SERVER_CONFIG"
#: The sendMMS path of the vendor's API, answered by the mock and forwarded by the proxy.
VENDOR_PATH = "/API/wxml/1.3/index.php"
#: Seconds the requests in flight get to finish after SIGTERM before they are cancelled, by default.
SHUTDOWN_GRACE = 30


@attrs.frozen(kw_only=True)
class ServerConfig:
    """How the service checks requests and where it forwards them.

    ``codes`` are the codes reported (``None``: every code), as the configuration's selection
    gives them; ``form`` is the form read when a body's Content-Type names none (``auto``
    detects it). ``upstream`` is the base URL of the real API (scheme, host, port and an optional
    path prefix): ``None`` makes the vendor path a mock. ``body_timeout`` is the most seconds a
    request's body may take to arrive (then 408: a client trickling bytes holds nothing for long).
    ``access_log`` writes one line per request to standard error. ``online``, when given, fetches
    each request's media (and should name its ``only_hosts``: a service that fetches whatever URL
    a caller sends is an SSRF hole). A request's head (request line and header fields) may hold at
    most ``max_header_bytes`` (then 431) and must arrive within ``header_timeout`` seconds (then 408);
    a worker keeps at most ``max_connections`` connections open (then 503; ``None``: from the
    process's open-files limit, see :func:`mmsvalidate.server.protocol.connection_cap`). On SIGTERM,
    the requests in flight have ``shutdown_grace`` seconds to finish (then 503).
    """

    profile: Profile = DEFAULT_PROFILE
    form: str = "auto"
    codes: frozenset[str] | None = None
    upstream: str | None = None
    upstream_timeout: float = 30.0
    body_timeout: float = 30.0
    access_log: bool = True
    online: OnlineOptions | None = None
    max_header_bytes: int = 65_536
    header_timeout: float = 10.0
    max_connections: int | None = None
    shutdown_grace: int = SHUTDOWN_GRACE

    @property
    def max_request_bytes(self) -> int:
        """Bodies larger than this are refused with 413, unread."""
        return self.profile.max_request_bytes


def _profile_data(profile: Profile) -> dict[str, object]:
    data: dict[str, object] = {}
    for field in attrs.fields(Profile):
        value = getattr(profile, field.name)
        if field.name == "clock":
            if isinstance(value, FixedClock):
                data["clock"] = value.moment.isoformat()
            elif value is not DEFAULT_PROFILE.clock:
                raise ValueError("only a FixedClock (or the real clock) can be handed to worker processes")
        elif isinstance(value, frozenset):
            data[field.name] = sorted(value)
        else:
            data[field.name] = value
    return data


def _profile(data: Mapping[str, object]) -> Profile:
    fields = dict(data)
    clock = fields.pop("clock", None)
    if isinstance(clock, str):
        fields["clock"] = FixedClock(dt.datetime.fromisoformat(clock))
    return Profile(**fields)  # type: ignore[arg-type]


def _plain(value: object) -> object:
    """A field's value as JSON data: sets sorted, paths and mappings as strings and objects."""
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _online_data(options: OnlineOptions | None) -> dict[str, object] | None:
    if options is None:
        return None
    return {field.name: _plain(getattr(options, field.name)) for field in attrs.fields(OnlineOptions)}


def dumps(config: ServerConfig) -> str:
    """``config`` as JSON, for :data:`ENVIRONMENT`."""
    return json.dumps(
        {
            "profile": _profile_data(config.profile),
            "form": config.form,
            "codes": None if config.codes is None else sorted(config.codes),
            "upstream": config.upstream,
            "upstream_timeout": config.upstream_timeout,
            "body_timeout": config.body_timeout,
            "access_log": config.access_log,
            "online": _online_data(config.online),
            "max_header_bytes": config.max_header_bytes,
            "header_timeout": config.header_timeout,
            "max_connections": config.max_connections,
            "shutdown_grace": config.shutdown_grace,
        }
    )


def loads(text: str) -> ServerConfig:
    """The configuration :func:`dumps` wrote."""
    data = json.loads(text)
    codes = data["codes"]
    return ServerConfig(
        profile=_profile(data["profile"]),
        form=data["form"],
        codes=None if codes is None else frozenset(codes),
        upstream=data["upstream"],
        upstream_timeout=data["upstream_timeout"],
        body_timeout=data["body_timeout"],
        access_log=data["access_log"],
        online=None if data["online"] is None else OnlineOptions(**data["online"]),
        max_header_bytes=data["max_header_bytes"],
        header_timeout=data["header_timeout"],
        max_connections=data["max_connections"],
        shutdown_grace=data["shutdown_grace"],
    )


def from_environment() -> ServerConfig:
    """The configuration handed over in :data:`ENVIRONMENT`, or the defaults when there is none."""
    text = os.environ.get(ENVIRONMENT)
    return loads(text) if text else ServerConfig()
