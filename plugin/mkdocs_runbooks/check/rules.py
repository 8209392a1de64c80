"""Checks on a resolved runbook: ids, references and lint rules.

Every rule reports a positioned diagnostic; none raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs_runbooks.check.inputs import check_inputs
from mkdocs_runbooks.check.review import check_review
from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.format.model import LANG_PATTERN, Item, Runbook, walk_items, walk_sections
from mkdocs_runbooks.format.spec import PAGE_IDS
from mkdocs_runbooks.resolve.rollback import check_rollback


@dataclass
class ProjectIndex:
    """What other runbooks offer to cross-runbook references: id -> procedure ids."""

    procedures: dict[str, set[str]] = field(default_factory=dict)
    #: (runbook id, procedure id) pairs that some runbook's cross-runbook reference names
    referenced: set[tuple[str, str]] = field(default_factory=set)


def check(runbook: Runbook, diags: Diagnostics, index: ProjectIndex | None = None) -> None:
    """Report the lint and reference rules of DESIGN.md on a resolved ``runbook`` into ``diags``.

    ``index`` (the whole project) adds the cross-runbook checks.
    """
    _unique_ids(runbook, diags)
    _command_langs(runbook, diags)
    _references(runbook, diags, index)
    check_rollback(runbook, diags, index.referenced if index else None)
    check_review(runbook, diags)
    check_inputs(runbook, diags)


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _unique_ids(runbook: Runbook, diags: Diagnostics) -> None:
    # One page is one HTML id namespace: sections, items, procedures, steps, triggers, sign-offs.
    seen: dict[str, tuple[str, Pos]] = {}

    def claim(ident: str, what: str, pos: Pos) -> None:
        if ident in PAGE_IDS:
            diags.error(pos, "reserved-id", f"id '{ident}' is used by the page's own '{ident}' heading; "
                        f"choose another, e.g. '{runbook.id}-{ident}'")
            return
        first = seen.get(ident)
        if first is None:
            seen[ident] = (what, pos)
            return
        where = f"line {first[1].line}" if first[1].path == pos.path else str(first[1])
        diags.error(
            pos, "duplicate-id",
            f"duplicate id '{ident}' (already used by {_article(first[0])} {first[0]} at {where}); "
            "ids must be unique in a runbook",
        )

    def items(entries: list[Item], what: str) -> None:
        for item in walk_items(entries):
            ident = item.id
            if ident in seen or ident in PAGE_IDS:
                claim(ident, what, item.at.get("id", item.pos))
            else:  # the common case, inline: an item per loop of a 2,000-item page
                seen[ident] = (what, item.at.get("id", item.pos))
            if len(item.fields) > 1:
                fids: set[str] = set()
                for f in item.fields:
                    if f.id in fids:
                        diags.error(f.at.get("id", f.pos), "duplicate-id", f"duplicate field id '{f.id}' in item '{item.id}'")
                    fids.add(f.id)

    for section in walk_sections(runbook.sections):
        claim(section.id, "section", section.at.get("id", section.pos))
        items(section.items, "item")
    for proc in runbook.procedures:
        claim(proc.id, "procedure", proc.at.get("id", proc.pos))
        items(proc.steps, "procedure step")
    for trigger in runbook.triggers:
        claim(trigger.id, "trigger", trigger.at.get("id", trigger.pos))
    for block in runbook.signoff:
        claim(block.id, "sign-off block", block.at.get("id", block.pos))
        claim(f"{block.id}-title", "sign-off block's heading", block.at.get("id", block.pos))
        slugs: set[str] = set()
        for role in block.roles:
            # the same role written twice ("QA Lead", "qa-lead"); different non-ASCII roles whose ASCII
            # slugs collide are not an error: their rows get keys of their own (render/controls.py)
            s = re.sub(r"[\W_]+", "", role.casefold())
            if s in slugs:
                diags.error(block.at.get("roles", block.pos), "duplicate-id",
                            f"role '{role}' appears twice in sign-off '{block.id}'")
            slugs.add(s)
        if len(set(block.fields)) < len(block.fields):  # two columns, one saved key
            twice = sorted({f for f in block.fields if block.fields.count(f) > 1})
            diags.error(block.at.get("fields", block.pos), "duplicate-id",
                        f"column '{twice[0]}' appears twice in sign-off '{block.id}'; list each column once")


def _command_langs(runbook: Runbook, diags: Diagnostics) -> None:
    # the language goes into a Markdown fence and an HTML class: anything but a plain word breaks the page
    lists = [s.items for s in walk_sections(runbook.sections)] + [p.steps for p in runbook.procedures]
    for items in lists:
        for item in walk_items(items):
            cmd = item.command
            if cmd is not None and cmd.lang and not LANG_PATTERN.fullmatch(cmd.lang):
                diags.error(cmd.at.get("lang", cmd.pos), "bad-value",
                            f"command language '{cmd.lang}' of '{item.id}' is not a plain word; write a "
                            "highlighting language such as 'bash', 'sql' or 'python' (letters, digits, '+#.-_')")


def _ref_ok(ref: str, local: set[str], runbook_id: str, index: ProjectIndex | None) -> str | None:
    """None when the reference resolves, else the error message."""
    if "#" not in ref:
        if ref in local:
            return None
        hint = did_you_mean(ref, local)
        elsewhere = sorted(r for r, procs in (index.procedures if index else {}).items() if ref in procs and r != runbook_id)
        if not hint and elsewhere:  # the procedure lives in another runbook
            hint = f", did you mean '{elsewhere[0]}#{ref}'?"
        return f"unknown procedure '{ref}'{hint}"
    other, _, proc = ref.partition("#")
    if not other or not proc or "#" in proc:
        return f"malformed reference '{ref}'; write 'procedure-id' or 'runbook-id#procedure-id'"
    if other == runbook_id:
        return _ref_ok(proc, local, runbook_id, index)
    if index is None:
        return None  # a single file checked alone cannot see other runbooks
    if other not in index.procedures:
        return f"unknown runbook '{other}' in '{ref}'{did_you_mean(other, index.procedures)}"
    procs = index.procedures[other]
    if proc not in procs:
        return f"runbook '{other}' has no procedure '{proc}'{did_you_mean(proc, procs)}"
    return None


def _references(runbook: Runbook, diags: Diagnostics, index: ProjectIndex | None) -> None:
    local = {p.id for p in runbook.procedures}
    lists = [("item", s.items) for s in walk_sections(runbook.sections)]
    lists += [("step", p.steps) for p in runbook.procedures]
    for what, items in lists:
        for item in walk_items(items):
            if item.rollback and item.rollback != "none":
                msg = _ref_ok(item.rollback, local, runbook.id, index)
                if msg:
                    diags.error(item.at.get("rollback", item.pos), "dangling-ref", f"{what} '{item.id}': {msg}")
    for trigger in runbook.triggers:
        if trigger.procedure:
            msg = _ref_ok(trigger.procedure, local, runbook.id, index)
            if msg:
                diags.error(trigger.at.get("procedure", trigger.pos), "dangling-ref", f"trigger '{trigger.id}': {msg}")
