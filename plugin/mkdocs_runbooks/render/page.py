"""The page skeleton, written in Python.

It was a Jinja2 template; compiling the template cost about 45 ms at the
start of every build, as much as rendering 2,000 items. Block order matters:
fragments are numbered in the order they are made (fragments.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import escape

import mkdocs_runbooks.render.rollback_view as rbv
from mkdocs_runbooks.format import estimate as est
from mkdocs_runbooks.format.model import Procedure, Runbook, Section, Signoff, Trigger
from mkdocs_runbooks.render.controls import contacts_html, signoff_html
from mkdocs_runbooks.render.cover import running_heads
from mkdocs_runbooks.render.fragments import Fragments, unindexed
from mkdocs_runbooks.render.items import inline
from mkdocs_runbooks.render.numbers import mark_own_number
from mkdocs_runbooks.render.text import plain_text


def _e(value: object) -> str:
    return str(escape(value))


class PageWriter:
    """Writes one page's skeleton; ``md``/``mdi`` hold its Markdown as fragments."""

    def __init__(self, rb: Runbook, frag: Fragments, *, stats: Any, section_stats: Callable[[Section], Any],
                 secnum: dict[str, str], link: Any, rmap: Any, ctx: Any, provenance: dict[str, Any],
                 render_items: Callable[[list[Any]], str]) -> None:
        self.rb, self.frag, self.stats, self.section_stats = rb, frag, stats, section_stats
        self.secnum, self.link, self.rmap, self.ctx = secnum, link, rmap, ctx
        self.provenance, self.render_items = provenance, render_items
        self.out: list[str] = []

    def page(self) -> str:
        """The page's HTML, written once and cached."""
        rb, w, md = self.rb, self.out.append, self.frag.block
        w(md("# " + self.frag.lit(inline(rb.title))) + "\n")
        w(f'<div class="rb-runbook" data-rb-runbook="{rb.id}" data-rb-version="{_e(rb.version or "")}" '
          f'data-rb-title="{_e(plain_text(rb.title, self.frag.allow_html))}" '
          f'data-rb-total="{self.stats.items}">\n')
        n = len(self.out)
        self.cover()
        self.toolbar()
        self.provenance_note()
        self.out[n:] = [unindexed("".join(self.out[n:]))]
        w("\n")
        if rb.intro:
            w(self.frag.prose(rb.intro) + "\n")
        for s in rb.sections:
            self.section(s, 1)
        self.rollback_map()
        self.triggers(rb.triggers)
        self.procedures(rb.procedures)
        self.signoffs(rb.signoff)
        if rb.contacts:
            w('<div class="rb-block rb-contacts">\n')
            w(self._heading("## Contacts", "contacts", "contacts") + "\n\n")
            w(contacts_html(rb.contacts) + "\n\n</div>\n")
        w("\n</div>\n")
        return "".join(self.out)

    def _heading(self, prefix: str, ident: str, number_of: str) -> str:
        return self.frag.block(f'{prefix} {{: #{ident} data-rb-number="{self.secnum[number_of]}"}}')

    # -- top of the page ------------------------------------------------------
    def cover(self) -> None:
        """Compact on screen; on paper, a cover page (print.css)."""
        rb, w = self.rb, self.out.append
        project = rb.vars.get("project")
        w(f"{running_heads(rb, rb.title, self.frag.allow_html)}\n")
        w('<div class="rb-cover" data-search-exclude>\n')
        w(f'<p class="rb-cover-kicker">{_e(project) + " · " if project else ""}Runbook'
          '<span class="rb-cover-mode"></span></p>\n')
        w(f'<p class="rb-cover-title">{_e(plain_text(rb.title, self.frag.allow_html))}</p>\n')
        self.header()
        # what the source leaves open is written in by hand on the paper cover
        blanks = [label for label, value in (("Project", project), ("Environment", rb.meta.environment),
                                             ("Owner", rb.meta.owner), ("Target date", rb.meta.target_date))
                  if not value]
        if blanks:
            cells = "".join(f"<div><dt>{label}</dt><dd></dd></div>" for label in blanks)
            w(f'<div class="rb-header rb-cover-blanks" aria-hidden="true"><dl class="rb-meta">{cells}</dl></div>\n')
        if rb.signoff:
            w('<div class="rb-cover-signoffs">\n<p class="rb-cover-label">Sign-off</p>\n<table>\n'
              "<thead><tr><th>§</th><th>Block</th><th>Roles</th><th>Complete</th></tr></thead>\n<tbody>\n")
            for block in rb.signoff:
                w(f'<tr><td>{self.secnum[block.id]}</td><td><a href="#{block.id}">{_e(block.title)}</a></td>'
                  f'<td>{_e(", ".join(block.roles))}</td><td><span class="rb-cover-box"></span></td></tr>\n')
            w("</tbody>\n</table>\n</div>\n")
        w('<p class="rb-cover-printed">Printed <span class="rb-printed-at">____/____/________</span></p>\n</div>\n')

    def header(self) -> None:
        """Write the title block: version, meta, stats and the toolbar."""
        rb, stats = self.rb, self.stats
        rows = (("version", "Version", rb.version), ("project", "Project", rb.vars.get("project")),
                ("environment", "Environment", rb.meta.environment), ("owner", "Owner", rb.meta.owner),
                ("last-updated", "Last updated", rb.meta.last_updated),
                ("next-review", "Next review", rb.meta.next_review),
                ("target-date", "Target date", rb.meta.target_date), ("items", "Items", stats.items),
                ("estimate", "Estimate", est.format_range(stats.estimate)))
        cells = "".join(f'<div><dt>{label}</dt><dd data-rb-meta="{key}">{_e(value)}</dd></div>\n'
                        for key, label, value in rows if value)
        self.out.append(f'<div class="rb-header">\n<dl class="rb-meta">\n{cells}</dl>\n</div>\n')

    def toolbar(self) -> None:
        """A direct child of .rb-runbook, so it can stay sticky over the whole page; hidden
        until runbooks.js shows it, so with JS off the page stays a clean static page."""
        n = self.stats.items
        self.out.append(
            '<div class="rb-toolbar" data-rb-toolbar data-search-exclude hidden>\n'
            f'<div class="rb-progress"><progress class="rb-bar" max="{n}" value="0" aria-label="Items done"></progress> '
            f'<span class="rb-progress-count" data-rb-progress>0/{n}</span> <button type="button" class="rb-crit-open" '
            'data-rb-jump="critical" title="Go to the next critical item not done yet" hidden></button></div>\n'
            '<div class="rb-actions" role="group" aria-label="Run actions">\n'
            '<button type="button" class="rb-btn" data-rb-action="export" title="Download this run as JSON">Export</button>\n'
            '<label class="rb-btn rb-import" title="Load a run exported as JSON">Import<input type="file" '
            'accept=".json,application/json" data-rb-action="import"></label>\n'
            '<button type="button" class="rb-btn" data-rb-action="reset" title="Clear every tick and value">Reset</button>\n'
            '<div class="rb-print-menu"><button type="button" class="rb-btn" data-rb-menu aria-haspopup="true" '
            'aria-expanded="false" aria-controls="rb-print-choices">Print</button><div class="rb-menu" '
            'id="rb-print-choices" hidden>\n'
            '<button type="button" data-rb-action="print" data-rb-print="filled">Filled: with ticks, times and values</button>\n'
            '<button type="button" data-rb-action="print" data-rb-print="blank">Blank: an empty form to fill by hand</button>\n'
            '</div></div>\n</div>\n'
            # messages sit in the sticky toolbar: next to the reader wherever they are on the page
            '<div class="rb-notices" data-rb-notice aria-live="polite"></div>\n</div>\n'
            '<div class="rb-run" data-rb-run hidden><label class="rb-operator"><span>Operator</span> <input type="text" '
            'data-rb-operator autocomplete="off" placeholder="Your name"></label> <span class="rb-started" '
            'data-rb-started></span> <span class="rb-record" data-rb-record></span></div>\n')

    def provenance_note(self) -> None:
        """Which items come from templates and which are this project's own; a JS-free toggle."""
        rb, prov = self.rb, self.provenance
        if not rb.extends:
            return
        own, total, links = prov["own"], prov["total"], prov["links"]
        refs = ", ".join(f"[{t}]({links[t]})" if t in links else f"`{t}`" for t in rb.extends)
        self.out.append(
            '<div class="rb-provenance" data-search-exclude><input type="checkbox" id="rb-prov-toggle" '
            'class="rb-prov-toggle"> <label for="rb-prov-toggle">Highlight project-specific items</label> '
            f'<span class="rb-prov-summary">{own} of {total} item{"" if total == 1 else "s"} '
            f'{"is" if own == 1 else "are"} specific to this project; the rest come from '
            f"{self.frag.inline(refs)}.</span>\n</div>\n\n")

    # -- body -------------------------------------------------------------------
    def section(self, s: Section, depth: int) -> None:
        """Write section ``s`` (heading at ``depth``), its items and sub-sections."""
        rb, w, md = self.rb, self.out.append, self.frag.block
        st = self.section_stats(s)
        mode = f" rb-mode-{s.mode}" if s.mode else ""
        origin = f' data-rb-origin="{s.origin}"' if rb.extends else ""
        w(f'<div class="rb-section{mode}" data-rb-section="{s.id}"{origin} data-rb-total="{st.items}">\n')
        # on paper a heading never ends a page: heading, counts, intro and first item are one unbreakable
        # block (Chromium does not honour break-after: avoid here)
        w('<div class="rb-keep">\n')
        title = mark_own_number(self.frag.lit(inline(s.title)))
        w(md(f'{"#" * min(6, depth + 1)} {title} {{: #{s.id} data-rb-number="{self.secnum[s.id]}"}}') + "\n\n")
        meta = [f'<span class="rb-count" data-rb-count="{s.id}">{st.items} item{"" if st.items == 1 else "s"}</span>']
        if st.estimate:
            meta.append(f' <span class="rb-estimate">{est.format_range(st.estimate)}</span>')
        if s.owner:
            meta.append(f' <span class="rb-owner">{_e(s.owner)}</span>')
        if s.mode:
            meta.append(f' <span class="rb-mode">{s.mode.upper()}</span>')
        w(f'<p class="rb-section-meta">{"".join(meta)}</p>\n\n')
        if s.intro:
            w(self.frag.prose(s.intro) + "\n")
        parts = self.render_items.parts(s.items) if hasattr(self.render_items, "parts") else [self.render_items(s.items)]
        w((parts[0] if parts else "") + "</div>\n" + "".join(parts[1:]) + "\n")
        for sub in s.sections:
            self.section(sub, depth + 1)
        w("</div>\n\n\n")

    def rollback_map(self) -> None:
        """Write the rollback map (which rollback applies after each step), when the runbook has one."""
        table = rbv.map_table(self.rmap, self.link, self.frag)
        if table:
            held = unindexed(f'<div class="rb-map-table" data-search-exclude>{table}</div>')
            self.out.append('<div class="rb-block rb-rollback-map">\n' + self.frag.block("## Rollback map {: #rollback-map }")
                            + f"\n{held}\n</div>\n")

    def triggers(self, triggers: list[Trigger]) -> None:
        """Write the rollback triggers block."""
        if not triggers:
            return
        w = self.out.append
        w('<div class="rb-block rb-triggers">\n')
        w(self._heading("## Rollback triggers", "rollback-triggers", "rollback-triggers") + "\n\n")
        for t in triggers:
            text = self.frag.text(inline(t.text))  # before the link's fragment: fragments keep page order
            go = f" {rbv.trigger_link(t, self.rb.id, self.link, self.frag)}" if t.procedure and t.procedure != "none" else ""
            w(f'<div class="rb-trigger" id="{t.id}">\n<p><span class="rb-trigger-text">{text}</span>{go}</p>\n\n</div>\n')
        w("\n</div>\n")

    def procedures(self, procedures: list[Procedure]) -> None:
        """Write the procedures block (rollbacks and shared procedures)."""
        if not procedures:
            return
        rb, ctx, w = self.rb, self.ctx, self.out.append
        w('<div class="rb-block rb-procedures">\n')
        w(self._heading("## Procedures", "procedures", "procedures") + "\n\n")
        for p in procedures:
            w(f'<div class="rb-section rb-procedure" data-rb-section="{p.id}" '
              f'data-rb-total="{rbv.count_checkable(p.steps)}">\n')
            w(self._heading(f"### {self.frag.lit(inline(p.title))}", p.id, p.id) + "\n\n")
            if p.estimate or p.owner:
                owner = f'<span class="rb-owner">{_e(p.owner)}</span> ' if p.owner else ""
                estimate = f'<span class="rb-estimate">{_e(p.estimate)}</span> ' if p.estimate else ""
                w(f'<p class="rb-section-meta">{owner}{estimate}</p>\n\n')
            remote = ctx.remote.get((rb.id, p.id), [])
            w(rbv.backlinks(p, self.rmap, remote, ctx.pages, ctx.page_path, self.frag) + "\n\n")
            if p.intro:
                w(self.frag.prose(p.intro) + "\n")
            w(self.render_items(p.steps) + "\n</div>\n\n")
        w("</div>\n")

    def signoffs(self, blocks: list[Signoff]) -> None:
        """Write the sign-off tables."""
        if not blocks:
            return
        w = self.out.append
        w('<div class="rb-block rb-signoffs">\n')
        w(self._heading("## Sign-off", "sign-off", "sign-off") + "\n\n")
        for block in blocks:
            w(f'<div class="rb-signoff" id="{block.id}" data-rb-signoff="{block.id}">\n')
            w(self._heading(f"### {self.frag.lit(inline(block.title))}", f"{block.id}-title", block.id) + "\n\n")
            w(f"{signoff_html(block)}\n\n</div>\n")
        w("\n</div>\n")
