"""A resolved runbook as plain text, one line per element: what ``git diff`` shows via textconv.

One element per line (with its id) keeps git's line diff readable: a
reworded item is one changed line, a moved item one removed and one added.
Attributes come from the format declaration (attrs.py), so every declared
key shows up here too.
"""

from __future__ import annotations

from typing import Any

from mkdocs_runbooks.diff.attrs import attributes, command_text, field_text, runbook_attributes
from mkdocs_runbooks.format.model import Item, Procedure, Runbook, Section
from mkdocs_runbooks.format.spec import SHAPES

#: Attributes shown in an element's own line as ``{a, b}`` tags, by shape.
_TAGS = {"item": ("severity", "irreversible", "owner", "estimate"), "section": ("mode", "estimate", "owner"),
         "procedure": ("estimate", "owner")}
#: Attributes shown as blocks of their own lines.
_BLOCKS = {"command", "fields", "details", "intro"}


def _tags(shape: str, attrs: dict[str, str | None]) -> str:
    tags = [("irreversible" if k == "irreversible" else attrs[k]) for k in _TAGS.get(shape, ()) if attrs.get(k)
            and attrs[k] != "false"]
    return f"  {{{', '.join(t for t in tags if t)}}}" if tags else ""


def _rest(shape: str, obj: Any, attrs: dict[str, str | None], pad: str, out: list[str]) -> None:
    """Every attribute not in the element's line: ``key: value``, then the blocks."""
    shown = set(_TAGS.get(shape, ())) | _BLOCKS | {"kind", "checked"}
    out.extend(f"{pad}    {k}: {v}" for k, v in attrs.items() if v is not None and k not in shown)
    cmd = command_text(getattr(obj, "command", None))
    if cmd:
        out.extend(f"{pad}    $ {line}" for line in cmd.splitlines())
    for f in getattr(obj, "fields", None) or []:
        if not isinstance(f, str):  # sign-off columns are plain names, shown in the attribute line
            out.append(f"{pad}    field {field_text(f)}")
    for key in ("details", "intro"):
        text = getattr(obj, key, None)
        if text:
            out.extend(f"{pad}    | {line}" for line in text.rstrip().splitlines())


def _item(it: Item, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    attrs = attributes("item", it)
    box = "[x]" if it.checked else "[ ]" if it.kind == "check" else "(step)" if it.kind == "step" else "(note)"
    out.append(f"{pad}{box} {it.id}: {' '.join(it.text.split())}{_tags('item', attrs)}")
    _rest("item", it, attrs, pad, out)
    for child in it.items:
        _item(child, depth + 1, out)


def _section(s: Section, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    attrs = attributes("section", s)
    out.append(f"{pad}## {s.id}: {' '.join(s.title.split())}{_tags('section', attrs)}")
    _rest("section", s, attrs, pad, out)
    for it in s.items:
        _item(it, depth + 1, out)
    for sub in s.sections:
        _section(sub, depth + 1, out)


def _procedure(p: Procedure, out: list[str]) -> None:
    attrs = attributes("procedure", p)
    undo = f"  (undoes {', '.join(p.undoes)})" if p.undoes else ""
    out.append(f"## {p.id}: {' '.join(p.title.split())}{_tags('procedure', attrs)}{undo}")
    _rest("procedure", p, attrs, "", out)
    for step in p.steps:
        _item(step, 1, out)


def outline(rb: Runbook) -> str:
    """The runbook as diff-friendly text: one line per element, then its attributes."""
    out = [f"# {rb.id}: {' '.join(rb.title.split())}"]
    attrs = runbook_attributes(rb, rb.secrets)
    out.append(f"version: {attrs.pop('version') or '-'}")
    if rb.extends:
        out.append(f"extends: {' > '.join(rb.extends)}")
    attrs.pop("extends")
    intro = attrs.pop("intro")
    out += [f"{k}: {v}" for k, v in attrs.items() if v is not None]
    if intro:
        out.extend(f"| {line}" for line in (rb.intro or "").rstrip().splitlines())
    for s in rb.sections:
        out.append("")
        _section(s, 0, out)
    if rb.procedures:
        out.append("")
        out.append("== procedures")
        for p in rb.procedures:
            _procedure(p, out)
    if rb.triggers:
        out.append("")
        out.append("== triggers")
        for t in rb.triggers:
            attrs = attributes("trigger", t)
            del attrs["procedure"]  # on the trigger's line
            out.append(f"- {t.id}: {' '.join(t.text.split())}{' -> ' + t.procedure if t.procedure else ''}")
            _rest("trigger", t, attrs, "", out)
    if rb.signoff:
        out.append("")
        out.append("== signoff")
        for b in rb.signoff:
            attrs = attributes("signoff", b)
            del attrs["roles"], attrs["fields"]  # on the block's line
            out.append(f"- {b.id}: {b.title} [{', '.join(b.roles)}] ({', '.join(b.fields)})")
            _rest("signoff", b, attrs, "", out)
    if rb.contacts:
        out.append("")
        out.append("== contacts")
        keys = [k for k in SHAPES["contact"] if k != "role"]
        for c in rb.contacts:  # every key but the role, in declaration order, on the contact's line
            rest = ", ".join(str(v) for v in (getattr(c, k) for k in keys) if v)
            out.append(f"- {c.role}{': ' + rest if rest else ''}")
    return "\n".join(out) + "\n"
