"""``mmsvalidate schema``: print the shipped schema of a form."""

from __future__ import annotations

import click

from mmsvalidate.cli.options import FORMS


@click.command(short_help="Print the shipped schema of a form.")
@click.option("--form", type=click.Choice(FORMS), required=True, help="The form whose schema to print.")
def schema(form: str) -> None:
    """Print the shipped schema of a form: XSD for xml, JSON Schema for json and query."""
    from mmsvalidate.structure.shipped import JSON_SCHEMA, QUERY_SCHEMA, XSD, schema_text

    click.echo(schema_text({"xml": XSD, "json": JSON_SCHEMA, "query": QUERY_SCHEMA}[form]), nl=False)
