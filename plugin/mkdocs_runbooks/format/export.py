"""The resolved JSON form of a runbook (a public contract, DESIGN.md §5)."""

from __future__ import annotations

from typing import Any

from mkdocs_runbooks.format.model import Command, Contact, Field, Item, Procedure, Runbook, Section, Signoff, Trigger
from mkdocs_runbooks.resolve.variables import SECRET_MASK


def _opt(out: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        out[key] = value


def command_dict(c: Command | None) -> dict[str, str] | None:
    """Resolved-JSON form of a command (DESIGN.md §5), or None."""
    return None if c is None else {"lang": c.lang, "code": c.code}


def field_dict(f: Field) -> dict[str, Any]:
    """Resolved-JSON form of a field (DESIGN.md §5)."""
    out: dict[str, Any] = {"id": f.id, "type": f.type, "label": f.label or f.id.replace("-", " ").capitalize()}
    _opt(out, "unit", f.unit)
    _opt(out, "options", list(f.options))
    if f.na:
        out["na"] = True
    if f.required:
        out["required"] = True
    _opt(out, "placeholder", f.placeholder)
    return out


def item_dict(i: Item) -> dict[str, Any]:
    """Resolved-JSON form of an item and its sub-items (DESIGN.md §5)."""
    out: dict[str, Any] = {"id": i.id, "text": i.text, "kind": i.kind, "checked": i.checked, "origin": i.origin}
    _opt(out, "severity", i.severity)
    _opt(out, "owner", i.owner)
    _opt(out, "estimate", i.estimate)
    _opt(out, "command", command_dict(i.command))
    _opt(out, "rollback", i.rollback)
    _opt(out, "rollback_reason", i.rollback_reason)
    if i.irreversible:
        out["irreversible"] = True
    _opt(out, "details", i.details)
    out["fields"] = [field_dict(f) for f in i.fields]
    out["items"] = [item_dict(c) for c in i.items]
    return out


def section_dict(s: Section) -> dict[str, Any]:
    """Resolved-JSON form of a section and its sub-sections (DESIGN.md §5)."""
    out: dict[str, Any] = {"id": s.id, "title": s.title, "origin": s.origin}
    _opt(out, "mode", s.mode)
    if s.deploy is not None:
        out["deploy"] = s.deploy
    _opt(out, "estimate", s.estimate)
    _opt(out, "owner", s.owner)
    _opt(out, "intro", s.intro)
    out["items"] = [item_dict(i) for i in s.items]
    out["sections"] = [section_dict(c) for c in s.sections]
    return out


def procedure_dict(p: Procedure) -> dict[str, Any]:
    """Resolved-JSON form of a procedure (DESIGN.md §5)."""
    out: dict[str, Any] = {"id": p.id, "title": p.title, "origin": p.origin}
    _opt(out, "intro", p.intro)
    _opt(out, "estimate", p.estimate)
    _opt(out, "owner", p.owner)
    out["steps"] = [item_dict(i) for i in p.steps]
    out["undoes"] = list(p.undoes)
    return out


def trigger_dict(t: Trigger) -> dict[str, Any]:
    """Resolved-JSON form of a rollback trigger (DESIGN.md §5)."""
    out: dict[str, Any] = {"id": t.id, "text": t.text, "origin": t.origin}
    _opt(out, "procedure", t.procedure)
    return out


def signoff_dict(s: Signoff) -> dict[str, Any]:
    """Resolved-JSON form of a sign-off block (DESIGN.md §5)."""
    return {"id": s.id, "title": s.title, "roles": list(s.roles), "fields": list(s.fields), "origin": s.origin}


def contact_dict(c: Contact) -> dict[str, Any]:
    """Resolved-JSON form of a contact (DESIGN.md §5)."""
    out: dict[str, Any] = {"role": c.role, "name": c.name or "", "phone": c.phone or "", "email": c.email or ""}
    _opt(out, "notes", c.notes)
    return out


def runbook_dict(rb: Runbook) -> dict[str, Any]:
    """The resolved runbook as the JSON object of ``runbooks export`` (DESIGN.md §5, a stable contract)."""
    meta = {k: getattr(rb.meta, k)
            for k in ("owner", "environment", "last_updated", "next_review", "target_date", "team", "ticket")}
    out: dict[str, Any] = {
        "id": rb.id,
        "title": rb.title,
        "version": rb.version,
        "extends": list(rb.extends or []),
        "vars": {k: (SECRET_MASK if k in rb.secrets else v) for k, v in rb.vars.items()},
        "meta": {k: v for k, v in meta.items() if v is not None},
    }
    _opt(out, "intro", rb.intro)
    out["sections"] = [section_dict(s) for s in rb.sections]
    out["procedures"] = [procedure_dict(p) for p in rb.procedures]
    out["triggers"] = [trigger_dict(t) for t in rb.triggers]
    out["signoff"] = [signoff_dict(s) for s in rb.signoff]
    out["contacts"] = [contact_dict(c) for c in rb.contacts]
    out["inputs"] = [{k: v for k, v in (("id", i.id), ("label", i.label), ("placeholder", i.placeholder))
                      if v is not None} for i in rb.inputs]
    return out
