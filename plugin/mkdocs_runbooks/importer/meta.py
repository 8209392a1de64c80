"""Document metadata lines ("**Version:** 2.0.0") and contact lines."""

from __future__ import annotations

import re
from typing import Any

from mkdocs_runbooks.importer.fields import BLANK_RE, plain

# Label -> (top-level key, sub-key). Unknown labels stay as Markdown prose.
META_KEYS: dict[str, tuple[str, str | None]] = {
    "version": ("version", None),
    "document version": ("version", None),
    "runbook version": ("version", None),
    "checklist version": ("version", None),
    "last updated": ("meta", "last_updated"),
    "updated": ("meta", "last_updated"),
    "last reviewed": ("meta", "last_updated"),
    "next review": ("meta", "next_review"),
    "review date": ("meta", "next_review"),
    "target date": ("meta", "target_date"),
    "target deployment": ("meta", "target_date"),
    "deployment date": ("meta", "target_date"),
    "date": ("meta", "target_date"),
    "environment": ("meta", "environment"),
    "target environment": ("meta", "environment"),
    "deployment target": ("meta", "environment"),
    "owner": ("meta", "owner"),
    "document owner": ("meta", "owner"),
    "team": ("meta", "team"),
    "ticket": ("meta", "ticket"),
    "change ticket": ("meta", "ticket"),
    "change request": ("meta", "ticket"),
    "project": ("vars", "project"),
    "project name": ("vars", "project"),
}
_KV = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<k>[^*_:\n]{1,40}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<v>.*?)\s*$")
_PLACEHOLDER = re.compile(r"^\[[^\]]{1,30}\]$|^(?:tbd|n/a|-|—)$", re.I)


def key_value(line: str) -> tuple[str, str] | None:
    """(key, value) of a "Key: value" line, the key without Markdown emphasis; None otherwise."""
    m = _KV.match(line)
    if not m:
        return None
    return plain(m.group("k")), m.group("v").strip()


def meta_target(label: str) -> tuple[str, str | None] | None:
    """(meta or vars, key) that a label such as "Owner" or "Environment" fills, or None."""
    return META_KEYS.get(label.lower().strip())


def is_blank_value(value: str) -> bool:
    """True when a value is empty or a blank to fill in (`____`, `TBD`)."""
    return bool(BLANK_RE.fullmatch(value.replace("\\_", "_").strip())) or not value


def is_placeholder(value: str) -> bool:
    """True when a value is a placeholder such as `<name>` or `[date]`."""
    return bool(_PLACEHOLDER.match(value.strip()))


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"^\+?[\dX(][\dX\s().-]{5,}$")
_URL = re.compile(r"https?://\S+")
_CONTACT_ROLE = re.compile(
    r"primary|secondary|escalation|on-?call|lead|manager|engineer|admin|dba|support|cto|ceo|cio|vp|director|owner|team|desk|ops|sre|security|contact|vendor|pagerduty|hotline|issues",
    re.I,
)


def contact_of(line: str) -> dict[str, Any] | None:
    """'**Primary**: [Name] - [Phone] - [Email]' -> {role, name, phone, email}."""
    kv = key_value(line)
    if not kv or not kv[1]:
        return None
    role, value = kv
    if meta_target(role) or re.match(r"^\d{4}-\d\d-\d\d$", value):
        return None
    contact = {"role": role, "name": "", "phone": "", "email": ""}
    notes: list[str] = []
    recognised = False
    for part in re.split(r"\s+[-–—|]\s+|\s*\|\s*|,\s+(?=\S+@|\+?\d)", plain(value) if "**" in value else value):
        part = part.strip()
        low = part.lower()
        if not part:
            continue
        if is_placeholder(part):
            recognised = True
            if "phone" in low or "number" in low:
                continue
            if "mail" in low:
                continue
            if "name" in low or "manager" in low or "contact" in low:
                continue
            notes.append(part)
        elif _EMAIL.fullmatch(part.strip("<>")):
            contact["email"] = part.strip("<>")
            recognised = True
        elif _PHONE.match(part):
            contact["phone"] = part
            recognised = True
        elif _URL.match(part):
            notes.append(part)
            recognised = True
        elif not contact["name"]:
            contact["name"] = part
        else:
            notes.append(part)
    if not recognised and not _CONTACT_ROLE.search(role):
        return None
    if notes:
        contact["notes"] = "; ".join(notes)
    return contact
