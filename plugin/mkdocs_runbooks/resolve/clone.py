"""Fast structural copies of model elements.

Resolution copies template elements for every variant; ``copy.deepcopy``
also copies positions and memo tables, which is several times slower.
Positions are immutable and shared.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from mkdocs_runbooks.format.model import (
    Command,
    Contact,
    Field,
    Inc,
    Include,
    Item,
    Meta,
    Procedure,
    Section,
    Signoff,
    Trigger,
)

T = TypeVar("T")


def clone_item(i: Item[Inc]) -> Item[Inc]:
    """A copy of item ``i`` deep enough that a variant may change it (fields, sub-items, positions)."""
    return replace(
        i,
        command=replace(i.command, at=dict(i.command.at)) if i.command is not None else None,
        fields=[replace(f, options=list(f.options), at=dict(f.at)) for f in i.fields],
        items=[clone(c) for c in i.items],
        at=dict(i.at),  # variant patches record their own positions here
    )


def clone_section(s: Section[Inc]) -> Section[Inc]:
    """A copy of section ``s`` deep enough that a variant may change it."""
    return replace(s, items=[clone(i) for i in s.items], sections=[clone(c) for c in s.sections], at=dict(s.at))


def clone(el: T) -> T:
    """A copy that shares nothing mutable with ``el``."""
    kind = type(el)
    if kind is Item:
        return clone_item(el)  # type: ignore[arg-type,return-value]
    if kind is Section:
        return clone_section(el)  # type: ignore[arg-type,return-value]
    if kind is Procedure:
        return replace(el, steps=[clone(s) for s in el.steps], undoes=[], at=dict(el.at))  # type: ignore[type-var,attr-defined]
    if kind is Signoff:
        return replace(el, roles=list(el.roles), fields=list(el.fields), at=dict(el.at))  # type: ignore[type-var,attr-defined]
    if kind is Include:
        return replace(el)  # type: ignore[type-var]
    if kind in (Trigger, Field, Command, Contact, Meta):
        return replace(el, at=dict(el.at))  # type: ignore[type-var,attr-defined]
    return _fallback(el)


def _fallback(el: T) -> T:
    import copy

    return copy.deepcopy(el)
