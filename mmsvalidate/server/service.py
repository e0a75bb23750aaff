"""What every route of one application shares: configuration, metrics, the mock's ids, the clients."""

from __future__ import annotations

import itertools
import secrets
import uuid
from typing import TYPE_CHECKING

import attrs
import httpx

from mmsvalidate.server.config import ServerConfig
from mmsvalidate.server.metrics import Metrics

if TYPE_CHECKING:
    from mmsvalidate.server.checking import Checkers


class Ids:
    """The mock's ids: MMSIDs counting up from a random 9-digit start, TRACKINGIDs from random UUIDs."""

    def __init__(self) -> None:
        self._mms_ids = itertools.count(100_000_000 + secrets.randbelow(800_000_000))

    def new(self) -> tuple[int, str]:
        """A fresh ``(MMSID, TRACKINGID)``."""
        return next(self._mms_ids), f"MMS_{uuid.uuid4().hex}"


@attrs.define
class Service:
    """One application's state. ``client`` forwards to the upstream (proxy only); ``checkers`` check the
    requests (and fetch their media with ``--online``); both live from the application's start to its shutdown."""

    config: ServerConfig
    metrics: Metrics = attrs.field(factory=Metrics)
    ids: Ids = attrs.field(factory=Ids)
    client: httpx.AsyncClient | None = None
    checkers: Checkers | None = None
