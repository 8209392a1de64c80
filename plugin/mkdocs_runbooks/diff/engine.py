"""Compare resolved runbooks element by element, by id.

Every element of a page shares one id namespace (DESIGN.md §5), so an id
names the same element on both sides. Text changes are "reworded" (with a
word diff), other attribute changes are "changed" with the attribute list,
and only elements whose order relative to their siblings changed (or whose
container changed) are "moved" (see moves.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_runbooks.diff.attrs import element_attributes, runbook_attributes
from mkdocs_runbooks.diff.changes import AttrChange, Change, RunbookDiff
from mkdocs_runbooks.diff.moves import moved
from mkdocs_runbooks.diff.words import word_diff
from mkdocs_runbooks.format.model import Item, Runbook, Section
from mkdocs_runbooks.format.slugs import slugify


@dataclass
class Node:
    """An element of a runbook as the diff sees it: kind, the model object, its container key and position."""
    element: str  # section | item | step | procedure | trigger | signoff | contact
    obj: Any
    parent: str  # container key: "sections", "section:ID", "item:ID", "procedure:ID", "procedures", ...
    index: int  # document order


def flatten(rb: Runbook) -> tuple[dict[str, Node], dict[str, list[str]]]:
    """Every element by id, and every container's child ids in order."""
    nodes: dict[str, Node] = {}
    children: dict[str, list[str]] = {}

    def put(ident: str, node: Node) -> None:
        nodes.setdefault(ident, node)  # a duplicate id is check's business; keep the first
        children.setdefault(node.parent, []).append(ident)

    def items(entries: list[Item], parent: str, element: str) -> None:
        for it in entries:
            put(it.id, Node(element, it, parent, len(nodes)))
            items(it.items, f"item:{it.id}", element)

    def sections(entries: list[Section], parent: str) -> None:
        for s in entries:
            put(s.id, Node("section", s, parent, len(nodes)))
            items(s.items, f"section:{s.id}", "item")
            sections(s.sections, f"section:{s.id}")

    sections(rb.sections, "sections")
    for p in rb.procedures:
        put(p.id, Node("procedure", p, "procedures", len(nodes)))
        items(p.steps, f"procedure:{p.id}", "step")
    for t in rb.triggers:
        put(t.id, Node("trigger", t, "triggers", len(nodes)))
    for b in rb.signoff:
        put(b.id, Node("signoff", b, "signoff", len(nodes)))
    for c in rb.contacts:
        put(f"contact:{slugify(c.role)}", Node("contact", c, "contacts", len(nodes)))
    return nodes, children


def container_label(key: str) -> str:
    """A container key (`sections`, `section:deploy`) as shown to users (`top level`, `section deploy`)."""
    kind, _, ident = key.partition(":")
    if not ident:
        return {"sections": "top level"}.get(kind, kind)
    return f"{kind} {ident}"


def text_of(node: Node) -> str:
    """The text the diff compares for `node` (an item's text, a section's title, a contact's role)."""
    o = node.obj
    if node.element in ("item", "step", "trigger"):
        return str(o.text)
    if node.element == "contact":
        return str(o.role)
    return str(o.title)


def _group(element: str) -> str:
    return "entry" if element in ("item", "step") else element


# -- the comparison ------------------------------------------------------------
def _attr_change(element: str, ident: str, before: dict[str, str | None], after: dict[str, str | None],
                 **kw: Any) -> Change | None:
    details = [AttrChange(k, before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)]
    if not details:
        return None
    if len(details) == 1:
        b, a = details[0].before, details[0].after
    else:
        b = "; ".join(f"{d.attribute}: {d.before if d.before is not None else '-'}" for d in details)
        a = "; ".join(f"{d.attribute}: {d.after if d.after is not None else '-'}" for d in details)
    return Change("changed", element, ident, [d.attribute for d in details], b, a, details=details, **kw)


def _reword(element: str, ident: str, before: str, after: str, **kw: Any) -> Change | None:
    if before.strip() == after.strip():
        return None
    return Change("reworded", element, ident, ["title" if element not in ("item", "step", "trigger") else "text"],
                  before, after, words=word_diff(before, after), **kw)


def diff_runbooks(old: Runbook | None, new: Runbook | None, source: str = "") -> RunbookDiff:
    """The changes that turn ``old`` into ``new`` (either may be None: added/removed runbook)."""
    ref = new or old
    assert ref is not None
    out = RunbookDiff(ref.id, ref.title, "unchanged", source,
                      version_before=old.version if old else None, version_after=new.version if new else None,
                      extends=list((new or old).extends or []))  # type: ignore[union-attr]
    if old is None or new is None:
        out.status = "added" if old is None else "removed"
        out.changes.append(Change(out.status, "runbook", ref.id, [], None if new else ref.title,
                                  ref.title if new else None, order=-1))
        return out
    changes = out.changes
    head = _reword("runbook", new.id, old.title, new.title, order=-2)
    if head:
        changes.append(head)
    head = _attr_change("runbook", new.id, runbook_attributes(old, old.secrets), runbook_attributes(new, new.secrets), order=-1)
    if head:
        changes.append(head)

    onodes, ochildren = flatten(old)
    nnodes, nchildren = flatten(new)
    moved_ids: set[str] = set()
    for key, kids in nchildren.items():
        same = [k for k in ochildren.get(key, []) if k in nnodes and nnodes[k].parent == key]
        moved_ids |= moved(same, [k for k in kids if k in onodes and onodes[k].parent == key])

    # removed elements sort after the new element that precedes them on the old side
    last_new = -1.0
    removed_order: dict[str, float] = {}
    for ident in onodes:
        if ident in nnodes:
            last_new = float(nnodes[ident].index)
        else:
            removed_order[ident] = last_new + 0.5

    def position(children: dict[str, list[str]], node: Node, ident: str) -> str:
        return f"{container_label(node.parent)}, position {children[node.parent].index(ident) + 1}"

    for ident, o in onodes.items():
        if ident not in nnodes or _group(o.element) != _group(nnodes[ident].element):
            changes.append(Change("removed", o.element, ident, [], text_of(o), None,
                                  where=container_label(o.parent), origin=getattr(o.obj, "origin", None) or None,
                                  order=removed_order.get(ident, float(o.index))))
    for ident, n in nnodes.items():
        kw: dict[str, Any] = {"where": container_label(n.parent), "origin": getattr(n.obj, "origin", None) or None,
              "order": float(n.index)}
        was = onodes.get(ident)
        if was is None or _group(was.element) != _group(n.element):
            changes.append(Change("added", n.element, ident, [], None, text_of(n), **kw))
            continue
        if was.parent != n.parent or ident in moved_ids:
            changes.append(Change("moved", n.element, ident, ["position"], position(ochildren, was, ident),
                                  position(nchildren, n, ident), **kw))
        if n.element != "contact":
            c = _reword(n.element, ident, text_of(was), text_of(n), **kw)
            if c:
                changes.append(c)
        before, after = element_attributes(was.element, was.obj), element_attributes(n.element, n.obj)
        if was.element != n.element:  # an item became a procedure step or back
            before["element"], after["element"] = was.element, n.element
        c = _attr_change(n.element, ident, before, after, **kw)
        if c:
            changes.append(c)
    changes.sort(key=lambda c: c.order)
    if changes:
        out.status = "changed"
    return out
