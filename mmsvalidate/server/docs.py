"""The service's OpenAPI 3.1 document (``openapi.json`` beside this module) and ``/docs``, a page made from it.

The page is plain HTML built here from the document: no script, no asset from elsewhere, every
text escaped, one inline style allowed by its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import html
import importlib.metadata
import json
import re
import urllib.parse
from collections.abc import Mapping
from importlib import resources
from typing import Any

#: The methods a path item can hold, in the order the page shows them.
METHODS = ("get", "post", "put", "patch", "delete", "head", "options")

STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
    "h2{margin-top:2.5rem;border-bottom:1px solid #ccc}h3{margin-top:2rem}"
    "code,pre{font:13px ui-monospace,monospace;background:#f4f4f4;border-radius:3px}code{padding:0 .2em}"
    "pre{padding:.6rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}"
    "table{border-collapse:collapse;width:100%;table-layout:fixed}"
    "th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
    "th:last-child{width:50%}.method{font-weight:bold;text-transform:uppercase;margin-right:.5rem}"
)
#: The page's Content-Security-Policy: nothing loads, the one inline style is allowed by its hash.
CSP = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()}'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@functools.cache
def document() -> Mapping[str, Any]:
    """The OpenAPI document, its ``info.version`` the installed package's."""
    text = resources.files("mmsvalidate.server").joinpath("openapi.json").read_text(encoding="utf-8")
    found: dict[str, Any] = json.loads(text)
    found["info"]["version"] = importlib.metadata.version("mmsvalidate")
    return found


@functools.cache
def document_bytes() -> bytes:
    """:func:`document` as compact JSON."""
    return json.dumps(document(), ensure_ascii=False, separators=(",", ":")).encode()


def _text(text: str) -> str:
    """Escaped prose: paragraphs at blank lines, ``code`` spans as <code>."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join("<p>" + re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(p)) + "</p>" for p in paragraphs)


def _resolve(doc: Mapping[str, Any], node: Any) -> Any:
    """``node`` with a local ``$ref`` followed (one level)."""
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        return target
    return node


def _example(value: Any) -> str:
    """An example as text: a string as it is, a query's parameters as a query string, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
        return urllib.parse.urlencode(value, quote_via=urllib.parse.quote)
    return json.dumps(value, indent=2, ensure_ascii=False)


def _schema(node: Any) -> str:
    """A schema as JSON, or a link to the named one it refers to."""
    reference = node.get("$ref", "") if isinstance(node, Mapping) else ""
    if reference.startswith("#/components/schemas/") and len(node) == 1:
        name = html.escape(reference.rpartition("/")[2])
        return f'<a href="#schema-{name}">{name}</a>'
    return "<pre>" + html.escape(json.dumps(node, indent=2, ensure_ascii=False)) + "</pre>"


def _operation(doc: Mapping[str, Any], path: str, method: str, operation: Mapping[str, Any]) -> str:
    out = [f'<h3 id="{html.escape(operation.get("operationId", method + path))}">']
    out.append(f'<span class="method">{method}</span><code>{html.escape(path)}</code></h3>')
    out.append(_text(operation.get("summary", "")) + _text(operation.get("description", "")))
    parameters = [_resolve(doc, p) for p in operation.get("parameters", [])]
    if parameters:
        out.append("<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>about</th></tr>")
        for p in parameters:
            examples = [e.get("value") for e in p.get("examples", {}).values()]
            shown = "".join(f" <code>{html.escape(_example(e))}</code>" for e in examples)
            out.append(
                f"<tr><td><code>{html.escape(p['name'])}</code></td><td>{html.escape(p['in'])}</td>"
                f"<td>{'yes' if p.get('required') else 'no'}</td>"
                f"<td>{_text(p.get('description', ''))}{'<p>For example:' + shown + '</p>' if shown else ''}</td></tr>"
            )
        out.append("</table>")
    body = operation.get("requestBody")
    if body:
        out.append("<h4>Body</h4><table><tr><th>Content-Type</th><th>schema</th><th>example</th></tr>")
        for media, entry in body.get("content", {}).items():
            shown_examples = "".join(
                f"<pre>{html.escape(_example(e.get('value')))}</pre>" for e in entry.get("examples", {}).values()
            )
            out.append(
                f"<tr><td><code>{html.escape(media)}</code></td><td>{_schema(entry.get('schema', {}))}</td>"
                f"<td>{shown_examples or '-'}</td></tr>"
            )
        out.append("</table>")
    out.append("<h4>Responses</h4><table><tr><th>status</th><th>Content-Type</th><th>about</th></tr>")
    for status, response in operation.get("responses", {}).items():
        media = "<br>".join(
            f"<code>{html.escape(m)}</code>" + (f" {_schema(e['schema'])}" if "$ref" in e.get("schema", {}) else "")
            for m, e in response.get("content", {}).items()
        )
        about = _text(response.get("description", ""))
        out.append(f"<tr><td>{html.escape(status)}</td><td>{media or '-'}</td><td>{about}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


@functools.cache
def page() -> bytes:
    """``/docs``: the document as HTML."""
    return render(document())


def render(openapi: Mapping[str, Any]) -> bytes:
    """An OpenAPI document as a page: its routes, each operation (parameters, bodies, answers), its schemas."""
    doc = copy.deepcopy(dict(openapi))
    info = doc["info"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(info['title'])} {html.escape(info['version'])}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(info['title'])} <small>{html.escape(info['version'])}</small></h1>",
        _text(info.get("summary", "")) + _text(info.get("description", "")),
        '<p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>',
        "<h2>Routes</h2><ul>",
    ]
    operations = [
        (path, method, item[method]) for path, item in doc["paths"].items() for method in METHODS if method in item
    ]
    for path, method, operation in operations:
        anchor = html.escape(operation.get("operationId", method + path))
        out.append(
            f'<li><a href="#{anchor}"><span class="method">{method}</span><code>{html.escape(path)}</code></a> '
            f"{html.escape(operation.get('summary', ''))}</li>"
        )
    out.append("</ul>")
    out.extend(_operation(doc, path, method, operation) for path, method, operation in operations)
    out.append("<h2>Schemas</h2>")
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        out.append(f'<h3 id="schema-{html.escape(name)}">{html.escape(name)}</h3>{_schema(schema)}')
    out.append("</body></html>\n")
    return "\n".join(out).encode()
