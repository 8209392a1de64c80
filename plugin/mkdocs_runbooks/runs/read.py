"""Read a ``*.run.json`` file: JSON first (its own error positions), then the schema with a
``file:line:col`` for every problem, from the positioned YAML loader (JSON is YAML 1.2).

Never raises on bad input: problems become diagnostics and the run is None.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.load.nodes import YMap, YNode, YScalar, YSeq, plain
from mkdocs_runbooks.load.reader import load_text
from mkdocs_runbooks.runs.spec import FORMAT, SCHEMA

MAX_RUN_BYTES = 8 << 20


@dataclass
class Value:
    """An item's tick or a field's text, with when (ISO time) and by whom it was last set."""

    """An item (``value`` is a bool) or a field (a str), with when (ISO-8601) and by whom."""

    value: bool | str
    at: str | None
    by: str | None
    pos: Pos


@dataclass
class Entry:
    """One log entry: at (ISO time with offset), by (operator), key, value (tick or text), note, its position."""

    at: str
    by: str
    key: str
    value: bool | str
    note: str | None
    pos: Pos


@dataclass
class RunFile:
    """A run file as read (format mkdocs-runbooks/run@2, run@1 keys too): the run, its values and its log."""

    path: str
    runbook: str
    version: str
    id: str
    name: str
    outcome: str | None
    note: str
    started_at: str
    ended_at: str | None
    operators: list[str]
    items: dict[str, Value]
    fields: dict[str, Value]
    log: list[Entry]
    title: str = ""
    site_version: str = ""
    pos: Pos = field(default_factory=lambda: Pos(""))
    #: the position of each top-level key
    at: dict[str, Pos] = field(default_factory=dict)


def read_run(path: Path, display: str | None = None) -> tuple[RunFile | None, Diagnostics]:
    """The run file at ``path`` (shown as ``display``) and its diagnostics; None if unreadable or not a run."""
    shown = display or path.as_posix()
    diags = Diagnostics()
    try:
        data = path.read_bytes()[: MAX_RUN_BYTES + 1]
    except OSError as e:
        diags.error(Pos(shown), "io", f"cannot read run file: {e.strerror}")
        return None, diags
    if len(data) > MAX_RUN_BYTES:
        diags.error(Pos(shown), "too-big", f"run file is more than {MAX_RUN_BYTES >> 20} MB; is it a run export?")
        return None, diags
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        diags.error(Pos(shown), "encoding", f"run file is not valid UTF-8 (byte offset {e.start}); re-export it")
        return None, diags
    return read_run_text(text, shown, diags), diags


def read_run_text(text: str, shown: str, diags: Diagnostics) -> RunFile | None:
    """A run file's JSON text read into a RunFile; errors positioned at ``shown``:line:col into ``diags``."""
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        diags.error(Pos(shown, e.lineno, e.colno), "json-syntax", f"not valid JSON: {e.msg}; a run file is the "
                    "page's Export, unedited, or edited with a JSON editor")
        return None
    except RecursionError:
        diags.error(Pos(shown), "too-deep", "JSON nested too deeply; a run file is never this deep")
        return None
    # positions: JSON is YAML 1.2; a tab is JSON whitespace, one column wide either way
    loaded = load_text(text.replace("\t", " "), shown)
    tree = loaded.tree if not loaded.diagnostics.errors else None
    if tree is None:  # valid JSON that the YAML reader refuses (a very long key): no positions, same checks
        tree = _nodes(json.loads(text), Pos(shown))
    if not isinstance(tree, YMap):
        diags.error(tree.pos, "bad-type", "a run file is a JSON object ({...}) as the page's Export writes it")
        return None
    fmt = tree.get("format")
    if not isinstance(fmt, YScalar) or fmt.typed != FORMAT:
        got = fmt.value if isinstance(fmt, YScalar) else None
        hint = ("; it is a run from before runs had names and outcomes: import it on the runbook page "
                "(Import adds it as a run) and Export it again" if got == "mkdocs-runbooks/run@1" else "")
        diags.error(fmt.pos if fmt is not None else tree.pos, "run-format",
                    f"format must be '{FORMAT}', not {json.dumps(got)}{hint}")
        return None
    before = len(diags.errors)
    _validate(tree, SCHEMA, "", diags)
    if len(diags.errors) > before:
        return None
    return _build(tree, shown)


def _nodes(value: Any, pos: Pos) -> YNode:
    if isinstance(value, dict):
        m = YMap(pos)
        for k, v in value.items():
            m.items[k], m.keys[k] = _nodes(v, pos), pos
        return m
    if isinstance(value, list):
        return YSeq([_nodes(v, pos) for v in value], pos)
    tag = {bool: "bool", int: "int", float: "float", type(None): "null"}.get(type(value), "str")
    return YScalar(json.dumps(value) if tag != "str" else value, pos, tag)


_JSON_TYPE = {"str": "string", "bigint": "string", "int": "number", "float": "number", "bool": "boolean", "null": "null"}


def _kind(node: YNode) -> str:
    if isinstance(node, YMap):
        return "object"
    if isinstance(node, YSeq):
        return "array"
    return _JSON_TYPE[node.tag]


def _fits(node: YNode, schema: dict[str, Any]) -> bool:
    probe = Diagnostics()
    _validate(node, schema, "", probe)
    return not probe.errors


def _validate(node: YNode, schema: dict[str, Any], where: str, diags: Diagnostics) -> None:
    """The subset of JSON Schema that ``spec.SCHEMA`` uses, with positions."""
    name = where or "the run"
    if "anyOf" in schema:
        options = schema["anyOf"]
        if not any(_fits(node, s) for s in options):
            real = next((s for s in options if s.get("type") != "null"), options[0])
            _validate(node, real, where, diags)  # the message of the non-null choice
        return
    if "enum" in schema:
        value = node.typed if isinstance(node, YScalar) else None
        if not isinstance(node, YScalar) or value not in schema["enum"] or isinstance(value, (int, float)) \
                and not isinstance(value, bool):
            shown = ", ".join(json.dumps(v) for v in schema["enum"])
            diags.error(node.pos, "run-schema", f"{name} must be one of {shown}")
        return
    kinds = schema.get("type")
    if kinds is not None:
        allowed = kinds if isinstance(kinds, list) else [kinds]
        kind = _kind(node)
        if kind not in allowed:
            diags.error(node.pos, "run-schema", f"{name} must be {' or '.join(allowed)}, not {kind}")
            return
    if isinstance(node, YScalar) and node.tag in ("str", "bigint"):
        text = node.value
        if "maxLength" in schema and len(text) > schema["maxLength"]:
            diags.error(node.pos, "run-schema", f"{name} is {len(text)} characters, more than {schema['maxLength']}")
        if "minLength" in schema and len(text) < schema["minLength"]:
            diags.error(node.pos, "run-schema", f"{name} must not be empty")
        if "pattern" in schema and not re.search(schema["pattern"], text):
            diags.error(node.pos, "run-schema", f"{name} {json.dumps(text[:60])} is not {_pattern_name(schema)}")
    if isinstance(node, YSeq) and "items" in schema:
        for i, child in enumerate(node.items):
            _validate(child, schema["items"], f"{where}[{i}]", diags)
    if isinstance(node, YMap):
        props: dict[str, Any] = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in node.items:
                diags.error(node.pos, "run-schema", f"{name} has no '{key}'; the page's Export always writes it")
        extra = schema.get("additionalProperties", True)
        for key, child in node.items.items():
            path = f"{where}.{key}" if where else key
            if key in props:
                _validate(child, props[key], path, diags)
            elif extra is False:
                diags.error(node.keys[key], "run-schema", f"unknown key '{key}' in {name}{did_you_mean(key, props)}")
            elif isinstance(extra, dict):
                _validate(child, extra, path, diags)


def _pattern_name(schema: dict[str, Any]) -> str:
    if "\\d{4}" in schema["pattern"]:
        return "an ISO-8601 date and time with an offset, e.g. 2026-11-30T19:02:11+01:00"
    return f"an id (letters, digits, '_.-', pattern {schema['pattern']})"


def _build(tree: YMap, shown: str) -> RunFile:
    d = plain(tree)

    def values(key: str, slot: str) -> dict[str, Value]:
        node = tree.get(key)
        out: dict[str, Value] = {}
        if isinstance(node, YMap):
            for k, v in d[key].items():
                out[k] = Value(v[slot], v.get("at"), v.get("by"), node.keys[k])
        return out

    log_node = tree.get("log")
    entries = [Entry(e["at"], e["by"], e["key"], e["value"], e.get("note"), n.pos)
               for e, n in zip(d["log"], log_node.items if isinstance(log_node, YSeq) else [])]
    return RunFile(
        path=shown, runbook=d["runbook"], version=d["version"], id=d["id"], name=d["name"],
        outcome=d.get("outcome"), note=d.get("note") or "", started_at=d["started_at"], ended_at=d.get("ended_at"),
        operators=list(d.get("operators") or []), items=values("items", "checked"), fields=values("fields", "value"),
        log=entries, title=d.get("title") or "", site_version=d.get("site_version") or "", pos=tree.pos,
        at=dict(tree.keys),
    )
