"""Run inputs (``inputs:``, used as ``%{id}``): every reference names a declared input, ids are unique."""

from __future__ import annotations

import re

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.format.model import Item, Runbook, walk_items, walk_sections
from mkdocs_runbooks.format.spec import INPUT_REF_PATTERN

_REF = re.compile(INPUT_REF_PATTERN)


def input_refs(text: str | None) -> list[str]:
    """The input ids ``text`` names as ``%{id}``, in order."""
    return _REF.findall(text) if text and "%{" in text else []


def check_inputs(runbook: Runbook, diags: Diagnostics) -> None:
    """Errors into ``diags`` for duplicate run inputs and ``%{id}`` references to inputs not declared."""
    declared: dict[str, Pos] = {}
    for i in runbook.inputs:
        pos = i.at.get("id", i.pos)
        if i.id in declared:
            diags.error(pos, "duplicate-id", f"duplicate run input '{i.id}' (already declared at line "
                        f"{declared[i.id].line}); input ids must be unique")
        declared.setdefault(i.id, pos)

    def refs(text: str | None, pos: Pos, what: str) -> None:
        for name in input_refs(text):
            if name not in declared:
                hint = did_you_mean(name, declared) or f"; declare it under 'inputs:' (- {{id: {name}, label: ...}})"
                diags.error(pos, "unknown-input", f"{what} uses run input '%{{{name}}}', which is not declared{hint}")

    def items(entries: list[Item]) -> None:
        for it in walk_items(entries):  # every item of the runbook: test for "%{" before any call
            if "%{" in it.text:
                refs(it.text, it.at.get("text", it.pos), f"item '{it.id}'")
            if it.details and "%{" in it.details:
                refs(it.details, it.at.get("details", it.pos), f"item '{it.id}'")
            if it.command is not None and "%{" in it.command.code:
                refs(it.command.code, it.at.get("command", it.pos), f"the command of '{it.id}'")

    for s in walk_sections(runbook.sections):
        items(s.items)
    for p in runbook.procedures:
        items(p.steps)
    for t in runbook.triggers:
        refs(t.text, t.at.get("text", t.pos), f"trigger '{t.id}'")
