"""Form controls (fields, sign-off and contacts tables) from their partials; autoescape escapes every value.

The data-rb-* attributes are the public HTML hooks of DESIGN.md §5. Every control has
autocomplete="off": a browser that restores form values on Back would otherwise show values
that are not the saved ones. Each key (the saved state's address) is unique on the page: rows
whose role slugs collide get ``-2``, ``-3``; the first keeps the key it always had, so a run
saved before keys were made unique stays where it was shown.
"""

from __future__ import annotations

from markupsafe import escape

from mkdocs_runbooks.format.model import Contact, Field, Input, Signoff
from mkdocs_runbooks.format.slugs import slugify
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.render.escaping import escape_html as _e
from mkdocs_runbooks.render.partials import Partials, shipped

_INPUT_TYPES = {"text": "text", "number": "number", "date": "date", "time": "time", "datetime": "datetime-local"}
#: how each sign-off column is filled in on screen
_SIGNOFF_INPUT = {"name": "text", "signature": "text", "initials": "text", "date": "date", "time": "time"}
#: the sign-off columns with a label of their own (i18n key col.<name>); others show their name
_SIGNOFF_LABELED = frozenset(_SIGNOFF_INPUT)




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


def field_html(item_id: str, f: Field, t: Strings | None = None, partials: Partials | None = None) -> str:
    """One field's control from the ``field`` partial (escaped there), or as it writes it (``write_field``)."""
    t = t or english()
    partials = partials or shipped()
    if "field" not in partials.overridden:
        return write_field(item_id, f, t)
    options = None
    if f.type == "yesno":
        options = [("yes", t["field.yes"]), ("no", t["field.no"])] + ([("na", t["field.na"])] if f.na else [])
    elif f.type == "choice":
        options = [(o, o) for o in f.options]
    label = f.label or f.id.replace("-", " ").capitalize()
    return partials.render_template(
        "field", key=f"{item_id}/{f.id}", kind=f.type, label=label, html_id=f"rb-f-{item_id}--{f.id}",
        required=f.required, options=options, placeholder=f.placeholder or "", unit=f.unit or "",
        input_type=_INPUT_TYPES.get(f.type, "text"), name_label=t["field.signature_name"],
        date_label=t.get("field.signature_date", label=label))


# The shipped field.html written in Python, straight from the model (a page has a field per few
# items; a keyword call and a dict per field were a tenth of a page's render time, issue 17).
# tests/render/test_written_in_python.py checks it against the template on generated runbooks.
def write_field(item_id: str, f: Field, t: Strings) -> str:
    """The field's control, as templates/runbooks/partials/field.html writes it."""
    k, kind = _e(f"{item_id}/{f.id}"), _e(f.type)
    label = _e(f.label or f.id.replace("-", " ").capitalize())
    req = " required" if f.required else ""
    if f.type == "yesno" or f.type == "choice":
        if f.type == "yesno":
            options = [("yes", t["field.yes"]), ("no", t["field.no"])] + ([("na", t["field.na"])] if f.na else [])
        else:
            options = [(o, o) for o in f.options]
        radios = "".join([f'<label class="rb-option"><input type="radio" name="{k}" value="{_e(value)}" '
                          f'data-rb-field="{k}" autocomplete="off"{req}><span>{_e(text)}</span></label>'
                          for value, text in options])
        return (f'<fieldset class="rb-field rb-field-{kind}" data-rb-group="{k}">'
                f'<legend class="rb-field-label">{label}</legend>{radios}</fieldset>')
    hid = _e(f"rb-f-{item_id}--{f.id}")
    ph = f' placeholder="{_e(f.placeholder)}"' if f.placeholder else ""
    if f.type == "textarea":
        body = f'<textarea id="{hid}" data-rb-field="{k}" autocomplete="off" rows="3"{req}{ph}></textarea>'
    elif f.type == "signature":
        date_label = _e(t.get("field.signature_date", label=f.label or f.id.replace("-", " ").capitalize()))
        body = (f'<input type="text" id="{hid}" data-rb-field="{k}" autocomplete="off" '
                f'placeholder="{_e(t["field.signature_name"])}"{req}> <input type="date" data-rb-field="{k}/date" '
                f'autocomplete="off" aria-label="{date_label}"{req}>')
    else:
        number = ' step="any" inputmode="decimal"' if f.type == "number" else ""
        described = f' aria-describedby="{hid}-unit"' if f.unit else ""
        after = f' <span class="rb-unit" id="{hid}-unit">{_e(f.unit)}</span>' if f.unit else ""
        body = (f'<input type="{_e(_INPUT_TYPES.get(f.type, "text"))}" id="{hid}" data-rb-field="{k}" autocomplete="off"'
                f'{number}{described}{req}{ph}>{after}')
    return f'<div class="rb-field rb-field-{kind}"><label class="rb-field-label" for="{hid}">{label}</label> {body}</div>'


def signoff_html(block: Signoff, t: Strings | None = None, partials: Partials | None = None) -> str:
    """A sign-off block's table from the ``signoff`` partial."""
    t = t or english()
    roles, cols = Keys(), Keys()
    columns = [(col, cols.take(col), t[f"col.{col}"] if col in _SIGNOFF_LABELED else col.capitalize())
               for col in block.fields]
    rows = []
    for role in block.roles:
        slug = roles.take(slugify(role))
        rows.append((role, slug, [(col, _SIGNOFF_INPUT.get(col, "text"), f"{block.id}/{slug}/{key}",
                                   label if col in _SIGNOFF_LABELED else col) for col, key, label in columns]))
    return (partials or shipped()).render("signoff", role_label=t["col.role"], rows=rows,
                                          columns=[(col, label) for col, _, label in columns])


def contacts_html(contacts: list[Contact], t: Strings | None = None, partials: Partials | None = None) -> str:
    """The contacts table from the ``contacts`` partial: known values shown, blanks as fields."""
    t = t or english()
    cols = ("name", "phone", "email")
    roles = Keys()
    rows = []
    for c in contacts:
        slug = roles.take(slugify(c.role))
        cells = [(col, getattr(c, col) or "", {"email": "email", "phone": "tel"}.get(col, "text"),
                  f"contacts/{slug}/{col}", t[f"col.{col}"]) for col in cols]
        rows.append((c.role, cells, c.notes or ""))
    heads = [t[f"col.{c}"] for c in ("role", *cols, "notes")]
    return (partials or shipped()).render("contacts", heads=heads, rows=rows)


def inputs_html(inputs: list[Input], t: Strings | None = None) -> str:
    """The run inputs, filled once per run; saved like any field under ``input:<id>`` (no item id has a
    colon). assets/runs.js puts each value where the text says ``%{id}``."""
    if not inputs:
        return ""
    t = t or english()
    rows = "".join(
        f'<div class="rb-field rb-field-text"><label class="rb-field-label" for="rb-in-{i.id}">'
        f'{escape(i.label or i.id)}</label> <input type="text" id="rb-in-{i.id}" data-rb-field="input:{i.id}" '
        f'data-rb-input="{i.id}" autocomplete="off"{_ph(i)}></div>' for i in inputs)
    return (f'<div class="rb-inputs" data-rb-inputs data-search-exclude><p class="rb-inputs-title">'
            f'{escape(t["inputs.title"])}</p>{rows}</div>\n')


def _ph(f: Input) -> str:
    return f' placeholder="{escape(f.placeholder)}"' if f.placeholder else ""
