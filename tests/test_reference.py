"""The generated reference (docs/reference/, schemas/config.schema.json) is what scripts/reference.py writes today."""

from __future__ import annotations

import pytest

from scripts import reference
from tests.conftest import ROOT


@pytest.mark.parametrize("name", sorted(reference.OUTPUTS))
def test_the_committed_file_is_the_generated_one(name: str) -> None:
    assert (ROOT / name).read_text(encoding="utf-8") == reference.OUTPUTS[name](), (
        f"{name} is stale: run python scripts/reference.py and commit the result"
    )


def test_the_reference_names_every_code_option_key_and_format() -> None:
    from mmsvalidate.cli import COMMANDS, FORMATS
    from mmsvalidate.codes import CODES
    from mmsvalidate.settings.config import KEYS

    pages = {name: (ROOT / name).read_text(encoding="utf-8") for name in reference.OUTPUTS}
    assert all(f"| {code} |" in pages["docs/reference/codes.md"] for code in CODES)
    options = [opt for command in COMMANDS for param in command.params for opt in getattr(param, "opts", ())]
    assert all(f"`{opt}`" in pages["docs/reference/options.md"] for opt in options if opt.startswith("-"))
    assert all(f"| `{key}` |" in pages["docs/reference/configuration.md"] for key in KEYS)
    assert all(f"| `{name}` |" in pages["docs/reference/formats.md"] for name in FORMATS)
