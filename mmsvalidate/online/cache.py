"""An optional on-disk cache of verdicts, revalidated with ETag / Last-Modified.

One JSON file per URL and read limit, named by their hash. A cached verdict is only used after
the server answers ``304 Not Modified`` to a conditional request; an entry that cannot be read
is ignored and rewritten. Only successful, unredirected answers with a validator are stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

import attrs

from mmsvalidate.online.fetch import Media

VERSION = 1
_FIELDS = {field.name: field for field in attrs.fields(Media)}


class Cache:
    """Verdicts by URL and read limit in ``folder`` (created when needed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, url: str, cap: int) -> Path:
        digest = hashlib.sha256(f"{VERSION}\n{cap}\n{url}".encode()).hexdigest()
        return self.folder / f"{digest}.json"

    def get(self, url: str, cap: int) -> Media | None:
        """The stored verdict for ``url`` read with ``cap``, if there is a usable one."""
        try:
            data = json.loads(self._path(url, cap).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.pop("url", None) != url or set(data) - set(_FIELDS):
                return None
            data["hops"] = tuple(str(hop) for hop in data.get("hops", ()))
            if not all(isinstance(data.get(name, 0), int) for name in ("size", "status", "declared") if data.get(name)):
                return None
            media = Media(url=url, **data)
        except (OSError, ValueError, TypeError):
            return None
        if media.outcome != "ok" or not (media.etag or media.last_modified):
            return None
        return media

    def put(self, url: str, cap: int, media: Media) -> None:
        """Store ``media`` for ``url`` (atomically); a cache that can't be written is skipped."""
        if not (media.etag or media.last_modified):
            return
        data = attrs.asdict(media)
        data["url"] = url
        data["hops"] = list(media.hops)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file)
            os.replace(temporary, self._path(url, cap))
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)
