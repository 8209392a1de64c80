"""Fragments spliced in: the step that turns source elements into resolved ones.

A source list may hold ``- include: fragment-id`` entries (``Include``); the
``Expander`` replaces each by a copy of the fragment's elements, recursively and
with cycle checks, and returns lists that hold elements only. Each element keeps
its identity: an ``Item[Include]`` whose lists were all expanded *is* a resolved
``Item`` (model.py), so no element is copied here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from mkdocs_runbooks.diagnostics import Diagnostics, did_you_mean
from mkdocs_runbooks.format.model import Include, Item, Procedure, Section, Trigger
from mkdocs_runbooks.format.source import Fragment, SourceItem, SourceProcedure, SourceSection
from mkdocs_runbooks.resolve.clone import clone
from mkdocs_runbooks.resolve.templates import Templates

E = TypeVar("E")
R = TypeVar("R")
#: The kind of list an include stands in, and the fragment list it takes its elements from.
_FROM = {"sections": "sections", "items": "items", "steps": "items", "procedures": "procedures", "triggers": "triggers"}


class Expander:
    """Splice fragments in for ``- include: id`` entries; unknown fragments, cycles and empty ones are errors."""

    def __init__(self, templates: Templates | None, diags: Diagnostics) -> None:
        self.templates = templates
        self.diags = diags
        self.stack: list[str] = []

    # -- one method per kind of list ------------------------------------------------
    def sections(self, entries: list[SourceSection | Include]) -> list[Section]:
        """A sections list with its includes (and those of everything in it) spliced in."""
        return self._list(entries, "sections", lambda f: f.sections, self.sections, self.section)

    def items(self, entries: list[SourceItem | Include], kind: str = "items") -> list[Item]:
        """An items (or procedure ``steps``) list with its includes spliced in."""
        return self._list(entries, kind, lambda f: f.items, lambda es: self.items(es, kind), self.item)

    def procedures(self, entries: list[SourceProcedure | Include]) -> list[Procedure]:
        """A procedures list with its includes spliced in."""
        return self._list(entries, "procedures", lambda f: f.procedures, self.procedures, self.procedure)

    def triggers(self, entries: list[Trigger | Include]) -> list[Trigger]:
        """A triggers list with its includes spliced in."""
        return self._list(entries, "triggers", lambda f: f.triggers, self.triggers, lambda t: t)

    def _list(self, entries: list[E | Include], kind: str, pick: Callable[[Fragment], list[E | Include]],
              expand: Callable[[list[E | Include]], list[R]], element: Callable[[E], R]) -> list[R]:
        """``entries`` with each include replaced by the fragment's elements (``pick``, expanded), and
        each element made resolved (``element``)."""
        out: list[R] = []
        for e in entries:
            if isinstance(e, Include):
                out += self._splice(e, kind, pick, expand)
            else:
                out.append(element(e))
        return out

    # -- one element: its lists expanded, then it is a resolved element ---------------
    # The casts below are the one place the source form becomes the resolved form: every
    # list the element has is replaced by an expanded one before it is returned.
    def item(self, it: SourceItem) -> Item:
        """``it`` with its nested items expanded, as a resolved item."""
        done = cast("Item", it)
        if it.items:
            done.items = self.items(it.items)
        return done

    def section(self, s: SourceSection) -> Section:
        """``s`` with its items and sub-sections expanded, as a resolved section."""
        done = cast("Section", s)
        done.items = self.items(s.items)
        done.sections = self.sections(s.sections)
        return done

    def procedure(self, p: SourceProcedure) -> Procedure:
        """``p`` with its steps expanded, as a resolved procedure."""
        done = cast("Procedure", p)
        done.steps = self.items(p.steps, "steps")
        return done

    def _splice(self, inc: Include, kind: str, pick: Callable[[Fragment], list[E]],
                expand: Callable[[list[E]], list[R]]) -> list[R]:
        entry = self.templates.get(inc.ref) if self.templates else None
        if entry is None or not isinstance(entry.model, Fragment):
            known = [i for i, e in (self.templates.entries().items() if self.templates else [])
                     if isinstance(e.model, Fragment)]
            what = ("is a template, not a fragment" if entry is not None
                    else f"is not a known fragment{did_you_mean(inc.ref, known)}")
            self.diags.error(inc.pos, "unknown-fragment", f"include: '{inc.ref}' {what}")
            return []
        if inc.ref in self.stack:
            loop = " → ".join([*self.stack[self.stack.index(inc.ref):], inc.ref])
            self.diags.error(inc.pos, "include-cycle", f"include cycle: {loop}")
            return []
        source = pick(entry.model)
        if not source:
            self.diags.error(inc.pos, "empty-include",
                             f"fragment '{inc.ref}' has no {_FROM[kind]} to include in a {kind} list")
            return []
        self.stack.append(inc.ref)
        try:
            return expand([clone(e) for e in source])  # the fragment is shared: each include gets a copy
        finally:
            self.stack.pop()
