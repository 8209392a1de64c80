"""The saved-state keys a runbook page has, from the model: what a run file may name.

The same keys as the page's ``data-rb-item`` / ``data-rb-field`` hooks (render/controls.py):
items ``<item id>``, fields ``<item id>/<field id>`` (a signature also ``.../date``), sign-off
cells ``<block>/<role slug>/<column>``, contacts ``contacts/<role slug>/<column>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_runbooks.format.model import Item, Runbook, walk_items, walk_sections
from mkdocs_runbooks.format.slugs import slugify
from mkdocs_runbooks.render.controls import Keys


@dataclass
class PageKeys:
    """The keys a runbook page stores (items, fields), and which section each item is in."""

    items: dict[str, Item] = field(default_factory=dict)  # checkable items and procedure steps
    fields: dict[str, str] = field(default_factory=dict)  # key -> label
    #: item id -> id of its top-level section (or procedure)
    section_of: dict[str, str] = field(default_factory=dict)


def page_keys(rb: Runbook) -> PageKeys:
    """The keys of ``rb``'s page, as runbooks.js stores them (items, procedure steps, fields, inputs)."""
    out = PageKeys()

    def take(items: list[Item], owner: str) -> None:
        for it in walk_items(items):
            out.section_of[it.id] = owner
            if it.checkable:
                out.items[it.id] = it
            for f in it.fields:
                key = f"{it.id}/{f.id}"
                out.fields[key] = f.label or f.id
                if f.type == "signature":
                    out.fields[key + "/date"] = f"{f.label or f.id}: date"

    for top in rb.sections:
        for s in walk_sections([top]):
            take(s.items, top.id)
    for p in rb.procedures:
        take(p.steps, p.id)
    for block in rb.signoff:
        roles, cols = Keys(), Keys()
        columns = [(c, cols.take(c)) for c in block.fields]
        for role in block.roles:
            slug = roles.take(slugify(role))
            for col, key in columns:
                out.fields[f"{block.id}/{slug}/{key}"] = f"{block.title}: {role}, {col}"
    for i in rb.inputs:
        out.fields[f"input:{i.id}"] = f"Run input: {i.label or i.id}"
    roles = Keys()
    for c in rb.contacts:
        slug = roles.take(slugify(c.role))
        for col in ("name", "phone", "email"):
            if not getattr(c, col):
                out.fields[f"contacts/{slug}/{col}"] = f"Contacts: {c.role}, {col}"
    return out
