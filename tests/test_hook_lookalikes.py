"""The pre-commit hook passes on files that merely look like requests, and still fails a mistyped request.

README: the hook "skips files that are not requests"; docs/ci.md: it "passes on a repository's other files of
those kinds", "while a request, even a mistyped one, ... is checked and fails as it should". An IAM policy's
``Action``, a browser extension manifest's ``action`` object, a settings file's ``api_key``, a slide deck's
``slides`` and a ``<request>`` inside a SOAP envelope each made the hook take the file for a request and fail
the commit with E100; one of a request's generic names alone no longer does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mmsvalidate.cli.sniff import is_request
from tests.conftest import CORPUS, VALID_XML
from tests.test_attack_bidi import run as check  # check --isolated as a fresh process
from tests.test_precommit import _git, run_hook
from tests.test_precommit import home as home
from tests.test_precommit import hook_repo as hook_repo

LOOKALIKES = {
    "policy.json": '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"],'
    ' "Resource": "*"}]\n}\n',
    "manifest.json": '{"manifest_version": 3, "name": "Tabs", "version": "1.0", "action": {"default_popup": "p.html"}}',
    "weather.json": '{"api_key": "0123456789abcdef", "city": "Paris", "units": "metric"}',
    "deck.json": '{"title": "Quarterly review", "slides": [{"title": "Intro"}, {"title": "Numbers"}]}',
    "links.json": '{"home": "https://example.com/?api_key=k&to=1", "help": "https://example.com/help"}',
    "soap.xml": '<?xml version="1.0"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    "<soap:Body><request><id>5</id></request></soap:Body></soap:Envelope>\n",
    "strings.xml": '<resources><string name="url">https://example.com/v1?api_key=k&amp;to=1</string></resources>\n',
    "config.txt": "# local settings\nAPI_KEY=abc123\nDEBUG=true\n",
    "route.txt": "https://maps.example.com/route?from=Paris&to=Lyon\n",
    "notes.txt": "To do: call sendMMS after saveMMS (see the sendMMS docs).\n",
    "CHANGES.xml": "<changes><item>Retry sendMMS on a timeout</item></changes>\n",
    "openapi.json": '{"openapi": "3.1.0", "paths": {"/index.php": {"post": {"operationId": "sendMMS"}}}}',
    "schema.json": '{"properties": {"action": {"enum": ["sendMMS"]}, "to": {"type": "string"}}}',
    "help.json": '{"send": "Call sendMMS after saveMMS", "retry": "Try again"}',
    "audit.json": '{"user": "bob", "event": "login"}\n{"action": "transfer", "from": "a", "to": "b"}\n',
    "en.json": '{"to": "To", "from": "From", "subject": "Subject", "name": "Your name"}',
    "tsconfig.json": '{\n  // "api_key": "x", "to": "y"\n  "compilerOptions": {"target": "es5", "strict": true,},\n}',
}
TYPOS = {
    "typo-root.xml": VALID_XML.replace("sendMMS", "sendMSS").replace("REQUEST>", "REQEST>"),
    "typo-nested.xml": '<?xml version="1.0"?>\n<!DOCTYPE REQUEST [<!ENTITY a "b">]>\n<request><to>1</to></request>',
    "typo.json": '{"acton": "sendMSS", "api_key": "k", "to": "14158586273", "from": "60856"}',
    "typo-cut.json": '{"action": "saveMMS", "slides": [{"text": "hi"',
    "typo-list.json": '[{"action": "sendMSS", "to": "14158586273"}]',
    "typo-word.json": '{"acton": "sendMMS"}',
    "typo-url.json": '{"url": "https://api.example.com/API/sendMMS", "to": "14158586273"}',
    "typo-lines.xml": "<REQEST>\n  <ACTON>\n    sendMMS\n  </ACTON>\n</REQEST>\n",
    "typo.txt": "api_key=k&to=1&frm=60856",
    "typo-slide.txt": "apikey=k&slide_text_valeu_0=hi",
}


def test_one_generic_name_is_no_request_and_a_mistyped_request_still_is() -> None:
    assert {name: is_request(text.encode()) for name, text in LOOKALIKES.items()} == dict.fromkeys(LOOKALIKES, False)
    assert {name: is_request(text.encode()) for name, text in TYPOS.items()} == dict.fromkeys(TYPOS, True)


@pytest.mark.parametrize(
    "content",
    [b'{"a' + b'"a\\' * 200_000, b"{" + b"/*" * 200_000, b"[" * 300_000, b"<?" * 200_000, b"<!DOCTYPE [" * 50_000],
    ids=["open-strings", "open-comments", "brackets", "open-instructions", "open-doctypes"],
)
def test_telling_takes_one_pass_over_a_hostile_file(content: bytes) -> None:
    import time

    started = time.process_time()
    assert is_request(content) is False
    assert time.process_time() - started < 5  # quadratic, it took minutes


def test_the_hook_command_skips_the_lookalikes_and_fails_the_typos(tmp_path: Path) -> None:
    for name, text in {**LOOKALIKES, **TYPOS}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    others = check("--skip-non-requests", *LOOKALIKES, cwd=tmp_path)
    assert (others.returncode, others.stdout) == (0, "Checked 0 files: 0 errors, 0 warnings; 0 files failed.\n")
    assert others.stderr.splitlines() == [
        f"mmsvalidate: {name}: skipped, not a sendMMS request (--strict checks it)" for name in LOOKALIKES
    ]
    typos = check("--skip-non-requests", "--quiet", *TYPOS, cwd=tmp_path)
    assert typos.returncode == 1
    assert "skipped" not in typos.stderr
    assert sorted({line.split(":")[0] for line in typos.stdout.splitlines()}) == sorted(TYPOS)


def test_real_pre_commit_passes_a_repository_of_lookalikes_beside_a_good_request(
    hook_repo: Path,
    home: Path,
    tmp_path: Path,
) -> None:
    for name, text in LOOKALIKES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "good.xml").write_text((CORPUS / "spec" / "example.xml").read_text(encoding="utf-8"))
    _git("init", "--quiet", cwd=tmp_path)
    _git("add", "--all", cwd=tmp_path)
    done = run_hook(hook_repo, home, tmp_path, *LOOKALIKES, "good.xml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mmsvalidate....." in done.stdout and "Passed" in done.stdout
