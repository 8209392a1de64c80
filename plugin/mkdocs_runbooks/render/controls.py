"""Form controls as raw HTML; every value is escaped, ids are slugs.

The data-rb-* attributes are the public HTML hooks of DESIGN.md §5.
"""

from __future__ import annotations

from markupsafe import escape

from ..model import Contact, Field, Signoff
from ..parse import slugify

_INPUT_TYPES = {"text": "text", "number": "number", "date": "date", "time": "time", "datetime": "datetime-local"}
#: how each sign-off column is filled in on screen
_SIGNOFF_INPUT = {"name": "text", "signature": "text", "initials": "text", "date": "date", "time": "time"}
_SIGNOFF_LABEL = {"name": "Name", "signature": "Signature", "initials": "Initials", "date": "Date", "time": "Time"}


def field_html(item_id: str, f: Field) -> str:
    key = f"{item_id}/{f.id}"
    label = escape(f.label or f.id.replace("-", " ").capitalize())
    html_id = f"rb-f-{item_id}--{f.id}"
    req = " required" if f.required else ""
    cls = f"rb-field rb-field-{f.type}"
    if f.type in ("yesno", "choice"):
        options = [("yes", "Yes"), ("no", "No")] + ([("na", "N/A")] if f.na else []) if f.type == "yesno" else [
            (o, o) for o in f.options
        ]
        radios = "".join(
            f'<label class="rb-option"><input type="radio" name="{key}" value="{escape(v)}" '
            f'data-rb-field="{key}"{req}><span>{escape(t)}</span></label>'
            for v, t in options
        )
        return (
            f'<fieldset class="{cls}" data-rb-group="{key}"><legend class="rb-field-label">{label}</legend>'
            f"{radios}</fieldset>"
        )
    if f.type == "textarea":
        control = f'<textarea id="{html_id}" data-rb-field="{key}" rows="3"{req}{_ph(f)}></textarea>'
    elif f.type == "signature":
        control = (
            f'<input type="text" id="{html_id}" data-rb-field="{key}" autocomplete="name" '
            f'placeholder="Name"{req}> <input type="date" data-rb-field="{key}/date" '
            f'aria-label="{label}: date"{req}>'
        )
    else:
        extra = ' step="any" inputmode="decimal"' if f.type == "number" else ""
        control = f'<input type="{_INPUT_TYPES[f.type]}" id="{html_id}" data-rb-field="{key}"{extra}{req}{_ph(f)}>'
        if f.unit:
            control += f' <span class="rb-unit">{escape(f.unit)}</span>'
    return f'<div class="{cls}"><label class="rb-field-label" for="{html_id}">{label}</label> {control}</div>'


def _ph(f: Field) -> str:
    return f' placeholder="{escape(f.placeholder)}"' if f.placeholder else ""


def signoff_html(block: Signoff) -> str:
    head = "".join(f"<th>{_SIGNOFF_LABEL.get(c, escape(c.capitalize()))}</th>" for c in block.fields)
    rows = []
    for role in block.roles:
        role_slug = slugify(role)
        cells = []
        for col in block.fields:
            key = f"{block.id}/{role_slug}/{col}"
            kind = _SIGNOFF_INPUT.get(col, "text")
            cells.append(
                f'<td><input type="{kind}" data-rb-field="{key}" aria-label="{escape(role)}: '
                f'{_SIGNOFF_LABEL.get(col, col)}"></td>'
            )
        rows.append(f'<tr data-rb-role="{role_slug}"><th scope="row">{escape(role)}</th>{"".join(cells)}</tr>')
    return (
        f'<table class="rb-signoff-table"><thead><tr><th>Role</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def contacts_html(contacts: list[Contact]) -> str:
    cols = ("name", "phone", "email")
    rows = []
    for c in contacts:
        role_slug = slugify(c.role)
        cells = []
        for col in cols:
            value = getattr(c, col)
            if value:
                text = escape(value)
                if col == "email":
                    text = f'<a href="mailto:{text}">{text}</a>'
                elif col == "phone":
                    text = f'<a href="tel:{escape(value.replace(" ", ""))}">{text}</a>'
                cells.append(f"<td>{text}</td>")
            else:
                kind = {"email": "email", "phone": "tel"}.get(col, "text")
                cells.append(
                    f'<td><input type="{kind}" data-rb-field="contacts/{role_slug}/{col}" '
                    f'aria-label="{escape(c.role)}: {col}"></td>'
                )
        notes = f'<td>{escape(c.notes or "")}</td>'
        rows.append(f'<tr><th scope="row">{escape(c.role)}</th>{"".join(cells)}{notes}</tr>')
    return (
        '<table class="rb-contacts-table"><thead><tr><th>Role</th><th>Name</th><th>Phone</th>'
        f'<th>Email</th><th>Notes</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
