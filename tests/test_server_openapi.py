"""The service's OpenAPI document: valid OpenAPI 3.1, the routes the service answers, served at /openapi.json and
as a page at /docs; and the real service on a free port exercised from it, property by property (no 500, every
answer as the document says)."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import base64
import hashlib
import html
import html.parser
import importlib.metadata
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
from schemathesis.checks import positive_data_acceptance

from tests.serving import ROOT, Served, Upstream, serve

SHIPPED = ROOT / "mmsvalidate" / "server" / "openapi.json"
#: The routes and methods of ``mmsvalidate serve``, as the README's Service section lists them.
ROUTES = {
    "/v1/check": {"get", "post"},
    "/API/wxml/1.3/index.php": {"get", "post"},
    "/healthz": {"get"},
    "/metrics": {"get"},
    "/openapi.json": {"get"},
    "/docs": {"get"},
    "/": {"get"},
    "/playground/app.js": {"get"},
    "/playground/style.css": {"get"},
    "/playground/icon.svg": {"get"},
    "/v1/playground": {"get", "post"},
    "/v1/explain": {"get"},
}


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serve("--quiet") as found:
        yield found


def test_the_shipped_document_is_valid_openapi_3_1() -> None:
    document, _ = read_from_filename(str(SHIPPED))
    validate(document)
    assert document["openapi"].startswith("3.1.")


def test_the_served_document_is_the_shipped_one_with_the_packages_version(served: Served) -> None:
    answer = httpx.get(served.url("/openapi.json"), timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    document = answer.json()
    validate(document)
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    shipped["info"]["version"] = importlib.metadata.version("mmsvalidate")
    assert document == shipped


def test_the_document_names_every_route_and_method_the_service_answers(served: Served) -> None:
    document = httpx.get(served.url("/openapi.json"), timeout=30).json()
    assert {path: set(item) for path, item in document["paths"].items()} == ROUTES
    for path, methods in ROUTES.items():
        for method in {"put", "delete", "patch"}:
            answer = httpx.request(method, served.url(path), timeout=30)
            assert answer.status_code == 405, (method, path)
            assert set(answer.headers["allow"].lower().split(", ")) == methods | {"head"} - (
                set() if "get" in methods else {"head"}
            )
    assert httpx.get(served.url("/no/such/route"), timeout=30).status_code == 404


def test_the_prefer_header_lists_the_codes_the_mock_plays() -> None:
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    (prefer,) = (p for p in document["paths"]["/API/wxml/1.3/index.php"]["post"]["parameters"] if p["name"] == "Prefer")
    general = "E104, E105, E106, E107, E109, E112, E113, E114, E120, E503"
    assert general in prefer["description"]


class Page(html.parser.HTMLParser):
    """What a page loads or links to, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.references: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value is not None:
                self.references.append(value)
            assert not name.startswith("on"), (tag, name)  # no event handler

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_docs_is_a_page_with_every_operation_and_nothing_from_elsewhere(served: Served) -> None:
    answer = httpx.get(served.url("/docs"), timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/html; charset=utf-8"
    policy = answer.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; ") and "unsafe" not in policy and "http" not in policy
    page = Page()
    page.feed(answer.text)
    assert {"script", "link", "img", "iframe", "object", "embed", "base"}.isdisjoint(page.tags)
    for reference in page.references:
        parts = urlsplit(reference)
        assert not parts.scheme and not parts.netloc, reference  # same origin only
    document = httpx.get(served.url("/openapi.json"), timeout=30).json()
    operations = {"#" + op["operationId"] for item in document["paths"].values() for op in item.values()}
    linked = ("QueryRequest", "JsonRequest", "ApiResponse", "CheckResult", "PlaygroundSettings", "PlaygroundResult")
    schemas = {"#schema-" + name for name in (*linked, "Explanation")}
    assert set(page.references) == {"openapi.json"} | operations | schemas
    text = " ".join(page.text)
    for path, methods in ROUTES.items():
        if path != "/":  # "/" is in every path
            assert text.count(path) >= len(methods) * 2, path  # in the list of routes, and its own section
    for status in ("408", "413", "400", "502", "504"):
        assert re.search(rf"\b{status}\b", text), status
    assert "Prefer" in text and "code=E351, x=2" in text
    # docs/service.md: its policy allows the hash of its one style, and nothing else
    (style,) = re.findall(r"<style>(.*?)</style>", answer.text, re.S)
    digest = base64.b64encode(hashlib.sha256(html.unescape(style).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy and policy.count("sha256-") == 1
    info = document["info"]  # a page has its title (HTML requires one): the document's name and version
    assert f"<title>{html.escape(info['title'])} {html.escape(info['version'])}</title>" in answer.text


def _row(page: str, media: str) -> Page:
    """The row of ``page``'s body table for ``media``, parsed."""
    (row,) = (row for row in page.split("<tr>") if f"<code>{media}</code>" in row)
    parsed = Page()
    parsed.feed(row)
    return parsed


def test_docs_shows_the_documents_text_parameters_by_reference_and_each_schema_whole_or_as_its_link() -> None:
    """docs/service.md: ``/docs`` shows the document's description, each operation's parameters (one given by
    reference as the one it names) and each body's schema whole, or as a link to the named schema when it only
    names one (a reference with a description beside it is shown whole, description and all)."""
    from mmsvalidate.server.docs import render

    named = "#/components/schemas/Named"
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Checks",
            "version": "9.9",
            "summary": "Checks & more.",
            "description": "First paragraph, `code` in it.\n\nSecond paragraph.",
        },
        "paths": {
            "/x": {
                "post": {
                    "operationId": "send",
                    "parameters": [
                        {"name": "inline", "in": "query", "description": "Given here."},
                        {"$ref": "#/components/parameters/Common"},
                        {
                            "name": "shown",
                            "in": "query",
                            "examples": {
                                "text": {"value": "as it is"},
                                "query": {"value": {"to": "1 555", "x": "y"}},
                                "data": {"value": {"n": 1}},
                            },
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "application/a": {"schema": {"$ref": named}},
                            "application/b": {"schema": {"$ref": named, "description": "Why this body."}},
                            "application/c": {"schema": {"type": "string"}},
                        }
                    },
                    "responses": {
                        "200": {"description": "Done."},
                        "400": {"content": {"application/json": {"schema": {"$ref": named}}}},
                    },
                }
            }
        },
        "components": {
            "schemas": {"Named": {"type": "object", "description": "A named schema."}},
            "parameters": {"Common": {"name": "common", "in": "header", "description": "Given by reference."}},
        },
    }
    page = render(document).decode()
    parsed = Page()
    parsed.feed(page)
    text = "".join(parsed.text)
    for shown in ("Checks & more.", "First paragraph, code in it.", "Second paragraph.", "Given here."):
        assert shown in text, shown
    assert "<code>common</code></td><td>header</td>" in page and "Given by reference." in text
    assert _row(page, "application/a").references == ["#schema-Named"]
    for media, whole in (("application/b", "Why this body."), ("application/c", '"type": "string"')):
        row = _row(page, media)
        assert not row.references and whole in "".join(row.text), (media, row.text)
    assert "<h1>Checks <small>9.9</small></h1>" in page  # its heading: the document's title and version
    # each example: a string as it is, a query's parameters as a query string, anything else as JSON
    shown = (
        "<p>For example: <code>as it is</code> <code>to=1%20555&amp;x=y</code> <code>{\n  &quot;n&quot;: 1\n}</code>"
    )
    assert shown in page
    (row,) = (row for row in page.split("<tr>") if "<code>application/c</code>" in row)
    assert "<pre>{\n  &quot;type&quot;: &quot;string&quot;\n}</pre>" in row  # a schema shown whole: its JSON
    assert row.endswith("<td>-</td></tr>\n</table>\n<h4>Responses</h4><table>")  # a body without an example: "-"
    # each answer: its status, its media types (a named schema as its link), or "-" without one, and what it is
    assert "<tr><td>200</td><td>-</td><td><p>Done.</p></td></tr>" in page
    assert (
        '<tr><td>400</td><td><code>application/json</code> <a href="#schema-Named">Named</a></td><td></td></tr>' in page
    )


def test_docs_shows_an_operation_of_every_method_a_path_item_can_hold() -> None:
    """OpenAPI 3.1's path item holds get, put, post, delete, options, head, patch (and trace): ``/docs`` lists each
    operation the document has, linked to its own section."""
    from mmsvalidate.server.docs import render

    methods = ("get", "put", "post", "delete", "options", "head", "patch")
    item = {m: {"operationId": f"op-{m}", "summary": f"The {m}.", "responses": {}} for m in methods}
    document = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/all": item}}
    page = render(document).decode()
    parsed = Page()
    parsed.feed(page)
    assert sorted(r for r in parsed.references if r.startswith("#op-")) == sorted(f"#op-{m}" for m in methods)
    for method in methods:
        assert f'<h3 id="op-{method}">' in page and f"The {method}." in "".join(parsed.text), method


#: The service as Schemathesis sees it: the shipped document (the one served, as tested above), each call made to
#: the real service on its free port. Every check runs but the rejection of data outside the document: a request
#: that is not a sendMMS request is answered 200 with its findings (E100...), that is what the service is for.
api = schemathesis.openapi.from_path(
    SHIPPED, config=schemathesis.Config.from_dict({"checks": {"negative_data_rejection": {"enabled": False}}})
)


@api.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_the_document_says(case: schemathesis.Case, served: Served) -> None:
    _call_and_validate(case, served)


def _call_and_validate(case: schemathesis.Case, served: Served) -> None:
    if _durations_conflict(case):
        # each value in its bounds, but together no profile: the one refusal a schema can't say (documented)
        answer = case.call_and_validate(base_url=served.base, timeout=30, excluded_checks=[positive_data_acceptance])
        # a head over the 64 KiB default (long lists in the query) is 431 before the values are read (documented)
        query = len(urlencode(case.query or {}, doseq=True))
        expected = {400} if query < 60_000 else {431} if query > 66_000 else {400, 431}
        assert answer.status_code in expected, (query, answer.text)
        return
    case.call_and_validate(base_url=served.base, timeout=30)


def _durations_conflict(case: schemathesis.Case) -> bool:
    """A playground check whose min-duration is over its max-duration (the service's default is 1 to 60)."""
    query = case.query or {}
    if case.operation.path != "/v1/playground" or case.method.upper() != "POST":
        return False
    low, high = str(query.get("min-duration", 1)), str(query.get("max-duration", 60))
    return low.isdigit() and high.isdigit() and int(low) > int(high)


@pytest.fixture(scope="module")
def proxied() -> Iterator[Served]:
    with Upstream() as upstream, serve("--quiet", "--upstream", upstream.base) as found:
        yield found


@api.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_behind_the_proxy_every_operation_answers_as_the_document_says(
    case: schemathesis.Case, proxied: Served
) -> None:
    _call_and_validate(case, proxied)


def test_the_wheel_ships_the_document(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert json.loads(archive.read("mmsvalidate/server/openapi.json")) == json.loads(SHIPPED.read_bytes())
        assert "mmsvalidate/server/docs.py" in archive.namelist()
        for name in ("playground.html", "playground.js", "playground.css", "icon.svg"):  # the playground's assets
            shipped = archive.read(f"mmsvalidate/server/static/{name}")
            assert shipped == (ROOT / "mmsvalidate" / "server" / "static" / name).read_bytes(), name
