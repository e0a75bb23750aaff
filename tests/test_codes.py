"""The catalogue matches the spec's error tables, code for code and word for word."""

from __future__ import annotations

import re

from mmsvalidate.codes import CODES
from mmsvalidate.rules import RULES
from tests.conftest import SPEC

ROW = re.compile(r"^(E\d{3})(\S.*)$")


def spec_codes() -> dict[str, str]:
    return {m[1]: m[2] for line in SPEC.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line.strip()))}


def test_every_spec_code_is_catalogued_with_its_text() -> None:
    documented = spec_codes()
    assert len(documented) >= 50
    for code, text in documented.items():
        assert code in CODES, code
        assert CODES[code].text == text, code


def test_every_vendor_code_is_in_the_spec() -> None:
    documented = spec_codes()
    vendor = {code for code, entry in CODES.items() if entry.vendor}
    assert vendor == set(documented)


def test_project_codes_cannot_be_mistaken_for_vendor_codes() -> None:
    for code, entry in CODES.items():
        assert entry.vendor == code.startswith("E")
        assert re.fullmatch(r"E\d{3}|MV\d{3}", code)


def test_every_rule_has_a_catalogued_offline_code_and_a_summary() -> None:
    for rule in RULES:
        assert CODES[rule.code].offline, rule.code
        assert rule.summary and not rule.summary.startswith(rule.name)


def test_placeholders_are_filled() -> None:
    assert CODES["E313"].render(2) == "Slide 2 is empty."
    assert CODES["E230"].render(3) == "Bad 3 slide duration."
    assert CODES["E228"].render(500) == "Text more than 500 characters."
    assert CODES["E108"].render("mismatched tag") == "XML Parse error: mismatched tag."
    assert CODES["E110"].render(1) == "Invalid receiver number."


def test_readme_code_table_is_current() -> None:
    from mmsvalidate.codetable import markdown
    from tests.docs import page

    assert page("docs/reference/codes.md").endswith("\n\n" + markdown())
