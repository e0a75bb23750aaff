"""``--now`` given what is no ISO 8601 time says what it takes, with an example, not Python's own words
("Invalid isoformat string", or a bare "month must be in 1..12"), in ``check`` and ``serve`` alike (exit 2,
before any request is read or any server started; ``serve``'s in test_cli9_now_serve.py, which needs its extra)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mmsvalidate.cli import main

EXPECTED = "expected an ISO 8601 date or date-time (2027-01-31, 2027-01-31T12:00:00Z), not"


#: Values that are no ISO 8601 time, and how the message quotes each (with Python's reason, when it names one).
BAD = [
    ("2027-13-45", "'2027-13-45' (month must be in 1..12)"),
    ("2027-02-30", "'2027-02-30' (day is out of range for month)"),
    ("2027-01-01T25:00", "'2027-01-01T25:00' (hour must be in 0..23)"),
    ("99999-01-01", "'99999-01-01'"),
    ("now", "'now'"),
    ("", "''"),
    ("\x1b[2J\u202e", "'\\x1b[2J\\u202e'"),
]


def refused(args: list[str], said: str) -> None:
    """``args`` end with exit 2 and the message for a bad ``--now`` as their last line."""
    result = CliRunner().invoke(main, args, input=b"")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for --now: {EXPECTED} {said}"


@pytest.mark.parametrize(("value", "said"), BAD)
def test_a_bad_now_says_what_it_takes(value: str, said: str) -> None:
    refused(["check", "--now", value, "-"], said)


def test_a_good_now_is_still_taken() -> None:
    body = b"action=sendMMS&mmslink_expiration_date=2027-01-31"
    result = CliRunner().invoke(main, ["check", "--select", "E617", "--now", "2027-02-01", "-"], input=body)
    assert (result.exit_code, result.stdout) == (
        1,
        "-:1:16: E617 mmslink_expiration_date is invalid. ('2027-01-31' has already passed)\n"
        "Checked 1 file: 1 error, 0 warnings; 1 file failed.\n",
    )
