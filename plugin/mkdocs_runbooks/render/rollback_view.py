"""Rollback markup: step -> procedure links with a JS-free way back, the point
of no return, the per-page rollback map and the site-wide procedures page.

Same-page links are plain HTML in the page skeleton; a link to another page is
a Markdown fragment (``[text](a/b.md#id){.cls}``), so that MkDocs rewrites and
validates its URL. Nothing here needs the Markdown pass for same-page work,
which keeps a runbook page cheap to build.

The way back without JS: a step links to ``#<proc>--from-<step>``, an anchor on
the procedure's "Undoes" link that leads back to that step; ``:target`` CSS marks
it as the one you came from. ``--`` never occurs in ids, so these never clash.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import lru_cache

from markupsafe import Markup, escape

from mkdocs_runbooks.format.model import Item, Procedure, Runbook, Trigger, walk_items
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.render.escaping import escape_html as _escape
from mkdocs_runbooks.render.fragments import Fragments, unindexed
from mkdocs_runbooks.render.text import markdown_literal, plain_text
from mkdocs_runbooks.resolve.rollback import Backlink, ProcedureEntry, RollbackMap, Step, real_ref, split_ref

Link = Callable[[str], "tuple[str, ...] | None"]

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
@lru_cache(maxsize=4096)  # the same step text is a map row, a backlink and a banner
def plain(text: str) -> str:
    """Inline Markdown as safe link text: the words shown, every markup character escaped."""
    return markdown_literal(plain_text(text))


@lru_cache(maxsize=4096)
def text_html(text: str) -> str:
    """Inline Markdown as plain, escaped HTML text (for link labels in tables and banners)."""
    if "[" in text:  # no link without one; re.sub with a template costs a Python call
        text = _MD_LINK.sub(r"\1", text)
    return _escape(" ".join(text.replace("**", "").replace("`", "").split()))


def _a(frag: Fragments, href: str, label: str, classes: str = "rb-link", ident: str = "", ref: str = "") -> str:
    """A link: raw HTML on the same page, a Markdown fragment across pages (MkDocs fixes those URLs)."""
    if not href.startswith("#"):
        return frag.inline(f"[{plain(label)}]({href}){_attrs(classes, ref, ident)}")
    extra = (f' id="{ident}"' if ident else "") + (f' data-rb-ref="{ref}"' if ref else "")
    return f'<a href="{_escape(href)}" class="{classes}"{extra}>{text_html(label)}</a>'


_FIELD = re.compile(r"\{(\w+)\}")


def _say(text: str, **html: str) -> str:
    """A text of ours (escaped) with ``{name}`` fields filled by ready HTML."""
    return _FIELD.sub(lambda m: html[m.group(1)], _escape(text))


def back_anchor(proc: str, source: str, runbook: str | None = None) -> str:
    """The id of the way back from procedure ``proc`` to ``source`` (of ``runbook`` when remote)."""
    return f"{proc}--from-{runbook}--{source}" if runbook else f"{proc}--from-{source}"


def _attrs(classes: str, ref: str = "", ident: str = "") -> str:
    out = " ".join(f".{c}" for c in classes.split())
    if ident:
        out = f"#{ident} {out}"
    if ref:
        out += f' data-rb-ref="{ref}"'
    return "{" + out + "}"


def count_checkable(items: list[Item]) -> int:
    """How many checkable items ``items`` holds, sub-items included."""
    return sum(1 for i in walk_items(items) if i.checkable)


def _num(target: tuple[str, ...]) -> str:
    return target[2] if len(target) > 2 and target[2] else ""


def to_procedure(ref: str, source: str, own: str, link: Link, label: str, classes: str, frag: Fragments) -> str:
    """A link from ``source`` (an item or trigger id) to procedure ``ref``, landing on its way back."""
    target = link(ref)
    if not target:
        return ""
    href, _, _ = target[0].partition("#")
    rid, pid = split_ref(ref, own)
    anchor = back_anchor(pid, source, None if rid == own else own)
    return _a(frag, f"{href}#{anchor}", label + target[1], classes, ref=_num(target))


def rollback_link(it: Item, own: str, link: Link, frag: Fragments) -> str:
    """The HTML link from item ``it`` to its rollback procedure (its back anchor returns to the item)."""
    return to_procedure(it.rollback or "", it.id, own, link, frag.strings["rollback.link"], "rb-link rb-to-rollback",
                        frag)


def trigger_link(t: Trigger, own: str, link: Link, frag: Fragments) -> str:
    """The HTML link from trigger ``t`` to the procedure it starts."""
    return to_procedure(t.procedure or "", t.id, own, link, "→ ", "rb-link rb-to-procedure", frag)


def backlinks(p: Procedure, rmap: RollbackMap, remote: list[Backlink], pages: dict[str, str], page_path: str,
              frag: Fragments) -> str:
    """The procedure's "Undoes:" and "Started by:" lines, each link a way back (HTML)."""
    own = rmap.own
    undo = []
    for step in rmap.steps:
        if real_ref(step.item.rollback) and split_ref(step.item.rollback or "", own) == (own, p.id):
            undo.append(_a(frag, f"#{step.item.id}", f"↑ {step.item.text}", "rb-link rb-to-step rb-back",
                           back_anchor(p.id, step.item.id)))
    for bl in remote:
        if bl.runbook in pages:
            href = f"{_rel(pages[bl.runbook], page_path)}#{bl.item.id}"
            undo.append(_a(frag, href, f"↑ {bl.item.text} ({bl.runbook})", "rb-link rb-to-step rb-back rb-remote",
                           back_anchor(p.id, bl.item.id, bl.runbook)))
    started = [_a(frag, f"#{t.id}", f"↑ {t.text}", "rb-link rb-to-trigger rb-back", back_anchor(p.id, t.id))
               for t in rmap.triggers.get(p.id, [])]
    lines = []
    t = frag.strings
    if undo:
        lines.append(f'<p><span class="rb-backlinks-label">{_escape(t["rollback.undoes"])}</span> '
                     + " · ".join(undo) + "</p>")
    if started:
        lines.append(f'<p><span class="rb-backlinks-label">{_escape(t["rollback.started_by"])}</span> '
                     + " · ".join(started) + "</p>")
    if not lines:
        return ""
    return unindexed('<div class="rb-backlinks" data-search-exclude>' + "".join(lines) + "</div>")


@lru_cache(maxsize=4096)  # relpath asks the OS for the cwd; the procedures page links each step
def _rel(target: str, page_path: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")


# -- point of no return ------------------------------------------------------
def _proc_links(refs: list[str], link: Link, frag: Fragments) -> str:
    out = []
    for ref in refs:
        target = link(ref)
        out.append(_a(frag, target[0], target[1]) if target else f"<code>{escape(ref)}</code>")
    return ", ".join(out)


def ponr_banner(step: Step | None, link: Link, frag: Fragments) -> str:
    """A prominent block before an irreversible item."""
    if step is None or not step.item.irreversible:
        return ""
    it, t = step.item, frag.strings
    parts = [f"<strong>{_escape(t['ponr.title'])}</strong> "
             + _say(t["ponr.once"], step=f"<em>{text_html(it.text)}</em>")]
    if step.lost:
        parts.append(_say(t["ponr.lost"], procedures=_proc_links(step.lost, link, frag)))
    if real_ref(it.rollback):
        parts.append(_say(t["ponr.recovery"], procedure=_proc_links([it.rollback or ""], link, frag)))
    parts.append(_escape(t["ponr.stop"]))
    return f'<div class="rb-ponr" role="note" id="rb-ponr-{it.id}" data-rb-ponr="{it.id}"><p>' + " ".join(parts) + "</p></div>"


def still_applies(step: Step | None, link: Link, frag: Fragments) -> str:
    """Under a step after a point of no return: what undoes the work now."""
    if step is None or step.ponr is None or step.ponr is step.item:
        return ""
    it = step.item
    if it.kind != "step" and it.command is None and not it.rollback:
        return ""
    t = frag.strings
    ponr = _a(frag, f"#{step.ponr.id}", t["ponr.link"])
    if step.applies:
        body = _say(t["still.applies"], ponr=ponr, procedures=_proc_links(step.applies, link, frag))
    else:
        body = _say(t["still.none"], ponr=ponr)
    return f'<div class="rb-still-applies"><p>{body}</p></div>'


# -- rollback map ------------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("\n", " ")


def map_table(rmap: RollbackMap, link: Link, frag: Fragments) -> str:
    """HTML table: step -> rollback procedure -> triggers that start it."""
    rows = rmap.rows()
    extra = rmap.trigger_only()
    if not rows and not extra:
        return ""
    own, t = rmap.own, frag.strings
    out: list[tuple[str, bool, str, str]] = []
    for s in rows:
        it = s.item
        step = _a(frag, f"#{it.id}", it.text)
        if real_ref(it.rollback):
            how = _proc_links([it.rollback or ""], link, frag)
            rid, pid = split_ref(it.rollback or "", own)
            trig = rmap.triggers.get(pid, []) if rid == own else []
        elif it.rollback:  # `none`
            how = _say(t["map.none"], reason=text_html(it.rollback_reason) if it.rollback_reason
                       else _escape(t["map.no_reason"]))
            trig = []
        elif it.irreversible:
            how = _say(t["map.irreversible"], ponr=f"<strong>{_escape(t['ponr.link'])}</strong>")
            trig = []
        else:
            how = f"<strong>{_escape(t['map.missing'])}</strong>"
            trig = []
        if it.irreversible and s.lost:
            how += _say(t["map.lost"], procedures=_proc_links(s.lost, link, frag))
        started = ", ".join(_a(frag, f"#{t.id}", t.text) for t in trig) or "—"
        out.append((step, it.irreversible, how, started))
    for p in extra:
        started = ", ".join(_a(frag, f"#{t.id}", t.text) for t in rmap.triggers.get(p.id, []))
        out.append(("—", False, _a(frag, f"#{p.id}", p.title), started))
    if "rollback_map" in frag.partials.overridden:  # the site's template: its HTML marked as such
        out = [(Markup(a), b, Markup(c), Markup(d)) for a, b, c, d in out]
    return frag.partials.render("rollback_map", t=t.table, rows=out)


# -- the site-wide page --------------------------------------------------------
#: Steps named per procedure on the site-wide page: an index, not a second copy of every
#: runbook's backlinks (a procedure that undoes 30 steps made a cell of 30 links).
SITE_UNDOES_SHOWN = 3


def procedures_page(entries: list[ProcedureEntry], pages: dict[str, str], page_path: str,
                    strings: Strings | None = None) -> str:
    """Markdown of the page that lists every procedure of the site, by runbook."""
    return procedures_page_of([procedures_rows(entries, pages, page_path, strings)], strings)


def procedures_page_of(parts: list[list[str]], strings: Strings | None = None) -> str:
    """The procedures page from each runbook's ``procedures_rows`` (a site build makes them one
    runbook at a time, so it never holds every runbook at once)."""
    t = strings or english()
    head = [f"# {markdown_literal(t['procedures.title'])}", "", markdown_literal(t["procedures.intro"]), ""]
    return "\n".join([*head, *(line for part in parts for line in part)]) + "\n"


def procedures_rows(entries: list[ProcedureEntry], pages: dict[str, str], page_path: str,
                    strings: Strings | None = None) -> list[str]:
    """The procedures page's lines for ``entries`` (one heading and table per runbook)."""
    t = strings or english()
    cols = [markdown_literal(t[k]) for k in ("procedures.col_procedure", "procedures.col_steps",
                                             "procedures.col_undoes", "map.started_by")]
    lines: list[str] = []
    current: Runbook | None = None
    for e in entries:
        rb = e.runbook
        page = _rel(pages[rb.id], page_path)
        if rb is not current:
            current = rb
            lines += ["", f"## [{plain(rb.title)}]({page}) {{: #{rb.id} }}", "",
                      f"| {' | '.join(cols)} |", "| --- | --- | --- | --- |"]
        p = e.procedure
        shown = [b for b in e.undone_by if b.runbook in pages]
        undo = ", ".join(f"[{plain(b.item.text)}]({_rel(pages[b.runbook], page_path)}#{b.item.id})"
                         + ("" if b.runbook == rb.id else f" ({b.runbook})")
                         for b in shown[:SITE_UNDOES_SHOWN]) or "—"
        if len(shown) > SITE_UNDOES_SHOWN:  # the procedure's own "Undoes:" line has them all
            more = markdown_literal(t.get("procedures.more", n=len(shown) - SITE_UNDOES_SHOWN))
            undo += f", [{more}]({page}#{p.id})"
        started = ", ".join(f"[{plain(t.text)}]({page}#{t.id})" for t in e.triggers) or "—"
        nsteps = sum(1 for _ in p.steps)
        lines.append(f"| [{plain(p.title)}]({page}#{p.id}) | {nsteps} | {_cell(undo)} | {_cell(started)} |")
    return lines
