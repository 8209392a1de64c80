"""Items as HTML with Markdown fragments, built in Python: the hot path of a page.

A Jinja2 macro per item cost about as much as the whole YAML load.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from hashlib import blake2s
from typing import Any, NamedTuple

from markupsafe import Markup

import mkdocs_runbooks.render.rollback_view as rbv
from mkdocs_runbooks.format.keys import SEVERITIES
from mkdocs_runbooks.format.model import Command, Item, Runbook
from mkdocs_runbooks.render.controls import field_html
from mkdocs_runbooks.render.escaping import escape_html as _e
from mkdocs_runbooks.render.fragments import Fragments, unindexed

#: command lines from which an item is taller than an A4/Letter page (7.8 pt lines, print.css)
TALL_LINES = 60
_NEWLINES = re.compile(r"\s*\n\s*")
_FENCES = re.compile(r"`{3,}")
_NO_NUMBERS: dict[str, int] = {}  # child items are not numbered


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
    whose signature differs from the page's (content/running.md, "When the runbook changes").
    Shape: 12 hex digits (BLAKE2s, 6 bytes); the same inputs give the same value in every release,
    or every saved tick of every run would be unticked on upgrade."""
    cmd = it.command
    data = f"{it.text}\0{cmd.lang}\0{cmd.code}" if cmd else f"{it.text}\0"
    if it.fields:
        data += "\0" + "\0".join([f"{f.id}|{f.type}|{f.label}|{f.unit}|{f.options}|{f.na}|{f.required}"
                                    for f in it.fields])
    return blake2s(data.encode(), digest_size=6).hexdigest()


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
        self.themed = "item" in frag.partials.overridden
        self.themed_fields = "fields" in frag.partials.overridden
        t = frag.strings
        #: the badges' labels, escaped once per page
        self.labels = {sev: _e(t["severity." + sev]) for sev in SEVERITIES}
        self.nr_label = _e(t["badge.irreversible"])
        self.classes: dict[str, str] = {}

    # No whitespace between an item's blocks: the browser ignores it, and the site's search
    # parser would handle each newline as a text node (~15% of its time on a runbook page).
    def __call__(self, items: list[Item]) -> str:
        return "".join(self.parts(items))

    def parts(self, items: list[Item]) -> list[str]:
        """Each item's HTML, steps numbered across the list."""
        numbers = step_numbers(items)
        return [self.render(it, numbers) for it in items]

    def render(self, it: Item, numbers: dict[str, int]) -> str:
        """The item's HTML as the ``item`` partial writes it; fragments are made in page order."""
        link, frag = self.link, self.frag
        step = self.by_item.get(it.id)
        ponr = rbv.ponr_banner(step, link, frag) if step and it.irreversible else ""
        cls = f"rb-item rb-kind-{it.kind}"
        if it.severity:
            cls += f" rb-sev-{it.severity}"
        if it.irreversible:
            cls += " rb-irreversible"
        if it.command and it.command.code.count("\n") >= TALL_LINES:
            cls += " rb-tall"  # taller than a printed page: print.css starts it on a new one
        if self.project is not None and it.origin == self.project:
            cls += " rb-from-project"
        text = frag.text(inline(it.text))
        rollback = rbv.rollback_link(it, link.own, link, frag) if it.rollback and it.rollback != "none" else ""
        still = rbv.still_applies(step, link, frag) if step and step.ponr else ""
        command = frag.block(fence(it.command)) if it.command else ""
        fields = self.fields(it) if it.fields else ""
        details = frag.prose(it.details) if it.details else ""
        children = "".join([self.render(child, _NO_NUMBERS) for child in it.items]) if it.items else ""
        if self.themed:
            html = _Html(ponr, text, rollback, still, command, fields, details, children)
            return self.themed_item(it, cls, numbers.get(it.id, ""), html)
        details = f'<div class="rb-details">{details}</div>' if details else ""
        return self.write(it, cls, numbers.get(it.id), ponr, text, rollback, still + command + fields + details + children)

    def fields(self, it: Item) -> str:
        """The item's form fields (``fields`` and ``field`` partials)."""
        frag = self.frag
        controls = "".join([field_html(it.id, f, frag.strings, frag.partials) for f in it.fields])
        if self.themed_fields:
            return unindexed(frag.partials.render("fields", fields=Markup(controls)))
        return unindexed(f'<div class="rb-fields" data-search-exclude>{controls}</div>')  # as fields.html writes it

    # The shipped item.html written in Python, straight from the model: a keyword call per item
    # and a dict of its values cost as much as the rest of its rendering (issue 17, bench_compile).
    # tests/render/test_written_in_python.py checks it against the template on generated runbooks.
    def write(self, it: Item, cls: str, number: int | None, ponr: str, text: str, rollback: str, rest: str) -> str:
        """The item's HTML, as templates/runbooks/partials/item.html writes it; ``rest`` is what follows
        its first line (still-applies note, command, fields, details, child items) as HTML."""
        ident = _e(it.id)
        head = f'{ponr}<div class="{self.classes.get(cls) or self.escaped_classes(cls)}" id="{ident}"'
        if self.project is not None and it.origin:
            head += f' data-rb-origin="{_e(it.origin)}"'
        num = f'<span class="rb-num">{number}.</span> ' if number else ""
        if it.kind != "note":
            # escaping "rb-sev-" + id is "rb-sev-" + escaped id: the described ids are built escaped
            said = f"rb-sev-{ident}" if it.severity else ""
            if it.irreversible:
                said = f"{said} rb-nr-{ident}" if said else f"rb-nr-{ident}"
            if ponr:
                said = f"{said} rb-ponr-{ident}" if said else f"rb-ponr-{ident}"
            described = f' aria-describedby="{said}"' if said else ""
            line = (f'<input type="checkbox" class="rb-box" id="rb-cb-{ident}" data-rb-item="{ident}" '
                    f'data-rb-sig="{signature(it)}" autocomplete="off"{described}{" checked" if it.checked else ""}>'
                    f'<label class="rb-text" for="rb-cb-{ident}">{num}{text}</label>')
        else:
            line = f'<span class="rb-text">{num}{text}</span>'
        if it.severity:
            line += (f' <span class="rb-badge rb-badge-{_e(it.severity)}" id="rb-sev-{ident}">'
                     f'{self.labels.get(it.severity) or _e(self.frag.strings["severity." + it.severity])}</span>')
        if it.irreversible:
            line += f' <span class="rb-badge rb-badge-irreversible" id="rb-nr-{ident}">{self.nr_label}</span>'
        if it.owner:
            line += f' <span class="rb-owner">{_e(it.owner)}</span>'
        if it.estimate:
            line += f' <span class="rb-estimate">{_e(it.estimate)}</span>'
        if rollback:
            line += f" {rollback}"
        return f"{head}><p>{line}</p>{rest}</div>"

    def escaped_classes(self, cls: str) -> str:
        """``cls`` escaped, remembered: a page has a few distinct class lists."""
        out = self.classes[cls] = _e(cls)
        return out

    def themed_item(self, it: Item, cls: str, number: int | str, h: _Html) -> str:
        """The item from the site's own ``item`` partial, with every value the partial documents."""
        t = self.frag.strings
        # what a screen reader says with the checkbox: its badges and the point-of-no-return banner before it
        said = ([f"rb-sev-{it.id}"] if it.severity else []) + ([f"rb-nr-{it.id}"] if it.irreversible else [])
        said += [f"rb-ponr-{it.id}"] if h.ponr else []
        return self.frag.partials.render(
            "item", id=it.id, classes=cls, origin=it.origin if self.project is not None else "",  # only variants tell
            checkable=it.checkable, checked=it.checked, sig=signature(it) if it.checkable else "",
            described=" ".join(said), number=number, severity=it.severity or "",
            severity_label=t["severity." + it.severity] if it.severity else "", irreversible=it.irreversible,
            irreversible_label=t["badge.irreversible"], owner=it.owner or "", estimate=it.estimate or "",
            # HTML the renderer made; empty ones stay "" (the partial skips them)
            **{k: Markup(v) if v else "" for k, v in h._asdict().items()})


class _Html(NamedTuple):
    """The parts of an item the renderer made as HTML (or fragment placeholders); "" when absent."""
    ponr: str
    text: str
    rollback: str
    still_applies: str
    command: str
    fields: str
    details: str
    children: str
