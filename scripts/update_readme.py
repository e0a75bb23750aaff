"""Rewrite the README's code table from the catalogue: ``python scripts/update_readme.py``."""

from __future__ import annotations

import re
from pathlib import Path

from mmsvalidate.codetable import markdown

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- codes:start -->\n).*?(<!-- codes:end -->)", re.S)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    README.write_text(BLOCK.sub(lambda m: m[1] + markdown() + m[2], text), encoding="utf-8")


if __name__ == "__main__":
    main()
