"""JSON Schema of the source format, generated from ``spec.SHAPES``.

The shipped copy is ``runbook.schema.json``; a test keeps it equal to this.
"""

from __future__ import annotations

import json
from typing import Any

from .parse import VAR_DECL_KEYS, VAR_TYPES
from .spec import ID_PATTERN, INCLUDE_KEY, SCHEMA_URL, SHAPES, Key

_SCALAR = {"type": ["string", "number", "boolean", "null"]}


def _key_schema(k: Key) -> dict[str, Any]:
    t = k.type
    doc = {"description": k.doc}
    if t in ("str", "text", "markdown", "ref"):
        return {"type": "string", **doc}
    if t == "id":
        return {"type": "string", "pattern": ID_PATTERN, **doc}
    if t == "enum":
        return {"enum": list(k.enum), **doc}
    if t == "bool":
        return {"type": "boolean", **doc}
    if t == "list":
        entry = {"oneOf": [{"$ref": f"#/$defs/{k.shape}"}, {"$ref": "#/$defs/include"}]}
        return {"type": "array", "items": entry, **doc}
    if t == "raw":
        return doc
    if t == "strlist":
        items: dict[str, Any] = {"enum": list(k.enum)} if k.enum else {"type": "string"}
        return {"type": "array", "items": items, **doc}
    if t == "shape":
        return {"$ref": f"#/$defs/{k.shape}", **doc}
    if t == "command":
        return {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/command"}], **doc}
    if t == "vars":
        decl = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "type": {"enum": list(VAR_TYPES)},
                "default": _SCALAR,
                "required": {"type": "boolean"},
                "description": {"type": "string"},
                "secret": {"type": "boolean"},
            },
        }
        assert set(decl["properties"]) == set(VAR_DECL_KEYS)
        return {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
            "additionalProperties": {"oneOf": [_SCALAR, decl]},
            **doc,
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
    root = _shape_schema("runbook")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "mkdocs-runbooks source (format v1)",
        **root,
        "$defs": {
            **{name: _shape_schema(name) for name in SHAPES if name != "runbook"},
            "include": {
                "type": "object",
                "additionalProperties": False,
                "required": [INCLUDE_KEY],
                "properties": {INCLUDE_KEY: {"type": "string", "description": "Id of a fragment to splice in here."}},
            },
        },
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
