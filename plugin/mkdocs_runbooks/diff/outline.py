"""A resolved runbook as plain text, one line per element: what ``git diff`` shows via textconv.

One element per line (with its id) keeps git's line diff readable: a
reworded item is one changed line, a moved item one removed and one added.
"""

from __future__ import annotations

from ..model import Item, Runbook, Section
from .engine import META_KEYS, command_text, field_text


def _item(it: Item, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    box = "[x]" if it.checked else "[ ]" if it.kind == "check" else "(step)" if it.kind == "step" else "(note)"
    tags = [t for t in (it.severity, "irreversible" if it.irreversible else None, it.owner, it.estimate) if t]
    tag = f"  {{{', '.join(tags)}}}" if tags else ""
    out.append(f"{pad}{box} {it.id}: {' '.join(it.text.split())}{tag}")
    if it.rollback:
        out.append(f"{pad}    rollback: {it.rollback}")
    cmd = command_text(it.command)
    if cmd:
        out.extend(f"{pad}    $ {line}" for line in cmd.splitlines())
    for f in it.fields:
        out.append(f"{pad}    field {field_text(f)}")
    if it.details:
        out.extend(f"{pad}    | {line}" for line in it.details.rstrip().splitlines())
    for child in it.items:
        _item(child, depth + 1, out)


def _section(s: Section, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    tags = [t for t in (s.mode, s.estimate, s.owner) if t]
    out.append(f"{pad}## {s.id}: {' '.join(s.title.split())}{'  {' + ', '.join(tags) + '}' if tags else ''}")
    if s.intro:
        out.extend(f"{pad}  | {line}" for line in s.intro.rstrip().splitlines())
    for it in s.items:
        _item(it, depth + 1, out)
    for sub in s.sections:
        _section(sub, depth + 1, out)


def outline(rb: Runbook) -> str:
    out = [f"# {rb.id}: {' '.join(rb.title.split())}", f"version: {rb.version or '-'}"]
    if rb.extends:
        out.append(f"extends: {' > '.join(rb.extends)}")
    out += [f"meta.{k}: {getattr(rb.meta, k)}" for k in META_KEYS if getattr(rb.meta, k)]
    if rb.intro:
        out.extend(f"| {line}" for line in rb.intro.rstrip().splitlines())
    for s in rb.sections:
        out.append("")
        _section(s, 0, out)
    if rb.procedures:
        out.append("")
        out.append("== procedures")
        for p in rb.procedures:
            undo = f"  (undoes {', '.join(p.undoes)})" if p.undoes else ""
            out.append(f"## {p.id}: {' '.join(p.title.split())}{undo}")
            for step in p.steps:
                _item(step, 1, out)
    if rb.triggers:
        out.append("")
        out.append("== triggers")
        out += [f"- {t.id}: {' '.join(t.text.split())}{' -> ' + t.procedure if t.procedure else ''}" for t in rb.triggers]
    if rb.signoff:
        out.append("")
        out.append("== signoff")
        out += [f"- {b.id}: {b.title} [{', '.join(b.roles)}] ({', '.join(b.fields)})" for b in rb.signoff]
    if rb.contacts:
        out.append("")
        out.append("== contacts")
        for c in rb.contacts:
            rest = ", ".join(x for x in (c.name, c.phone, c.email, c.notes) if x)
            out.append(f"- {c.role}{': ' + rest if rest else ''}")
    return "\n".join(out) + "\n"
