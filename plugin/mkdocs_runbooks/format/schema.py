"""JSON Schema of the source format, generated from ``spec.SHAPES``.

The shipped copy is ``runbook.schema.json``; a test keeps it equal to this.
"""

from __future__ import annotations

import json
from typing import Any, cast

from mkdocs_runbooks.format.spec import (
    DATE_PATTERN,
    ESTIMATE_PATTERN,
    ID_PATTERN,
    INCLUDE_KEY,
    SCHEMA_URL,
    SHAPES,
    VERSION_PATTERN,
    Key,
)
from mkdocs_runbooks.load.parse import VAR_DECL_KEYS, VAR_TYPES

_SCALAR = {"type": ["string", "number", "boolean", "null"]}
#: A key the format reads as text takes any scalar as written (`on`, `1.10`); YAML 1.2 editors
#: see some of those as numbers or booleans, so the schema must accept them too.
_TEXT = ["string", "number", "boolean"]


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional key may be left empty (`key:` is YAML null), which reads as absent."""
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*types, "null"]} if "pattern" not in schema else {
            "anyOf": [schema, {"type": "null"}]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    if "oneOf" in schema:
        return {**schema, "oneOf": [*schema["oneOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _key_schema(k: Key) -> dict[str, Any]:
    body = _body(k)
    if not body:  # raw: checked by the variant operations
        return {"description": k.doc}
    return {**(body if k.required else _nullable(body)), "description": k.doc}


def _body(k: Key) -> dict[str, Any]:
    t = k.type
    if t in ("str", "text", "markdown", "ref"):
        return {"type": _TEXT}
    if t == "id":  # `id: 007` is a number to YAML 1.2 and the id '007' to the format
        return {"anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "integer", "minimum": 0}]}
    if t == "enum":
        return {"enum": list(k.enum)}
    if t == "bool":
        return {"type": "boolean"}
    if t == "date":
        return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    if t == "estimate":
        return {"anyOf": [{"type": "string", "pattern": ESTIMATE_PATTERN}, {"type": "number", "minimum": 0}]}
    if t == "version":
        return {"anyOf": [{"type": "string", "pattern": VERSION_PATTERN}, {"type": "number", "minimum": 0}]}
    if t == "list":
        entry = {"oneOf": [{"$ref": f"#/$defs/{k.shape}"}, {"$ref": "#/$defs/include"}]}
        return {"type": "array", "items": entry}
    if t == "raw":
        return {}
    if t == "strlist":
        items: dict[str, Any] = {"enum": list(k.enum)} if k.enum else {"type": _TEXT}
        return {"type": "array", "items": items}
    if t == "shape":
        return {"$ref": f"#/$defs/{k.shape}"}
    if t == "command":
        return {"oneOf": [{"type": _TEXT}, {"$ref": "#/$defs/command"}]}
    if t == "vars":
        decl = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "type": {"enum": list(VAR_TYPES)},
                "default": _SCALAR,
                "required": {"type": "boolean"},
                "description": {"type": [*_TEXT, "null"]},
                "secret": {"type": "boolean"},
            },
        }
        # a declared number or boolean takes a default of that type (written plain, as the checker reads it)
        decl["allOf"] = [{"if": {"required": ["type"], "properties": {"type": {"const": t}}},
                          "then": {"properties": {"default": {"type": [j, "null"]}}}}
                         for t, j in (("number", "number"), ("boolean", "boolean"))]
        assert set(cast("dict[str, Any]", decl["properties"])) == set(VAR_DECL_KEYS)
        return {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
            "additionalProperties": {"oneOf": [_SCALAR, decl]},
        }
    raise AssertionError(f"no schema for spec type {t!r}")


def _shape_schema(name: str) -> dict[str, Any]:
    spec = SHAPES[name]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [k for k, v in spec.items() if v.required],
        "properties": {k: _key_schema(v) for k, v in spec.items()},
    }


def json_schema() -> dict[str, Any]:
    """One schema for every YAML file the project reads: runbook sources and templates
    (the runbook shape), and fragments (``fragment: true``)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "mkdocs-runbooks source, template or fragment (format v1)",
        "type": "object",
        "if": {"required": ["fragment"], "properties": {"fragment": {"const": True}}},
        "then": {"$ref": "#/$defs/fragment"},
        "else": {"$ref": "#/$defs/runbook"},
        "$defs": {
            **{name: _shape_schema(name) for name in SHAPES},
            # a runbook without `extends` has no template to take its title from
            "runbook": {**_shape_schema("runbook"),
                        "if": {"not": {"required": ["extends"]}},
                        "then": {"required": ["title"], "properties": {"title": {"type": _TEXT}}}},
            "include": {
                "type": "object",
                "additionalProperties": False,
                "required": [INCLUDE_KEY],
                "properties": {INCLUDE_KEY: {"type": _TEXT, "description": "Id of a fragment to splice in here."}},
            },
        },
    }


def schema_text() -> str:
    """The JSON Schema of runbook sources (runbook-v1.json) as text, derived from format/spec.py."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
