"""Reading a file: at most a given size, and only a regular file, so no path can block or exhaust a read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_file(path: os.PathLike[str] | str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file (enough to tell it is over ``limit``).

    Anything else (a FIFO, a device, a folder) is refused with an ``OSError`` before a byte is
    read: opening never blocks, whatever the path names.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        chunks, wanted = [], limit + 1
        while wanted > 0:
            chunk = os.read(descriptor, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def schema_path(name: str) -> Path:
    """Path of a shipped schema: inside the installed package, else the source tree's ``schemas/``."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "schemas" / name, package.parent / "schemas" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the shipped schema {name} is missing")
