"""A resolved runbook as plain Markdown: task lists, blanks and tables.

For people who want the checklist outside the site (a wiki, an email, a
ticket). It is also the honest baseline in bench/bench_site.py: the same
content as a team would have written it by hand.
"""

from __future__ import annotations

from mkdocs_runbooks.format.estimate import format_range
from mkdocs_runbooks.format.model import Field, Item, Runbook, Section
from mkdocs_runbooks.render import runbook_stats, section_stats
from mkdocs_runbooks.render.text import literal_block, literal_inline
from mkdocs_runbooks.render.text import markdown_literal as _lit

# Text is text here too (render/text.py): source Markdown stays Markdown, raw HTML and
# plain strings (labels, roles, contacts) show as written in whatever renders the export.

_BLANKS = {"date": "__/__/____", "time": "__:__", "datetime": "__/__/____ __:__", "signature": "________ (name, date)"}


def _field(f: Field) -> str:
    label = _lit(f.label or f.id.replace("-", " ").capitalize())
    if f.type == "yesno":
        return f"{label}: ☐ YES ☐ NO" + (" ☐ N/A" if f.na else "")
    if f.type == "choice":
        return f"{label}: " + " ".join(f"☐ {_lit(o)}" for o in f.options)
    blank = _BLANKS.get(f.type, "__________")
    return f"{label}: {blank}" + (f" {_lit(f.unit)}" if f.unit else "")


def _item(it: Item, depth: int, out: list[str]) -> None:
    pad = "    " * depth
    box = "" if it.kind == "note" else ("[x] " if it.checked else "[ ] ")
    tags = []
    if it.severity in ("critical", "high"):
        tags.append(f"**{it.severity.upper()}**")
    if it.estimate:
        tags.append(f"*({_lit(it.estimate)})*")
    if it.rollback and it.rollback != "none":
        tags.append(f"↩ rollback: `{it.rollback}`")
    text = literal_inline(" ".join(it.text.split()))
    out.append(f"{pad}- {box}{text}" + (" " + " ".join(tags) if tags else ""))
    inner = pad + "    "
    if it.command:
        out += ["", f"{inner}```{it.command.fence_lang}", *[f"{inner}{line}" for line in it.command.code.rstrip().splitlines()],
                f"{inner}```", ""]
    for f in it.fields:
        out.append(f"{inner}- {_field(f)}")
    if it.details:
        out += ["", *[f"{inner}{line}" if line else "" for line in literal_block(it.details.rstrip()).splitlines()], ""]
    for child in it.items:
        _item(child, depth + 1, out)
    if (it.command or it.fields or it.details or it.items) and out[-1] != "":
        out.append("")  # a loose item: Python-Markdown would fold the next item into the sub-list


def _section(s: Section, depth: int, out: list[str]) -> None:
    st = section_stats(s)
    out += [f"{'#' * min(6, depth + 1)} {literal_inline(s.title)}", ""]
    meta = [f"{st.items} items"] + ([format_range(st.estimate)] if st.estimate else []) + ([s.mode.upper()] if s.mode else [])
    out += [f"*{' · '.join(meta)}*", ""]
    if s.intro:
        out += [literal_block(s.intro.rstrip()), ""]
    for it in s.items:
        _item(it, 0, out)
    if s.items:
        out.append("")
    for sub in s.sections:
        _section(sub, depth + 1, out)


def runbook_markdown(rb: Runbook) -> str:
    """The resolved runbook as a plain Markdown task list (``runbooks export --format markdown``)."""
    st = runbook_stats(rb)
    out = [f"# {literal_inline(rb.title)}", ""]
    facts = [("Version", rb.version), ("Environment", rb.meta.environment), ("Owner", rb.meta.owner),
             ("Last updated", rb.meta.last_updated), ("Next review", rb.meta.next_review),
             ("Items", str(st.items)), ("Estimate", format_range(st.estimate))]
    out += [" · ".join(f"**{k}:** {_lit(v)}" for k, v in facts if v), ""]
    if rb.intro:
        out += [literal_block(rb.intro.rstrip()), ""]
    for s in rb.sections:
        _section(s, 1, out)
    if rb.triggers:
        out += ["## Rollback triggers", ""]
        out += [f"- {literal_inline(t.text)}" + (f" → `{t.procedure}`" if t.procedure else "") for t in rb.triggers]
        out.append("")
    if rb.procedures:
        out += ["## Procedures", ""]
        for p in rb.procedures:
            out += [f"### {literal_inline(p.title)}", ""]
            if p.intro:
                out += [literal_block(p.intro.rstrip()), ""]
            for it in p.steps:
                _item(it, 0, out)
            out.append("")
    for block in rb.signoff:
        cols = ["Role", *(c.capitalize() for c in block.fields)]
        out += [f"## {literal_inline(block.title)}", "", "| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
        out += ["| " + _lit(role) + " |" + "  |" * len(block.fields) for role in block.roles]
        out.append("")
    if rb.contacts:
        out += ["## Contacts", "", "| Role | Name | Phone | Email |", "| --- | --- | --- | --- |"]
        out += [f"| {_lit(c.role)} | {_lit(c.name or '')} | {_lit(c.phone or '')} | {_lit(c.email or '')} |"
                for c in rb.contacts]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
