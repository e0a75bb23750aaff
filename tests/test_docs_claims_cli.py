"""What the command line's help sends a reader to read is there: the pages it names say what the option does."""

from __future__ import annotations

import re

import click

from mmsvalidate.cli import main
from tests.docs import page


def help_of(command: str, option: str) -> str:
    """The help text of one option of ``mmsvalidate COMMAND``, as ``--help`` prints it."""
    with click.Context(main) as ctx:
        found = main.get_command(ctx, command)
    assert found is not None
    (param,) = [p for p in found.params if option in p.opts]
    assert isinstance(param, click.Option) and param.help is not None
    return param.help


def test_the_media_presets_help_names_the_page_that_describes_them() -> None:
    # the help once said "see the README", which describes no preset; the Online checks page has their table
    for command in ("check", "serve"):
        text = help_of(command, "--media-preset")
        assert "README" not in text
        assert "Online checks" in text
    online = page("docs/online.md")
    assert online.startswith("# Online checks")
    for preset in ("carrier-safe", "aws", "twilio"):
        assert re.search(rf"^\| `{preset}` \|", online, re.M), preset
