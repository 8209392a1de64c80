"""A resolved runbook as plain Markdown: task lists, blanks and tables.

For people who want the checklist outside the site (a wiki, an email, a
ticket). It is also the honest baseline in bench/bench_site.py: the same
content as a team would have written it by hand.
"""

from __future__ import annotations

from .estimate import format_range
from .model import Field, Item, Runbook, Section
from .render import runbook_stats, section_stats

_BLANKS = {"date": "__/__/____", "time": "__:__", "datetime": "__/__/____ __:__", "signature": "________ (name, date)"}


def _field(f: Field) -> str:
    label = f.label or f.id.replace("-", " ").capitalize()
    if f.type == "yesno":
        return f"{label}: ☐ YES ☐ NO" + (" ☐ N/A" if f.na else "")
    if f.type == "choice":
        return f"{label}: " + " ".join(f"☐ {o}" for o in f.options)
    blank = _BLANKS.get(f.type, "__________")
    return f"{label}: {blank}" + (f" {f.unit}" if f.unit else "")


def _item(it: Item, depth: int, out: list[str]) -> None:
    pad = "    " * depth
    box = "" if it.kind == "note" else ("[x] " if it.checked else "[ ] ")
    tags = []
    if it.severity in ("critical", "high"):
        tags.append(f"**{it.severity.upper()}**")
    if it.estimate:
        tags.append(f"*({it.estimate})*")
    if it.rollback and it.rollback != "none":
        tags.append(f"↩ rollback: `{it.rollback}`")
    text = " ".join(it.text.split())
    out.append(f"{pad}- {box}{text}" + (" " + " ".join(tags) if tags else ""))
    inner = pad + "    "
    if it.command:
        out += ["", f"{inner}```{it.command.fence_lang}", *[f"{inner}{line}" for line in it.command.code.rstrip().splitlines()],
                f"{inner}```", ""]
    for f in it.fields:
        out.append(f"{inner}- {_field(f)}")
    if it.details:
        out += ["", *[f"{inner}{line}" if line else "" for line in it.details.rstrip().splitlines()], ""]
    for child in it.items:
        _item(child, depth + 1, out)
    if (it.command or it.fields or it.details or it.items) and out[-1] != "":
        out.append("")  # a loose item: Python-Markdown would fold the next item into the sub-list


def _section(s: Section, depth: int, out: list[str]) -> None:
    st = section_stats(s)
    out += [f"{'#' * min(6, depth + 1)} {s.title}", ""]
    meta = [f"{st.items} items"] + ([format_range(st.estimate)] if st.estimate else []) + ([s.mode.upper()] if s.mode else [])
    out += [f"*{' · '.join(meta)}*", ""]
    if s.intro:
        out += [s.intro.rstrip(), ""]
    for it in s.items:
        _item(it, 0, out)
    if s.items:
        out.append("")
    for sub in s.sections:
        _section(sub, depth + 1, out)


def runbook_markdown(rb: Runbook) -> str:
    st = runbook_stats(rb)
    out = [f"# {rb.title}", ""]
    facts = [("Version", rb.version), ("Environment", rb.meta.environment), ("Owner", rb.meta.owner),
             ("Last updated", rb.meta.last_updated), ("Next review", rb.meta.next_review),
             ("Items", str(st.items)), ("Estimate", format_range(st.estimate))]
    out += [" · ".join(f"**{k}:** {v}" for k, v in facts if v), ""]
    if rb.intro:
        out += [rb.intro.rstrip(), ""]
    for s in rb.sections:
        _section(s, 1, out)
    if rb.triggers:
        out += ["## Rollback triggers", ""]
        out += [f"- {t.text}" + (f" → `{t.procedure}`" if t.procedure else "") for t in rb.triggers]
        out.append("")
    if rb.procedures:
        out += ["## Procedures", ""]
        for p in rb.procedures:
            out += [f"### {p.title}", ""]
            if p.intro:
                out += [p.intro.rstrip(), ""]
            for it in p.steps:
                _item(it, 0, out)
            out.append("")
    for block in rb.signoff:
        cols = ["Role", *(c.capitalize() for c in block.fields)]
        out += [f"## {block.title}", "", "| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
        out += ["| " + role + " |" + "  |" * len(block.fields) for role in block.roles]
        out.append("")
    if rb.contacts:
        out += ["## Contacts", "", "| Role | Name | Phone | Email |", "| --- | --- | --- | --- |"]
        out += [f"| {c.role} | {c.name or ''} | {c.phone or ''} | {c.email or ''} |" for c in rb.contacts]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
