"""The configuration's JSON Schema: shipped as generated, and it judges a configuration as ``mmsvalidate`` does."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import jsonschema
import pytest

from mmsvalidate.online.options import PRESETS
from mmsvalidate.settings import configschema
from mmsvalidate.settings.config import KEYS, ConfigError, parse
from tests.conftest import CORPUS, ROOT
from tests.docs import fenced

SHIPPED = ROOT / "schemas" / "config.schema.json"
SCHEMA = json.loads(SHIPPED.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def accepted_by_mmsvalidate(table: dict[str, Any]) -> bool:
    try:
        values = parse(table, "test")
    except ConfigError:
        return False
    return values.get("media-preset") in (None, *PRESETS)  # the command line refuses an unknown preset


def test_the_shipped_schema_is_the_generated_one_and_a_valid_schema() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == configschema.text(configschema.schema(list(PRESETS)))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert set(SCHEMA["properties"]) == set(KEYS) == set(configschema.DESCRIPTIONS)


def configurations() -> list[tuple[str, dict[str, Any]]]:
    """Every configuration in the repository: the corpus's files, tables in pyproject files, the docs' examples."""
    found = []
    for path in sorted(ROOT.rglob("mmsvalidate.toml")):
        if ".venv" not in path.parts:
            found.append((path.relative_to(ROOT).as_posix(), tomllib.loads(path.read_text(encoding="utf-8"))))
    for path in sorted(ROOT.rglob("pyproject.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("mmsvalidate")
        if table is not None and ".venv" not in path.parts:
            found.append((path.relative_to(ROOT).as_posix(), table))
    for page, block in fenced("toml"):
        document = tomllib.loads(block)
        found.append((page, document["tool"]["mmsvalidate"] if "tool" in document else document))
    return found


def test_the_repository_has_configurations_to_check() -> None:
    names = [name for name, _ in configurations()]
    assert sum(name.startswith("corpus/") for name in names) == len(list(CORPUS.rglob("mmsvalidate.toml"))) >= 10
    assert any(name.startswith(("README", "docs/")) for name in names)


@pytest.mark.parametrize(("name", "table"), configurations(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_configuration_in_the_repository_is_valid(name: str, table: dict[str, Any]) -> None:
    assert [error.message for error in VALIDATOR.iter_errors(table)] == []
    assert accepted_by_mmsvalidate(table)


#: Values of each kind of key, good and bad, written from the configuration's reference. (Not among them: a
#: TOML float with no fraction, ``8.0``, which JSON Schema's ``integer`` takes and ``mmsvalidate`` refuses.)
SAMPLES: list[dict[str, Any]] = [
    {"max-slides": 8},
    {"max-slides": 0},
    {"max-slides": 10_001},
    {"max-slides": True},
    {"max-slides": "8"},
    {"min-duration": 0},
    {"max-depth": 101},
    {"max-total-text": 100_000_000},
    {"enforce-campaign-check": True},
    {"enforce-campaign-check": "yes"},
    {"known-campaign-refs": ["Spring2027"]},
    {"known-campaign-refs": [""]},
    {"known-campaign-refs": "Spring2027"},
    {"known-campaign-refs": [1]},
    {"blocked-numbers": ["14155550100", 14155550101]},
    {"blocked-numbers": ["+14155550100"]},
    {"blocked-numbers": [-1]},
    {"blocked-numbers": [True]},
    {"form": "xml"},
    {"form": "XML"},
    {"select": ["ALL"]},
    {"select": ["E2", "MV1", "E226"]},
    {"select": ["e226"]},
    {"select": ["E999"]},
    {"select": "E226"},
    {"ignore": ["MV"]},
    {"extend-select": []},
    {"per-file-ignores": {"legacy": ["MV101"], "*.txt": ["MV103"]}},
    {"per-file-ignores": {"legacy": ["XX"]}},
    {"per-file-ignores": ["MV101"]},
    {"include": ["*.xml", "*.jsonl"]},
    {"include": [""]},
    {"exclude": ["drafts"]},
    {"exclude": "drafts"},
    {"online": True},
    {"online": 1},
    {"allow-private": False},
    {"allow-hosts": ["media.example.com"]},
    {"allow-hosts": [" "]},
    {"allow-hosts": "media.example.com"},
    {"media-limits": {"image": 600_000, "message": 1_400_000}},
    {"media-limits": {"picture": 600_000}},
    {"media-limits": {"image": 0}},
    {"media-limits": {"image": "600KB"}},
    {"media-preset": "carrier-safe"},
    {"media-preset": "cheap"},
    {"online-timeout": 10},
    {"online-timeout": 0.5},
    {"online-timeout": 0},
    {"online-timeout": 601},
    {"online-concurrency": 16},
    {"online-concurrency": 257},
    {"cache-dir": ".cache"},
    {"cache-dir": ""},
    {"max_slides": 8},
    {"no-such-key": 1},
]


@pytest.mark.parametrize("table", SAMPLES, ids=[json.dumps(sample) for sample in SAMPLES])
def test_the_schema_judges_a_value_as_mmsvalidate_does(table: dict[str, Any]) -> None:
    assert VALIDATOR.is_valid(table) is accepted_by_mmsvalidate(table)


def test_the_samples_cover_every_key_with_a_good_and_a_bad_value() -> None:
    good = {key for sample in SAMPLES if accepted_by_mmsvalidate(sample) for key in sample}
    bad = {key for sample in SAMPLES if not accepted_by_mmsvalidate(sample) for key in sample}
    kinds = {"max-slides", "enforce-campaign-check", "known-campaign-refs", "blocked-numbers", "form", "select"}
    assert kinds | {"per-file-ignores", "include", "exclude", "online", "allow-hosts", "media-limits"} <= good & bad
    assert {"media-preset", "online-timeout", "cache-dir"} <= good & bad


@pytest.mark.parametrize("key", [key for key in KEYS if SCHEMA["properties"][key].get("type") == "integer"])
def test_every_whole_number_key_is_judged_alike_at_and_past_its_bounds(key: str) -> None:
    low, high = SCHEMA["properties"][key]["minimum"], SCHEMA["properties"][key].get("maximum", 10**9)
    for value in (low - 1, low, high, high + 1):
        assert VALIDATOR.is_valid({key: value}) is accepted_by_mmsvalidate({key: value}), value
    assert not accepted_by_mmsvalidate({key: low - 1}) and accepted_by_mmsvalidate({key: low})


def test_online_timeout_is_more_than_0_and_at_most_600_seconds() -> None:
    # docs/reference/configuration.md: online-timeout, "seconds, more than 0 and at most 600"
    assert [accepted_by_mmsvalidate({"online-timeout": s}) for s in (0, 0.001, 600, 600.5)] == [
        False,
        True,
        True,
        False,
    ]


def test_without_the_preset_names_the_schema_still_refuses_an_empty_preset() -> None:
    bare = jsonschema.Draft202012Validator(configschema.schema())
    assert not accepted_by_mmsvalidate({"media-preset": ""})
    assert not bare.is_valid({"media-preset": ""})
    assert bare.is_valid({"media-preset": "carrier-safe"})
    # it knows no names, so it refuses only the empty one: any other, one character long too, is mmsvalidate's to judge
    assert all(bare.is_valid({"media-preset": name}) for name in ("x", *PRESETS))
