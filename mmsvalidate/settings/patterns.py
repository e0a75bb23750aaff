"""Path patterns of the configuration (``include``, ``exclude``, ``per-file-ignores``)."""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path


def absolute(path: Path) -> Path:
    """``path`` made absolute and normalised, without resolving symlinks."""
    return Path(os.path.abspath(path))


def clean(pattern: str) -> str:
    return pattern.strip().removeprefix("./").rstrip("/")


def covers(pattern: str, path: Path, root: Path) -> bool:
    """Whether ``pattern`` names ``path`` or a folder it is in.

    A pattern with a ``/`` is matched against the path relative to ``root`` and its folders; one
    without, against each name on that relative path (or the file name, outside ``root``).
    """
    pattern = clean(pattern)
    try:
        parts: tuple[str, ...] | None = path.relative_to(root).parts
    except ValueError:
        parts = None
    if "/" in pattern:
        return parts is not None and any(
            fnmatchcase("/".join(parts[:end]), pattern) for end in range(1, len(parts) + 1)
        )
    return any(fnmatchcase(part, pattern) for part in (parts if parts is not None else (path.name,)))
