"""Form controls as raw HTML; every value is escaped, ids are slugs.

The data-rb-* attributes are the public HTML hooks of DESIGN.md §5. Every control has
autocomplete="off": a browser that restores form values on Back would otherwise show values
that are not the saved ones. Each key (the saved state's address) is unique on the page: rows
whose role slugs collide get ``-2``, ``-3``; the first keeps the key it always had, so a run
saved before keys were made unique stays where it was shown.
"""

from __future__ import annotations

from markupsafe import escape

from mkdocs_runbooks.format.model import Contact, Field, Signoff
from mkdocs_runbooks.format.slugs import slugify

_INPUT_TYPES = {"text": "text", "number": "number", "date": "date", "time": "time", "datetime": "datetime-local"}
#: how each sign-off column is filled in on screen
_SIGNOFF_INPUT = {"name": "text", "signature": "text", "initials": "text", "date": "date", "time": "time"}
_SIGNOFF_LABEL = {"name": "Name", "signature": "Signature", "initials": "Initials", "date": "Date", "time": "Time"}


class Keys:
    """Unique keys: ``take("a")`` gives "a", then "a-2", "a-3"."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, key: str) -> str:
        """``key``, or ``key-2``, ``key-3``... when taken before."""
        out, n = key, 2
        while out in self.seen:
            out, n = f"{key}-{n}", n + 1
        self.seen.add(out)
        return out


def field_html(item_id: str, f: Field) -> str:
    """The HTML control of field ``f`` of item ``item_id`` (``data-rb-field``), values escaped."""
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
            f'data-rb-field="{key}" autocomplete="off"{req}><span>{escape(t)}</span></label>'
            for v, t in options
        )
        return (
            f'<fieldset class="{cls}" data-rb-group="{key}"><legend class="rb-field-label">{label}</legend>'
            f"{radios}</fieldset>"
        )
    if f.type == "textarea":
        control = f'<textarea id="{html_id}" data-rb-field="{key}" autocomplete="off" rows="3"{req}{_ph(f)}></textarea>'
    elif f.type == "signature":
        control = (
            f'<input type="text" id="{html_id}" data-rb-field="{key}" autocomplete="off" '
            f'placeholder="Name"{req}> <input type="date" data-rb-field="{key}/date" autocomplete="off" '
            f'aria-label="{label}: date"{req}>'
        )
    else:
        extra = ' step="any" inputmode="decimal"' if f.type == "number" else ""
        control = (f'<input type="{_INPUT_TYPES[f.type]}" id="{html_id}" data-rb-field="{key}" autocomplete="off"'
                   f'{extra}{req}{_ph(f)}>')
        if f.unit:
            control += f' <span class="rb-unit">{escape(f.unit)}</span>'
    return f'<div class="{cls}"><label class="rb-field-label" for="{html_id}">{label}</label> {control}</div>'


def _ph(f: Field) -> str:
    return f' placeholder="{escape(f.placeholder)}"' if f.placeholder else ""


def signoff_html(block: Signoff) -> str:
    """The HTML sign-off table of ``block``: one row per role, one input per field."""
    head = "".join(f'<th class="rb-col-{escape(c)}">{_SIGNOFF_LABEL.get(c, escape(c.capitalize()))}</th>' for c in block.fields)
    rows = []
    roles, cols = Keys(), Keys()
    columns = [(col, cols.take(col)) for col in block.fields]
    for role in block.roles:
        role_slug = roles.take(slugify(role))
        cells = []
        for col, col_key in columns:
            key = f"{block.id}/{role_slug}/{col_key}"
            kind = _SIGNOFF_INPUT.get(col, "text")
            cells.append(
                f'<td class="rb-col-{escape(col)}"><input type="{kind}" data-rb-field="{key}" autocomplete="off" '
                f'aria-label="{escape(role)}: {_SIGNOFF_LABEL.get(col, escape(col))}"></td>'
            )
        rows.append(f'<tr data-rb-role="{role_slug}"><th scope="row">{escape(role)}</th>{"".join(cells)}</tr>')
    # a scroller: on a phone every column stays reachable (as Material does for Markdown tables)
    return (
        f'<div class="rb-table-scroll"><table class="rb-signoff-table"><thead><tr><th>Role</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def contacts_html(contacts: list[Contact]) -> str:
    """The HTML contacts table (phone and email as links)."""
    cols = ("name", "phone", "email")
    rows = []
    roles = Keys()
    for c in contacts:
        role_slug = roles.take(slugify(c.role))
        cells = []
        for col in cols:
            value = getattr(c, col)
            if value:
                text = str(escape(value))
                if col == "email":
                    text = f'<a href="mailto:{text}">{text}</a>'
                elif col == "phone":
                    text = f'<a href="tel:{escape(value.replace(" ", ""))}">{text}</a>'
                cells.append(f"<td>{text}</td>")
            else:
                kind = {"email": "email", "phone": "tel"}.get(col, "text")
                cells.append(
                    f'<td><input type="{kind}" data-rb-field="contacts/{role_slug}/{col}" autocomplete="off" '
                    f'aria-label="{escape(c.role)}: {col}"></td>'
                )
        notes = f'<td>{escape(c.notes or "")}</td>'
        rows.append(f'<tr><th scope="row">{escape(c.role)}</th>{"".join(cells)}{notes}</tr>')
    return (
        '<div class="rb-table-scroll"><table class="rb-contacts-table"><thead><tr><th>Role</th><th>Name</th><th>Phone</th>'
        f'<th>Email</th><th>Notes</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
