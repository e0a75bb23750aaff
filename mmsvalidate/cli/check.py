"""``mmsvalidate check``: check request files and folders, in any output format."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from mmsvalidate.cli import batch
from mmsvalidate.cli.online import online_options
from mmsvalidate.cli.options import COLOR, FORMATS, config_options, profile_options
from mmsvalidate.cli.run import FAIL_LEVELS, plan_of, run
from mmsvalidate.cli.values import OutputFile


class Check(click.Command):
    """``check``, whose paths as pre-commit names them may start with ``-`` (:func:`named_files`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        names = {name for param in self.params for name in getattr(param, "opts", ())}
        return super().parse_args(ctx, named_files(args, names))


def named_files(args: list[str], options: set[str]) -> list[str]:
    """``args`` with, when they ask for ``--skip-non-requests`` (the pre-commit hook), each existing file whose
    name starts with ``-`` and is no option (``-o.xml``, ``--strict.json``) spelt ``./-o.xml``, which names
    the same file and is reported by the same name: pre-commit names the files after the options without a
    ``--``, and such a file was read as an option (``-o`` with ``.xml``: the output written there, the file
    not checked)."""
    head = args.index("--") if "--" in args else len(args)
    if "--skip-non-requests" not in args[:head]:
        return args
    return [
        os.path.join(os.curdir, arg)
        if at < head and arg[:1] == "-" != arg and arg.split("=")[0] not in options and os.path.lexists(arg)
        else arg
        for at, arg in enumerate(args)
    ]


@click.command(cls=Check, short_help="Check request files and folders.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "--output-format",
    "output_formats",
    type=click.Choice(FORMATS),
    multiple=True,
    envvar="MMSVALIDATE_OUTPUT_FORMAT",
    show_envvar=True,
    help="Output format [default: text]; repeatable, each format to its own place (see --output-file).",
)
@click.option(
    "-o",
    "--output-file",
    "output_files",
    type=OutputFile(),
    multiple=True,
    help="Write the output to this file; repeatable: the files go to the last formats given, in order, "
    "and the first format goes to standard output when there are fewer files.",
)
@click.option("--statistics", is_flag=True, help="Print how many findings of each code instead (text or json).")
@click.option(
    "--fail-level",
    type=click.Choice(FAIL_LEVELS),
    default="error",
    show_default=True,
    help="Exit 1 when a request has an error, or (warning) any finding at all.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when a file fails (2 still means a usage error).")
@click.option("-q", "--quiet", is_flag=True, help="Text format: print the findings only, without the summary.")
@click.option("--color", type=click.Choice(COLOR), default="auto", show_default=True, help="Colour the text format.")
@config_options
@click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip these paths, instead of the configured ones.")
@click.option("--extend-exclude", multiple=True, metavar="PATTERN", help="Skip these paths too.")
@click.option("--force-exclude", is_flag=True, help="Apply the exclusions to paths named on the command line too.")
@click.option("--stdin-filename", metavar="PATH", help="The name of the file read from '-' (configuration, output).")
@click.option(
    "--skip-non-requests/--strict",
    default=False,
    help="Skip, with a note, a file that is clearly not a sendMMS request (the pre-commit hook does), and take "
    "an existing file named like an option ('-o.xml') for a path; --strict checks every file [default: --strict].",
)
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and check none.")
@click.option(
    "--show-settings", is_flag=True, help="Print the settings the first file would be checked with, and check none."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0, max=batch.MAX_JOBS),
    default=None,
    help=f"Processes checking files (0: one per CPU; at most {batch.MAX_JOBS}, and never more than there is work "
    f"for). Default: one per CPU from {batch.PARALLEL_FROM} files, else 1.",
)
@profile_options
@online_options
def check(**options: Any) -> None:
    """Check request files and folders (recursed; '-' reads standard input).

    Options override the configuration file (mmsvalidate.toml or [tool.mmsvalidate] in
    pyproject.toml, found by walking up from each file). Exit status: 0 when no file fails, 1 when
    one does (has an error; with --fail-level warning, any finding), 2 for a usage or configuration
    error or a path that is missing or unreadable (the other paths are still checked), 130 when
    interrupted.
    """
    sys.exit(run(plan_of(options)))
