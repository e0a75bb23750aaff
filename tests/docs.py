"""The documentation a test reads: the README and every page under ``docs/``."""

from __future__ import annotations

import re

from tests.conftest import ROOT

#: Every documentation page, the README first, by its path in the repository.
PAGES = {
    path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
}


def page(name: str) -> str:
    """One page's text (``README.md``, ``docs/configuration.md``)."""
    return PAGES[name]


def everything() -> str:
    """Every page, one after another."""
    return "\n".join(PAGES.values())


def fenced(language: str) -> list[tuple[str, str]]:
    """Each fenced block in ``language`` ('' for none) of every page: (page, its text)."""
    fence = re.compile(r"^```" + re.escape(language) + r"\n(.*?)^```$", re.S | re.M)
    return [(name, found[1]) for name, text in PAGES.items() for found in fence.finditer(text)]
