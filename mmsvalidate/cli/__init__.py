"""The command line: ``check``, ``codes``, ``explain``, ``convert``, ``schema``, ``serve``; one module each.

The only package that prints and exits. Imports beyond click are made inside each command, so a
cold start (a pre-commit hook, ``--help``) loads only what that command needs.
"""

from __future__ import annotations

import errno
import sys
from typing import Any

import click

from mmsvalidate.cli import check, codes, convert, explain, schema, serve
from mmsvalidate.cli.options import FORMATS, say, unwritable, use_color

#: Errors of writing output: a closed pipe, a full disk or quota, a file too big, an I/O error, a closed stream.
OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


class Main(click.Group):
    """The command group: standard output that can't be written (a closed pipe, a full disk) is one
    line on standard error and exit 2, whatever the command, never a traceback; Ctrl+C is exit 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                if sys.stdout is not None:
                    sys.stdout.flush()
        except OSError as exc:
            if exc.errno not in OUTPUT_ERRORS:
                raise
            unwritable("standard output", exc)
        except KeyboardInterrupt:  # Ctrl+C in any command: one line, the shell's status for SIGINT
            say("interrupted")
            sys.exit(130)


__all__ = ["FORMATS", "main", "use_color"]


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mmsvalidate")
def main() -> None:
    """Check sendMMS requests before they are sent, with the API's own error codes."""


#: Every command, registered here and nowhere else.
COMMANDS = (check.check, codes.codes, explain.explain, convert.convert, schema.schema, serve.serve)
for command in COMMANDS:
    main.add_command(command)
