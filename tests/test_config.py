"""Configuration files: found by walking up, validated key by key, overridden by the command line."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main
from mmsvalidate.codes import CODES
from mmsvalidate.profile import Profile
from mmsvalidate.settings.config import KEYS, PROFILE_KEYS, ConfigError, Overrides, load
from mmsvalidate.settings.resolve import Resolver
from mmsvalidate.settings.selection import Layer, check_selector, enabled
from tests.conftest import VALID_QUERY, VALID_XML

#: VALID_XML with a 5-second slide and no CAMPAIGNREF; with audio+video it is E226.
AUDIO_VIDEO = VALID_XML.replace(
    "<IMAGE><URL>http://example.com/a.jpg</URL></IMAGE>",
    "<AUDIO><URL>http://example.com/a.mp3</URL></AUDIO><VIDEO><URL>http://example.com/v.mp4</URL></VIDEO>",
)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project: requests/ with a clean and a failing request, the working folder at its root."""
    (tmp_path / "requests" / "legacy").mkdir(parents=True)
    (tmp_path / "requests" / "good.xml").write_text(VALID_XML)
    (tmp_path / "requests" / "legacy" / "av.xml").write_text(AUDIO_VIDEO)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def codes_of(out: str) -> list[str]:
    return sorted(f["code"] for file in json.loads(out)["files"] for f in file["findings"])


def test_every_profile_field_is_a_kebab_case_key() -> None:
    fields = {f.name for f in attrs.fields(Profile)} - {"clock"}
    assert {field for field, _ in PROFILE_KEYS.values()} == fields
    assert {"max-slides", "enforce-campaign-check", "known-campaign-refs", "blocked-numbers"} <= set(KEYS)


def test_pyproject_table_is_found_walking_up(tree: Path) -> None:
    (tree / "pyproject.toml").write_text("[tool.mmsvalidate]\nenforce-campaign-check = true\nmax-duration = 4\n")
    code, out, _ = run("--format", "json", "requests/good.xml")
    assert code == 1 and codes_of(out) == ["E230", "E718"]


def test_a_pyproject_without_the_table_is_passed_over(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text("require-operator-id = true\n")
    (tree / "requests" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert codes_of(run("--format", "json", "requests/good.xml")[1]) == ["E650"]


def test_a_pyproject_that_never_names_the_table_is_passed_over_unread(tree: Path) -> None:
    """Not parsed, so not even broken TOML stops the run; any spelling of the table is still found."""
    (tree / "mmsvalidate.toml").write_text("require-operator-id = true\n")
    (tree / "requests" / "pyproject.toml").write_text('[project\nname = "x"\n')
    code, out, _ = run("--format", "json", "requests/good.xml")
    assert code == 1 and codes_of(out) == ["E650"]
    for spelt in (
        '[tool."mms\\u0076alidate"]\nenforce-campaign-check = true\n',
        "[tool]\nmmsvalidate.enforce-campaign-check = true\n",
        "tool = { mmsvalidate = { enforce-campaign-check = true } }\n",
    ):
        (tree / "requests" / "pyproject.toml").write_text(spelt)
        assert codes_of(run("--format", "json", "requests/good.xml")[1]) == ["E718"], spelt
    (tree / "requests" / "pyproject.toml").write_text("# mmsvalidate\n[project\n")
    code, out, err = run("requests/good.xml")
    assert (code, out) == (2, "") and "not valid TOML" in err and "pyproject.toml" in err


def test_nearest_file_wins_and_mmsvalidate_toml_before_pyproject(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text("require-operator-id = true\n")
    (tree / "pyproject.toml").write_text("[tool.mmsvalidate]\nenforce-campaign-check = true\n")
    (tree / "requests" / "legacy" / "mmsvalidate.toml").write_text('ignore = ["E2"]\n')
    _, out, _ = run("--format", "json", "requests")
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(out)["files"]}
    assert files == {"good.xml": ["E650"], "av.xml": []}


def test_command_line_overrides_the_file(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text("enforce-campaign-check = true\nmax-duration = 4\nblocked-numbers = [1]\n")
    good = "requests/good.xml"
    assert codes_of(run("--format", "json", good)[1]) == ["E230", "E718"]
    assert codes_of(run("--format", "json", "--no-enforce-campaign-check", "--max-duration", "60", good)[1]) == []
    assert codes_of(run("--format", "json", "--isolated", "--blocked-number", "14158586273", good)[1]) == ["E114"]


def test_known_campaign_refs_and_blocked_numbers(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text('known-campaign-refs = ["Spring"]\nblocked-numbers = [14158586273]\n')
    request = tree / "requests" / "ref.xml"
    request.write_text(VALID_XML.replace("<NAME>", "<CAMPAIGNREF>Autumn</CAMPAIGNREF><NAME>"))
    assert codes_of(run("--format", "json", str(request))[1]) == ["E114", "E721"]


def test_select_ignore_extend_select_and_per_file_ignores(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text(
        'select = ["E"]\nignore = ["E2"]\nextend-select = ["E226"]\n'
        '[per-file-ignores]\n"legacy" = ["E226"]\n"*.txt" = ["MV"]\n'
    )
    assert codes_of(run("--format", "json", "requests")[1]) == []
    assert codes_of(run("--format", "json", "--isolated", "requests")[1]) == ["E226"]
    (tree / "requests" / "q.txt").write_text(VALID_QUERY + "&subject=x&slide_duration_0=0")
    # Layers: the command line's --select starts afresh; the file's MV per-file ignore still holds.
    assert codes_of(run("--format", "json", "--select", "E230,MV102", "requests")[1]) == ["E230"]


def test_per_file_ignores_leave_standard_input_without_a_name_its_codes(tree: Path) -> None:
    # docs/configuration.md: per-file-ignores name paths; a request read from - without --stdin-filename has none,
    # so it is checked with the configuration's codes (the one above the working folder) and nothing of them ignored
    (tree / "mmsvalidate.toml").write_text('[per-file-ignores]\n"*" = ["E226"]\n')
    assert codes_of(run("--format", "json", "-", input=AUDIO_VIDEO.encode())[1]) == ["E226"]
    assert codes_of(run("--format", "json", "requests/legacy/av.xml")[1]) == []  # a file the pattern covers


def test_selection_layers() -> None:
    every = set(CODES)
    assert enabled([Layer(select=("E2",), ignore=("E22",))]) == {
        c for c in every if c.startswith("E2") and not c.startswith("E22")
    }
    assert "E226" in enabled([Layer(ignore=("E2",), extend_select=("E226",))])
    assert "E226" not in enabled([Layer(ignore=("E226",), extend_select=("E2",))])
    # docs/configuration.md: of two selectors as long in one place, ignore's wins
    assert enabled([Layer(select=("E2",), ignore=("E2",))]) == set()
    assert "E226" not in enabled([Layer(extend_select=("E226",), ignore=("E226",))])
    assert enabled([Layer(select=("E226",)), Layer(ignore=("E226",))]) == set()
    assert enabled([Layer(ignore=("E226",)), Layer(select=("E226",))]) == {"E226"}
    assert enabled([Layer(select=("ALL",), ignore=("MV",))]) == {c for c in every if c.startswith("E")}
    # a layer that selects and ignores nothing keeps what the layers before it left
    assert enabled([Layer(), Layer()]) == every
    assert enabled([Layer(select=("E2",)), Layer(), Layer(ignore=("E22",)), Layer()]) == {
        c for c in every if c.startswith("E2") and not c.startswith("E22")
    }
    assert enabled([Layer(select=()), Layer()]) == set()
    # ALL is the shortest selector (it matches every code with no prefix): any prefix, even one letter, is longer
    assert enabled([Layer(select=("E",), ignore=("ALL",))]) == {c for c in every if c.startswith("E")}
    assert enabled([Layer(ignore=("ALL",), extend_select=("M",))]) == {c for c in every if c.startswith("MV")}
    with pytest.raises(ValueError, match="unknown code or prefix 'X1'"):
        check_selector("X1")
    # docs/configuration.md: a selector in another case is refused with the selector meant
    with pytest.raises(ValueError) as caught:
        check_selector("e226")
    assert str(caught.value) == "unknown code or prefix 'e226'; codes are upper case: 'E226'"
    with pytest.raises(ValueError) as caught:
        check_selector("Mv1")
    assert str(caught.value) == "unknown code or prefix 'Mv1'; codes are upper case: 'MV1'"


def test_the_command_line_wins_over_the_file_for_the_codes_its_selectors_match(tree: Path) -> None:
    # docs/configuration.md: the longest selector wins within one place; between places the command line comes later
    (tree / "mmsvalidate.toml").write_text('ignore = ["E226"]\n')
    av = "requests/legacy/av.xml"
    assert codes_of(run("--format", "json", av)[1]) == []
    assert codes_of(run("--format", "json", "--extend-select", "E2", av)[1]) == ["E226"]
    assert codes_of(run("--format", "json", "--ignore", "E2", av)[1]) == []


def test_default_include_takes_request_endings_in_any_case(tree: Path) -> None:
    (tree / "requests" / "LOUD.XML").write_text(AUDIO_VIDEO)
    (tree / "requests" / "readme.md").write_text(AUDIO_VIDEO)
    (tree / "requests" / ".hidden.xml").write_text(AUDIO_VIDEO)
    _, out, _ = run("--format", "json", "requests")
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == ["LOUD.XML", "av.xml", "good.xml"]


def test_include_exclude_and_force_exclude(tree: Path) -> None:
    (tree / "requests" / "note.req").write_text(AUDIO_VIDEO)
    (tree / "mmsvalidate.toml").write_text('include = ["*.xml", "*.req"]\nexclude = ["legacy"]\n')
    _, out, _ = run("--format", "json", "requests")
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == ["good.xml", "note.req"]
    named = "requests/legacy/av.xml"
    assert run(named)[0] == 1  # a file named on the command line is checked...
    code, out, _ = run("--force-exclude", "--format", "json", named)  # ...unless exclusions are forced
    assert code == 0 and json.loads(out)["files"] == []
    _, out, _ = run("--format", "json", "--extend-exclude", "*.req", "requests")
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["good.xml"]
    _, out, _ = run("--format", "json", "--exclude", "good.xml", "requests")
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == ["av.xml", "note.req"]


def test_stdin_filename_finds_the_configuration_and_names_the_output(tree: Path) -> None:
    (tree / "requests" / "legacy" / "mmsvalidate.toml").write_text('ignore = ["E226"]\n')
    code, out, _ = run("-", input=AUDIO_VIDEO.encode())
    assert code == 1 and out.startswith("-:")
    code, out, _ = run("--stdin-filename", "requests/legacy/new.xml", "-", input=AUDIO_VIDEO.encode())
    assert code == 0 and "Checked 1 file" in out


def test_explicit_config_file(tree: Path) -> None:
    elsewhere = tree / "ci.toml"
    elsewhere.write_text("require-operator-id = true\n")
    (tree / "mmsvalidate.toml").write_text("enforce-campaign-check = true\n")
    assert codes_of(run("--format", "json", "--config", str(elsewhere), "requests/good.xml")[1]) == ["E650"]
    assert run("--config", str(elsewhere), "--isolated", "requests/good.xml")[0] == 2


def test_a_config_path_naming_a_nul_byte_cannot_be_read() -> None:
    # docs/configuration.md: a file that cannot be read says so (`cannot be read: ...`), not that it is bad TOML
    with pytest.raises(ConfigError) as caught:
        load(Path("ci\0.toml"))
    assert str(caught.value).endswith("cannot be read: embedded null byte")


@pytest.mark.parametrize(
    ("content", "key", "message"),
    [
        ("max_slides = 4\n", "max_slides", "unknown key; did you mean 'max-slides'?"),
        ("max-slide = 4\n", "max-slide", "did you mean 'max-slides'?"),
        ('max-slides = "eight"\n', "max-slides", "expected a whole number from 1 to 10,000, got 'eight'"),
        ("min-duration = -1\n", "min-duration", "from 0 to 86,400"),
        ("enforce-campaign-check = 1\n", "enforce-campaign-check", "expected true or false"),
        ('blocked-numbers = ["+1 415"]\n', "blocked-numbers", "item 1: expected a number in international format"),
        ('select = ["E999"]\n', "select", "unknown code or prefix 'E999'"),
        # docs/configuration.md: keys are lower case; codes and prefixes upper case, the one meant is named
        ("MAX_SLIDES = 4\n", "MAX_SLIDES", "=====> unknown key; did you mean 'max-slides'?\n"),
        ('ignore = ["mv1"]\n', "ignore", "=====> item 1: unknown code or prefix 'mv1'; codes are upper case: 'MV1'\n"),
        ('per-file-ignores = { "a/*" = "E226" }\n', "per-file-ignores", "'a/*': expected a list"),
        ('form = "yaml"\n', "form", "expected one of auto, xml, query, json"),
        ("min-duration = 9\nmax-duration = 5\n", "min-duration", "9 is more than max-duration (5)"),
    ],
)
def test_bad_configuration_names_file_and_key(tree: Path, content: str, key: str, message: str) -> None:
    (tree / "pyproject.toml").write_text("[tool.mmsvalidate]\n" + content)
    code, out, err = run("requests/good.xml")
    assert code == 2 and out == ""
    assert f"bad configuration in {tree / 'pyproject.toml'}" in err
    assert f"==> At key: tool.mmsvalidate.{key}" in err
    assert message in err


def test_bad_toml_and_bare_file_keys(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text("max-slides = [\n")
    code, _, err = run("requests/good.xml")
    assert code == 2 and "not valid TOML" in err and "mmsvalidate.toml" in err
    (tree / "mmsvalidate.toml").write_text("colour = true\n")
    code, _, err = run("requests/good.xml")
    assert code == 2 and "==> At key: colour\n" in err


def test_resolver_loads_each_file_once(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text("max-slides = 3\n")
    resolver = Resolver(Overrides(profile={"max_subject": 9}))
    first = resolver.for_file(tree / "requests" / "good.xml")
    assert resolver.for_file(tree / "requests" / "legacy" / "av.xml") is first
    assert (first.profile.max_slides, first.profile.max_subject) == (3, 9)
    assert load(tree / "mmsvalidate.toml").values == {"max-slides": 3}
    with pytest.raises(ConfigError) as caught:
        Resolver(Overrides(profile={"min_duration": 70})).for_folder(tree)
    assert "the command line" in str(caught.value)


def test_readme_documents_every_key() -> None:

    from tests.docs import page

    section = page("docs/reference/configuration.md")
    for key in KEYS:
        assert f"| `{key}` |" in section, key


def test_readme_example_is_a_valid_configuration() -> None:
    import re
    import tomllib

    from mmsvalidate.settings.config import parse
    from tests.docs import page

    example = re.search(r"```toml\n(.*?)```", page("docs/configuration.md"), re.S)
    assert example is not None
    table = tomllib.loads(example[1])["tool"]["mmsvalidate"]
    values = parse(table, "docs/configuration.md", "tool.mmsvalidate.")
    assert values["known-campaign-refs"] == ("Spring2027", "Membership")
    assert dict(values["per-file-ignores"]) == {"legacy": ("MV101",), "*.txt": ("MV103",)}  # type: ignore[call-overload]


def test_a_nested_configuration_extends_its_parent(tree: Path) -> None:
    """``extend``: the parent's keys apply unless the nested file sets them; its selection adjusts the parent's;
    each file's patterns start from its own folder. Without ``extend`` the nearest file alone applies."""
    (tree / "mmsvalidate.toml").write_text(
        'max-duration = 4\nselect = ["E2"]\nexclude = ["requests/legacy/skip.xml"]\n'
        'per-file-ignores = { "requests/legacy/*" = ["E226"] }\n'
    )
    legacy = tree / "requests" / "legacy"
    (legacy / "skip.xml").write_text(AUDIO_VIDEO)
    (legacy / "mmsvalidate.toml").write_text('extend = "../../mmsvalidate.toml"\nextend-select = ["E718"]\n')
    (legacy / "also.xml").write_text(AUDIO_VIDEO.replace("<CAMPAIGNREF>", "<X>").replace("</CAMPAIGNREF>", "</X>"))
    code, out, err = run("--format", "json", "--enforce-campaign-check", "requests/legacy")
    files = {Path(f["path"]).name: sorted(x["code"] for x in f["findings"]) for f in json.loads(out)["files"]}
    # E230 (max-duration 4 from the parent, a 5-second slide), E718 (the child's extend-select), no E226
    # (the parent's per-file-ignores, relative to the parent's folder), skip.xml excluded by the parent's pattern
    assert (code, err, files) == (1, "", {"also.xml": ["E230", "E718"], "av.xml": ["E230", "E718"]})
    (legacy / "mmsvalidate.toml").write_text('extend-select = ["E718"]\n')  # no extend: the parent is not read
    code, out, _ = run("--format", "json", "--enforce-campaign-check", "requests/legacy/av.xml")
    assert sorted(f["code"] for f in json.loads(out)["files"][0]["findings"]) == ["E226", "E718"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('extend = "mmsvalidate.toml"\n', "'mmsvalidate.toml' extends this file again (a loop)"),
        ('extend = "../nowhere.toml"\n', "'../nowhere.toml': no such file"),
        ("extend = 3\n", "expected a non-empty string, got 3"),
        # a user whose home can't be found: the name is read as it is written (it was a traceback)
        ('extend = "~no-such-user-here/base.toml"\n', "'~no-such-user-here/base.toml': no such file"),
    ],
)
def test_a_bad_extend_is_a_configuration_error(tree: Path, content: str, message: str) -> None:
    (tree / "requests" / "mmsvalidate.toml").write_text(content)
    code, _, err = run("requests/good.xml")
    assert (code, err) == (
        2,
        f"mmsvalidate: bad configuration in {tree / 'requests' / 'mmsvalidate.toml'}\n==> At key: extend\n"
        f"=====> {message}\n",
    )


def test_extend_starting_with_a_tilde_names_a_file_in_the_home_folder(
    tree: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    (home / "shared.toml").write_text('ignore = ["E2"]\n')
    monkeypatch.setenv("HOME", str(home))
    # ~ at the start of the name (spelt loosely): the home folder
    (tree / "requests" / "mmsvalidate.toml").write_text('extend = "./~//shared.toml"\n')
    code, out, err = run("--show-settings", "requests/good.xml")
    select = next(line for line in out.splitlines() if line.startswith("select = "))
    assert (code, err) == (0, "")
    assert '"E100"' in select and '"E2' not in select


def test_extends_that_loop_through_another_file_are_refused(tree: Path) -> None:
    (tree / "mmsvalidate.toml").write_text('extend = "requests/mmsvalidate.toml"\n')
    (tree / "requests" / "mmsvalidate.toml").write_text('extend = "../mmsvalidate.toml"\n')
    code, _, err = run("requests/good.xml")
    # the file whose extend closes the loop is named: the top one, which extends the nested one again
    assert (code, err) == (
        2,
        f"mmsvalidate: bad configuration in {tree / 'mmsvalidate.toml'}\n==> At key: extend\n"
        "=====> 'requests/mmsvalidate.toml' extends this file again (a loop)\n",
    )


def test_an_extended_file_turns_no_network_on_either(tree: Path) -> None:
    (tree / "base.toml").write_text("online = true\nallow-private = true\n")
    (tree / "requests" / "mmsvalidate.toml").write_text('extend = "../base.toml"\n')
    code, _, err = run("requests/good.xml")
    assert code == 0 and "online, allow-private ignored" in err


def test_a_loop_of_three_extends_is_refused(tree: Path) -> None:
    # docs/configuration.md: a loop of extends is a configuration error, however many files it goes through
    (tree / "requests" / "mmsvalidate.toml").write_text('extend = "../a.toml"\n')
    (tree / "a.toml").write_text('extend = "b.toml"\n')
    (tree / "b.toml").write_text('extend = "requests/mmsvalidate.toml"\n')
    code, _, err = run("requests/good.xml")
    assert code == 2 and err.endswith("=====> 'requests/mmsvalidate.toml' extends this file again (a loop)\n"), err


@pytest.mark.parametrize("files", [16, 17])
def test_a_chain_of_at_most_16_files(tree: Path, files: int) -> None:
    # docs/configuration.md: more than 16 files in a chain is a configuration error
    (tree / "requests" / "mmsvalidate.toml").write_text('extend = "../c1.toml"\n')
    for n in range(1, files - 1):
        (tree / f"c{n}.toml").write_text(f'extend = "c{n + 1}.toml"\n')
    (tree / f"c{files - 1}.toml").write_text("")
    code, _, err = run("requests/good.xml")
    if files == 16:
        assert (code, err) == (0, "")
    else:
        assert code == 2 and err.endswith("=====> more than 16 files extend one another\n"), err


def test_a_selector_in_lower_case_on_the_command_line_names_the_code_meant(tree: Path) -> None:
    # docs/configuration.md: `--select e226` is refused with the selector meant
    code, out, err = run("--select", "e226", "requests/good.xml")
    assert (code, out) == (2, "")
    assert err.endswith(
        "Error: Invalid value for --select: unknown code or prefix 'e226'; codes are upper case: 'E226'\n"
    )


@pytest.mark.parametrize(("duration", "codes"), [(5, []), (6, ["E230"]), (4, ["E230"])])
def test_min_duration_equal_to_max_duration_allows_that_one_duration(
    tree: Path, duration: int, codes: list[str]
) -> None:
    # docs/reference/configuration.md: min-duration is at most max-duration (equal is allowed); good.xml's slide is 5 s
    (tree / "mmsvalidate.toml").write_text(f"min-duration = {duration}\nmax-duration = {duration}\n")
    code, out, err = run("--format", "json", "requests/good.xml")
    assert (code, codes_of(out), err) == (1 if codes else 0, codes, "")


@pytest.mark.parametrize("pattern", ["legacy/", " legacy ", "./requests/legacy/", "requests/legacy/"])
def test_blanks_a_leading_dot_slash_and_a_trailing_slash_are_left_out_of_a_pattern(tree: Path, pattern: str) -> None:
    # docs/configuration.md: `./fixtures/old/` is `fixtures/old`, and `legacy/` is `legacy`
    (tree / "mmsvalidate.toml").write_text(f"exclude = [{pattern!r}]\n")
    code, out, _ = run("--format", "json", "requests")
    assert (code, [Path(f["path"]).name for f in json.loads(out)["files"]]) == (0, ["good.xml"])
    (tree / "mmsvalidate.toml").write_text(f'[per-file-ignores]\n{pattern!r} = ["E226"]\n')
    code, out, _ = run("--format", "json", "requests")
    assert (code, codes_of(out)) == (0, [])


def test_a_nested_file_keeps_the_selection_of_the_files_it_extends(tree: Path) -> None:
    # docs/configuration.md: the extended file's keys apply unless the nested file sets them, and the nested file's
    # ignore adjusts the extended file's selection (av.xml raises E226, and E718 with --enforce-campaign-check)
    (tree / "top.toml").write_text('ignore = ["E226"]\n')
    legacy = tree / "requests" / "legacy"
    (legacy / "mmsvalidate.toml").write_text('extend = "../../top.toml"\n')
    code, out, _ = run("--format", "json", "--enforce-campaign-check", "requests/legacy/av.xml")
    assert (code, codes_of(out)) == (1, ["E718"])
    (tree / "middle.toml").write_text('extend = "top.toml"\nignore = ["E718"]\n')
    (legacy / "mmsvalidate.toml").write_text('extend = "../../middle.toml"\n')
    code, out, _ = run("--format", "json", "--enforce-campaign-check", "requests/legacy/av.xml")
    assert (code, codes_of(out)) == (0, [])


def test_ignoring_every_code_a_file_raises_leaves_no_finding(tree: Path) -> None:
    code, out, _ = run("--format", "json", "requests/legacy/av.xml")
    assert (code, codes_of(out)) == (1, ["E226"])
    code, out, _ = run("--format", "json", "--ignore", "E226", "requests/legacy/av.xml")
    assert (code, codes_of(out)) == (0, [])


def test_allow_hosts_are_host_names_without_the_blanks_around_them(tree: Path) -> None:
    """docs/configuration.md: `allow-hosts` is a list of host names; blanks around a name are not part of it (as
    for CSV header names), and the settings shown are the ones the run uses (a set of names: in order)."""
    ci = tree / "ci.toml"
    ci.write_text('online = true\nallow-hosts = [" media.example.com ", "\\tcdn.example.org"]\n')
    code, out, err = run("--config", str(ci), "--show-settings", "requests/good.xml")
    assert (code, err) == (0, "")
    assert 'allow-hosts = ["cdn.example.org", "media.example.com"]' in out.splitlines()


def test_durations_crossed_by_the_command_line_are_the_command_lines_error(tree: Path) -> None:
    """A min-duration over max-duration is said where it comes from: the command line when it gives either bound
    (here only --max-duration, below the file's min-duration), else the file."""
    (tree / "mmsvalidate.toml").write_text("min-duration = 30\n")
    with pytest.raises(ConfigError) as caught:
        Resolver(Overrides(profile={"max_duration": 20})).for_folder(tree)
    assert str(caught.value).startswith("bad configuration in the command line")
    (tree / "mmsvalidate.toml").write_text("min-duration = 30\nmax-duration = 25\n")
    with pytest.raises(ConfigError) as caught:
        Resolver(Overrides(profile={"max_subject": 9})).for_folder(tree)
    assert str(caught.value).startswith(f"bad configuration in {tree / 'mmsvalidate.toml'}")
