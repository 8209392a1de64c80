"""Every key the format declares reaches every view: change it in a source and the diff,
the "version not bumped" check, the textconv outline and the resolved JSON all see it.

The keys come from spec.SHAPES, so a key added to the format without a view fails here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from mkdocs_runbooks.diff import diff_runbooks
from mkdocs_runbooks.diff.outline import outline
from mkdocs_runbooks.diff.versions import content_changes
from mkdocs_runbooks.format.export import runbook_dict
from mkdocs_runbooks.format.spec import SHAPES
from mkdocs_runbooks.pipeline import compile_text

FIELD = {"id": "f", "type": "choice", "label": "Pick", "unit": "min", "options": ["a", "b"], "na": False,
         "required": True, "placeholder": "choose"}
ITEM = {"id": "i", "text": "Deploy the app", "kind": "step", "checked": False, "severity": "high",
        "owner": "Ops", "estimate": "5 min", "command": {"code": "make deploy", "lang": "bash"},
        "rollback": "p", "irreversible": False, "details": "Some *details*.", "fields": [FIELD],
        "when": "true", "items": [{"id": "child", "text": "Child"}]}
BASE: dict[str, Any] = {
    "id": "every-key", "title": "Every key", "version": "1.0.0", "vars": {"who": "ops"},
    "meta": {k: "2099-01-01" if k in ("last_updated", "next_review", "target_date") else f"m-{k}"
             for k in SHAPES["meta"]},
    "intro": "Intro text.",
    "sections": [{"id": "s", "title": "Deploy", "mode": "do-confirm", "deploy": True, "estimate": "10 min",
                  "owner": "Ops", "intro": "Section intro.", "when": "true",
                  "items": [ITEM, {"id": "n", "text": "No undo", "kind": "step", "command": "true",
                                   "rollback": "none", "rollback_reason": "read-only"}],
                  "sections": [{"id": "sub", "title": "Sub", "items": [{"id": "x", "text": "X"}]}]}],
    "procedures": [{"id": "p", "title": "Roll back", "intro": "Proc intro.", "estimate": "5 min", "owner": "Ops",
                    "when": "true", "steps": [{"id": "st", "text": "Stop"}]},
                   {"id": "q", "title": "Other", "steps": [{"id": "st2", "text": "Stop too"}]}],
    "triggers": [{"id": "t", "text": "Errors > 1%", "procedure": "p", "when": "true"}],
    "signoff": [{"id": "so", "title": "Approval", "roles": ["QA"], "fields": ["name", "date"], "when": "true"}],
    "contacts": [{"role": "On-call", "name": "Ana", "phone": "1", "email": "a@x", "notes": "24/7"},
                 {"role": "Backup", "name": "Bo"}],
    "inputs": [{"id": "release", "label": "Release tag", "placeholder": "v1.0.0"}],
}

#: Where each shape sits in BASE.
PATHS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "runbook": lambda d: d,
    "meta": lambda d: d["meta"],
    "section": lambda d: d["sections"][0],
    "item": lambda d: d["sections"][0]["items"][0],
    "command": lambda d: d["sections"][0]["items"][0]["command"],
    "field": lambda d: d["sections"][0]["items"][0]["fields"][0],
    "procedure": lambda d: d["procedures"][0],
    "trigger": lambda d: d["triggers"][0],
    "signoff": lambda d: d["signoff"][0],
    "contact": lambda d: d["contacts"][0],
    "input": lambda d: d["inputs"][0],
}
#: Keys whose change is not a change of the resolved runbook, with the reason.
NOT_RESOLVED = {
    ("runbook", "id"): "a different runbook, not a change of this one",
    ("runbook", "extends"): "needs a template; resolution is tested in test_templates.py",
    ("runbook", "description"): "template-only documentation; not part of a resolved runbook",
    ("runbook", "remove"): "variant operation, consumed by resolution",
    ("runbook", "replace"): "variant operation, consumed by resolution",
    ("runbook", "insert"): "variant operation, consumed by resolution",
    ("runbook", "patch"): "variant operation, consumed by resolution",
}
#: Keys that are the element's identity: changing one removes it and adds another.
IDENTITY = {("contact", "role")}


def _mutate(shape: str, key: str, value: Any) -> Any:
    spec = SHAPES[shape][key]
    if key == "when":
        return "false"
    if key in ("rollback", "procedure"):
        return "q"
    if key == "deploy":
        return False
    if spec.type == "bool":
        return not value
    if spec.type == "enum":
        return next(e for e in spec.enum if e != value)
    if spec.type == "command":
        return {"code": "make deploy-again", "lang": "bash"}
    if spec.type == "strlist":
        extra = next((e for e in spec.enum if e not in value), None) if spec.enum else "extra"
        return [*value, extra]
    if spec.type == "vars":
        return {**value, "who": "sre"}
    if spec.type == "list":
        return value[:-1] if len(value) > 1 else value + [copy.deepcopy(value[0]) | {"id": "added"}]
    if spec.type == "shape":  # meta: change its text keys, keep its dates valid
        return {k: v if k in ("last_updated", "next_review", "target_date") else f"{v} changed"
                for k, v in value.items()}
    if key == "estimate":
        return "45 min"
    if shape == "meta" and key in ("last_updated", "next_review", "target_date"):
        return "2099-02-02"
    if key == "version":
        return "1.0.1"
    return f"{value} changed"


def _node(shape: str, key: str, source: dict[str, Any]) -> dict[str, Any]:
    if (shape, key) == ("item", "rollback_reason"):  # only allowed beside `rollback: none`
        return source["sections"][0]["items"][1]
    return PATHS[shape](source)


def _cases() -> list[tuple[str, str]]:
    out = []
    for shape, keys in SHAPES.items():
        if shape == "fragment":
            continue
        for key in keys:
            if (shape, key) not in NOT_RESOLVED and key != "id":
                out.append((shape, key))
    return out


def _compile(source: dict[str, Any]) -> Any:
    c = compile_text(json.dumps(source), "every-key.runbook.yml")
    assert c.runbook is not None and not c.diagnostics.errors, [d.format() for d in c.diagnostics]
    return c.runbook


def test_base_sets_every_key() -> None:
    for shape, path in PATHS.items():
        missing = [k for k in SHAPES[shape] if k not in _node(shape, k, BASE) and (shape, k) not in NOT_RESOLVED]
        assert not missing, f"BASE leaves {shape} keys unset: {missing}"


@pytest.mark.parametrize(("shape", "key"), _cases())
def test_every_key_change_reaches_every_view(shape: str, key: str) -> None:
    new = copy.deepcopy(BASE)
    node = _node(shape, key, new)
    node[key] = _mutate(shape, key, node[key])
    old_rb, new_rb = _compile(BASE), _compile(new)

    changes = diff_runbooks(old_rb, new_rb).changes
    assert changes, f"{shape}.{key}: the diff says 'no changes'"
    named = {a for c in changes for a in c.attributes}
    if shape == "runbook" and SHAPES[shape][key].type == "list" or key in ("when", "items", "sections", "steps") \
            or (shape, key) in IDENTITY:
        pass  # elements added or removed
    elif key in ("text", "title"):
        assert {c.change for c in changes} == {"reworded"}, changes
    elif shape in ("command", "field"):
        assert named == {shape + "s" if shape == "field" else shape}, changes
    elif shape == "input":  # run inputs are one attribute of the runbook, not elements of the page
        assert named == {"inputs"}, changes
    elif shape == "meta" or key == "meta":
        assert named and all(a.startswith("meta.") for a in named), changes
    else:
        assert named == {key}, changes
    assert outline(old_rb) != outline(new_rb), f"{shape}.{key}: the textconv outline does not show it"
    assert runbook_dict(old_rb) != runbook_dict(new_rb), f"{shape}.{key}: the resolved JSON does not show it"
    if not (shape == "runbook" and key == "version") and not (shape == "meta" and key in (
            "last_updated", "next_review")):
        assert content_changes(old_rb, new_rb), f"{shape}.{key}: 'version not bumped' misses it"


@pytest.mark.parametrize("key", ["deploy", "rollback_reason", "placeholder"])
def test_issue_17_keys_exit_code(key: str, tmp_path: Any) -> None:
    """The keys of the report: `runbooks diff --exit-code` exits 1 when one changes."""
    from mkdocs_runbooks.cli.main import main

    new = copy.deepcopy(BASE)
    if key == "deploy":
        new["sections"][0]["deploy"] = False
    elif key == "rollback_reason":
        new["sections"][0]["items"][1]["rollback_reason"] = "it only reads"
    else:
        new["sections"][0]["items"][0]["fields"][0]["placeholder"] = "pick one"
    a, b = tmp_path / "a.runbook.yml", tmp_path / "b.runbook.yml"
    a.write_text(json.dumps(BASE), encoding="utf-8")
    b.write_text(json.dumps(new), encoding="utf-8")
    assert main(["diff", "--exit-code", str(a), str(b)]) == 1
