"""The page skeleton, written in Python.

It was a Jinja2 template; compiling the template cost about 45 ms at the
start of every build, as much as rendering 2,000 items. Block order matters:
fragments are numbered in the order they are made (fragments.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

import mkdocs_runbooks.render.rollback_view as rbv
from mkdocs_runbooks.format import estimate as est
from mkdocs_runbooks.format.model import Procedure, Runbook, Section, Signoff, Trigger
from mkdocs_runbooks.i18n import Strings
from mkdocs_runbooks.render.controls import contacts_html, inputs_html, signoff_html
from mkdocs_runbooks.render.cover import css_string, running_heads
from mkdocs_runbooks.render.escaping import escape_html as _e
from mkdocs_runbooks.render.fragments import Fragments, unindexed
from mkdocs_runbooks.render.items import inline
from mkdocs_runbooks.render.numbers import mark_own_number
from mkdocs_runbooks.render.text import markdown_literal, plain_text

_LANGUAGE_ATTRS: dict[str, str] = {}


def _language_attrs(t: Strings) -> str:
    """The page root's attributes that depend only on the string table; once per table."""
    found = _LANGUAGE_ATTRS.get(t.digest)
    if found is None:
        # the browser's texts: runbooks.js reads data-rb-strings, the stylesheets' `content`
        # labels read the --rb-t-* custom properties (i18n)
        labels = ";".join(f"--rb-t-{k.replace('.', '-')}:{css_string(v)}" for k, v in t.table.items()
                          if k.startswith(("css.", "print.")) and k != "print.page")
        rtl = ' dir="rtl"' if t.direction == "rtl" else ""  # whatever the theme does with the language
        found = _LANGUAGE_ATTRS[t.digest] = (f'data-rb-locale="{_e(t.locale)}" data-rb-strings="{_e(t.js_json)}" '
                                             f'style="{_e(labels)}"{rtl}')
    return found


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
        rb, w, md, t = self.rb, self.out.append, self.frag.block, self.frag.strings
        w(md("# " + self.frag.lit(inline(rb.title))) + "\n")
        w(f'<div class="rb-runbook" data-rb-runbook="{rb.id}" data-rb-version="{_e(rb.version or "")}" '
          f'data-rb-title="{_e(plain_text(rb.title, self.frag.allow_html))}" '
          f'data-rb-total="{self.stats.items}" {_language_attrs(t)}>\n')
        n = len(self.out)
        self.cover()
        self.toolbar()
        w(inputs_html(rb.inputs, self.frag.strings))
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
            w(self._heading(f"## {self._words('heading.contacts')}", "contacts", "contacts") + "\n\n")
            w(contacts_html(rb.contacts, t, self.frag.partials) + "\n\n</div>\n")
        w("\n</div>\n")
        return "".join(self.out)

    def _words(self, key: str) -> str:
        """A text of ours as Markdown that shows exactly it (a site's override may hold `*` or `<`)."""
        return markdown_literal(self.frag.strings[key])

    def _heading(self, prefix: str, ident: str, number_of: str) -> str:
        return self.frag.block(f'{prefix} {{: #{ident} data-rb-number="{self.secnum[number_of]}"}}')

    # -- top of the page ------------------------------------------------------
    def cover(self) -> None:
        """Compact on screen; on paper, a cover page (print.css); the ``cover`` partial."""
        rb, t, allow = self.rb, self.frag.strings, self.frag.allow_html
        project = rb.vars.get("project")
        facts = (("version", rb.version), ("project", project), ("environment", rb.meta.environment),
                 ("owner", rb.meta.owner), ("last-updated", rb.meta.last_updated), ("next-review", rb.meta.next_review),
                 ("target-date", rb.meta.target_date), ("items", self.stats.items),
                 ("estimate", est.format_range(self.stats.estimate, t.table)))
        # what the source leaves open is written in by hand on the paper cover
        blanks = [t[key] for key, value in (("meta.project", project), ("meta.environment", rb.meta.environment),
                                            ("meta.owner", rb.meta.owner), ("meta.target_date", rb.meta.target_date))
                  if not value]
        self.out.append(self.frag.partials.render(
            "cover", t=t.table, heads=running_heads(rb, rb.title, allow, t), project=project or "",
            title=plain_text(rb.title, allow), blanks=blanks,
            meta=[(key, t["meta." + key.replace("-", "_")], value) for key, value in facts if value],
            signoffs=[(self.secnum[b.id], b.id, b.title, b.roles) for b in rb.signoff]) + "\n")

    def toolbar(self) -> None:
        """A direct child of .rb-runbook, so it can stay sticky over the whole page (``toolbar`` partial)."""
        self.out.append(self.frag.partials.render("toolbar", t=self.frag.strings.table, items=self.stats.items) + "\n")

    def provenance_note(self) -> None:
        """Which items come from templates and which are this project's own; a JS-free toggle."""
        rb, prov = self.rb, self.provenance
        if not rb.extends:
            return
        own, total, links = prov["own"], prov["total"], prov["links"]
        refs = ", ".join(f"[{t}]({links[t]})" if t in links else f"`{t}`" for t in rb.extends)
        s = self.frag.strings
        summary = _e(s.plural("provenance.summary", own, own="\x00own", total="\x00total", templates="\x00refs"))
        summary = (summary.replace("\x00own", str(own)).replace("\x00total", str(total))
                   .replace("\x00refs", self.frag.inline(refs)))
        # the box is a sibling before the sections, not inside the note: the highlight is then a
        # `:checked ~ .rb-section` rule, whose cost does not grow with the page as `:has()` did
        self.out.append(
            '<input type="checkbox" id="rb-prov-toggle" class="rb-prov-toggle">'
            f'<div class="rb-provenance" data-search-exclude><label for="rb-prov-toggle">{_e(s["provenance.toggle"])}</label> '
            f'<span class="rb-prov-summary">{summary}</span>\n</div>\n\n')

    # -- body -------------------------------------------------------------------
    def section(self, s: Section, depth: int) -> None:
        """Write section ``s`` (heading at ``depth``), its items and sub-sections."""
        rb, w, md = self.rb, self.out.append, self.frag.block
        st = self.section_stats(s)
        mode = f" rb-mode-{s.mode}" if s.mode else ""
        origin = f' data-rb-origin="{s.origin}"' if rb.extends else ""
        w(f'<div class="rb-section{mode}" data-rb-section="{s.id}"{origin} data-rb-total="{st.items}">\n')
        # on paper a heading never ends a page: heading, counts, intro and first item are one unbreakable
        # block (Chromium does not honour break-after: avoid here). Search does not see this wrapper:
        # Material's search ends a heading's section where the heading's parent element ends, so the
        # items after the first one were indexed under the page's top instead of their section.
        w(unindexed('<div class="rb-keep">') + "\n")
        title = mark_own_number(self.frag.lit(inline(s.title)))
        w(md(f'{"#" * min(6, depth + 1)} {title} {{: #{s.id} data-rb-number="{self.secnum[s.id]}"}}') + "\n\n")
        t = self.frag.strings
        meta = [f'<span class="rb-count" data-rb-count="{s.id}">{_e(t.plural("section.items", st.items))}</span>']
        if st.estimate:
            meta.append(f' <span class="rb-estimate">{_e(est.format_range(st.estimate, t.table))}</span>')
        if s.owner:
            meta.append(f' <span class="rb-owner">{_e(s.owner)}</span>')
        if s.mode:
            meta.append(f' <span class="rb-mode">{_e(t.get("mode." + s.mode))}</span>')
        w(unindexed(f'<p class="rb-section-meta">{"".join(meta)}</p>') + "\n\n")  # counts and labels: not content
        if s.intro:
            w(self.frag.prose(s.intro) + "\n")
        parts = self.render_items.parts(s.items) if hasattr(self.render_items, "parts") else [self.render_items(s.items)]
        w((parts[0] if parts else "") + unindexed("</div>") + "\n" + "".join(parts[1:]) + "\n")
        for sub in s.sections:
            self.section(sub, depth + 1)
        w("</div>\n\n\n")

    def rollback_map(self) -> None:
        """Write the rollback map (which rollback applies after each step), when the runbook has one."""
        table = rbv.map_table(self.rmap, self.link, self.frag)
        if table:
            held = unindexed(f'<div class="rb-map-table" data-search-exclude>{table}</div>')
            self.out.append('<div class="rb-block rb-rollback-map">\n' + self.frag.block(
                f"## {self._words('heading.rollback_map')} {{: #rollback-map }}")
                            + f"\n{held}\n</div>\n")

    def triggers(self, triggers: list[Trigger]) -> None:
        """Write the rollback triggers block."""
        if not triggers:
            return
        w = self.out.append
        w('<div class="rb-block rb-triggers">\n')
        w(self._heading(f"## {self._words('heading.triggers')}", "rollback-triggers", "rollback-triggers") + "\n\n")
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
        w(self._heading(f"## {self._words('heading.procedures')}", "procedures", "procedures") + "\n\n")
        for p in procedures:  # fragments in page order: heading, backlinks, intro, steps
            heading = self._heading(f"### {self.frag.lit(inline(p.title))}", p.id, p.id)
            remote = ctx.remote.get((rb.id, p.id), [])
            backlinks = rbv.backlinks(p, self.rmap, remote, ctx.pages, ctx.page_path, self.frag)
            intro = self.frag.prose(p.intro) if p.intro else ""
            steps = self.render_items(p.steps)
            w(self.frag.partials.render(
                "procedure", id=p.id, total=rbv.count_checkable(p.steps), heading=Markup(heading),
                owner=p.owner or "", estimate=p.estimate or "", backlinks=Markup(backlinks), intro=Markup(intro),
                steps=Markup(steps)) + "\n")
        w("</div>\n")

    def signoffs(self, blocks: list[Signoff]) -> None:
        """Write the sign-off tables."""
        if not blocks:
            return
        w = self.out.append
        w('<div class="rb-block rb-signoffs">\n')
        w(self._heading(f"## {self._words('heading.signoff')}", "sign-off", "sign-off") + "\n\n")
        for block in blocks:
            w(f'<div class="rb-signoff" id="{block.id}" data-rb-signoff="{block.id}">\n')
            w(self._heading(f"### {self.frag.lit(inline(block.title))}", f"{block.id}-title", block.id) + "\n\n")
            # a form to fill in (column labels, inputs): search sees the block's title only
            w(f"{unindexed(signoff_html(block, self.frag.strings, self.frag.partials))}\n\n</div>\n")
        w("\n</div>\n")
