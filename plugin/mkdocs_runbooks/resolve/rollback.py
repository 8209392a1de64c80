"""Rollback relations: which step each procedure undoes, what starts it, and
what still applies after a point of no return; plus the check rules on them.

Plain model code: no rendering, no MkDocs. ``check/rules.py`` calls ``check_rollback``;
the renderer and the site page read ``rollback_map`` and ``site_procedures``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mkdocs_runbooks.diagnostics import Diagnostics

# The map's data types live with the model, so that a Runbook can hold its map as a typed
# attribute; re-exported here, where the rules that fill them are.
from mkdocs_runbooks.format.model import NONE as NONE
from mkdocs_runbooks.format.model import Item, Procedure, Runbook, Section, Trigger, walk_items
from mkdocs_runbooks.format.model import RollbackMap as RollbackMap
from mkdocs_runbooks.format.model import Step as Step
from mkdocs_runbooks.format.model import real_ref as real_ref
from mkdocs_runbooks.format.model import split_ref as split_ref

# The default for sections without `deploy:`: words in the title. Kept as word lists
# so that the docs page can be tested against them.
DEPLOY_WORDS = ("deploy", "deployment", "migration", "migrate", "rollout", "roll-out", "release", "cutover",
                "cut-over", "switchover", "traffic", "go-live", "launch", "phase N")
NOT_DEPLOY_WORDS = ("pre-deploy", "post-deploy", "pre-release", "post-launch", "pre-flight", "before", "after",
                    "verification", "verify", "smoke", "monitor", "monitoring", "rollback", "roll back", "sign-off")
_DEPLOY_RE = re.compile(
    r"\b(deploy(ment)?s?|migrat(e|es|ion|ions)|roll-?outs?|releases?|cut-?over|switch-?over|traffic|go-live|"
    r"launch(es)?|phase\s+\d+)\b", re.I)
_NOT_DEPLOY_RE = re.compile(
    r"\b(pre|post)[- ]?(deploy\w*|release|launch|migration|cut-?over|go-live|flight)\b|"
    r"\b(before|after|verification|verify|smoke|monitor(ing|s)?|rollback|roll back|sign-?off)\b",
    re.I)


def guess_deploy(title: str) -> bool:
    """The default for a section without ``deploy:``: does its title name a deployment phase?"""
    return bool(_DEPLOY_RE.search(title)) and not _NOT_DEPLOY_RE.search(title)


def _flow(sections: list[Section], inherited: bool | None) -> Iterator[tuple[Section, bool]]:
    # An explicit `deploy:` cascades to subsections; a guess from the title does not
    # ("Deployment day" > "Backup" is not a deployment phase).
    for s in sections:
        explicit = s.deploy if s.deploy is not None else inherited
        yield s, (explicit if explicit is not None else guess_deploy(s.title))
        yield from _flow(s.sections, explicit)


def _items(items: list[Item], covered: bool) -> Iterator[tuple[Item, bool]]:
    for it in items:
        yield it, covered
        yield from _items(it.items, covered or bool(it.rollback))


def _local_triggers(runbook: Runbook) -> dict[str, list[Trigger]]:
    """Procedure id -> the triggers of this runbook that start it."""
    out: dict[str, list[Trigger]] = {}
    for t in runbook.triggers:
        if real_ref(t.procedure):
            rid, pid = split_ref(t.procedure or "", runbook.id)
            if rid == runbook.id:
                out.setdefault(pid, []).append(t)
    return out


def rollback_map(runbook: Runbook) -> RollbackMap:
    """The checklist flow, step by step, with what undoes it; computed once per runbook."""
    cached = runbook.rollback_cache
    if cached is not None:
        return cached
    out = runbook.rollback_cache = RollbackMap(runbook.id, runbook.procedures)
    out.triggers = _local_triggers(runbook)
    active: list[str] = []  # rollbacks that undo the work so far, most recent first
    ponr: Item | None = None
    for section, deploy in _flow(runbook.sections, None):
        for it, covered in _items(section.items, False):
            own = it.rollback if real_ref(it.rollback) else None
            lost: list[str] = []
            if it.irreversible:
                lost = [r for r in active if r != own]
                active = []
                ponr = it
            if own:
                active = [own] + [r for r in active if r != own]
            step = Step(it, section, deploy, covered, ponr, list(active), lost)
            out.steps.append(step)
            out.by_item[it.id] = step
    return out


# -- site-wide ---------------------------------------------------------------
@dataclass
class Backlink:
    """An item of some runbook that names a procedure as its rollback."""

    runbook: str
    item: Item


@dataclass
class ProcedureEntry:
    """A procedure with the items that name it as their rollback and the triggers that start it."""
    runbook: Runbook
    procedure: Procedure
    undone_by: list[Backlink] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)


def remote_backlinks(runbooks: Iterable[Runbook]) -> dict[tuple[str, str], list[Backlink]]:
    """(runbook id, procedure id) -> items of *other* runbooks whose rollback names it."""
    out: dict[tuple[str, str], list[Backlink]] = {}
    for rb in runbooks:
        for it in _all_flow_items(rb):
            if real_ref(it.rollback):
                key = split_ref(it.rollback or "", rb.id)
                if key[0] != rb.id:
                    out.setdefault(key, []).append(Backlink(rb.id, it))
    return out


def site_procedures(runbooks: list[Runbook],
                    remote: dict[tuple[str, str], list[Backlink]] | None = None) -> list[ProcedureEntry]:
    """Every procedure of the site with what points to it, in runbook order;
    ``remote`` is ``remote_backlinks(runbooks)`` when the caller has it already."""
    remote = remote_backlinks(runbooks) if remote is None else remote
    out: list[ProcedureEntry] = []
    for rb in runbooks:
        local: dict[str, list[Backlink]] = {}  # one pass over the items, not one per procedure
        for it in _all_items(rb):
            if real_ref(it.rollback):
                rid, pid = split_ref(it.rollback or "", rb.id)
                if rid == rb.id:
                    local.setdefault(pid, []).append(Backlink(rb.id, it))
        triggers = _local_triggers(rb)
        for p in rb.procedures:
            out.append(ProcedureEntry(rb, p, local.get(p.id, []) + remote.get((rb.id, p.id), []), triggers.get(p.id, [])))
    return out


def _all_flow_items(rb: Runbook) -> Iterator[Item]:
    for section, _ in _flow(rb.sections, None):
        yield from walk_items(section.items)


def _all_items(rb: Runbook) -> Iterator[Item]:
    yield from _all_flow_items(rb)
    for p in rb.procedures:
        yield from walk_items(p.steps)


# -- check rules ---------------------------------------------------------------
def check_rollback(runbook: Runbook, diags: Diagnostics, referenced: set[tuple[str, str]] | None = None) -> None:
    """Rollback rules. ``referenced`` holds (runbook, procedure) pairs named by other runbooks."""
    _unused_procedures(runbook, diags, referenced or set())
    _triggers_without_procedure(runbook, diags)
    _missing_rollbacks(runbook, diags)
    _reasons(runbook, diags)


def _unused_procedures(runbook: Runbook, diags: Diagnostics, referenced: set[tuple[str, str]]) -> None:
    used = set(referenced)
    for it in _all_items(runbook):
        if real_ref(it.rollback):
            used.add(split_ref(it.rollback or "", runbook.id))
    for t in runbook.triggers:
        if real_ref(t.procedure):
            used.add(split_ref(t.procedure or "", runbook.id))
    for p in runbook.procedures:
        if (runbook.id, p.id) not in used:
            diags.warning(
                p.at.get("id", p.pos), "unused-procedure",
                f"procedure '{p.id}' is not used: no step's `rollback` and no trigger's `procedure` names it; "
                f"point one at it (`rollback: {p.id}`) or remove it",
            )


def _triggers_without_procedure(runbook: Runbook, diags: Diagnostics) -> None:
    ids = [p.id for p in runbook.procedures]
    for t in runbook.triggers:
        if real_ref(t.procedure):
            continue
        if len(ids) == 1:
            hint = f"add `procedure: {ids[0]}`"
        elif ids:
            hint = f"add `procedure: <id>`, one of: {', '.join(ids)}"
        else:
            hint = "add a procedure under `procedures:` and name it with `procedure: <id>`"
        where = t.at.get("procedure", t.pos)
        what = "names no procedure (`none`)" if t.procedure == NONE else "has no procedure"
        diags.error(where, "trigger-no-procedure",
                    f"trigger '{t.id}' {what}: an operator who sees it must know where to go; {hint}")


def _missing_rollbacks(runbook: Runbook, diags: Diagnostics) -> None:
    for step in rollback_map(runbook).steps:
        if step.needs_rollback:
            it = step.item
            diags.warning(
                it.at.get("command", it.pos), "no-rollback",
                f"step '{it.id}' runs a command in deployment phase '{step.section.id}' but has no rollback; "
                f"add `rollback: <procedure id>`, or `rollback: none` with a `rollback_reason`",
            )


def _reasons(runbook: Runbook, diags: Diagnostics) -> None:
    for it in _all_items(runbook):
        if it.rollback == NONE and not (it.rollback_reason or "").strip():
            diags.warning(
                it.at.get("rollback", it.pos), "no-rollback-reason",
                f"item '{it.id}' says `rollback: none` without a reason; "
                f"add `rollback_reason: ...` saying why nothing needs undoing",
            )
        elif it.rollback_reason and it.rollback != NONE:
            diags.warning(
                it.at.get("rollback_reason", it.pos), "unused-key",
                f"'rollback_reason' of item '{it.id}' only applies with `rollback: none`",
            )


def referenced_elsewhere(runbook: Runbook) -> set[tuple[str, str]]:
    """(runbook, procedure) pairs that this runbook names in *other* runbooks."""
    refs = [it.rollback for it in _all_items(runbook)] + [t.procedure for t in runbook.triggers]
    pairs = {split_ref(r or "", runbook.id) for r in refs if real_ref(r)}
    return {p for p in pairs if p[0] != runbook.id}
