"""``mmsvalidate convert``: write a request in another form."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mmsvalidate.cli.options import FORM_CHOICES, FORMS, fail, read_limited, write_output


@click.command(short_help="Write a request in another form.")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--to", "target", type=click.Choice(FORMS), required=True, help="The form to write.")
@click.option("--form", type=click.Choice(FORM_CHOICES), default="auto", show_default=True, help="The form to read.")
@click.option("--multiline", is_flag=True, help="Query form: break before each '&', as the spec prints it.")
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the request to this file."
)
def convert(path: str, target: str, form: str, multiline: bool, output_file: Path | None) -> None:
    """Write a request ('-' reads standard input) in another form: xml, query or json.

    Values the model has no place for (unknown names, repeats, attributes, comments) are not
    carried over; each is said on standard error. Exit status: 0 converted, 1 the input is not
    a request that can be read, 2 a usage error or unreadable path.
    """
    from mmsvalidate import readers, writers
    from mmsvalidate.engine import validate
    from mmsvalidate.profile import DEFAULT_PROFILE
    from mmsvalidate.settings import suppressions

    if path == "-":
        content = sys.stdin.buffer.read()
    else:
        try:
            content = read_limited(Path(path), DEFAULT_PROFILE.max_request_bytes)
        except OSError as exc:
            fail(f"{path}: cannot be read: {exc.strerror or exc}")
    scanned = suppressions.scan(content, form)
    parsed = readers.read(scanned.content, scanned.form)
    report = validate(scanned.content, form=scanned.form)
    if parsed.request is None:
        first = report.first_error
        reason = f"{first.code} {first.message}" if first else "not a request"
        click.echo(f"mmsvalidate: {path}: cannot convert: {reason}", err=True)
        sys.exit(1)
    for finding in report.findings:
        if finding.code in ("MV101", "MV102", "MV111"):
            where = f"{path}:{finding.line}" if finding.line is not None else path
            click.echo(f"mmsvalidate: {where}: not carried over: {finding.code} {finding.message}", err=True)
    output = writers.to_query(parsed.request, multiline=multiline) if target == "query" else None
    write_output(output or writers.WRITERS[target](parsed.request), output_file)
