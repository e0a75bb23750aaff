"""An optional on-disk cache of verdicts, revalidated with ETag / Last-Modified.

One JSON file per URL and read limit, named by their hash. A cached verdict is only used after
the server answers ``304 Not Modified`` to a conditional request; an entry that cannot be read
is ignored and rewritten. Only successful, unredirected answers with a validator are stored.

The cache trusts nothing it finds: an entry is opened without following a link and without waiting
(a FIFO), used only when it is a regular file of at most :data:`MAX_ENTRY` bytes, and read no further.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

import attrs

from mmsvalidate.online.fetch import Media

VERSION = 1
#: The most bytes an entry may have (a verdict is a few hundred; details are bounded).
MAX_ENTRY = 64 * 1024
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
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
            data = json.loads(_read(self._path(url, cap)))
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


def _read(path: Path) -> bytes:
    """An entry's bytes: a regular file (not a link, a FIFO, a device) of at most :data:`MAX_ENTRY` bytes.
    Raises ``OSError`` for anything else."""
    handle = os.open(path, _OPEN)
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise OSError(f"{path.name} is not a regular file")
        if found.st_size > MAX_ENTRY:
            raise OSError(f"{path.name} is larger than a verdict")
        data = os.read(handle, MAX_ENTRY + 1)
    finally:
        os.close(handle)
    if len(data) > MAX_ENTRY:
        raise OSError(f"{path.name} is larger than a verdict")
    return data
