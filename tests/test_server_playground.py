"""The playground's routes on the real service: the page and its assets under a strict policy, /v1/playground
answering what `check --format json`, `api_response` and `convert` say, the account's settings applied per check and
never kept, the body limits of /v1/check, nothing a caller sends in the access log, and /v1/explain as `explain`."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

import html.parser
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

import mmsvalidate
from tests.serving import ROOT, Served, serve

#: The spec's example in each form, a failing request in each form, and requests with warnings and dropped values.
REQUESTS = [
    "corpus/spec/example.xml",
    "corpus/spec/example-get.txt",
    "corpus/spec/example.json",
    "corpus/E226/fail-audio-video.xml",
    "corpus/E226/fail-audio-video.txt",
    "corpus/E226/fail-audio-video.json",
    "corpus/MV101/fail-unknown-element.xml",
    "corpus/MV101/fail-typo-param.txt",
    "corpus/MV113/fail-unused.xml",
]
STATIC = ROOT / "mmsvalidate" / "server" / "static"


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mmsvalidate", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120
    )


def checked(*paths: str, options: tuple[str, ...] = ()) -> dict[str, dict[str, object]]:
    """What ``check --format json --isolated`` says of each path."""
    done = cli("check", "--isolated", "--format", "json", *options, *paths)
    assert done.returncode in (0, 1), done.stderr
    return {entry["path"]: entry for entry in json.loads(done.stdout)["files"]}


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serve("--isolated") as found:
        yield found


def post(served: Served, body: bytes, **params: str | list[str]) -> httpx.Response:
    return httpx.post(
        served.url("/v1/playground"), params=params, content=body, headers={"Content-Type": "text/plain"}, timeout=60
    )


def test_every_request_answers_the_findings_of_check_format_json(served: Served) -> None:
    expected = checked(*REQUESTS)
    for path in REQUESTS:
        answer = post(served, (ROOT / path).read_bytes())
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
        document = answer.json()
        entry = expected[path]
        assert document["findings"] == entry["findings"], path
        assert (document["ok"], document["form"], document["first_error"]) == (
            entry["ok"],
            entry["form"],
            entry["first_error"],
        ), path


def test_the_response_is_the_apis_which_reads_no_suppression_comments(served: Served) -> None:
    for path in REQUESTS:
        content = (ROOT / path).read_bytes()
        answered = mmsvalidate.api_response(mmsvalidate.validate(content, suppressions=False))
        assert post(served, content).json()["response"] == answered, path
    # a request that silences its own error still gets the API's failure
    silenced = (
        (ROOT / "corpus/E226/fail-audio-video.xml")
        .read_text()
        .replace("<REQUEST>", "<REQUEST>\n<!-- mmsvalidate: ignore[E226] -->", 1)
    )
    document = post(served, silenced.encode()).json()
    assert document["findings"] == [] and "<ERRORCODE>E226</ERRORCODE>" in document["response"]
    # the same with the account's settings changed for this check (docs/playground.md): still the API's failure
    document = post(served, silenced.encode(), **{"max-slides": "7", "max-subject": "70"}).json()
    assert document["findings"] == [] and "<ERRORCODE>E226</ERRORCODE>" in document["response"]


@pytest.mark.parametrize("path", REQUESTS)
def test_the_conversions_are_what_convert_writes_and_says(served: Served, path: str) -> None:
    document = post(served, (ROOT / path).read_bytes()).json()
    assert document["not_converted"] is None
    for target in ("xml", "query", "json"):
        done = cli("convert", "--to", target, path)
        converted = document["conversions"][target]
        assert converted["refused"] == [] and converted["text"] == done.stdout.decode(), (path, target)
        said = [
            f"mmsvalidate: {path}{'' if d['line'] is None else ':' + str(d['line'])}: not carried over: {d['what']}"
            for d in converted["dropped"]
        ]
        assert said == done.stderr.decode().splitlines(), (path, target)


def test_a_conversion_refused_and_a_request_not_read(served: Served) -> None:
    content = b'{"action": "sendMMS", "subject": "a\\u0001b"}'
    document = post(served, content).json()
    xml = document["conversions"]["xml"]
    assert xml["text"] is None and [r["field"] for r in xml["refused"]] == ["/subject"]
    said = cli("convert", "--to", "xml", "-", stdin=content)
    assert said.returncode == 1
    assert [f"mmsvalidate: -:{r['line']}:{r['column']}: {r['message']}" for r in xml["refused"]] == (
        said.stderr.decode().splitlines()
    )
    assert "U+0001" in xml["refused"][0]["message"]
    assert document["conversions"]["query"]["text"] == "action=sendMMS&subject=a%01b\n"
    broken = post(served, b"<REQUEST><TO>1</REQUEST>").json()
    assert broken["conversions"] is None and broken["not_converted"].startswith("E108 ")


def test_the_account_settings_apply_to_that_check_only(served: Served) -> None:
    example = "corpus/spec/example.xml"
    content = (ROOT / example).read_bytes()
    expected = checked(example, options=("--max-slides", "1", "--require-operator-id"))[example]
    answer = post(served, content, **{"max-slides": "1", "require-operator-id": "true"}).json()
    assert answer["findings"] == expected["findings"] and answer["first_error"] == "E225"
    # never kept: the next check has the service's settings
    assert post(served, content).json()["findings"] == checked(example)[example]["findings"]
    refs = post(served, content, **{"known-campaign-refs": ["Other", "More"]}).json()
    assert [f["code"] for f in refs["findings"] if f["severity"] == "error"] == ["E721"]
    known = post(served, content, **{"known-campaign-refs": "Campaign123"}).json()
    assert known["ok"] and known["first_error"] is None


def test_an_empty_total_text_limit_is_none_and_any_other_empty_number_is_400(served: Served) -> None:
    # docs/playground.md: the page shows no total text limit as an empty field (null); sent back empty, it is none
    example = "corpus/spec/example.xml"
    content = (ROOT / example).read_bytes()
    limited = post(served, content, **{"max-total-text": "5"}).json()
    assert limited["findings"] == checked(example, options=("--max-total-text", "5"))[example]["findings"]
    assert limited["first_error"] == "E228"
    unlimited = post(served, content, **{"max-total-text": ""}).json()
    assert unlimited["findings"] == checked(example)[example]["findings"] and unlimited["ok"]
    for key in ("max-slides", "max-subject", "min-duration"):
        answer = post(served, content, **{key: ""})
        assert (answer.status_code, answer.text) == (400, f"{key}: expected a whole number, got ''\n"), key


def test_the_service_settings_are_what_the_page_shows(served: Served) -> None:
    answer = httpx.get(served.url("/v1/playground"), timeout=30).json()
    assert answer == {
        "max_request_bytes": 1_048_576,
        "profile": {
            "enforce-campaign-check": False,
            "require-operator-id": False,
            "query-gaps-are-slides": True,
            "week-and-ordinal-dates": False,
            "max-slides": 8,
            "max-slide-text": 5000,
            "max-total-text": None,
            "min-duration": 1,
            "max-duration": 60,
            "max-subject": 80,
            "max-from-mask": 11,
            "known-campaign-refs": None,
            "blocked-numbers": [],
        },
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"max-slides": "x"}, "max-slides: expected a whole number, got 'x'"),
        ({"max-slides": "0"}, "max-slides: expected a whole number from 1 to 10,000, got 0"),
        ({"max-slides": ["2", "3"]}, "max-slides: given 2 times; give it once"),
        ({"enforce-campaign-check": "yes"}, "enforce-campaign-check: expected true or false, got 'yes'"),
        ({"blocked-numbers": "+1 555"}, "blocked-numbers: item 1: expected a number in international format"),
        ({"min-duration": "30", "max-duration": "10"}, "min-duration (30) is over max-duration (10)"),
        ({"form": "yaml"}, "form: expected one of auto, xml, query, json"),
        ({"max-request-bytes": "99999999"}, "unknown parameter 'max-request-bytes'; the account's keys are"),
        ({"max-findings": "1"}, "unknown parameter 'max-findings'"),
    ],
)
def test_a_setting_it_cannot_use_is_400_with_what_is_wrong(
    served: Served, params: dict[str, str | list[str]], message: str
) -> None:
    answer = post(served, b"action=sendmms", **params)
    assert answer.status_code == 400 and answer.headers["content-type"].startswith("text/plain")
    assert answer.text.startswith(message), answer.text


def test_a_value_of_1000_characters_is_read_and_one_more_is_400(served: Served) -> None:
    # docs/playground.md: a value over 1,000 characters is 400 (blanks around a number are not part of it)
    at = post(served, b"action=sendmms", **{"max-slides": " " * 999 + "4"})
    assert at.status_code == 200, at.text
    over = post(served, b"action=sendmms", **{"max-slides": " " * 1000 + "4"})
    assert over.status_code == 400 and over.text.startswith("max-slides: a value over 1000 characters"), over.text
    refs = [f"C{n}" for n in range(1000)]  # a list of 1,000 values is read, one more is 400
    assert post(served, b"action=sendmms", **{"known-campaign-refs": refs}).status_code == 200
    over = post(served, b"action=sendmms", **{"known-campaign-refs": [*refs, "C1000"]})
    assert over.status_code == 400 and over.text.startswith("known-campaign-refs: at most 1000 values"), over.text


def test_each_switch_of_the_account_is_true_or_false(served: Served) -> None:
    for key in ("enforce-campaign-check", "require-operator-id", "query-gaps-are-slides", "week-and-ordinal-dates"):
        assert post(served, b"action=sendmms", **{key: "true"}).status_code == 200, key


def test_each_switch_of_the_account_applies_as_the_command_lines_flag(served: Served, tmp_path: Path) -> None:
    """docs/playground.md: the account's switches are the configuration's; each, true or false, gives the findings
    that ``check`` gives with its flag on or off, on a request where it changes them (docs/configuration.md: E650,
    E718, E313, E617)."""
    week = tmp_path / "week.txt"
    week.write_text(
        (ROOT / "corpus/E617/fail-slash-date.txt").read_text(encoding="utf-8").replace("31/12/2099", "2099-W05"),
        encoding="utf-8",
    )
    cases = (
        ("require-operator-id", "corpus/E650/fail-no-operatorid.xml", "E650", "--require-operator-id"),
        ("enforce-campaign-check", "corpus/E718/fail-no-campaignref.xml", "E718", "--enforce-campaign-check"),
        ("query-gaps-are-slides", "corpus/E313/fail-gap.txt", "E313", "--query-gaps=slides"),
        ("week-and-ordinal-dates", str(week), "E617", "--week-and-ordinal-dates"),
    )
    off_flags = {"--query-gaps=slides": "--query-gaps=skip"}
    for key, path, code, flag in cases:
        content = (ROOT / path).read_bytes()
        on = post(served, content, **{key: "true"}).json()["findings"]
        off = post(served, content, **{key: "false"}).json()["findings"]
        assert on == checked(path, options=(flag,))[path]["findings"], key
        assert off == checked(path, options=(off_flags.get(flag, "--no-" + flag[2:]),))[path]["findings"], key
        said = [f["code"] for f in on] if code != "E617" else [f["code"] for f in off]
        unsaid = [f["code"] for f in off] if code != "E617" else [f["code"] for f in on]
        assert code in said and code not in unsaid, key  # the switch tells the two apart


def test_the_form_is_detected_or_chosen(served: Served) -> None:
    content = (ROOT / "corpus/spec/example.json").read_bytes()
    assert post(served, content).json()["form"] == "json"
    as_query = post(served, content, form="query").json()
    assert as_query["form"] == "query" and as_query["first_error"] == "E100"


def test_the_body_limits_of_v1_check(tmp_path: Path) -> None:
    (tmp_path / "mmsvalidate.toml").write_text("max-request-bytes = 200\n")
    with serve("--quiet", "--config", str(tmp_path / "mmsvalidate.toml")) as small:
        over = b"action=sendmms&" + b"x" * 300
        for path in ("/v1/check", "/v1/playground"):
            answer = httpx.post(small.url(path), content=over, timeout=30)
            assert (answer.status_code, answer.text) == (413, "request body over 200 bytes\n"), path
            assert answer.headers["connection"] == "close"
        assert httpx.get(small.url("/v1/playground"), timeout=30).json()["max_request_bytes"] == 200
        assert post(small, b"action=sendmms").status_code == 200


def test_nothing_sent_is_logged(served: Served) -> None:
    secret = "Zq7secretMarker"
    body = f"action=sendmms&api_key={secret}&subject={secret}".encode()
    assert post(served, body, **{"known-campaign-refs": secret}).status_code == 200
    assert post(served, body, **{"max-slides": secret}).status_code == 400
    log = served.logged(r'"POST /v1/playground HTTP/1\.1" 200 E\d+', r'"POST /v1/playground HTTP/1\.1" 400 -')
    assert secret not in log
    metrics = httpx.get(served.url("/metrics"), timeout=30).text
    assert 'route="/v1/playground"' in metrics and secret not in metrics


def test_explain_is_what_explain_format_json_says(served: Served) -> None:
    for code, form in (("E226", None), ("e226", "json"), ("MV101", "query"), ("E225", "xml")):
        args = ["explain", code, "--format", "json", *(["--form", form] if form else [])]
        expected = json.loads(cli(*args).stdout)
        params = {"code": code, **({"form": form} if form else {})}
        answer = httpx.get(served.url("/v1/explain"), params=params, timeout=30)
        assert answer.status_code == 200 and answer.json() == expected, (code, form)
    unknown = httpx.get(served.url("/v1/explain"), params={"code": "E22"}, timeout=30)
    assert unknown.status_code == 404 and "mmsvalidate: " + unknown.text == cli("explain", "E22").stderr.decode()
    assert httpx.get(served.url("/v1/explain"), params={"code": "E226", "form": "csv"}, timeout=30).status_code == 400
    long = httpx.get(served.url("/v1/explain"), params={"code": "<script>" * 500}, timeout=30)
    assert long.status_code == 404 and len(long.text) < 200
    code = "E" + "7" * 60  # docs/playground.md: a code is read up to its first 40 characters
    cut = httpx.get(served.url("/v1/explain"), params={"code": code}, timeout=30)
    assert cut.status_code == 404 and "mmsvalidate: " + cut.text == cli("explain", code[:40]).stderr.decode()


class Page(html.parser.HTMLParser):
    """The page's tags, what it loads or links to, and any inline script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.inline: list[str] = []
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        assert not any(name.startswith("on") or name == "style" for name in named), (tag, named)
        self.references += [v for k, v in attrs if k in ("src", "href", "action", "srcset", "data") and v]
        self.open = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self.open and data.strip():
            self.inline.append(data)


def test_the_page_loads_only_its_own_assets_under_a_strict_policy(served: Served) -> None:
    answer = httpx.get(served.url("/"), timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/html; charset=utf-8"
    policy = dict(part.strip().split(" ", 1) for part in answer.headers["content-security-policy"].split(";"))
    assert policy == {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "connect-src": "'self'",
        "img-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'",
        "require-trusted-types-for": "'script'",
        "trusted-types": "'none'",
    }
    assert answer.headers["x-content-type-options"] == "nosniff"
    page = Page()
    page.feed(answer.text)
    assert page.inline == []
    assert set(page.references) == {
        "#request",
        "/docs",
        "/playground/app.js",
        "/playground/style.css",
        "/playground/icon.svg",
    }
    for reference in page.references:
        assert not urlsplit(reference).scheme and not urlsplit(reference).netloc
    for path, media in (
        ("/playground/app.js", "text/javascript; charset=utf-8"),
        ("/playground/style.css", "text/css; charset=utf-8"),
        ("/playground/icon.svg", "image/svg+xml"),
    ):
        asset = httpx.get(served.url(path), timeout=30)
        assert asset.status_code == 200 and asset.headers["content-type"] == media, path
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert b"http://" not in asset.content.replace(b"http://www.w3.org/2000/svg", b"") and b"https:" not in (
            asset.content
        )


def test_the_script_is_small_plain_and_writes_no_markup() -> None:
    script = (STATIC / "playground.js").read_text(encoding="utf-8")
    assert len(script.splitlines()) < 450
    sinks = r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\b|new Function|setAttribute\(\"on|import\("
    assert re.findall(sinks, script) == []
    assert re.findall(r"setTimeout\(\s*[\"'`]", script) == []
    assert "localStorage" not in script and "sessionStorage" not in script and "cookie" not in script
