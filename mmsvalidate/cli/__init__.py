"""The command line: ``check``, ``codes``, ``explain``, ``convert``, ``schema``, ``serve``; one module each.

The only package that prints and exits. A command's module is imported only when that command runs (or
``--help`` lists them all), and imports beyond click are made inside each command, so a cold start (a
pre-commit hook running ``check``) loads only what that command needs.
"""

from __future__ import annotations

import errno
import importlib
import sys

from mmsvalidate import TYPE_CHECKING
from mmsvalidate.cli import collector

if TYPE_CHECKING:
    from typing import Any

with collector.loading():  # the package's code, the command line's common part (typing, re, enum too)
    import click

    from mmsvalidate.cli.options import FORMATS, say, unwritable, use_color

#: Errors of writing output: a closed pipe, a full disk or quota, a file too big, an I/O error, a closed stream.
OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


#: Every command, registered here and nowhere else: its name, and the module defining it under that name.
NAMES = ("check", "codes", "explain", "convert", "schema", "serve")


class Main(click.Group):
    """The command group: standard output that can't be written (a closed pipe, a full disk) is one
    line on standard error and exit 2, whatever the command, never a traceback; Ctrl+C is exit 130.

    Commands are loaded by name as they are asked for: ``check`` never imports ``serve``'s module.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(NAMES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in NAMES:
            return None
        with collector.loading():  # what is loaded lives as long as the process (see mmsvalidate.cli.collector)
            return command(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        collector.release()  # an earlier command run in this process
        try:
            try:
                return super().invoke(ctx)
            finally:
                if sys.stdout is not None:
                    sys.stdout.flush()
                collector.settle()
        except OSError as exc:
            if exc.errno not in OUTPUT_ERRORS:
                raise
            unwritable("standard output", exc)
        except KeyboardInterrupt:  # Ctrl+C in any command: one line, the shell's status for SIGINT
            say("interrupted")
            sys.exit(130)


__all__ = ["COMMANDS", "FORMATS", "main", "use_color"]


def command(name: str) -> click.Command:
    """The command ``name`` (one of :data:`NAMES`), its module imported now."""
    made = getattr(importlib.import_module(f"mmsvalidate.cli.{name}"), name)
    assert isinstance(made, click.Command)
    return made


def __getattr__(name: str) -> Any:
    """``COMMANDS``: every command, each module imported (the reference pages, the tests)."""
    if name == "COMMANDS":
        return tuple(command(each) for each in NAMES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mmsvalidate")
def main() -> None:
    """Check sendMMS requests before they are sent, with the API's own error codes."""
