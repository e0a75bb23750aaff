"""Path patterns of the configuration (``include``, ``exclude``, ``per-file-ignores``).

Paths are strings (absolute and normalised by :func:`absolute`), read as ``pathlib`` reads them.
"""

from __future__ import annotations

import os


def absolute(path: os.PathLike[str] | str) -> str:
    """``path`` made absolute and normalised, without resolving symlinks."""
    return os.path.abspath(path)


def clean(pattern: str) -> str:
    return pattern.strip().removeprefix("./").rstrip("/")


def relative_parts(path: str, root: str) -> tuple[str, ...] | None:
    """``Path(path).relative_to(root).parts`` for two :func:`absolute` paths; ``None`` when ``path`` is not
    ``root`` or under it."""
    if os.name == "nt":  # drives and their case: pathlib's own reading
        from pathlib import Path

        try:
            return Path(path).relative_to(root).parts
        except ValueError:
            return None
    if path == root:
        return ()
    prefix = root if root.endswith("/") else root + "/"
    if not path.startswith(prefix) or (path[:2] == "//") != (root[:2] == "//"):  # "//" is a root of its own
        return None
    return tuple(path[len(prefix) :].split("/"))


def covers(pattern: str, path: str, root: str) -> bool:
    """Whether ``pattern`` names ``path`` or a folder it is in (both paths :func:`absolute`).

    A pattern with a ``/`` is matched against the path relative to ``root`` and its folders; one
    without, against each name on that relative path (or the file name, outside ``root``).
    """
    from fnmatch import fnmatchcase  # only here: a check with no pattern to match imports none of it

    pattern = clean(pattern)
    parts = relative_parts(path, root)
    if "/" in pattern:
        return parts is not None and any(
            fnmatchcase("/".join(parts[:end]), pattern) for end in range(1, len(parts) + 1)
        )
    return any(fnmatchcase(part, pattern) for part in (parts if parts is not None else (os.path.basename(path),)))
