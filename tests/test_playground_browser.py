"""The playground in a real headless Chromium (Playwright for Python) against the real service on a free port.

Each form of the spec's example and of failing requests is put in the editor; the findings shown must be what
``check --format json`` says of the same text, each marked on its line; the answer what ``api_response`` gives;
the conversions what ``convert`` writes, and back. Keyboard only, end to end; axe-core finds no violation; a
request with a script in a value is shown as text and never run. A screenshot of each state is saved under a
temporary folder (its path printed at the end); ``MMSVALIDATE_UPDATE_DOCS_IMAGE=1`` rewrites the documentation's.

Skips unless the browser extra (``pip install -e '.[browser]'``) and Chromium (Debian: ``apt-get install chromium``)
are installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")
pytest.importorskip(
    "playwright.sync_api",
    reason="the playground's browser tests need Playwright: pip install -e '.[browser]' (and apt-get install chromium)",
)

#: Debian's Chromium, else one on PATH.
FOUND = ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
CHROMIUM = next((c for c in FOUND if c and Path(c).exists()), None)
if CHROMIUM is None:
    pytest.skip(
        "the playground's browser tests need Chromium: apt-get install chromium (Debian's package)",
        allow_module_level=True,
    )

import io
import json
import subprocess
import sys
from collections.abc import Iterator

from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

import mmsvalidate
from tests.serving import ROOT, Served, serve

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "tests" / "data" / "axe.min.js"
DOCS_IMAGE = ROOT / "docs" / "images" / "playground.png"
VIEWPORT = {"width": 1280, "height": 860}
#: Collected in the page before its own script runs: policy violations and every script element added.
WATCH = """
window.__seen = {violations: [], scripts: []};
document.addEventListener("securitypolicyviolation", (e) => window.__seen.violations.push(e.violatedDirective));
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.nodeName === "SCRIPT") window.__seen.scripts.push(node.src || "inline");
  }
}).observe(document, {childList: true, subtree: true});
"""
SPEC = ["corpus/spec/example.xml", "corpus/spec/example-get.txt", "corpus/spec/example.json"]
FAILING = [
    "corpus/E226/fail-audio-video.xml",
    "corpus/E226/fail-audio-video.txt",
    "corpus/E226/fail-audio-video.json",
    "corpus/MV101/fail-unknown-element.xml",
]


def mixed() -> str:
    """A failing request with an error (E226) and a warning (MV101, an element the conversion drops)."""
    text = (ROOT / "corpus/E226/fail-audio-video.xml").read_text(encoding="utf-8")
    return text.replace("    <SLIDE>", "    <COLOR>red</COLOR>\n    <SLIDE>", 1)


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mmsvalidate", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120
    )


def check_json(text: str, *options: str) -> dict[str, object]:
    """What ``check --format json`` says of ``text`` (read from standard input)."""
    done = cli("check", "--isolated", "--format", "json", *options, "-", stdin=text.encode())
    assert done.returncode in (0, 1), done.stderr
    entry: dict[str, object] = json.loads(done.stdout)["files"][0]
    return entry


def convert(text: str, target: str) -> str:
    return cli("convert", "--to", target, "-", stdin=text.encode()).stdout.decode()


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serve("--isolated", "--quiet") as found:
        yield found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("playground-screenshots")
    yield folder
    # on the terminal whatever pytest captures: where to look at each state
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nplayground screenshots: {folder} ({len(list(folder.glob('*.png')))} images)")


class Playground:
    """One page of the playground, with what it saw: dialogs, requests, and its screenshots."""

    def __init__(self, page: Page, served: Served, shots: Path) -> None:
        self.page, self.served, self.shots = page, served, shots
        self.dialogs: list[str] = []
        self.requested: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda sent: self.requested.append(sent.url))
        page.add_init_script(WATCH)
        page.goto(served.url("/"))
        page.wait_for_function("() => document.body.dataset.state === 'idle'")

    def checks(self) -> str:
        return self.page.evaluate("document.body.dataset.checks || '0'")

    def wait(self, before: str) -> None:
        """Until a check newer than ``before`` is shown."""
        self.page.wait_for_function(
            "(before) => document.body.dataset.state === 'done' && document.body.dataset.checks !== before",
            arg=before,
            timeout=30_000,
        )

    def paste(self, text: str) -> None:
        """Replace the editor's text as a paste does (one input of the whole text), and wait for the check."""
        before = self.checks()
        self.page.focus("#request")
        self.page.keyboard.press("Control+A")
        self.page.keyboard.insert_text(text)
        self.wait(before)

    def findings(self) -> list[tuple[str, ...]]:
        rows = self.page.eval_on_selector_all(
            "#findings-body tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))"
        )
        return [
            (severity.split()[-1], code.split()[0], message, detail, line, column)
            for severity, code, message, detail, line, column, _ in rows
        ]

    def marks(self) -> dict[int, str]:
        found = self.page.eval_on_selector_all(
            "#gutter .mark", "marks => marks.map(m => [Number(m.dataset.line), m.className])"
        )
        return {line: name.split()[-1] for line, name in found}

    def mark_offset(self, line: int) -> float:
        """How far the mark of ``line`` is from where the textarea draws that line (by its own style)."""
        offset: float = self.page.evaluate(
            """(line) => {
              const text = document.getElementById("request");
              const style = getComputedStyle(text);
              const box = text.getBoundingClientRect();
              const drawn = box.top + text.clientTop + parseFloat(style.paddingTop)
                + (line - 1) * parseFloat(style.lineHeight) - text.scrollTop;
              const mark = document.querySelector('#gutter .mark[data-line="' + line + '"]');
              return mark.getBoundingClientRect().top - drawn;
            }""",
            line,
        )
        return offset

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def clean(self) -> None:
        """Nothing but the page's own script ran, nothing was blocked, nothing was asked of another host."""
        seen = self.page.evaluate("window.__seen")
        assert seen["violations"] == []
        assert seen["scripts"] == [self.served.url("/playground/app.js")]
        assert self.dialogs == []
        assert all(url.startswith(self.served.base + "/") for url in self.requested), self.requested


@pytest.fixture
def playground(browser: Browser, served: Served, shots: Path) -> Iterator[Playground]:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        yield Playground(context.new_page(), served, shots)
    finally:
        context.close()


def expected_rows(entry: dict[str, object]) -> list[tuple[str, ...]]:
    findings = entry["findings"]
    assert isinstance(findings, list)
    return [
        (
            f["severity"],
            f["code"],
            f["message"],
            f["detail"] or "",
            "" if f["line"] is None else str(f["line"]),
            "" if f["column"] is None else str(f["column"]),
        )
        for f in findings
    ]


@pytest.mark.parametrize("path", SPEC + FAILING)
def test_each_form_shows_the_findings_of_check_on_their_lines_and_the_apis_answer(
    playground: Playground, path: str
) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    playground.paste(text)
    entry = check_json(text)
    assert playground.findings() == expected_rows(entry)
    findings = entry["findings"]
    assert isinstance(findings, list)
    worst: dict[int, str] = {}
    for f in findings:
        if f["line"] is not None and worst.get(f["line"]) != "error":
            worst[f["line"]] = f["severity"]
    assert playground.marks() == worst
    for line in worst:
        assert abs(playground.mark_offset(line)) < 1, line
    answered = mmsvalidate.api_response(mmsvalidate.validate(text, suppressions=False))
    assert playground.page.text_content("#response") == answered
    summary = playground.page.text_content("#summary") or ""
    assert summary.startswith("Read as ")
    if entry["first_error"] is not None:
        assert f"the API would answer {entry['first_error']}." in summary
    playground.shot(Path(path).name.replace(".", "-"))
    playground.clean()


def test_a_finding_moves_to_its_line_and_warnings_are_told_apart(playground: Playground) -> None:
    padded = mixed().replace("<REQUEST>", "<REQUEST>" + "\n" * 60, 1)  # its findings below the editor's fold
    playground.paste(padded)
    rows = playground.page.locator("#findings-body tr")
    entry = check_json(padded)
    findings = entry["findings"]
    assert isinstance(findings, list) and {f["severity"] for f in findings} == {"error", "warning"}
    for index, f in enumerate(findings):
        row = rows.nth(index)
        assert row.get_attribute("class") == f["severity"]
        assert (row.locator("td").first.text_content() or "").endswith(f["severity"])
        row.locator("td").nth(2).click()
        caret = playground.page.evaluate(
            "() => { const t = document.getElementById('request');"
            " const before = t.value.slice(0, t.selectionStart).split('\\n');"
            " return [before.length, before[before.length - 1].length + 1, document.activeElement === t]; }"
        )
        assert caret == [f["line"], f["column"], True]
        # the line is in view, and its mark beside it
        assert abs(playground.mark_offset(f["line"])) < 1
        assert playground.page.evaluate(
            "(line) => { const t = document.getElementById('request'); const m = document.querySelector("
            "'#gutter .mark[data-line=\"' + line + '\"]').getBoundingClientRect(); const b = t.getBoundingClientRect();"
            " return m.top >= b.top && m.bottom <= b.bottom; }",
            f["line"],
        )
    colours = playground.page.eval_on_selector_all(
        "#findings-body tr td:first-child", "cells => cells.map(c => getComputedStyle(c).color)"
    )
    assert len(set(colours)) == 2  # errors and warnings in two colours, besides their words and icons
    playground.shot("moved-to-a-finding")
    playground.clean()


def test_explain_is_one_click_away(playground: Playground) -> None:
    playground.paste((ROOT / "corpus/E226/fail-audio-video.json").read_text(encoding="utf-8"))
    playground.page.click("#findings-body tr button.explain")
    playground.page.wait_for_selector("#explanation:not([hidden])")
    expected = json.loads(cli("explain", "E226", "--format", "json", "--form", "json").stdout)
    assert playground.page.text_content("#explanation-heading") == f"E226: {expected['text']}"
    assert playground.page.text_content("#explanation .failing") == expected["example"]["failing"]
    assert playground.page.text_content("#explanation .fixed") == expected["example"]["fixed"]
    assert playground.page.evaluate("document.activeElement.id") == "explanation"
    playground.shot("explained")
    playground.clean()


@pytest.mark.parametrize("path", ["corpus/spec/example.xml", "corpus/E226/fail-audio-video.txt", SPEC[2]])
def test_the_other_forms_are_what_convert_writes_and_round_trip(playground: Playground, path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    playground.paste(text)
    form = check_json(text)["form"]
    others = [target for target in ("xml", "query", "json") if target != form]
    assert playground.page.is_hidden(f"#conversion-{form}")
    for target in others:
        assert playground.page.text_content(f"#as-{target}") == convert(text, target)
    for target in others:
        before = playground.checks()
        playground.page.click(f"#use-{target}")
        playground.wait(before)
        converted = convert(text, target)
        assert playground.page.input_value("#request") == converted
        assert playground.findings() == expected_rows(check_json(converted))
        # and back: the original form is what convert writes from the original
        assert playground.page.text_content(f"#as-{form}") == convert(text, str(form))
        playground.shot(f"{Path(path).name.replace('.', '-')}-as-{target}")
    playground.clean()


def test_open_drop_and_choose_the_form(playground: Playground, tmp_path: Path) -> None:
    source = ROOT / "corpus/E226/fail-audio-video.txt"
    before = playground.checks()
    playground.page.set_input_files("#file", str(source))
    playground.wait(before)
    assert playground.findings() == expected_rows(check_json(source.read_text(encoding="utf-8")))
    dropped = (ROOT / "corpus/spec/example.json").read_text(encoding="utf-8")
    before = playground.checks()
    playground.page.evaluate(
        """([name, text]) => {
          const data = new DataTransfer();
          data.items.add(new File([text], name, {type: "application/json"}));
          const target = document.getElementById("request");
          for (const type of ["dragenter", "dragover", "drop"]) {
            target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
          }
        }""",
        ["example.json", dropped],
    )
    playground.wait(before)
    assert playground.page.input_value("#request") == dropped
    assert playground.findings() == expected_rows(check_json(dropped))
    before = playground.checks()
    playground.page.select_option("#form", "query")
    playground.wait(before)
    assert playground.findings() == expected_rows(check_json(dropped, "--form", "query"))
    playground.shot("dropped-json-read-as-query")
    playground.clean()


def test_the_account_profile_is_sent_with_the_check_and_never_stored(playground: Playground) -> None:
    text = (ROOT / "corpus/spec/example.xml").read_text(encoding="utf-8")
    playground.paste(text)
    playground.page.click("#profile-details summary")
    assert playground.page.get_attribute("#max-slides", "placeholder") == "8"
    before = playground.checks()
    playground.page.fill("#max-slides", "1")
    playground.page.select_option("#require-operator-id", "true")
    playground.page.fill("#known-campaign-refs", "Other\nMore")
    playground.page.locator("#known-campaign-refs").blur()
    playground.page.wait_for_function(
        "(before) => document.body.dataset.state === 'done' && Number(document.body.dataset.checks) > Number(before)"
        " && document.querySelectorAll('#findings-body tr.error').length >= 2",
        arg=before,
    )
    options = ("--max-slides", "1", "--require-operator-id")
    expected = check_json(text, *options)
    shown = playground.findings()
    assert [row for row in shown if row[1] != "E721"] == expected_rows(expected)
    assert [row[1] for row in shown if row[1] == "E721"] == ["E721"]
    playground.shot("profile-set")
    assert playground.page.evaluate("localStorage.length + sessionStorage.length + document.cookie.length") == 0
    playground.page.reload()
    playground.page.wait_for_function("() => document.body.dataset.state === 'idle'")
    assert playground.page.input_value("#max-slides") == ""
    playground.clean()


def test_keyboard_only_end_to_end(playground: Playground) -> None:
    page = playground.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the request"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "request"
    text = (ROOT / "corpus/E226/fail-audio-video.xml").read_text(encoding="utf-8")
    before = playground.checks()
    page.keyboard.insert_text(text)
    page.keyboard.press("Control+Enter")
    playground.wait(before)

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#profile-details summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "enforce-campaign-check"
    before = playground.checks()
    page.keyboard.press("ArrowDown")  # "On"
    playground.wait(before)
    expected = expected_rows(check_json(text, "--enforce-campaign-check"))
    assert playground.findings() == expected and any(row[1] == "E718" for row in expected)
    for _ in range(40):  # on to the findings, past the rest of the profile
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#findings-body button.go')"):
            break
    code = page.evaluate("document.activeElement.closest('tr').cells[1].textContent.split(' ')[0]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "request"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('#findings-body button.go')")
    page.keyboard.press("Tab")  # the finding's other button
    assert page.evaluate("document.activeElement.matches('#findings-body button.explain')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#explanation:not([hidden])")
    first = playground.findings()[0][1]
    assert (page.text_content("#explanation-heading") or "").startswith(first + ":") and code
    page.keyboard.press("Escape")
    assert page.is_hidden("#explanation")
    assert page.evaluate("document.activeElement.matches('#findings-body button.explain')")
    tab_to("#use-json")
    before = playground.checks()
    page.keyboard.press("Enter")
    playground.wait(before)
    assert page.input_value("#request") == convert(text, "json")
    playground.shot("keyboard-only")
    playground.clean()


def test_axe_finds_no_violation(playground: Playground) -> None:
    page = playground.page
    playground.paste(mixed())
    page.click("#profile-details summary")
    page.click("#findings-body tr button.explain")
    page.wait_for_selector("#explanation:not([hidden])")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});"
        " return {violations: r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))]),"
        " passes: r.passes.map(v => v.id)}; }"
    )
    assert result["violations"] == []
    assert {"color-contrast", "label", "button-name"} <= set(result["passes"])


def test_a_script_in_a_value_is_shown_as_text_never_run(playground: Playground) -> None:
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    request = {
        "action": "sendMMS",
        "api_key": "k",
        "to": "15551234888",
        "from": "60856",
        "name": payload,
        "subject": '"><svg onload=alert(3)>',
        "slides": [{"text": payload}],
        payload: "unknown key",
    }
    text = json.dumps(request, indent=2)
    playground.paste(text)
    assert playground.findings() == expected_rows(check_json(text))
    cells = playground.page.eval_on_selector_all("#findings-body td", "cells => cells.map(c => c.textContent)")
    assert any(payload in cell for cell in cells)  # the unknown key, quoted in its finding, as text
    assert payload in (playground.page.text_content("#as-query") or "") or "%3Cscript%3E" in (
        playground.page.text_content("#as-query") or ""
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (playground.page.text_content("#as-xml") or "")
    playground.page.click("#use-xml")
    playground.page.wait_for_function("() => document.body.dataset.state === 'done'")
    playground.page.wait_for_timeout(300)
    assert playground.page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert playground.page.evaluate("document.scripts.length") == 1
    playground.shot("script-shown-as-text")
    playground.clean()


def test_the_docs_image_is_made_here(playground: Playground) -> None:
    """The documentation's image of the page: a failing request, its findings and the explanation of one."""
    playground.page.set_viewport_size({"width": 1200, "height": 760})
    playground.paste(mixed())
    playground.page.click("#findings-body tr.error button.go")
    made = Image.open(io.BytesIO(playground.page.screenshot())).convert("RGB")
    small = made.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    (playground.shots / "docs-image.png").write_bytes(buffer.getvalue())
    if os.environ.get("MMSVALIDATE_UPDATE_DOCS_IMAGE") == "1":
        DOCS_IMAGE.parent.mkdir(exist_ok=True)
        DOCS_IMAGE.write_bytes(buffer.getvalue())
    committed = Image.open(DOCS_IMAGE)
    assert committed.format == "PNG" and committed.size == made.size == (1200, 760)
    assert DOCS_IMAGE.stat().st_size < 150_000
    playground.clean()
