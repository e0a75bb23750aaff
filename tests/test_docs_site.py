"""The documentation site's configuration: every page in the navigation, every relative link to a page that exists.

``mkdocs build --strict`` (CI, with the docs extra) checks the same and more; this holds without the extra.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.docs import PAGES

SITE = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def pages_in(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for item in nav for page in pages_in(item)]
    return [page for value in nav.values() for page in pages_in(value)]


def test_every_page_is_in_the_navigation_once_and_the_site_is_strict() -> None:
    listed = pages_in(SITE["nav"])
    assert len(listed) == len(set(listed))
    assert {f"docs/{page}" for page in listed} == {name for name in PAGES if name.startswith("docs/")}
    assert SITE["strict"] is True and SITE["theme"]["name"] == "material"


def test_every_relative_link_names_a_page_that_exists() -> None:
    for name, text in PAGES.items():
        folder = (ROOT / name).parent
        for target in re.findall(r"\]\(([^)#:\s]+\.md)(?:#[^)]*)?\)", text):
            assert (folder / target).resolve().is_file(), f"{name}: {target}"
