"""The run file format, declared once: the JSON Schema (``run.schema.json``) and the positioned
checker (``runs.read``) both come from ``SCHEMA`` below.

A run file is what the page's Export writes for one run (assets/runs.js): the run's id, name,
outcome and dates, every item and field value with who and when, and the append-only log.
Times are ISO-8601 with a UTC offset (``2026-11-30T19:02:11.120+01:00``).
"""

from __future__ import annotations

import json
from typing import Any

FORMAT = "mkdocs-runbooks/run@2"
#: where a built site serves the schema (next to schema/runbook-v1.json)
SCHEMA_URI = "schema/run-v2.json"
SCHEMA_URL = "https://mkdocs-runbooks.dev/schema/run-v2.json"
OUTCOMES = ("completed", "aborted", "rolled back")
#: ISO-8601 date and time with seconds and an offset (Z or +hh:mm); what Date.parse and
#: datetime.fromisoformat both read
TIME_PATTERN = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$"
RUN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"

_TIME: dict[str, Any] = {"type": "string", "pattern": TIME_PATTERN}
_TEXT: dict[str, Any] = {"type": "string", "maxLength": 20000}


def _null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(props: dict[str, Any], required: list[str], doc: str) -> dict[str, Any]:
    return {"type": "object", "description": doc, "properties": props, "required": required,
            "additionalProperties": False}


_VALUE_ITEM = _obj({"checked": {"type": "boolean"}, "at": _null(_TIME), "by": _null(_TEXT)}, ["checked"],
                   "An item: ticked or not, when and by whom (null when never ticked).")
_VALUE_FIELD = _obj({"value": _TEXT, "at": _null(_TIME), "by": _null(_TEXT)}, ["value"],
                    "A field (item field, sign-off cell, contact, run input): its text as typed.")
_ENTRY = _obj({
    "at": _TIME,
    "by": _TEXT,
    "key": {"type": "string", "minLength": 1, "maxLength": 500,
            "description": "an item id, a field key (item/field), or @operator (a handover), @trigger (a "
                           "rollback trigger fired; value: its id), @reset (every value cleared), @outcome (the finish)"},
    "value": {"type": ["boolean", "string"], "maxLength": 20000},
    "note": _TEXT,
    "migrated": {"type": "boolean", "description": "made from a value saved before runs existed"},
}, ["at", "by", "key", "value"], "One change: who set what to which value, when. The log only grows.")

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_URL,
    "title": "mkdocs-runbooks run file",
    "description": "One run of a runbook, as the page's Export writes it (*.run.json).",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "runbook", "version", "id", "name", "started_at", "items", "fields", "log"],
    "properties": {
        "format": {"enum": [FORMAT], "description": "the format and its version"},
        "schema": {"type": "string", "description": "where the site serves this schema"},
        "runbook": {"type": "string", "minLength": 1, "maxLength": 200, "description": "the runbook's id"},
        "version": {"type": "string", "maxLength": 200, "description": "the runbook's version the run was made on"},
        "site_version": {"type": "string", "maxLength": 200, "description": "the docs version (mike), or empty"},
        "title": _TEXT,
        "page": {"type": "string", "maxLength": 2000, "description": "the page's address when exported"},
        "id": {"type": "string", "pattern": RUN_ID_PATTERN, "description": "the run's id, unique per runbook"},
        "name": {"type": "string", "maxLength": 200, "description": "a ticket, a release tag"},
        "outcome": {"enum": [*OUTCOMES, None], "description": "null while the run is open"},
        "note": _TEXT,
        "started_at": _TIME,
        "ended_at": _null(_TIME),
        "updated_at": _null(_TIME),
        "exported_at": _null(_TIME),
        "operators": {"type": "array", "items": _TEXT, "description": "everyone who ran it, in order of handover"},
        "operator": {"type": "string", "maxLength": 200, "description": "the operator at export"},
        "items": {"type": "object", "additionalProperties": _VALUE_ITEM},
        "fields": {"type": "object", "additionalProperties": _VALUE_FIELD},
        "log": {"type": "array", "items": _ENTRY},
    },
}


def schema_text() -> str:
    """The JSON Schema of run files (run.schema.json), as written to disk."""
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"
