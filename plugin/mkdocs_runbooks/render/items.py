"""Items as HTML with Markdown fragments, built in Python: the hot path of a page.

A Jinja2 macro per item cost about as much as the whole YAML load.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from markupsafe import escape

import mkdocs_runbooks.render.rollback_view as rbv
from mkdocs_runbooks.format.model import Command, Item, Runbook
from mkdocs_runbooks.render.controls import field_html
from mkdocs_runbooks.render.fragments import Fragments, unindexed

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


def item_line(it: Item, numbers: dict[str, int], link: Any, frag: Fragments) -> str:
    """The item's first line: control, text (a Markdown fragment) and badges."""
    num = f'<span class="rb-num">{numbers[it.id]}.</span> ' if it.id in numbers else ""
    text = frag.text(inline(it.text))
    if it.checkable:
        checked = " checked" if it.checked else ""
        parts = [f'<input type="checkbox" class="rb-box" id="rb-cb-{it.id}" data-rb-item="{it.id}" '
                 f'data-rb-sig="{signature(it)}" autocomplete="off"{checked}> '
                 f'<label class="rb-text" for="rb-cb-{it.id}">{num}{text}</label>']
    else:
        parts = [f'<span class="rb-text">{num}{text}</span>']
    if it.severity:
        parts.append(f'<span class="rb-badge rb-badge-{it.severity}">{it.severity}</span>')
    if it.irreversible:
        parts.append('<span class="rb-badge rb-badge-irreversible">point of no return</span>')
    if it.owner:
        parts.append(f'<span class="rb-owner">{escape(it.owner)}</span>')
    if it.estimate:
        parts.append(f'<span class="rb-estimate">{escape(it.estimate)}</span>')
    if it.rollback and it.rollback != "none":
        parts.append(rbv.rollback_link(it, link.own, link, frag))
    return " ".join(parts)


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
        link, frag, project = self.link, self.frag, self.project
        out: list[str] = []
        step = self.by_item.get(it.id)
        if step and it.irreversible:
            out.append(rbv.ponr_banner(step, link, frag))
        cls = f"rb-item rb-kind-{it.kind}"
        if it.severity:
            cls += f" rb-sev-{it.severity}"
        if it.irreversible:
            cls += " rb-irreversible"
        if it.command and it.command.code.count("\n") >= TALL_LINES:
            cls += " rb-tall"  # taller than a printed page: print.css starts it on a new one
        if project is not None and it.origin == project:
            cls += " rb-from-project"
        origin = f' data-rb-origin="{it.origin}"' if project is not None else ""  # only variants have a story to tell
        out.append(f'<div class="{cls}" id="{it.id}"{origin}>')
        out.append("<p>" + item_line(it, numbers, link, frag) + "</p>")
        if step and step.ponr:
            out.append(rbv.still_applies(step, link, frag))
        if it.command:
            out.append(frag.block(fence(it.command)))
        if it.fields:
            out.append(unindexed('<div class="rb-fields" data-search-exclude>'
                                 + "".join(field_html(it.id, f) for f in it.fields) + "</div>"))
        if it.details:
            out.append('<div class="rb-details">' + frag.prose(it.details) + "</div>")
        for child in it.items:
            out.append(self.render(child, {}))
        out.append("</div>")
        return "".join(out)
