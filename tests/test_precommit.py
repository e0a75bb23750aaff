"""The pre-commit hook, run by the real pre-commit against a repository that uses this one as its hook source.

pre-commit clones the hook repository at a commit, so the test commits a copy of the files a hook install
needs (uncommitted work included) to a scratch repository, and each user repository's
``.pre-commit-config.yaml`` names it at that commit, as a user's names ours. pre-commit builds the hook's
environment from it once, in one pre-commit home shared by the tests, as on a developer's machine.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT, VALID_XML

#: What installing the hook from this repository needs.
HOOK_SOURCE = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "mmsvalidate", "schemas")
Completed = subprocess.CompletedProcess[str]
GIT = ("git", "-c", "user.name=mmsvalidate tests", "-c", "user.email=tests@invalid", "-c", "commit.gpgsign=false")


def test_manifest_is_valid_for_pre_commit_and_names_a_real_command() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    (hook,) = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "mmsvalidate" and hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["mmsvalidate", "check"]


def test_readme_yaml_snippets_parse_and_the_hook_config_is_valid(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    clientlib = pytest.importorskip("pre_commit.clientlib")
    from tests.docs import fenced

    blocks = [block for _, block in fenced("yaml")]
    assert len(blocks) >= 3
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)
    config = next(block for block in blocks if block.startswith("repos:"))
    (tmp_path / ".pre-commit-config.yaml").write_text(config)
    (hook,) = clientlib.load_config(str(tmp_path / ".pre-commit-config.yaml"))["repos"][0]["hooks"]
    assert hook["id"] == "mmsvalidate"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of what the hook installs from."""
    if importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have pre-commit (the test extra) and git")
        pytest.skip("pre-commit or git is not installed")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_SOURCE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    _git("commit", "--quiet", "--message", "hook source", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def user_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's repository with request files staged."""
    repo = tmp_path_factory.mktemp("user-repo")
    (repo / "requests").mkdir()
    (repo / "requests" / "good.xml").write_text(VALID_XML)
    shutil.copy(CORPUS / "spec" / "example-get.txt", repo / "requests" / "spec.txt")
    shutil.copy(CORPUS / "E226" / "fail-audio-video.xml", repo / "requests" / "bad.xml")
    shutil.copy(CORPUS / "E111" / "fail-two-digits.json", repo / "requests" / "bad.json")
    (repo / "notes.md").write_text("not a request\n")
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit home for the module: the hook's environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def run_hook(hook_repo: Path, home: Path, repo: Path, *files: str, args: tuple[str, ...] = ()) -> Completed:
    """``pre-commit run`` in ``repo``, whose config names the hook repository at its commit (with the hook's
    ``args``), on ``files`` (which may start with more options of ``run``, then ``--files``)."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True)
    hook_args = f"\n        args: [{', '.join(args)}]" if args else ""
    source = f"repos:\n  - repo: {hook_repo}\n    rev: {head.stdout.strip()}\n"
    (repo / ".pre-commit-config.yaml").write_text(f"{source}    hooks:\n      - id: mmsvalidate{hook_args}\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "run", "--color", "never"]
    rest = list(files) if "--files" in files else ["--files", *files]
    return subprocess.run([*command, *rest], cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_real_pre_commit_passes_good_requests_and_fails_bad_ones(hook_repo: Path, home: Path, user_repo: Path) -> None:
    good = run_hook(hook_repo, home, user_repo, "requests/good.xml", "requests/spec.txt", "notes.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "mmsvalidate....." in good.stdout and "Passed" in good.stdout

    bad = run_hook(hook_repo, home, user_repo, "requests/good.xml", "requests/bad.xml", "requests/bad.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "requests/bad.xml:13:13: E226 Audio and Video not allowed in same slide." in bad.stdout
    assert "requests/bad.json:" in bad.stdout and "E111 Invalid shortcode." in bad.stdout


MISTYPED = VALID_XML.replace("<ACTION>sendMMS</ACTION>", "<ACTON>sendMMS</ACTON>")


@pytest.fixture(scope="module")
def mixed_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose requests sit among other XML, JSON and text files, as most repositories' do."""
    repo = tmp_path_factory.mktemp("mixed-repo")
    (repo / "requests").mkdir()
    (repo / "requests" / "good.xml").write_text(VALID_XML)
    (repo / "requests" / "typo.xml").write_text(MISTYPED)
    (repo / "package.json").write_text(
        '{\n  "name": "shop",\n  "version": "1.0.0",\n  "scripts": {"test": "jest"}\n}\n'
    )
    (repo / "pom.xml").write_text(
        '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion><name>shop</name>'
        "<url>https://example.com</url></project>\n"
    )
    (repo / "notes.txt").write_text("to do: send the spring campaign\nfrom the marketing team\n")
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    return repo


OTHERS = ("package.json", "pom.xml", "notes.txt")


def test_real_pre_commit_passes_a_repository_with_other_xml_json_and_text(
    hook_repo: Path, home: Path, mixed_repo: Path
) -> None:
    done = run_hook(hook_repo, home, mixed_repo, "requests/good.xml", *OTHERS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mmsvalidate....." in done.stdout and "Passed" in done.stdout


def test_real_pre_commit_still_fails_a_mistyped_request_with_one_summary(
    hook_repo: Path, home: Path, mixed_repo: Path
) -> None:
    done = run_hook(hook_repo, home, mixed_repo, "requests/good.xml", "requests/typo.xml", *OTHERS)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "requests/typo.xml:1:1: E100 Invalid request." in done.stdout
    assert "requests/typo.xml:2:5: MV101 Unknown element or parameter <ACTON>." in done.stdout
    for name in OTHERS:
        assert f"mmsvalidate: {name}: skipped, not a sendMMS request (--strict checks it)" in done.stdout
        assert f"{name}:1:" not in done.stdout
    assert [line for line in done.stdout.splitlines() if line.startswith("Checked ")] == [
        "Checked 2 files: 1 error, 1 warning; 1 file failed."
    ]


def test_real_pre_commit_with_strict_checks_every_file(hook_repo: Path, home: Path, mixed_repo: Path) -> None:
    done = run_hook(hook_repo, home, mixed_repo, "requests/good.xml", *OTHERS, args=("--strict",))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "package.json:1:1: E100 Invalid request." in done.stdout
    assert "pom.xml:2:1: E100 Invalid request." in done.stdout
    assert "notes.txt:1:1: E100 Invalid request." in done.stdout
    assert "skipped" not in done.stdout


def test_every_corpus_file_is_taken_for_a_request_and_other_files_are_not() -> None:
    from mmsvalidate.cli.sniff import is_request

    requests = [p for p in CORPUS.rglob("*") if p.suffix in (".xml", ".json", ".txt")]
    assert len(requests) > 250
    assert [p for p in requests if not is_request(p.read_bytes())] == []  # even the broken and mistyped ones
    others = [
        b'{"name": "shop", "version": "1.0.0", "dependencies": {"left-pad": "1.3.0"}}',
        b'<?xml version="1.0"?>\n<project><name>shop</name><url>https://example.com</url></project>',
        b"<svg xmlns='http://www.w3.org/2000/svg'><text>to: from:</text></svg>",
        b"requests>=2.31\nclick==8.1.7\n",
        b"Remember: name the campaign, to and from\n",
        b"\xff\xfe\x00\x00binary",
        b"",
    ]
    assert [is_request(content) for content in others] == [False] * len(others)
    typos = [
        MISTYPED.encode(),
        b'{"acton": "sendMMS", "api_key": "k"}',
        b"Action=sendmms&to=1",
        b"api_key=k&to=1&frm=60856",
        b"slide_text_valeu_0=hi&name=n",
        b"<request><to>1</to></request>",
    ]
    assert [is_request(content) for content in typos] == [True] * len(typos)


def test_real_pre_commit_never_lets_the_checked_repository_turn_the_network_on(
    hook_repo: Path, home: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A repository whose own configuration asks for online checks of private addresses: its hook fetches
    nothing (the internal URL's server sees no request), says why once, and passes the good request."""
    from tests.online.server import MediaServer, Route

    server = MediaServer()
    try:
        server.routes["/admin/status.jpg"] = Route(b"internal", content_type="image/jpeg")
        repo = tmp_path_factory.mktemp("hostile-repo")
        (repo / "mmsvalidate.toml").write_text(
            'online = true\nallow-private = true\nallow-hosts = ["127.0.0.1"]\ncache-dir = "/tmp"\n'
        )
        internal = server.url("/admin/status.jpg")
        assert "http://example.com/a.jpg" in VALID_XML
        (repo / "request.xml").write_text(VALID_XML.replace("http://example.com/a.jpg", internal))
        _git("init", "--quiet", cwd=repo)
        _git("add", "--all", cwd=repo)
        done = run_hook(hook_repo, home, repo, "--verbose", "--files", "request.xml", "mmsvalidate.toml")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "mmsvalidate....." in done.stdout and "Passed" in done.stdout
        assert "online, allow-private, allow-hosts, cache-dir ignored" in done.stdout
        assert server.requests == 0
    finally:
        server.close()
