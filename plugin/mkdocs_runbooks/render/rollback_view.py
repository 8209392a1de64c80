"""Rollback markup: step -> procedure links with a JS-free way back, the point
of no return, the per-page rollback map and the site-wide procedures page.

Links are emitted as Markdown (``[text](a/b.md#id){.cls}``), never raw ``<a>``,
so that MkDocs rewrites and validates cross-page URLs.

The way back without JS: a step links to ``#<proc>--from-<step>``, an anchor on
the procedure's "Undoes" link that leads back to that step; ``:target`` CSS marks
it as the one you came from. ``--`` never occurs in ids, so these never clash.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

from ..model import Item, Procedure, Runbook, Trigger, walk_items
from ..rollback import Backlink, ProcedureEntry, RollbackMap, Step, real_ref, split_ref

Link = Callable[[str], "tuple[str, ...] | None"]

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|{}])")


def plain(text: str) -> str:
    """Inline Markdown as safe link text: links unwrapped, markup characters escaped."""
    text = " ".join(_MD_LINK.sub(r"\1", text).split())
    return _MD_SPECIAL.sub(r"\\\1", text.replace("**", "").replace("`", ""))


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
    return sum(1 for i in walk_items(items) if i.checkable)


def _num(target: tuple[str, ...]) -> str:
    return target[2] if len(target) > 2 and target[2] else ""


def to_procedure(ref: str, source: str, own: str, link: Link, label: str, classes: str) -> str:
    """A Markdown link from ``source`` (an item or trigger id) to procedure ``ref``, landing on its way back."""
    target = link(ref)
    if not target:
        return ""
    href, _, _ = target[0].partition("#")
    rid, pid = split_ref(ref, own)
    anchor = back_anchor(pid, source, None if rid == own else own)
    return f"[{label}{plain(target[1])}]({href}#{anchor}){_attrs(classes, _num(target))}"


def rollback_link(it: Item, own: str, link: Link) -> str:
    return to_procedure(it.rollback or "", it.id, own, link, "↩ Rollback: ", "rb-link rb-to-rollback")


def trigger_link(t: Trigger, own: str, link: Link) -> str:
    return to_procedure(t.procedure or "", t.id, own, link, "→ ", "rb-link rb-to-procedure")


def backlinks(p: Procedure, rmap: RollbackMap, remote: list[Backlink], pages: dict[str, str], page_path: str) -> str:
    """The procedure's "Undoes:" and "Started by:" lines, each link a way back (Markdown)."""
    own = rmap.runbook.id
    undo = []
    for step in rmap.steps:
        if real_ref(step.item.rollback) and split_ref(step.item.rollback or "", own) == (own, p.id):
            undo.append(f"[↑ {plain(step.item.text)}](#{step.item.id})"
                        f"{_attrs('rb-link rb-to-step rb-back', ident=back_anchor(p.id, step.item.id))}")
    for bl in remote:
        if bl.runbook in pages:
            href = f"{_rel(pages[bl.runbook], page_path)}#{bl.item.id}"
            undo.append(f"[↑ {plain(bl.item.text)} ({bl.runbook})]({href})"
                        f"{_attrs('rb-link rb-to-step rb-back rb-remote', ident=back_anchor(p.id, bl.item.id, bl.runbook))}")
    started = [f"[↑ {plain(t.text)}](#{t.id}){_attrs('rb-link rb-to-trigger rb-back', ident=back_anchor(p.id, t.id))}"
               for t in rmap.triggers.get(p.id, [])]
    lines = []
    if undo:
        lines.append('<span class="rb-backlinks-label">Undoes:</span> ' + " · ".join(undo))
    if started:
        lines.append('<span class="rb-backlinks-label">Started by:</span> ' + " · ".join(started))
    if not lines:
        return ""
    return '<div class="rb-backlinks" markdown>\n\n' + "\n\n".join(lines) + "\n\n</div>\n"


def _rel(target: str, page_path: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")


# -- point of no return ------------------------------------------------------
def _proc_links(refs: list[str], link: Link) -> str:
    out = []
    for ref in refs:
        target = link(ref)
        out.append(f"[{plain(target[1])}]({target[0]}){{.rb-link}}" if target else f"`{ref}`")
    return ", ".join(out)


def ponr_banner(step: Step | None, link: Link) -> str:
    """A prominent block before an irreversible item (Markdown inside a div)."""
    if step is None or not step.item.irreversible:
        return ""
    it = step.item
    parts = [f"**Point of no return.** Once *{plain(it.text)}* is done, it cannot be undone."]
    if step.lost:
        parts.append(f"These rollbacks stop applying: {_proc_links(step.lost, link)}.")
    if real_ref(it.rollback):
        parts.append(f"From here on, recovery is {_proc_links([it.rollback or ''], link)}.")
    parts.append("Stop, and confirm the go decision before you tick it.")
    return (f'<div class="rb-ponr" role="note" data-rb-ponr="{it.id}" markdown>\n\n'
            + " ".join(parts) + "\n\n</div>\n")


def still_applies(step: Step | None, link: Link) -> str:
    """Under a step after a point of no return: what undoes the work now."""
    if step is None or step.ponr is None or step.ponr is step.item:
        return ""
    it = step.item
    if it.kind != "step" and it.command is None and not it.rollback:
        return ""
    ponr = f"[point of no return](#{step.ponr.id}){{.rb-link}}"
    if step.applies:
        body = f"After the {ponr}, rollback still applies: {_proc_links(step.applies, link)}"
    else:
        body = f"After the {ponr}, no rollback applies: fix forward"
    return f'<div class="rb-still-applies" markdown>\n\n{body}\n\n</div>\n'


# -- rollback map ------------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("\n", " ")


def map_table(rmap: RollbackMap, link: Link) -> str:
    """Markdown table: step -> rollback procedure -> triggers that start it."""
    rows = rmap.rows()
    extra = rmap.trigger_only()
    if not rows and not extra:
        return ""
    own = rmap.runbook.id
    out = ["| Step | Rolled back by | Started by |", "| --- | --- | --- |"]
    for s in rows:
        it = s.item
        step = f"[{plain(it.text)}](#{it.id}){{.rb-link}}"
        if it.irreversible:
            step = f'{step} <span class="rb-badge rb-badge-irreversible">point of no return</span>'
        if real_ref(it.rollback):
            how = _proc_links([it.rollback or ""], link)
            rid, pid = split_ref(it.rollback or "", own)
            trig = rmap.triggers.get(pid, []) if rid == own else []
        elif it.rollback:  # `none`
            how = f"none: {plain(it.rollback_reason or 'no reason given')}"
            trig = []
        elif it.irreversible:
            how = "**point of no return**: nothing undoes it"
            trig = []
        else:
            how = "**missing**"
            trig = []
        if it.irreversible and s.lost:
            how += f"; no longer applies after it: {_proc_links(s.lost, link)}"
        started = ", ".join(f"[{plain(t.text)}](#{t.id}){{.rb-link}}" for t in trig) or "—"
        out.append(f"| {_cell(step)} | {_cell(how)} | {_cell(started)} |")
    for p in extra:
        started = ", ".join(f"[{plain(t.text)}](#{t.id}){{.rb-link}}" for t in rmap.triggers.get(p.id, []))
        out.append(f"| — | [{plain(p.title)}](#{p.id}){{.rb-link}} | {_cell(started)} |")
    return "\n".join(out) + "\n"


# -- the site-wide page --------------------------------------------------------
def procedures_page(entries: list[ProcedureEntry], pages: dict[str, str], page_path: str) -> str:
    """Markdown of the page that lists every procedure of the site, by runbook."""
    lines = ["# Rollback procedures", "",
             "Every procedure of every runbook on this site: what it undoes and what starts it.", ""]
    current: Runbook | None = None
    for e in entries:
        rb = e.runbook
        page = _rel(pages[rb.id], page_path)
        if rb is not current:
            current = rb
            lines += ["", f"## [{plain(rb.title)}]({page}) {{#{rb.id}}}", "",
                      "| Procedure | Steps | Undoes | Started by |", "| --- | --- | --- | --- |"]
        p = e.procedure
        undo = ", ".join(f"[{plain(b.item.text)}]({_rel(pages[b.runbook], page_path)}#{b.item.id})"
                         + ("" if b.runbook == rb.id else f" ({b.runbook})")
                         for b in e.undone_by if b.runbook in pages) or "—"
        started = ", ".join(f"[{plain(t.text)}]({page}#{t.id})" for t in e.triggers) or "—"
        nsteps = sum(1 for _ in p.steps)
        lines.append(f"| [{plain(p.title)}]({page}#{p.id}) | {nsteps} | {_cell(undo)} | {_cell(started)} |")
    return "\n".join(lines) + "\n"
