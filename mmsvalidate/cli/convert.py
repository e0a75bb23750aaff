"""``mmsvalidate convert``: write a request in another form."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mmsvalidate.cli.options import FORM_CHOICES, FORMS, fail, read_limited, read_stdin, say, write_output


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

    Suppressions are carried over, written the target form's way. Values the model has no place
    for (unknown names, repeats, attributes, comments, malformed suppressions) are not; each is
    said on standard error. Exit status: 0 converted, 1 the input is not a request that can be
    read or holds a character the target form cannot carry (XML: control characters), 2 a usage
    error or unreadable path.
    """
    from mmsvalidate import writers
    from mmsvalidate.checker import Checker, CheckOptions
    from mmsvalidate.profile import DEFAULT_PROFILE
    from mmsvalidate.settings import suppressions

    try:
        if path == "-":
            content = read_stdin(DEFAULT_PROFILE.max_request_bytes)
        else:
            content = read_limited(Path(path), DEFAULT_PROFILE.max_request_bytes)
    except OSError as exc:
        fail(f"{path}: cannot be read: {exc.strerror or exc}")
    parsed, report = Checker(CheckOptions(form=form)).inspect(content)
    if parsed is None or parsed.request is None:
        first = report.first_error
        reason = f"{first.code} {first.message}" if first else "not a request"
        say(f"{path}: cannot convert: {reason}")
        sys.exit(1)
    request = parsed.request
    refused = [(parsed.where(pointer), pointer, char) for pointer, char in writers.unwritable(request, target)]
    for where, pointer, char in refused:
        what = "a character XML 1.0 cannot carry" if target == "xml" else "a lone surrogate no query string carries"
        say(
            f"{path}:{where.line}:{where.column}: cannot convert to {target.upper() if target == 'xml' else target}:"
            f" {_name(pointer)} holds U+{ord(char):04X}, {what}"
        )
    if refused:
        sys.exit(1)
    lost = [
        (finding.line, f"{finding.code} {finding.message}")
        for finding in report.findings
        if finding.code in ("MV101", "MV102", "MV111")
    ]
    found = suppressions.of(parsed)
    lost += [(where.line, "a comment") for where in suppressions.comments(parsed)]
    lost += [(item.location.line, f"a malformed suppression {item.written}") for item in found if item.problem]
    for line, what in sorted(lost, key=lambda item: item[0] or 0):
        say(f"{f'{path}:{line}' if line is not None else path}: not carried over: {what}")
    ignore = tuple(dict.fromkeys(code for item in found for code in item.codes))
    if target == "query":
        output = writers.to_query(request, multiline=multiline, ignore=ignore)
    else:
        output = writers.WRITERS[target](request, ignore=ignore)
    write_output(output, output_file)


def _name(pointer: str) -> str:
    """A model pointer as the user reads it: ``/slides/0/text`` is ``slide 1 TEXT``."""
    parts = pointer.strip("/").split("/")
    if parts[0] == "slides" and len(parts) == 3:
        return f"slide {int(parts[1]) + 1} {parts[2].upper()}"
    return parts[0].upper()
