"""A JSON Schema of the configuration (``mmsvalidate.toml``, ``[tool.mmsvalidate]``), built from the keys' definitions.

The keys come from :data:`mmsvalidate.settings.config.KEYS`; each profile key's type, default and
bounds from :class:`mmsvalidate.Profile` and :data:`mmsvalidate.profile.BOUNDS`; the selectors from
the catalogue; the forms and media kinds from their definitions. Only the descriptions are written
here. ``schemas/config.schema.json`` is this module's output, and a test keeps it so, so editors
that read JSON Schema (for TOML too) complete and check a configuration as ``mmsvalidate`` reads it.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from mmsvalidate.codes import CODES
from mmsvalidate.profile import BOUNDS, MAX_ENTRIES, MAX_ENTRY, Profile
from mmsvalidate.settings.config import DEFAULT_INCLUDE, FORMS, KEYS, PROFILE_KEYS
from mmsvalidate.settings.online import LIMIT_KINDS, RUNNER_KEYS
from mmsvalidate.settings.selection import ALL

#: What each key does, a sentence or two (the reference page and editors show it).
DESCRIPTIONS: Mapping[str, str] = {
    "max-slides": "E225: most slides in one MMS (the vendor's saveMMS documentation: 8).",
    "max-slide-text": "E334: most characters in one slide's text (saveMMS: 5,000).",
    "max-total-text": "E228: most characters of text over all slides together; unchecked unless set.",
    "min-duration": "E230: the shortest slide duration, in whole seconds (saveMMS: 1); at most max-duration.",
    "max-duration": "E230: the longest slide duration, in whole seconds (saveMMS: 60).",
    "max-subject": "MV107: most characters in SUBJECT (saveMMS: 80).",
    "max-from-mask": "MV105: most characters in FROM_MASK (the alphanumeric sender limit: 11).",
    "enforce-campaign-check": 'E718: the account has "Enforce Campaign Check" on, so CAMPAIGNREF is required.',
    "known-campaign-refs": "E721: the campaign references the account knows; others are E721. Unchecked unless set.",
    "require-operator-id": "E650: the account requires OPERATORID.",
    "blocked-numbers": "E114: numbers the account has blocked, international format, digits only.",
    "query-gaps-are-slides": (
        "E313, query form: a missing slide number below the highest is an empty slide (true) or skipped (false)."
    ),
    "week-and-ordinal-dates": (
        "E617: MMSLINK_EXPIRATION_DATE may also be an ISO 8601 week or ordinal date (2027-W05, 2027-181)."
    ),
    "every-query-stripped": (
        "MV103 and the online fetch: the API strips the query of every content URL (true), or only of AUDIO and"
        " VIDEO URLs, the two the spec's footnote marks (false)."
    ),
    "max-request-bytes": "MV112: the largest request read, in bytes.",
    "max-depth": "MV112: the deepest XML element or JSON nesting read.",
    "max-items": "MV112: the most XML elements and attributes, query parameters or JSON values read.",
    "max-slides-read": "MV112: the most slides (or the highest query slide number) read at all.",
    "max-findings": "MV115: the most findings reported for one request; one MV115 counts the rest.",
    "form": (
        "The request form of every file: auto (detected per file from its first character), xml, query, json. A"
        " JSON Lines or CSV file's records are in its own form (JSON, query): another is refused for it (MV114)."
    ),
    "select": "The codes reported: codes or prefixes (E2, MV), or ALL. The longest matching selector wins.",
    "extend-select": "Codes or prefixes reported besides select.",
    "ignore": "Codes or prefixes not reported.",
    "per-file-ignores": (
        "Codes or prefixes not reported for matching files: a table of pattern = [codes]; patterns are shell globs"
        " relative to the configuration file's folder."
    ),
    "include": (
        "File name patterns (any case) checked when a folder is walked; files named on the command line are"
        " always checked."
    ),
    "exclude": (
        "Paths skipped, shell globs relative to the configuration file's folder; with --force-exclude, also when"
        " named on the command line."
    ),
    "extend": (
        "Another configuration file (a path relative to this one's folder) whose settings this one extends: its keys"
        " apply unless this file sets them, and this file's select, extend-select and ignore adjust its selection."
    ),
    "online": "Check the media of the requests under this configuration online (fetch each media URL), like --online.",
    "allow-private": "Online: let fetches reach loopback, private and link-local addresses (never cloud metadata).",
    "allow-hosts": "Online: host names fetches may reach even at a private address.",
    "media-limits": "Online: size limits in bytes by kind (E33x), and message for the estimated MMS size (MV123).",
    "media-preset": "Online: a named set of size limits (carrier-safe, aws, twilio); media-limits override it.",
    "online-timeout": "Online: most seconds for one URL, every redirect hop and the body included (default 10).",
    "online-concurrency": "Online: fetches at once (default 16; at most 4 to one host).",
    "cache-dir": "Online: the folder verdicts are kept in between runs, relative to the configuration file's folder.",
}


#: Said of each key only the runner may set.
RUNNER_ONLY = (
    " Runner-only: honoured in a file named with --config; in a configuration found beside the checked files it"
    " is ignored, with a warning."
)


def selectors() -> list[str]:
    """Every selector a configuration may name: ``ALL`` and each prefix of a catalogued code."""
    prefixes = {code[:end] for code in CODES for end in range(1, len(code) + 1)}
    return [ALL, *sorted(prefixes)]


def _selector_list() -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": "#/$defs/selector"}}


def _strings() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "minLength": 1}}


def _profile_property(field: str) -> dict[str, Any]:
    hint = typing.get_type_hints(Profile)[field]
    default = attrs.fields_dict(Profile)[field].default
    if hint is bool:
        return {"type": "boolean", "default": default}
    if hint is int or hint == int | None:
        low, high = BOUNDS[field]
        found: dict[str, Any] = {"type": "integer", "minimum": low, "maximum": high}
        return found if default is None else {**found, "default": default}
    item: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_ENTRY}
    if field == "blocked_numbers":
        digits = {"type": "string", "pattern": "^[0-9]+$", "maxLength": MAX_ENTRY}
        item = {"anyOf": [digits, {"type": "integer", "minimum": 0}]}
    return {"type": "array", "items": item, "maxItems": MAX_ENTRIES}


def _other_property(key: str) -> dict[str, Any]:
    shapes: dict[str, dict[str, Any]] = {
        "form": {"enum": list(FORMS), "default": FORMS[0]},
        "select": {**_selector_list(), "default": [ALL]},
        "extend-select": _selector_list(),
        "ignore": _selector_list(),
        "per-file-ignores": {"type": "object", "additionalProperties": _selector_list()},
        "include": {**_strings(), "default": list(DEFAULT_INCLUDE)},
        "exclude": _strings(),
        "extend": {"type": "string", "minLength": 1},
        "online": {"type": "boolean", "default": False},
        "allow-private": {"type": "boolean", "default": False},
        "allow-hosts": {"type": "array", "items": {"type": "string", "pattern": "\\S"}},
        "media-limits": {
            "type": "object",
            "propertyNames": {"enum": list(LIMIT_KINDS)},
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        "media-preset": {"type": "string", "minLength": 1},
        "online-timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 600, "default": 10},
        "online-concurrency": {"type": "integer", "minimum": 1, "maximum": 256, "default": 16},
        "cache-dir": {"type": "string", "minLength": 1},
    }
    return shapes[key]


def schema(presets: Sequence[str] = ()) -> dict[str, Any]:
    """The configuration table's JSON Schema (draft 2020-12); ``presets`` names the media presets, if known."""
    properties: dict[str, Any] = {}
    for key in KEYS:
        shape = _profile_property(PROFILE_KEYS[key][0]) if key in PROFILE_KEYS else _other_property(key)
        if key == "media-preset" and presets:
            shape = {"enum": list(presets)}
        description = DESCRIPTIONS[key] + (RUNNER_ONLY if key in RUNNER_KEYS else "")
        properties[key] = {"description": description, **shape}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mmsvalidate configuration",
        "description": (
            "The settings of mmsvalidate: a mmsvalidate.toml file, or the [tool.mmsvalidate] table of a"
            " pyproject.toml. Generated from mmsvalidate's own definitions of its keys."
        ),
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": {"selector": {"enum": selectors()}},
    }


def pyproject_schema(presets: Sequence[str] = ()) -> dict[str, Any]:
    """A schema for a pyproject.toml that checks only its ``[tool.mmsvalidate]`` table."""
    table = schema(presets)
    defs = table.pop("$defs")
    table.pop("$schema")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "pyproject.toml with a [tool.mmsvalidate] table",
        "type": "object",
        "properties": {"tool": {"type": "object", "properties": {"mmsvalidate": table}}},
        "$defs": defs,
    }


def text(document: Mapping[str, Any]) -> str:
    """A schema as the shipped file holds it."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
