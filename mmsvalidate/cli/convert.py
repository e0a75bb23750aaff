"""``mmsvalidate convert``: write a request in another form."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mmsvalidate.cli.options import FORM_CHOICES, FORMS, fail, read_limited, read_stdin, say, write_output
from mmsvalidate.cli.values import OutputFile


@click.command(short_help="Write a request in another form.")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--to", "target", type=click.Choice(FORMS), required=True, help="The form to write.")
@click.option("--form", type=click.Choice(FORM_CHOICES), default="auto", show_default=True, help="The form to read.")
@click.option("--multiline", is_flag=True, help="Query form: break before each '&', as the spec prints it.")
@click.option("-o", "--output-file", type=OutputFile(), help="Write the request to this file.")
def convert(path: str, target: str, form: str, multiline: bool, output_file: str | None) -> None:
    """Write a request ('-' reads standard input) in another form: xml, query or json.

    Suppressions are carried over, written the target form's way. Values the model has no place
    for (unknown names, repeats, attributes, comments, malformed suppressions) are not; each is
    said on standard error. Exit status: 0 converted, 1 the input is not a request that can be
    read or holds a character the target form cannot carry (XML: control characters), 2 a usage
    error, an unreadable path or a JSON Lines or CSV file (many requests) without --form.
    """
    from mmsvalidate import conversion
    from mmsvalidate.checker import Checker, CheckOptions
    from mmsvalidate.files import stream_form
    from mmsvalidate.profile import DEFAULT_PROFILE

    own = stream_form(path)
    if form == "auto" and own is not None:  # a campaign: many requests, where convert reads one
        kind, unit = ("CSV", "row") if own == "query" else ("JSON Lines", "line")
        fail(
            f"{path}: a {kind} file holds many requests, one a {unit}; convert reads one"
            f" (--form {own} reads the file as one)"
        )
    try:
        if path == "-":
            content = read_stdin(DEFAULT_PROFILE.max_request_bytes)
        else:
            content = read_limited(Path(path), DEFAULT_PROFILE.max_request_bytes)
    except OSError as exc:
        fail(f"{path}: cannot be read: {exc.strerror or exc}")
    parsed, report = Checker(CheckOptions(form=form)).inspect(content)
    reason = conversion.unconvertible(parsed, report)
    if reason is not None or parsed is None:
        first = report.first_error
        where = path if first is None or first.line is None else f"{path}:{first.line}:{first.column}"
        detail = f" ({first.detail})" if first is not None and first.detail else ""
        say(f"{where}: cannot convert: {reason}{detail}")
        sys.exit(1)
    converted = conversion.convert(parsed, report, target, multiline=multiline)
    for refused in converted.refused:
        say(f"{path}:{refused.line}:{refused.column}: {refused.message}")
    if converted.text is None:
        sys.exit(1)
    for dropped in converted.dropped:
        say(f"{f'{path}:{dropped.line}' if dropped.line is not None else path}: not carried over: {dropped.what}")
    output = converted.text
    write_output(output, output_file)
