"""Attribute views of resolved elements, derived from the format declaration (spec.SHAPES).

The diff, the "version not bumped" check and the textconv outline compare
these views, so every key the format declares is compared without a second
list to keep in step: a key added to ``spec.SHAPES`` is diffed at once
(tests/diff/test_diff_every_key.py changes each key and expects a change).
"""

from __future__ import annotations

from typing import Any

from mkdocs_runbooks.format.model import Command, Field
from mkdocs_runbooks.format.spec import SHAPES, Key

#: The element kinds of the diff and the shape that declares each.
ELEMENT_SHAPES = {"item": "item", "step": "item", "section": "section", "procedure": "procedure",
                  "trigger": "trigger", "signoff": "signoff", "contact": "contact"}
#: Keys that are not attributes: the element's identity and wording (diffed as "reworded"),
#: its children (lists of elements, diffed as elements of their own) and the keys resolution
#: consumes (conditions, variant operations, template docs: ``Key.export`` is ``-``).
STRUCTURAL = frozenset({"id", "text", "title"} | {
    name for spec in SHAPES.values() for name, k in spec.items()
    if k.export == "-" or (k.type == "list" and k.shape in ELEMENT_SHAPES.values())})
#: Runbook keys diffed elsewhere: ``meta`` key by key (``meta.owner``), as META_KEYS.
RESOLUTION_ONLY = frozenset(name for name, k in SHAPES["runbook"].items() if k.type == "shape")
META_KEYS = tuple(SHAPES["meta"])


def show(value: Any) -> str | None:
    """A value as one printable string; None for absent or empty."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def command_text(c: Command | None) -> str | None:
    """``code`` alone for bash, else ``(lang) code``; any other declared key after it, as ``(key "value")``."""
    if c is None:
        return None
    text = c.code.rstrip() if c.lang in ("", "bash") else f"({c.lang}) {c.code.rstrip()}"
    rest = [f'{k} "{getattr(c, k)}"' for k in SHAPES["command"] if k not in ("code", "lang") and getattr(c, k)]
    return f"{text} ({', '.join(rest)})" if rest else text


def field_text(f: Field) -> str:
    """``id "label" (type, unit, a/b, n/a, required, placeholder "...")``: every declared field key."""
    bits: list[str] = [f.type]
    for key in SHAPES["field"]:
        if key in ("id", "type", "label"):
            continue
        value = getattr(f, key)
        if not value:
            continue
        if key == "options":
            bits.append("/".join(value))
        elif key == "na":
            bits.append("n/a")
        elif value is True:
            bits.append(key)
        elif key == "unit":
            bits.append(str(value))
        else:
            bits.append(f'{key} "{value}"')
    label = f" \"{f.label}\"" if f.label else ""
    return f"{f.id}{label} ({', '.join(bits)})"


def _value(key: Key, value: Any) -> str | None:
    if key.type == "command":
        return command_text(value)
    if key.type == "list" and key.shape == "field":
        return show("; ".join(field_text(f) for f in value))
    if key.type == "list" and key.shape == "input":  # a runbook attribute: inputs are not elements of the page
        keys = [k for k in SHAPES["input"] if k != "id"]
        return show("; ".join(f"{i.id}" + "".join(f' {k} "{getattr(i, k)}"' for k in keys if getattr(i, k))
                              for i in value))
    if key.type == "strlist":
        return show(", ".join(value))
    return show(value)


def attributes(shape: str, obj: Any) -> dict[str, str | None]:
    """Every declared, non-structural key of ``obj`` as ``{key: printable value or None}``."""
    return {name: _value(key, getattr(obj, name)) for name, key in SHAPES[shape].items()
            if name not in STRUCTURAL}


def element_attributes(element: str, obj: Any) -> dict[str, str | None]:
    """:func:`attributes` for a diff element kind (item, step, section, ...)."""
    return attributes(ELEMENT_SHAPES[element], obj)


def runbook_attributes(rb: Any, secrets: frozenset[str] | set[str] = frozenset()) -> dict[str, str | None]:
    """The runbook's own attributes: version, extends, vars (secrets masked), intro, ``meta.*``."""
    out: dict[str, str | None] = {}
    for name, key in SHAPES["runbook"].items():
        if name in STRUCTURAL or name in RESOLUTION_ONLY:
            continue
        value = getattr(rb, name)
        if name == "extends":
            out[name] = show(", ".join(value or []))
        elif name == "vars":
            out[name] = show(", ".join(f"{k}={'***' if k in secrets else v}" for k, v in sorted(value.items())))
        else:
            out[name] = _value(key, value)
    for k in SHAPES["meta"]:
        out[f"meta.{k}"] = show(getattr(rb.meta, k))
    return out
