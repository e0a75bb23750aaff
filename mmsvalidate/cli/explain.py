"""``mmsvalidate explain CODE``: what a code means, with a failing and a fixed example."""

from __future__ import annotations

import click

from mmsvalidate.cli.options import FORMS, fail


@click.command(short_help="Explain a code, with a failing and a fixed example.")
@click.argument("code")
@click.option("--form", type=click.Choice(FORMS), help="Show the examples in this form, where they exist in it.")
@click.option(
    "--format", "output_format", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True
)
def explain(code: str, form: str | None, output_format: str) -> None:
    """Explain a code: what it means, what checks it, and a failing and a fixed example."""
    import json

    from mmsvalidate import explain as docs

    try:
        code = docs.lookup(code)
    except KeyError as exc:
        fail(str(exc.args[0]))
    if not docs.available(code, form):
        example = docs.doc(code).example
        assert example is not None
        click.echo(
            f"mmsvalidate: the {code} example exists only in the {' and '.join(example.forms)} form (no other"
            f" form can raise {code}); shown in the {example.form} form, not in the {form} form",
            err=True,
        )
    if output_format == "json":
        click.echo(json.dumps(docs.data(code, form), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(docs.markdown(code, form), nl=False)
    else:
        click.echo(docs.text(code, form), nl=False)
