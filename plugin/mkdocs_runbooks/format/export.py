"""The resolved JSON form of a runbook (a public contract, DESIGN.md §5), walked from the declaration.

Every key of ``spec.SHAPES`` is written by its ``Key.export`` rule, in declaration
order, so a key added to the format reaches the export with no second list. What
resolution adds is placed by rule too: ``origin`` after the element's leading
always-present keys, and fields that are not source keys (a procedure's ``undoes``)
at the end. ``extends`` is the template chain, ``vars`` have secrets masked.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from mkdocs_runbooks.format.model import Field, Runbook
from mkdocs_runbooks.format.source import SHAPE_CLASSES
from mkdocs_runbooks.format.spec import SHAPES, Key
from mkdocs_runbooks.resolve.variables import SECRET_MASK

#: Keys written first, whatever their place in the declaration: the long form of a
#: command is documented (DESIGN.md §5) and has always been exported as ``{lang, code}``.
_FIRST = {"command": ("lang",)}
#: Fields of the model that are neither source keys nor exported.
_INTERNAL = frozenset(("pos", "at", "origin"))
_EMPTY: tuple[Any, ...] = (None, "", [], {})


@cache
def _layout(shape: str) -> tuple[tuple[tuple[str, Key], ...], int, tuple[str, ...]]:
    """(exported keys in order, where ``origin`` goes or -1, resolved-only fields) of ``shape``."""
    declared = SHAPES[shape]
    first = _FIRST.get(shape, ())
    keys = tuple((name, declared[name]) for name in (*first, *(n for n in declared if n not in first))
                 if declared[name].export != "-")
    names = [f.name for f in dataclasses.fields(SHAPE_CLASSES[shape])]
    origin = -1
    if "origin" in names:
        origin = next((i for i, (_, k) in enumerate(keys) if k.export != "always"), len(keys))
    # the runbook shape is declared by SourceRunbook; the resolved Runbook's own fields are not exported
    extra = tuple(n for n in names if n not in declared and n not in _INTERNAL) if shape != "runbook" else ()
    return keys, origin, extra


def _value(k: Key, value: Any, rb: Runbook) -> Any:
    """The JSON value of a key of type ``k.type`` (lists and nested shapes recursively)."""
    t = k.type
    if t == "list":
        return [element_dict(k.shape or "", v, rb) for v in value]
    if t == "shape" or t == "command":
        return None if value is None else element_dict(k.shape or t, value, rb)
    if t == "vars":
        return {name: (SECRET_MASK if name in rb.secrets else v) for name, v in value.items()}
    if isinstance(value, (list, tuple)):
        return list(value)
    return value


def element_dict(shape: str, obj: Any, rb: Runbook) -> dict[str, Any]:
    """The resolved-JSON object of one element (or ``meta``, a command, a field) of ``shape``."""
    keys, origin, extra = _layout(shape)
    out: dict[str, Any] = {}
    for n, (name, k) in enumerate(keys):
        if n == origin:
            out["origin"] = obj.origin
        rule = k.export
        value = getattr(obj, name)
        if rule == "set" and value in _EMPTY or rule == "given" and value is None or rule == "true" and not value:
            continue
        if rule == "text":
            value = value or ""
        elif rule == "label":
            value = shown_label(obj)
        out[name] = _value(k, value, rb)
    if origin == len(keys):
        out["origin"] = obj.origin
    for name in extra:
        out[name] = list(getattr(obj, name))
    return out


def shown_label(f: Field) -> str:
    """A field's label, or its id in words (``db-size`` -> ``Db size``) when it has none."""
    return f.label or f.id.replace("-", " ").capitalize()


def runbook_dict(rb: Runbook) -> dict[str, Any]:
    """The resolved runbook as the JSON object of ``runbooks export`` (DESIGN.md §5, a stable contract)."""
    return element_dict("runbook", rb, rb)
