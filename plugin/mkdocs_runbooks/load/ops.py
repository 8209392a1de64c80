"""Variant operations as parsed from a source or template: remove, replace, insert, patch.

The parser (load/parse.py) checks their structure here, once per file; resolution
(resolve/variants.py) applies them by id to the runbook merged so far. Each id keeps
its position, so an unknown target is reported where it was written. The elements an
operation brings in stay positioned YAML nodes until applied: a replacement's shape is
its target's, and a patch's keys are read against the target's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.load.nodes import YMap, YNode, YScalar, YSeq

Where = Literal["before", "after", "start", "end"]
What = Literal["items", "sections", "steps"]
WHERE: tuple[Where, ...] = ("before", "after", "start", "end")
WHAT: tuple[What, ...] = ("items", "sections", "steps")
#: The source keys that hold variant operations (spec type ``raw``).
OP_KEYS = ("remove", "replace", "insert", "patch")


@dataclass(frozen=True, slots=True)
class Target:
    """An element id named by an operation, where it was written."""

    id: str
    pos: Pos


@dataclass(slots=True)
class Remove:
    """``remove: [id, ...]``: drop those elements."""

    targets: list[Target]
    pos: Pos


@dataclass(slots=True)
class ReplaceEntry:
    """``id: {element}`` of a replace: the element is parsed as the target's shape when applied."""

    target: Target
    element: YMap


@dataclass(slots=True)
class Replace:
    """``replace: {id: element}``: put a whole new element in that place."""

    entries: list[ReplaceEntry]
    pos: Pos


@dataclass(slots=True)
class InsertEntry:
    """One ``{before|after|start|end: id, items|sections|steps: [...]}`` of an insert."""

    where: Where
    target: Target
    what: What
    #: the list to insert, parsed as items or sections when applied (a non-list is reported then)
    elements: YNode
    pos: Pos


@dataclass(slots=True)
class Insert:
    """``insert: [...]``: add elements before, after, or at the start or end of an element."""

    entries: list[InsertEntry]
    pos: Pos


@dataclass(slots=True)
class PatchEntry:
    """``id: {key: value}`` of a patch: the keys are read against the target's shape when applied."""

    target: Target
    changes: YMap


@dataclass(slots=True)
class Patch:
    """``patch: {id: {key: value}}``: change some keys of an element in place."""

    entries: list[PatchEntry]
    pos: Pos


Operation = Remove | Replace | Insert | Patch


def parse_op(name: str, node: YNode, diags: Diagnostics) -> Operation | None:
    """The operation under source key ``name`` (one of ``OP_KEYS``); structural problems become errors."""
    if name == "remove":
        return _remove(node, diags)
    if name == "replace":
        return _replace(node, diags)
    if name == "insert":
        return _insert(node, diags)
    if name == "patch":
        return _patch(node, diags)
    raise AssertionError(f"no variant operation {name!r}")  # a bug in the declaration, not user input


def _remove(node: YNode, diags: Diagnostics) -> Remove | None:
    if not isinstance(node, YSeq):
        diags.error(node.pos, "wrong-type", "'remove' takes a list of ids, e.g. `remove: [old-step]`")
        return None
    targets = []
    for child in node.items:
        if isinstance(child, YScalar):
            targets.append(Target(child.value, child.pos))
        else:
            diags.error(child.pos, "wrong-type", "'remove' takes a list of ids")
    return Remove(targets, node.pos)


def _replace(node: YNode, diags: Diagnostics) -> Replace | None:
    if not isinstance(node, YMap):
        diags.error(node.pos, "wrong-type", "'replace' is a mapping `{id: element}`")
        return None
    entries = []
    for ident, value in node.items.items():
        if isinstance(value, YMap):
            entries.append(ReplaceEntry(Target(ident, node.keys[ident]), value))
        else:
            diags.error(value.pos, "wrong-type", f"replace: '{ident}' must map to a whole element")
    return Replace(entries, node.pos)


def _insert(node: YNode, diags: Diagnostics) -> Insert | None:
    if not isinstance(node, YSeq):
        diags.error(node.pos, "wrong-type", "'insert' is a list of `{before|after|start|end: id, items: [...]}`")
        return None
    entries = []
    for entry in node.items:
        if not isinstance(entry, YMap):
            diags.error(entry.pos, "wrong-type", "each 'insert' entry is a mapping")
            continue
        one = _insert_one(entry, diags)
        if one is not None:
            entries.append(one)
    return Insert(entries, node.pos)


def _insert_one(entry: YMap, diags: Diagnostics) -> InsertEntry | None:
    anchors = [k for k in WHERE if k in entry.items]
    payload = [k for k in WHAT if k in entry.items]
    for k in entry.items:
        if k not in WHERE and k not in WHAT:
            diags.error(entry.keys[k], "unknown-key", f"unknown key '{k}' in insert{did_you_mean(k, WHERE + WHAT)}")
    if len(anchors) != 1 or len(payload) != 1:
        diags.error(entry.pos, "bad-insert",
                    "an insert names one place (before, after, start or end) and one list (items, sections or steps)")
        return None
    where, what = anchors[0], payload[0]
    target = entry.items[where]
    if not isinstance(target, YScalar):
        diags.error(target.pos, "wrong-type", f"'{where}' takes an id")
        return None
    return InsertEntry(where, Target(target.value, target.pos), what, entry.items[what], entry.pos)


def _patch(node: YNode, diags: Diagnostics) -> Patch | None:
    if not isinstance(node, YMap):
        diags.error(node.pos, "wrong-type", "'patch' is a mapping `{id: {key: value}}`")
        return None
    entries = []
    for ident, value in node.items.items():
        if isinstance(value, YMap):
            entries.append(PatchEntry(Target(ident, node.keys[ident]), value))
        else:
            diags.error(value.pos, "wrong-type", f"patch: '{ident}' must map to `{{key: value}}`")
    return Patch(entries, node.pos)
