"""Reading a file: at most a given size, and only a regular file, so no path can block or exhaust a read.

And paths as strings, spelt as ``pathlib`` spells them (:func:`pure`, :func:`child`, :func:`parent`,
:func:`stat_or_none`): a ``check`` of one file imports no ``pathlib``, which costs a cold start as much
again as the URL parsing it imports.
"""

from __future__ import annotations

import errno
import os
import stat

#: File name endings read as record streams (JSON Lines and CSV campaigns), and the form of their records: here,
#: not in the bulk package, so the command line tells such a file by its name without importing that package.
STREAM_SUFFIXES = {".jsonl": "json", ".ndjson": "json", ".csv": "query"}


def stream_form(name: str) -> str | None:
    """``json`` or ``query`` for a file name ending as a record stream (:data:`STREAM_SUFFIXES`), else ``None``."""
    lowered = name.lower()
    for suffix, form in STREAM_SUFFIXES.items():
        if lowered.endswith(suffix):
            return form
    return None


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


def pure(path: os.PathLike[str] | str) -> str:
    """``str(pathlib.Path(path))``: no empty or ``.`` parts, no separator at the end, ``.`` for an empty
    path; two leading slashes are kept and three or more made one, as POSIX (and pathlib) reads them."""
    text = os.fspath(path)
    if os.name == "nt":  # drives, shares and two separators: pathlib's own reading
        from pathlib import Path

        return str(Path(text))
    anchor = "//" if text[:2] == "//" and text[2:3] != "/" else "/" if text[:1] == "/" else ""
    return anchor + "/".join(part for part in text.split("/") if part not in ("", ".")) or "."


def child(folder: str, name: str) -> str:
    """``str(Path(folder) / name)`` for a :func:`pure` folder and a file name (no separator, not ``.``)."""
    return name if folder == "." else os.path.join(folder, name)


def parent(path: str) -> str:
    """``str(Path(path).parent)`` for a :func:`pure` path."""
    return os.path.dirname(path) or "."


#: What ``pathlib``'s ``exists()`` and ``is_file()`` read as "not there" (any other error is raised).
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_ABSENT_WINDOWS = (21, 123, 1921)  # not ready, an invalid name, a name that can't be resolved


def stat_or_none(path: str) -> os.stat_result | None:
    """``os.stat(path)``, or ``None`` where ``Path(path).exists()`` is false (nothing there, a file on the
    way, a symlink loop, a NUL byte); a folder on the way that can't be searched raises, as pathlib does."""
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno in _ABSENT or getattr(exc, "winerror", None) in _ABSENT_WINDOWS:
            return None
        raise
    except ValueError:
        return None


def is_file(path: str) -> bool:
    """``Path(path).is_file()``: a regular file (through symlinks); errors as :func:`stat_or_none`."""
    found = stat_or_none(path)
    return found is not None and stat.S_ISREG(found.st_mode)


def schema_path(name: str) -> str:
    """Path of a shipped schema: inside the installed package, else the source tree's ``schemas/``."""
    package = os.path.dirname(os.path.realpath(__file__))
    for candidate in (os.path.join(package, "schemas", name), os.path.join(os.path.dirname(package), "schemas", name)):
        if is_file(candidate):
            return candidate
    raise FileNotFoundError(f"the shipped schema {name} is missing")
