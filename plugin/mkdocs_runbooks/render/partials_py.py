"""The hottest shipped partials (item, field, fields) written again in Python.

Issue 18 (build time): a page renders one ``item`` (and its ``field``s) per item, and Jinja's
per-call cost (a context, undefined checks, a generator) was most of a page's render time.
When a site does not override one of these partials, ``Partials.render`` calls the function
here instead of the template; each writes exactly what the shipped template writes, escaping
as autoescape does (tests/render/test_partials_py.py checks that on generated values). Change
both together: the template stays the reference and the override point.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

_SPECIAL = re.compile("[&<>'\"]")


def _e(value: Any) -> str:
    """As ``{{ value }}`` under autoescape: Markup as it is, anything else escaped (markupsafe's
    entities), without making a Markup object of every value."""
    if value.__class__ is str:
        if _SPECIAL.search(value) is None:  # ids, classes, most labels
            return value
        return str(escape(value))
    return value if isinstance(value, Markup) else str(escape(value))


def item(*, ponr: Any, id: Any, classes: Any, origin: Any, checkable: Any, checked: Any, sig: Any,  # noqa: A002
         described: Any, number: Any, text: Any, severity: Any, severity_label: Any, irreversible: Any,
         irreversible_label: Any, owner: Any, estimate: Any, rollback: Any, still_applies: Any, command: Any,
         fields: Any, details: Any, children: Any) -> str:
    """templates/runbooks/partials/item.html. ``ponr``, ``text``, ``rollback``, ``still_applies``,
    ``command``, ``fields``, ``details`` and ``children`` are HTML (Markup for the template; here
    a plain str is taken as HTML too, so the renderer need not wrap each one)."""
    ident = _e(id)
    out = [ponr if ponr else "", f'<div class="{_e(classes)}" id="{ident}"']
    if origin:
        out.append(f' data-rb-origin="{_e(origin)}"')
    out.append("><p>")
    num = f'<span class="rb-num">{_e(number)}.</span> ' if number else ""
    if checkable:
        out.append(f'<input type="checkbox" class="rb-box" id="rb-cb-{ident}" data-rb-item="{ident}" '
                   f'data-rb-sig="{_e(sig)}" autocomplete="off"')
        if described:
            out.append(f' aria-describedby="{_e(described)}"')
        out.append(f'{" checked" if checked else ""}><label class="rb-text" for="rb-cb-{ident}">{num}{text}</label>')
    else:
        out.append(f'<span class="rb-text">{num}{text}</span>')
    if severity:
        out.append(f' <span class="rb-badge rb-badge-{_e(severity)}" id="rb-sev-{ident}">{_e(severity_label)}</span>')
    if irreversible:
        out.append(f' <span class="rb-badge rb-badge-irreversible" id="rb-nr-{ident}">{_e(irreversible_label)}</span>')
    if owner:
        out.append(f' <span class="rb-owner">{_e(owner)}</span>')
    if estimate:
        out.append(f' <span class="rb-estimate">{_e(estimate)}</span>')
    if rollback:
        out.append(f" {rollback}")
    out.append("</p>")
    for part in (still_applies, command, fields):
        if part:
            out.append(part)
    if details:
        out.append(f'<div class="rb-details">{details}</div>')
    if children:
        out.append(children)
    out.append("</div>")
    return "".join(out)


def fields(*, fields: Any) -> str:
    """templates/runbooks/partials/fields.html."""
    return f'<div class="rb-fields" data-search-exclude>{_e(fields)}</div>'


def field(*, key: Any, kind: Any, label: Any, html_id: Any, required: Any, options: Any, placeholder: Any,
          unit: Any, input_type: Any, name_label: Any, date_label: Any) -> str:
    """templates/runbooks/partials/field.html."""
    k, req = _e(key), " required" if required else ""
    if options is not None:
        out = [f'<fieldset class="rb-field rb-field-{_e(kind)}" data-rb-group="{k}">'
               f'<legend class="rb-field-label">{_e(label)}</legend>']
        out += [f'<label class="rb-option"><input type="radio" name="{k}" value="{_e(value)}" data-rb-field="{k}" '
                f'autocomplete="off"{req}><span>{_e(text)}</span></label>' for value, text in options]
        out.append("</fieldset>")
        return "".join(out)
    hid = _e(html_id)
    ph = f' placeholder="{_e(placeholder)}"' if placeholder else ""
    head = f'<div class="rb-field rb-field-{_e(kind)}"><label class="rb-field-label" for="{hid}">{_e(label)}</label> '
    if kind == "textarea":
        body = f'<textarea id="{hid}" data-rb-field="{k}" autocomplete="off" rows="3"{req}{ph}></textarea>'
    elif kind == "signature":
        body = (f'<input type="text" id="{hid}" data-rb-field="{k}" autocomplete="off" placeholder="{_e(name_label)}"'
                f'{req}> <input type="date" data-rb-field="{k}/date" autocomplete="off" '
                f'aria-label="{_e(date_label)}"{req}>')
    else:
        number = ' step="any" inputmode="decimal"' if kind == "number" else ""
        described = f' aria-describedby="{hid}-unit"' if unit else ""
        after = f' <span class="rb-unit" id="{hid}-unit">{_e(unit)}</span>' if unit else ""
        body = (f'<input type="{_e(input_type)}" id="{hid}" data-rb-field="{k}" autocomplete="off"'
                f'{number}{described}{req}{ph}>{after}')
    return f"{head}{body}</div>"


#: name -> the function that writes what the shipped partial of that name writes
FUNCTIONS: dict[str, Callable[..., str]] = {"item": item, "fields": fields, "field": field}
