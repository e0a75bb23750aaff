"""``--now`` given what is no ISO 8601 time says what it takes, with an example, not Python's own words
("Invalid isoformat string", or a bare "month must be in 1..12"), in ``check`` and ``serve`` alike (exit 2,
before any request is read or any server started)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main

EXPECTED = "expected an ISO 8601 date or date-time (2027-01-31, 2027-01-31T12:00:00Z), not"


@pytest.mark.parametrize("command", ["check", "serve"])
@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2027-13-45", "'2027-13-45' (month must be in 1..12)"),
        ("2027-02-30", "'2027-02-30' (day is out of range for month)"),
        ("2027-01-01T25:00", "'2027-01-01T25:00' (hour must be in 0..23)"),
        ("99999-01-01", "'99999-01-01'"),
        ("now", "'now'"),
        ("", "''"),
        ("\x1b[2J\u202e", "'\\x1b[2J\\u202e'"),
    ],
)
def test_a_bad_now_says_what_it_takes(command: str, value: str, said: str) -> None:
    args = [command, "--now", value] + (["-"] if command == "check" else [])
    result = CliRunner().invoke(main, args, input=b"")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for --now: {EXPECTED} {said}"


def test_a_good_now_is_still_taken() -> None:
    body = b"action=sendMMS&mmslink_expiration_date=2027-01-31"
    result = CliRunner().invoke(main, ["check", "--select", "E617", "--now", "2027-02-01", "-"], input=body)
    assert (result.exit_code, result.stdout) == (
        1,
        "-:1:16: E617 mmslink_expiration_date is invalid. ('2027-01-31' has already passed)\n"
        "Checked 1 file: 1 error, 0 warnings; 1 file failed.\n",
    )
