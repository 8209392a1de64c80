"""Variant operations, applied by id: remove, replace, insert, patch.

They run in that order on the runbook merged so far, so a patch may target an
inserted element. An unknown id is an error at its position, with a
"did you mean".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.format.model import Element, Field, Item, Procedure, Runbook, Section, Signoff, Trigger
from mkdocs_runbooks.format.source import SourceRunbook
from mkdocs_runbooks.format.spec import SHAPES
from mkdocs_runbooks.load.nodes import YMap, YScalar
from mkdocs_runbooks.load.ops import Insert, InsertEntry, Patch, Remove, Replace
from mkdocs_runbooks.load.parse import Parser
from mkdocs_runbooks.resolve.includes import Expander

_SHAPE_OF: dict[type, str] = {Section: "section", Item: "item", Procedure: "procedure", Trigger: "trigger",
                              Signoff: "signoff"}


@dataclass
class Loc:
    """Where an element stands: the list holding it, the element, and the element holding the list."""
    container: list[Any]  # a list of the element's kind (list[Item], list[Section], ...)
    element: Element
    parent: Any  # the Section/Item/Procedure/Runbook holding the container


def index(rb: Runbook) -> dict[str, Loc]:
    """Every addressable element by id (the first one in document order, when ids repeat)."""
    out: dict[str, Loc] = {}
    add_sections(out, rb.sections, rb)
    for p in rb.procedures:
        out.setdefault(p.id, Loc(rb.procedures, p, rb))
        add_items(out, p.steps, p)
    for t in rb.triggers:
        out.setdefault(t.id, Loc(rb.triggers, t, rb))
    for b in rb.signoff:
        out.setdefault(b.id, Loc(rb.signoff, b, rb))
    return out


def add_items(out: dict[str, Loc], container: list[Any], parent: Any, only: list[Any] | None = None) -> None:
    """Index items (and their sub-items) of ``container``; ``only`` limits it to some of them."""
    for el in container if only is None else only:
        out.setdefault(el.id, Loc(container, el, parent))
        add_items(out, el.items, el)


def add_sections(out: dict[str, Loc], container: list[Section], parent: Any, only: list[Any] | None = None) -> None:
    """Index the sections of ``container`` (and what they hold) by id into ``out``."""
    for s in container if only is None else only:
        out.setdefault(s.id, Loc(container, s, parent))
        add_items(out, s.items, s)
        add_sections(out, s.sections, s)


class Variants:
    """Applies one layer's operations; ``expand`` splices fragments into what they parse
    (``- include:`` works in operations too)."""

    def __init__(self, diags: Diagnostics, origin: str, expand: Expander | None = None) -> None:
        self.diags = diags
        self.parser = Parser(diags, origin)
        self.expand = expand or Expander(None, diags)

    def apply(self, rb: Runbook, layer: SourceRunbook) -> None:
        """Run ``layer``'s operations on ``rb``. The element index is built once, on the
        first operation, and kept up to date as elements are inserted or replaced:
        rebuilding it for every insert made resolution quadratic in the runbook's size."""
        self._idx: dict[str, Loc] | None = None
        if layer.remove is not None:
            self.remove(rb, layer.remove)
        if layer.replace is not None:
            self.replace(rb, layer.replace)
        if layer.insert is not None:
            self.insert(rb, layer.insert)
        if layer.patch is not None:
            self.patch(rb, layer.patch)

    def _index(self, rb: Runbook) -> dict[str, Loc]:
        if getattr(self, "_idx", None) is None:
            self._idx = index(rb)
        assert self._idx is not None
        return self._idx

    def _find(self, idx: dict[str, Loc], ident: str, pos: Pos, op: str) -> Loc | None:
        loc = idx.get(ident)
        if loc is None:
            self.diags.error(pos, "unknown-target", f"{op}: no element with id '{ident}'{did_you_mean(ident, idx)}")
        return loc

    def remove(self, rb: Runbook, op: Remove) -> None:
        """``remove: [id, ...]``: drop those elements."""
        idx = self._index(rb)
        for t in op.targets:
            loc = self._find(idx, t.id, t.pos, "remove")
            if loc is not None and loc.element in loc.container:
                loc.container.remove(loc.element)
                _unindex(idx, loc.element)

    def replace(self, rb: Runbook, op: Replace) -> None:
        """``replace: {id: element}``: put a new element in that place."""
        idx = self._index(rb)
        for entry in op.entries:
            ident = entry.target.id
            loc = self._find(idx, ident, entry.target.pos, "replace")
            if loc is None:
                continue
            shape = _SHAPE_OF[type(loc.element)]
            new = self._expanded(shape, self.parser.shape(shape, _with_id(entry.element, ident)))
            if new is not None:
                loc.container[loc.container.index(loc.element)] = new
                self._reindex(idx, loc.container, [new], loc.parent, replaced=loc.element)

    def _expanded(self, shape: str, new: Any) -> Element | None:
        """A freshly parsed element of ``shape`` (or None) with its includes spliced in."""
        if new is None:
            return None
        if shape == "section":
            return self.expand.section(new)
        if shape == "item":
            return self.expand.item(new)
        if shape == "procedure":
            return self.expand.procedure(new)
        done: Trigger | Signoff = new  # triggers and sign-offs hold no lists
        return done

    def insert(self, rb: Runbook, op: Insert) -> None:
        """``insert: [{before|after|start|end: id, items|sections|steps: [...]}]``: add elements there."""
        for entry in op.entries:
            self._insert_one(rb, entry)

    def _insert_one(self, rb: Runbook, entry: InsertEntry) -> None:
        where, what, target = entry.where, entry.what, entry.target
        idx = self._index(rb)
        loc = self._find(idx, target.id, target.pos, "insert")
        if loc is None:
            return
        shape = "section" if what == "sections" else "item"
        parsed = self.parser.list_of("insert", what, shape, entry.elements)
        if not isinstance(parsed, list):
            return
        new: list[Any] = self.expand.sections(parsed) if what == "sections" else self.expand.items(parsed, what)
        if where in ("before", "after"):
            if _SHAPE_OF.get(type(loc.element)) != shape and not (shape == "item" and isinstance(loc.element, Item)):
                self.diags.error(target.pos, "bad-insert", f"cannot insert {what} {where} '{target.id}', "
                                 f"which is a {_SHAPE_OF.get(type(loc.element), 'element')}")
                return
            at = loc.container.index(loc.element) + (1 if where == "after" else 0)
            loc.container[at:at] = new
            self._reindex(idx, loc.container, new, loc.parent)
            return
        holder = loc.element
        container: list[Any]
        if what == "sections" and isinstance(holder, Section):
            container = holder.sections
        elif what != "sections" and isinstance(holder, Procedure):
            container = holder.steps
        elif what != "sections" and isinstance(holder, (Section, Item)):
            container = holder.items
        else:
            self.diags.error(target.pos, "bad-insert", f"'{target.id}' cannot hold {what}")
            return
        if where == "start":
            container[0:0] = new
        else:
            container.extend(new)
        self._reindex(idx, container, new, holder)

    def patch(self, rb: Runbook, op: Patch) -> None:
        """``patch: {id: {key: value}}``: change keys of an element in place."""
        idx = self._index(rb)
        for entry in op.entries:
            loc = self._find(idx, entry.target.id, entry.target.pos, "patch")
            if loc is None:
                continue
            el, attrs = loc.element, entry.changes
            lists = any(k in attrs.items for k in ("items", "sections", "steps"))
            if lists:  # its children may all change: out of the index, and back in after
                _unindex(idx, el, keep_root=True)
            self._patch_one(el, attrs)
            if lists:
                _index_children(idx, el)

    @staticmethod
    def _reindex(idx: dict[str, Loc], container: list[Any], new: list[Any], parent: Any, replaced: Any = None) -> None:
        """Bring the index up to date after ``new`` went into ``container`` (in place of ``replaced``)."""
        if replaced is not None:
            _unindex(idx, replaced)
        if new and isinstance(new[0], Section):
            add_sections(idx, container, parent, only=new)
        elif new and isinstance(new[0], Item):
            add_items(idx, container, parent, only=new)
        else:
            for el in new:
                idx.setdefault(el.id, Loc(container, el, parent))
                if isinstance(el, Procedure):
                    add_items(idx, el.steps, el)

    def _patch_one(self, el: Element, attrs: YMap) -> None:
        shape = _SHAPE_OF[type(el)]
        spec = SHAPES[shape]
        for key, value in attrs.items.items():
            k = spec.get(key)
            if k is None or key == "id":
                hint = "; an id cannot be patched, use replace" if key == "id" else did_you_mean(key, spec)
                self.diags.error(attrs.keys[key], "unknown-key", f"cannot patch '{key}' of {shape}{hint}")
                continue
            converted = self.parser.value(shape, key, k, value)
            if converted is _bad():
                continue
            if key == "fields" and isinstance(el, Item):
                el.fields = _merge_fields(el.fields, converted)
            elif key == "sections" and isinstance(converted, list):
                setattr(el, key, self.expand.sections(converted))
            elif key in ("items", "steps") and isinstance(converted, list):
                setattr(el, key, self.expand.items(converted, key))
            else:
                setattr(el, key, converted)
            el.at[key] = value.pos


def _children(el: Any) -> list[Any]:
    if isinstance(el, Section):
        return [*el.items, *el.sections]
    if isinstance(el, Procedure):
        return list(el.steps)
    return list(getattr(el, "items", None) or [])


def _unindex(idx: dict[str, Loc], el: Any, keep_root: bool = False) -> None:
    """Drop ``el`` and everything under it from the index (as a fresh index would not have them)."""
    if not keep_root:
        loc = idx.get(el.id)
        if loc is not None and loc.element is el:
            del idx[el.id]
    for child in _children(el):
        _unindex(idx, child)


def _index_children(idx: dict[str, Loc], el: Any) -> None:
    if isinstance(el, Section):
        add_items(idx, el.items, el)
        add_sections(idx, el.sections, el)
    elif isinstance(el, Procedure):
        add_items(idx, el.steps, el)
    elif isinstance(el, Item):
        add_items(idx, el.items, el)


def _merge_fields(old: list[Field], new: list[Field]) -> list[Field]:
    """Fields patch by id: same id replaces in place, a new id is appended."""
    by_id = {f.id: i for i, f in enumerate(old)}
    out = list(old)
    for f in new:
        if f.id in by_id:
            out[by_id[f.id]] = f
        else:
            out.append(f)
    return out


def _with_id(node: YMap, ident: str) -> YMap:
    if "id" in node.items:
        return node
    copy = YMap(node.pos)
    copy.items = {"id": YScalar(ident, node.pos), **node.items}
    copy.keys = {"id": node.pos, **node.keys}
    return copy


def _bad() -> Any:
    from mkdocs_runbooks.load.parse import _BAD

    return _BAD
