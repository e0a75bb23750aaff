"""The command line: ``check``, ``codes``, ``explain``, ``convert``, ``schema``, ``serve``; one module each.

The only package that prints and exits. Imports beyond click are made inside each command, so a
cold start (a pre-commit hook, ``--help``) loads only what that command needs.
"""

from __future__ import annotations

import click

from mmsvalidate.cli import check, codes, convert, explain, schema, serve
from mmsvalidate.cli.options import FORMATS, use_color

__all__ = ["FORMATS", "main", "use_color"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mmsvalidate")
def main() -> None:
    """Check sendMMS requests before they are sent, with the API's own error codes."""


#: Every command, registered here and nowhere else.
COMMANDS = (check.check, codes.codes, explain.explain, convert.convert, schema.schema, serve.serve)
for command in COMMANDS:
    main.add_command(command)
