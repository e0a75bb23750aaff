"""The API's own path: a mock that answers as the API does, or a proxy that forwards only good requests.

Mock (no upstream): the failure ``<RESPONSE>`` for the first error the API would answer with (only
the API's own codes), or a success with a fresh numeric MMSID and a unique TRACKINGID, a form PHP would read
otherwise than the check answered as PHP reads it (:func:`~mmsvalidate.server.phpform.php_form`); a caller
can ask for an answer only the API's account can give with ``Prefer: code=…`` (see
:mod:`mmsvalidate.server.prefer`). Proxy: it forwards exactly what it checked, in the form it checked
it in, or refuses. A request without errors is forwarded (method, path, query string, body bytes; the
caller's Accept-Encoding) with the Content-Type of the form it was checked as: the caller's when it
names that form, else ``text/xml`` or ``application/x-www-form-urlencoded`` (a body checked as XML is
never sent as a form, nor a form body as anything a server would not read as a form). A POST with both
a body and a query string is refused (400): PHP reads the two together, or one of them, as the script
chooses, and the proxy checks one request, so it never forwards parameters it did not check; so is a form
PHP would read otherwise than the check did (:mod:`mmsvalidate.server.phpform`: a line break, ``to[]``). The
upstream's answer is relayed: status, end-to-end headers and body bytes as they came (hop-by-hop headers are
not relayed); a request with errors is answered here with the failure ``<RESPONSE>`` and never
forwarded; the proxy ignores ``Prefer``. An upstream that can't be reached, or answers what can't
be relayed, is 502, one that does not answer in time 504, each with a plain message. The
request's own suppression comments are ignored here, as the API ignores them.
"""

from __future__ import annotations

import attrs
import httpx
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from mmsvalidate.checker import Suppressions
from mmsvalidate.formats.response import answer as api_answer
from mmsvalidate.formats.response import api_response
from mmsvalidate.report import Report
from mmsvalidate.server.checking import check, form_of, media_type, vendor_form
from mmsvalidate.server.config import VENDOR_PATH, ServerConfig
from mmsvalidate.server.metrics import Metrics
from mmsvalidate.server.phpform import misread, php_form
from mmsvalidate.server.prefer import BadPreference, asked
from mmsvalidate.server.relay import relay
from mmsvalidate.server.service import Service

XML = "text/xml; charset=utf-8"
#: The proxy's refusal of a POST with a body and a query string: it checks one set of parameters.
BOTH = (
    "the proxy forwards a POST's body or its query string, not both: it checks the body, and the API "
    "may read the query string's parameters too; send them all in one of the two\n"
)
#: The proxy's refusal of a form PHP would read otherwise than it was checked (the reason follows).
MISREAD = "the proxy forwards a form only when the API (PHP) reads its parameters as they were checked: "
#: The Content-Type a checked form is forwarded with when the caller's does not name that form.
FORWARDED_AS = {"xml": "text/xml", "query": "application/x-www-form-urlencoded"}


@attrs.frozen
class Answer:
    """The response to send and, for the access log, the code the request was answered with."""

    response: Response
    first_error: str | None


def upstream_client(config: ServerConfig) -> httpx.AsyncClient:
    """The client that forwards to the upstream: no redirects followed, no proxy settings from the environment."""
    return httpx.AsyncClient(
        timeout=config.upstream_timeout,
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=32),
    )


def _request(request: Request, body: bytes) -> tuple[bytes, str]:
    """The request to check: a POST's body (its query string when the body is empty), or a GET's query string."""
    if request.method == "POST" and body.strip():
        return body, vendor_form(media_type(request), body)
    return request.scope["query_string"], "query"


def _code(report: Report) -> str | None:
    answered = api_answer(report)
    return answered[0] if answered is not None else None


async def answer(request: Request, body: bytes, state: Service) -> Answer:
    """Check the request sent to the API's path and answer it: mock, local failure, or relayed upstream answer."""
    content, form = _request(request, body)
    played = None
    if state.client is None:
        try:
            played = asked(request.headers.getlist("prefer"))
        except BadPreference as exc:
            return Answer(PlainTextResponse(str(exc), 400), None)
    # the API reads no suppression comments: a request must not answer Success, or pass the proxy,
    # because it says so itself
    assert state.checkers is not None
    # the mock answers what the API's PHP script would get (the proxy refuses such a form, below)
    read = php_form(content) if state.client is None and form == "query" and misread(content) is not None else content
    report = await check(read, form, state.checkers, suppressions=Suppressions.IGNORE)
    code = _code(report)
    if played is not None and played.answers(code):
        report, code = played.report(report.to), played.code
    else:
        played = None
    state.metrics.checked(VENDOR_PATH, code)
    if state.client is None:
        mms_id, tracking_id = state.ids.new() if code is None else (None, None)
        text = api_response(report, mms_id=mms_id, tracking_id=tracking_id)
        response = Response(text, media_type=XML)
        if played is not None:
            response.headers["Preference-Applied"] = f"code={played.code}"
        return Answer(response, code)
    if code is not None:
        state.metrics.proxied.labels("answered_locally").inc()
        return Answer(Response(api_response(report), media_type=XML), code)
    if request.method == "POST" and body.strip() and request.scope["query_string"]:
        state.metrics.proxied.labels("refused").inc()
        return Answer(PlainTextResponse(BOTH, 400), None)
    if form == "query" and (reason := misread(content)) is not None:
        state.metrics.proxied.labels("refused").inc()
        return Answer(PlainTextResponse(f"{MISREAD}{reason}\n", 400), None)
    return Answer(await forward(request, body, state.config, state.metrics, state.client), None)


def upstream_url(config: ServerConfig, request: Request) -> tuple[httpx.URL, bytes]:
    """The upstream's base URL with the request's own path and query string appended, and that request target's
    bytes as they came (the URL would percent-encode a ``"`` or ``<`` that the caller sent as it is)."""
    assert config.upstream is not None
    base = httpx.URL(config.upstream)
    path = request.scope.get("raw_path") or request.scope["path"].encode()
    query = request.scope["query_string"]
    target = base.raw_path.rstrip(b"/") + path + (b"?" + query if query else b"")
    return base.copy_with(raw_path=target), target


async def forward(
    request: Request, body: bytes, config: ServerConfig, metrics: Metrics, client: httpx.AsyncClient
) -> Response:
    """Send the checked request on, its body in the form it was checked in, and relay the upstream's answer."""
    # the caller's Accept-Encoding, or none at all: the answer's bytes are relayed as they come
    headers = {"Accept-Encoding": request.headers.get("accept-encoding", "identity")}
    content_type = request.headers.get("content-type")
    if request.method == "POST" and body.strip():
        # the form it was checked in: the caller's Content-Type when it names that form, else the form's own
        form = vendor_form(media_type(request), body)
        if content_type is None or form_of(media_type(request), "other") != form:
            content_type = FORWARDED_AS[form]
    if content_type is not None:
        headers["Content-Type"] = content_type
    url, target = upstream_url(config, request)
    content = (body if body.strip() else b"") if request.method == "POST" else None
    # the request line's target is the caller's bytes, not the URL's re-encoding of them; so are the headers' values
    # (a byte past ASCII is allowed in one, and the client would not encode it as text)
    sent = client.build_request(
        request.method,
        url,
        content=content,
        headers={name.encode(): value.encode("latin-1") for name, value in headers.items()},
        extensions={"target": target},
    )
    response, outcome = await relay(client, sent, config.upstream_timeout)
    metrics.proxied.labels(outcome).inc()
    return response
