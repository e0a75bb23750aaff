"""The playground: a page at ``/`` to paste a request and see every finding on its line, and its JSON routes.

The page and its script and style are files of the package (``static/``): nothing is loaded from
elsewhere, and its Content-Security-Policy allows only those (no inline script or style, no
``eval``, and Trusted Types required, so the script can't write markup from a string). It calls:

- ``POST /v1/playground``: the request as the body (the same limits as ``/v1/check``), the form and
  the account's switches and limits as query parameters (:mod:`mmsvalidate.server.account`,
  applied to that one check and never kept). The answer: the findings, as ``/v1/check`` gives them;
  the ``<RESPONSE>`` the API would give (which reads no suppression comments, as the mock); and the
  request in each form with what the conversion refuses or drops, as ``mmsvalidate convert`` says.
- ``GET /v1/explain?code=CODE``: what ``mmsvalidate explain CODE --format json`` says.

Nothing a caller sends is logged: the access log has the path only, never the query or the body.
"""

from __future__ import annotations

import asyncio
import functools
from importlib import resources

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from mmsvalidate import conversion
from mmsvalidate import explain as explaining
from mmsvalidate.checker import Checker, CheckOptions, Suppressions
from mmsvalidate.formats.json import finding
from mmsvalidate.formats.jsontext import json_text
from mmsvalidate.formats.response import api_response
from mmsvalidate.profile import Profile
from mmsvalidate.report import Report
from mmsvalidate.server.account import ACCOUNT_KEYS, BadParameter, account_profile
from mmsvalidate.server.checking import TooLarge, TooSlow, form_of, media_type, read_body
from mmsvalidate.server.service import Service
from mmsvalidate.settings.config import PROFILE_KEYS

#: The page's Content-Security-Policy: its own script, style and routes only; no inline code, no eval, and
#: no markup written from strings (Trusted Types required, none allowed).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'; trusted-types 'none'"
)
#: Headers of every answer of the playground's routes.
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
#: The page's assets: path → (file in ``static/``, media type).
ASSETS = {
    "/": ("playground.html", "text/html; charset=utf-8"),
    "/playground/app.js": ("playground.js", "text/javascript; charset=utf-8"),
    "/playground/style.css": ("playground.css", "text/css; charset=utf-8"),
    "/playground/icon.svg": ("icon.svg", "image/svg+xml"),
}
#: The longest code a caller may ask to have explained (catalogued codes are five or six characters).
MAX_CODE = 40


@functools.cache
def asset(name: str) -> bytes:
    """A file of the page, as shipped in the package."""
    return resources.files("mmsvalidate.server").joinpath("static", name).read_bytes()


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


async def page(request: Request) -> Response:
    """``GET /`` and the page's assets."""
    name, media = ASSETS[request.url.path]
    headers = {**HEADERS, "Cache-Control": "no-cache"}
    if name.endswith(".html"):
        headers["Content-Security-Policy"] = CSP
    return Response(asset(name), media_type=media, headers=headers)


def _plain(text: str, status: int, **headers: str) -> Response:
    return PlainTextResponse(text + "\n", status, headers={**HEADERS, **headers})


async def explain(request: Request) -> Response:
    """``GET /v1/explain?code=CODE[&form=FORM]``: ``mmsvalidate explain CODE --format json``."""
    code = request.query_params.get("code", "")
    form = request.query_params.get("form")
    if form is not None and form not in conversion.TARGETS:
        return _plain("form: expected one of xml, query, json", 400)
    try:
        found = explaining.lookup(code[:MAX_CODE])
    except KeyError as exc:
        return _plain(str(exc.args[0]), 404)
    document = explaining.data(found, form)
    return Response(json_text(document, compact=True), media_type="application/json", headers=HEADERS)


async def _report(content: bytes, options: CheckOptions, state: Service, suppressions: Suppressions) -> Report:
    """The request checked with ``options`` and ``suppressions``: with the service's own checker when the
    profile is the service's (its media stage's connections kept), else a checker for this one check."""
    assert state.checkers is not None
    if options.profile == state.config.profile and options.profile.clock is state.config.profile.clock:
        return (await state.checkers.get(str(options.form), suppressions).acheck([content]))[0]
    async with Checker(options if suppressions is options.suppressions else _with(options, suppressions)) as made:
        return (await made.acheck([content]))[0]


def _with(options: CheckOptions, suppressions: Suppressions) -> CheckOptions:
    return CheckOptions(
        profile=options.profile, form=options.form, codes=options.codes, suppressions=suppressions, media=options.media
    )


def _conversions(content: bytes, form: str, profile: Profile) -> dict[str, object]:
    """The request in each form, as ``mmsvalidate convert`` writes it (every code selected, offline)."""
    parsed, report = Checker(CheckOptions(profile=profile, form=form)).inspect(content)
    reason = conversion.unconvertible(parsed, report)
    if reason is not None or parsed is None:
        return {"not_converted": reason, "conversions": None}
    converted = {}
    for target in conversion.TARGETS:
        done = conversion.convert(parsed, report, target)
        converted[target] = {
            "text": done.text,
            "refused": [
                {"line": r.line, "column": r.column, "field": r.pointer, "message": r.message} for r in done.refused
            ],
            "dropped": [{"line": d.line, "what": d.what} for d in done.dropped],
        }
    return {"not_converted": None, "conversions": converted}


def _setting(value: object) -> object:
    return sorted(value) if isinstance(value, frozenset) else value


async def playground(request: Request) -> Response:
    """``GET /v1/playground``: the service's account settings and body limit, for the page's fields;
    ``POST``: the findings, the API's answer and the conversions of the body's request."""
    state = service(request)
    if request.method in ("GET", "HEAD"):  # a HEAD gets the headers of the GET, not of a check of no body
        document = {
            "max_request_bytes": state.config.max_request_bytes,
            "profile": {key: _setting(getattr(state.config.profile, PROFILE_KEYS[key][0])) for key in ACCOUNT_KEYS},
        }
        return Response(json_text(document, compact=True), media_type="application/json", headers=HEADERS)
    config = state.config
    try:
        asked, profile = account_profile(request.query_params.multi_items(), config.profile)
    except BadParameter as exc:
        return _plain(str(exc), 400)
    try:
        content = await read_body(request, config.max_request_bytes, config.body_timeout)
    except TooLarge:
        return _plain(f"request body over {config.max_request_bytes} bytes", 413, Connection="close")
    except TooSlow:
        return _plain(f"request body not received within {config.body_timeout:g} s", 408, Connection="close")
    form = asked or form_of(media_type(request), config.form)
    options = CheckOptions(profile=profile, form=form, codes=config.codes, media=config.online)
    report, answered, converted = await asyncio.gather(
        _report(content, options, state, Suppressions.HONOUR),
        # the API reads no suppression comments: its answer is the mock's
        _report(content, options, state, Suppressions.IGNORE),
        asyncio.to_thread(_conversions, content, form, profile),
    )
    first = report.first_error.code if report.first_error is not None else None
    request.scope["mmsvalidate.first_error"] = first  # for the access log (app.FIRST_ERROR)
    state.metrics.checked("/v1/playground", first)
    document = {
        "ok": report.ok,
        "form": report.form,
        "first_error": first,
        "findings": [finding(f) for f in report.findings],
        "response": api_response(answered),
        **converted,
    }
    return Response(json_text(document, compact=True), media_type="application/json", headers=HEADERS)
