"""Hostile configuration and arguments: every profile field bounded wherever it is set, and the API's contract."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import mmsvalidate
from mmsvalidate import Profile
from mmsvalidate.cli import main
from mmsvalidate.profile import BOUNDS, FixedClock
from tests.conftest import VALID_QUERY, VALID_XML

FAILING = "corpus/E226/fail-audio-video.xml"


def run(*args: str) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr, result.exception


# 8. Configuration: every profile field has bounds, checked where the profile is built ----------


@pytest.mark.parametrize("field", sorted(BOUNDS))
def test_every_numeric_profile_field_is_bounded_in_python(field: str) -> None:
    low, high = BOUNDS[field]
    Profile(**{field: low, **({"max_duration": max(low, 1)} if field == "min_duration" else {})})
    for wrong in (low - 1, high + 1, 9_223_372_036_854_775_807):
        with pytest.raises(ValueError, match=f"Profile.{field} is"):
            Profile(**{field: wrong})
    for wrong_type in ("8", 8.0, True):
        with pytest.raises(TypeError, match=f"Profile.{field} is a whole number"):
            Profile(**{field: wrong_type})


def test_switches_lists_and_the_clock_are_checked_in_python() -> None:
    with pytest.raises(TypeError):
        Profile(enforce_campaign_check=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Profile(blocked_numbers=b"14155550100")
    with pytest.raises(TypeError):
        Profile(clock=5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="more than max_duration"):
        Profile(min_duration=10, max_duration=5)
    assert Profile(blocked_numbers=[14155550100]).blocked_numbers == frozenset({"14155550100"})


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("max-request-bytes = 9223372036854775807\n", "expected a whole number from 1 to 268,435,456"),
        # the parser's own reason is said, not only its kind
        ("max-slides = " + "9" * 5_000 + "\n", "not valid TOML: Exceeds the limit (4300 digits) for integer string"),
        ("x = " + "[" * 2_000 + "]" * 2_000 + "\n", "not valid TOML: maximum recursion depth exceeded\n"),
        ("max-depth = 0\n", "expected a whole number from 1 to 100, got 0"),
        ('known-campaign-refs = ["' + "x" * 100_000 + '"]\n', "at most 1,000 characters"),
        # an online key's wrong value is quoted cut short (80 characters), as every other key's
        ('allow-hosts = "' + "A" * 100_000 + '"\n', "expected a list of host names, like"),
        ('media-preset = "' + "p" * 100_000 + '"\n', "unknown media preset 'ppp"),
        ("online-timeout = " + "9" * 4_000 + "\n", "expected seconds, more than 0 and at most 600, got 999"),
    ],
    ids=[
        "huge max-request-bytes",
        "integer over 4,300 digits",
        "arrays 2,000 deep",
        "zero depth",
        "huge entry",
        "huge allow-hosts",
        "huge media-preset",
        "huge online-timeout",
    ],
)
def test_a_hostile_configuration_is_a_clear_exit_2(tmp_path: Path, content: str, said: str) -> None:
    config = tmp_path / "mmsvalidate.toml"
    config.write_text(content)
    code, out, err, exception = run("check", "--config", str(config), FAILING)
    assert (code, out) == (2, "")
    assert err.startswith(f"mmsvalidate: bad configuration in {config}\n") and said in err
    assert isinstance(exception, SystemExit)
    assert len(err) < 1_000


def test_a_configuration_that_is_no_regular_file_or_too_big_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "mmsvalidate.toml"
    os.mkfifo(pipe)
    code, _, err, _ = run("check", "--config", str(pipe), FAILING)
    assert code == 2 and "not a regular file" in err
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (4 * 2**20) + "\n")
    code, _, err, _ = run("check", "--config", str(big), FAILING)
    assert code == 2 and "over 4,194,304 bytes" in err
    # a file of exactly 4,194,304 bytes is not over them: it is read, and its setting holds
    setting = 'ignore = ["E226"]\n# '
    exact = tmp_path / "exact.toml"
    exact.write_text(setting + "x" * (4 * 2**20 - len(setting) - 1) + "\n")
    assert exact.stat().st_size == 4_194_304
    code, out, err, _ = run("check", "--config", str(exact), FAILING)
    assert (code, err) == (0, "")
    assert out == "Checked 1 file: 0 errors, 0 warnings; 0 files failed.\n"  # README: the summary's form


@pytest.mark.parametrize(
    ("option", "value"),
    [("--max-request-bytes", "9223372036854775807"), ("--max-depth", "101"), ("--max-findings", "0")],
)
def test_command_line_limits_are_bounded(option: str, value: str) -> None:
    code, _, err, exception = run("check", option, value, FAILING)
    assert code == 2 and f"Invalid value for '{option}'" in err and isinstance(exception, SystemExit)


def test_a_now_utc_cannot_hold_is_a_usage_error_not_an_internal_error_per_file() -> None:
    code, out, err, _ = run("check", "--now", "0001-01-01T00:00:00+05:00", FAILING)
    assert (code, out) == (2, "") and "Invalid value for --now" in err and "outside the times UTC can hold" in err


@given(st.datetimes(timezones=st.timezones()))
def test_any_clock_and_any_expiry_give_a_verdict(moment: dt.datetime) -> None:
    request = VALID_QUERY + "&mmslink_expiration_date=" + moment.isoformat().replace("+", "%2B")
    codes = {f.code for f in mmsvalidate.validate(request, profile=Profile(clock=FixedClock(moment))).findings}
    assert "MV900" not in codes


# 10. The API's contract ------------------------------------------------------------------------


@pytest.mark.parametrize("source", [None, 123, ["a"], 1.5, object()])
def test_a_source_of_the_wrong_type_is_a_type_error(source: object) -> None:
    with pytest.raises(TypeError):
        mmsvalidate.validate(source)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "arguments", [{"form": 1}, {"profile": "strict"}, {"profile": {"max_slides": 2}}, {"suppressions": "no"}]
)
def test_arguments_of_the_wrong_type_are_type_errors(arguments: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        mmsvalidate.validate(VALID_XML, **arguments)  # type: ignore[arg-type]


def test_bytes_like_sources_are_bytes() -> None:
    expected = mmsvalidate.validate(VALID_XML.encode())
    assert mmsvalidate.validate(bytearray(VALID_XML.encode())) == expected
    assert mmsvalidate.validate(memoryview(VALID_XML.encode())) == expected
    assert expected.ok


def test_a_path_that_is_no_regular_file_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "request.xml"
    os.mkfifo(pipe)

    raised: list[BaseException] = []

    def refuse() -> None:
        try:
            mmsvalidate.validate(pipe)
        except BaseException as exc:
            raised.append(exc)

    reader = threading.Thread(target=refuse, daemon=True)
    reader.start()
    reader.join(timeout=60)  # a reader that opened the FIFO waits for a writer that never comes
    blocked = reader.is_alive()
    if blocked:  # release it, so that it fails this test instead of hanging the session
        with open(pipe, "wb"):
            pass
    assert not blocked, "validate() blocked on a FIFO"
    assert len(raised) == 1 and isinstance(raised[0], OSError) and "not a regular file" in str(raised[0])
    with pytest.raises(OSError, match="not a regular file"):
        mmsvalidate.validate(tmp_path)


def test_repeated_keys_are_tracked_per_object_not_per_address() -> None:
    slides = ", ".join(f'{{"x": {{"text": 1, "text": 2}}, "x": 0, "text": "t{i}"}}' for i in range(50))
    text = '{"action": "sendMMS", "api_key": "k", "to": "14158586273", "from": "60856", "subject": "s",'
    text += f' "name": "n", "slides": [{slides}]}}'
    report = mmsvalidate.validate(text)
    assert {f.code for f in report.findings} == {"MV101", "E225"}
