"""Items as HTML with Markdown fragments, built in Python: the hot path of a page.

A Jinja2 macro per item cost about as much as the whole YAML load.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

import mkdocs_runbooks.render.rollback_view as rbv
from mkdocs_runbooks.format.model import Command, Item, Runbook
from mkdocs_runbooks.render.controls import field_html
from mkdocs_runbooks.render.fragments import Fragments, unindexed
from mkdocs_runbooks.render.partials_py import item as item_py

#: command lines from which an item is taller than an A4/Letter page (7.8 pt lines, print.css)
TALL_LINES = 60
_NEWLINES = re.compile(r"\s*\n\s*")
_FENCES = re.compile(r"`{3,}")


def inline(text: str) -> str:
    """Item text is one line of inline Markdown; a newline would end the paragraph."""
    return _NEWLINES.sub(" ", text.strip()) if "\n" in text else text


def fence(cmd: Command) -> str:
    """A fenced code block of ``cmd`` (its language, a fence longer than any backtick run inside)."""
    longest = max((len(m) for m in _FENCES.findall(cmd.code)), default=2) if "```" in cmd.code else 2
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{cmd.fence_lang}\n{cmd.code.rstrip()}\n{ticks}"


def signature(it: Item) -> str:
    """What a tick vouches for: the item's text, command and fields. runbooks.js unticks a saved tick
    whose signature differs from the page's (content/running.md, "When the runbook changes")."""
    parts = [it.text, it.command.lang + "\0" + it.command.code if it.command else ""]
    parts += [f"{f.id}|{f.type}|{f.label}|{f.unit}|{f.options}|{f.na}|{f.required}" for f in it.fields]
    return hashlib.blake2s("\0".join(parts).encode(), digest_size=6).hexdigest()


def step_numbers(items: list[Item]) -> dict[str, int]:
    """Item id -> its step number among ``items`` (items of kind ``step`` only, 1-based)."""
    numbers: dict[str, int] = {}
    for item in items:
        if item.kind == "step":
            numbers[item.id] = len(numbers) + 1
    return numbers


def item_renderer(rb: Runbook, rmap: Any, link: Any, frag: Fragments) -> Callable[[list[Item]], str]:
    """``render_items(items)`` for one page: HTML with Markdown fragments, steps numbered."""
    return _ItemRenderer(rb, rmap, link, frag)


class _ItemRenderer:
    # A class, not a recursive closure: a closure that calls itself is a reference cycle,
    # which kept the whole page's model alive until the next full garbage collection.
    def __init__(self, rb: Runbook, rmap: Any, link: Any, frag: Fragments) -> None:
        self.project = rb.id if rb.extends else None
        self.by_item = rmap.by_item
        self.link = link
        self.frag = frag

    # No whitespace between an item's blocks: the browser ignores it, and the site's search
    # parser would handle each newline as a text node (~15% of its time on a runbook page).
    def __call__(self, items: list[Item]) -> str:
        return "".join(self.parts(items))

    def parts(self, items: list[Item]) -> list[str]:
        """Each item's HTML, steps numbered across the list."""
        numbers = step_numbers(items)
        return [self.render(it, numbers) for it in items]

    def render(self, it: Item, numbers: dict[str, int]) -> str:
        """The item's HTML from the ``item`` partial; fragments are made in page order."""
        link, frag, project, t = self.link, self.frag, self.project, self.frag.strings
        step = self.by_item.get(it.id)
        ponr = rbv.ponr_banner(step, link, frag) if step and it.irreversible else ""
        cls = f"rb-item rb-kind-{it.kind}"
        if it.severity:
            cls += f" rb-sev-{it.severity}"
        if it.irreversible:
            cls += " rb-irreversible"
        if it.command and it.command.code.count("\n") >= TALL_LINES:
            cls += " rb-tall"  # taller than a printed page: print.css starts it on a new one
        if project is not None and it.origin == project:
            cls += " rb-from-project"
        text = frag.text(inline(it.text))
        rollback = rbv.rollback_link(it, link.own, link, frag) if it.rollback and it.rollback != "none" else ""
        still = rbv.still_applies(step, link, frag) if step and step.ponr else ""
        command = frag.block(fence(it.command)) if it.command else ""
        fields = ""
        if it.fields:
            controls = Markup("".join(field_html(it.id, f, t, frag.partials) for f in it.fields))
            fields = unindexed(frag.partials.render("fields", fields=controls))
        details = frag.prose(it.details) if it.details else ""
        children = "".join(self.render(child, {}) for child in it.items)
        # what a screen reader says with the checkbox: its badges and the point-of-no-return banner before it
        said = ([f"rb-sev-{it.id}"] if it.severity else []) + ([f"rb-nr-{it.id}"] if it.irreversible else [])
        said += [f"rb-ponr-{it.id}"] if ponr else []
        values = dict(
            id=it.id, classes=cls, origin=it.origin if project is not None else "",  # only variants tell
            checkable=it.checkable, checked=it.checked, sig=signature(it) if it.checkable else "", described=" ".join(said),
            number=numbers.get(it.id, ""), severity=it.severity or "",
            severity_label=t["severity." + it.severity] if it.severity else "", irreversible=it.irreversible,
            irreversible_label=t["badge.irreversible"], owner=it.owner or "", estimate=it.estimate or "")
        # HTML the renderer made; empty ones stay "" (the partial skips them)
        html = dict(text=text, rollback=rollback, ponr=ponr, still_applies=still, command=command, fields=fields,
                    details=details, children=children)
        if "item" not in frag.partials.overridden:  # ours, in Python: takes the HTML as it is
            return item_py(**values, **html)
        return frag.partials.render("item", **values, **{k: Markup(v) if v else "" for k, v in html.items()})
