"""``mmsvalidate codes``: every code, the API's and the project's own."""

from __future__ import annotations

import click


@click.command(short_help="List every code and what checks it.")
@click.option(
    "--format", "output_format", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True
)
def codes(output_format: str) -> None:
    """List every code, the API's and mmsvalidate's own: severity, and what checks it offline."""
    import json

    from mmsvalidate.codes import CODES
    from mmsvalidate.codetable import checks, markdown

    if output_format == "markdown":
        click.echo(markdown(), nl=False)
        return
    if output_format == "json":
        rows = [
            {
                "code": code,
                "severity": entry.severity.value,
                "vendor": entry.vendor,
                "offline": entry.offline,
                "text": entry.text,
                "checks": checks(code),
            }
            for code, entry in CODES.items()
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'code':<6} {'severity':<8} {'source':<11} {'offline':<7} text")
    for code, entry in CODES.items():
        source = "vendor" if entry.vendor else "mmsvalidate"
        offline = "yes" if entry.offline else "no"
        click.echo(f"{code:<6} {entry.severity.value:<8} {source:<11} {offline:<7} {entry.text}")
    click.echo("\n'mmsvalidate explain CODE' says more about one.")
