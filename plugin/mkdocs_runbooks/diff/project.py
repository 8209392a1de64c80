"""Diff two sides (projects or single runbooks) and work out template impact."""

from __future__ import annotations

from mkdocs_runbooks.diff.changes import ProjectDiff, RunbookDiff, TemplateImpact
from mkdocs_runbooks.diff.engine import diff_runbooks
from mkdocs_runbooks.diff.inputs import Side
from mkdocs_runbooks.format.model import Runbook


def diff_sides(old: Side, new: Side) -> ProjectDiff:
    """The diff of two loaded sides: each runbook by id, and the templates whose change reaches them."""
    out = ProjectDiff(old.label, new.label)
    if old.single and new.single and len(old.runbooks) == 1 and len(new.runbooks) == 1:
        # Two files named explicitly: compare them even when their ids differ.
        (oc,), (nc,) = old.runbooks.values(), new.runbooks.values()
        out.runbooks.append(diff_runbooks(oc.runbook, nc.runbook, nc.display))
    else:
        ids = _ids(old, new)
        if old.single or new.single:  # a file against a project: compare that runbook only
            ids = [i for i in ids if i in (old.runbooks if old.single else new.runbooks)]
        for ident in ids:
            before, after = old.runbooks.get(ident), new.runbooks.get(ident)
            either = after or before
            assert either is not None  # ident comes from one side or the other
            out.runbooks.append(diff_runbooks(before.runbook if before else None, after.runbook if after else None,
                                              either.display))
    out.templates = template_impact(out.runbooks, old, new)
    return out


def _ids(old: Side, new: Side) -> list[str]:
    """Runbook ids in NEW's order, then those only in OLD."""
    ids = list(new.runbooks)
    ids += [i for i in old.runbooks if i not in new.runbooks]
    return ids


def template_impact(diffs: list[RunbookDiff], old: Side, new: Side) -> list[TemplateImpact]:
    """Per template: which runbooks got changes that came from it."""
    known = set(old.templates) | set(new.templates)
    for side in (old, new):
        for rb in side.models().values():
            known.update(rb.extends or [])
    impacts: dict[str, TemplateImpact] = {}
    for t in sorted(known):
        before, after = old.templates.get(t), new.templates.get(t)
        if before != after and (before or after) and not (old.single or new.single):
            impacts[t] = TemplateImpact(t, file_changed=True)
    for d in diffs:
        for c in d.changes:
            origin = c.origin
            if not origin or origin == d.id or origin not in known:
                continue
            imp = impacts.setdefault(origin, TemplateImpact(origin))
            imp.changes += 1
            if d.id not in imp.runbooks:
                imp.runbooks.append(d.id)
    return [impacts[k] for k in sorted(impacts)]


def variants_of(template: str, runbooks: dict[str, Runbook]) -> list[str]:
    """Ids of the runbooks whose resolution chain includes ``template``."""
    return sorted(i for i, rb in runbooks.items() if template in (rb.extends or []))
