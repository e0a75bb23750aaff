"""The JSON and query forms' structure check: the shipped JSON Schemas, walked directly.

The schemas use a handful of keywords (type, properties, patternProperties,
additionalProperties, required, items, $ref). The walk reads them from the schema itself and
yields each failure with its ``x-error-code``. jsonschema (the test extra) is the reference: tests prove
both give the same verdict and codes on the corpus and on generated documents, and that the shipped schemas
are walked. Its errors are not the findings at run time: on the corpus it reports 12 of 156 JSON and query
requests differently (a second E100 beside the rules' own, no did-you-mean) and its invalid requests cost
3.0x its valid ones (``python bench/structure_engines.py``); jsonschema-rs answers "valid" first. A schema
edited to use any other keyword is checked with jsonschema when it is installed.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from mmsvalidate.diagnostic import NOT_OF_TYPE, Hit, clip
from mmsvalidate.readers.json import BigNumber
from mmsvalidate.structure.shipped import once, schema_json

#: The keywords the walk understands; annotations and ``x-`` keys are ignored.
KEYWORDS = frozenset({"type", "properties", "patternProperties", "additionalProperties", "required", "items", "$ref"})
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})

#: ``unknown(path, key)`` gives the ``(x, detail)`` of an MV101 for a name the schema doesn't take.
Unknown = Callable[[tuple[object, ...], str], tuple[str, str]]


def pointer(path: tuple[object, ...]) -> str:
    """The JSON pointer of a path."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _is(instance: object, kind: str) -> bool:
    if kind == "string":
        return isinstance(instance, str) and not isinstance(instance, BigNumber)
    if kind == "integer":
        return (
            (isinstance(instance, int) and not isinstance(instance, bool))
            or (isinstance(instance, float) and instance.is_integer())
            or isinstance(instance, BigNumber)
        )
    if kind == "boolean":
        return isinstance(instance, bool)
    if kind == "null":
        return instance is None
    if kind == "array":
        return isinstance(instance, list)
    if kind == "object":
        return isinstance(instance, Mapping)
    return False


def _supported(schema: object) -> bool:
    if not isinstance(schema, Mapping):
        return False
    keywords = {k for k in schema if not k.startswith("x-")} - _ANNOTATIONS
    nested = [sub for k in ("properties", "patternProperties", "$defs") for sub in schema.get(k, {}).values()]
    return (
        keywords <= KEYWORDS
        and all(_supported(sub) for sub in nested)
        and ("items" not in schema or _supported(schema["items"]))
        and schema.get("additionalProperties", False) is False
    )


@once
def walkable(name: str) -> Mapping[str, Any] | None:
    """The shipped schema ``name`` if the walk understands it, else ``None``."""
    schema: Mapping[str, Any] = schema_json(name)
    return schema if _supported(schema) else None


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _resolve(root: Mapping[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def walk(root: Mapping[str, Any], instance: object, unknown: Unknown) -> Iterator[tuple[str, Hit]]:
    """Every failure of ``instance`` against ``root``, as ``(code, hit)``."""
    yield from _walk(root, root, instance, (), str(root.get("x-error-code", "E100")), unknown)


def _walk(
    root: Mapping[str, Any],
    schema: Mapping[str, Any],
    instance: object,
    path: tuple[object, ...],
    code: str,
    unknown: Unknown,
) -> Iterator[tuple[str, Hit]]:
    code = str(schema.get("x-error-code", code))
    if "$ref" in schema:
        target = _resolve(root, schema["$ref"])
        yield from _walk(root, target, instance, path, code, unknown)
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is(instance, kind) for kind in kinds):
            base = pointer(path)  # written out only for a failure: most values pass
            written = (
                str(instance)
                if isinstance(instance, BigNumber)
                else json.dumps(instance, ensure_ascii=False, default=repr)
            )
            shown = clip(written[:200])  # a number kept as written is shown as a number, not a string
            yield code, Hit(base, None, f"{base or 'the request'}: {shown}{NOT_OF_TYPE}{', '.join(kinds)}")
            return
    if isinstance(instance, Mapping):
        required_codes = schema.get("x-required-codes", {})
        for key in schema.get("required", ()):
            if key not in instance:
                yield required_codes.get(key, "E100"), Hit(f"{pointer(path)}/{key}", None, f"{key.upper()} is missing")
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, value in instance.items():
            matched = False
            if key in properties:
                matched = True
                yield from _walk(root, properties[key], value, (*path, key), code, unknown)
            for pattern, subschema in patterns.items():
                if _compiled(pattern).search(key):
                    matched = True
                    yield from _walk(root, subschema, value, (*path, key), code, unknown)
            if not matched and schema.get("additionalProperties") is False:
                x, detail = unknown(path, key)
                yield "MV101", Hit(pointer((*path, key)), x, detail)  # a key with "/" or "~" escaped
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            yield from _walk(root, schema["items"], item, (*path, index), code, unknown)


@once
def jsonschema_validator(name: str) -> Any:
    """The schema compiled by jsonschema: the reference the walk is tested against, and its fallback."""
    try:
        import jsonschema
    except ImportError as exc:  # the shipped schemas are walked: only an edited one needs the library
        raise ImportError(f"{name} uses more than the walk reads; pip install jsonschema ({exc})") from exc

    schema = schema_json(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@once
def compiled_validator(name: str) -> Any:
    """The schema compiled by jsonschema-rs (Rust), or ``None`` when it is not installed.

    It answers "valid or not" in about a microsecond; the walk (or jsonschema) says why.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheel
        return None
    return jsonschema_rs.validator_for(schema_json(name))


def valid(name: str, instance: object) -> bool | None:
    """Whether ``instance`` is valid against the shipped schema ``name`` by the compiled validator;
    ``None`` when it can't say (not installed, or a value no JSON document holds)."""
    compiled = compiled_validator(name)
    if compiled is None:
        return None
    try:
        return bool(compiled.is_valid(instance))
    except (ValueError, TypeError, OverflowError):
        return None


def check(name: str, instance: object, unknown: Unknown, *, compiled: bool = True) -> Iterator[tuple[str, Hit]]:
    """The structure findings of a JSON-like document against the shipped schema ``name``.

    With ``compiled``, a document the compiled validator finds valid has no findings and is not
    walked; pass ``False`` for documents that are not JSON's own types (a mapping holding tuples
    is an array to jsonschema-rs, not to the schema's Python readers).
    """
    if compiled and valid(name, instance):
        return
    schema = walkable(name)
    if schema is not None:
        yield from walk(schema, instance, unknown)
        return
    for error in jsonschema_validator(name).iter_errors(instance):
        base = pointer(tuple(error.absolute_path))
        yield (
            str(error.schema.get("x-error-code", "E100")),
            Hit(base, None, f"{base or 'the request'}: {error.message}"),
        )
