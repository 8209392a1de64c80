"""Resolution: templates (``extends``), fragments, variant operations, vars, conditions.

Layers apply from the root template down to the runbook itself; each layer
adds its own elements, then runs its variant operations. The result is one
Runbook in which every element knows its ``origin``.
"""

from __future__ import annotations

from dataclasses import fields as dc_fields
from typing import Any, TypeVar

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.format.model import Meta, Runbook, all_items
from mkdocs_runbooks.format.slugs import slugify
from mkdocs_runbooks.format.source import SourceRunbook
from mkdocs_runbooks.format.spec import SHAPES
from mkdocs_runbooks.load.parse import var_value
from mkdocs_runbooks.resolve.clone import clone
from mkdocs_runbooks.resolve.includes import Expander
from mkdocs_runbooks.resolve.templates import Entry, Templates
from mkdocs_runbooks.resolve.variables import apply_vars
from mkdocs_runbooks.resolve.variants import Variants

__all__ = ["Templates", "resolve", "link_undoes"]

#: The runbook's own text keys (title, description, version, intro): a nearer layer's value wins.
_SCALARS = tuple(name for name, k in SHAPES["runbook"].items() if k.type in ("str", "text", "markdown", "version"))
T = TypeVar("T")


def resolve(
    runbook: SourceRunbook,
    var_decls: dict[str, dict[str, Any]],
    templates: Templates | None,
    diags: Diagnostics,
) -> Runbook:
    """The resolved runbook: templates applied, fragments spliced in, vars substituted, conditions evaluated.

    ``runbook`` is the parsed source (its elements become the result's: it is used once);
    ``var_decls`` its parser's declarations. Problems go to ``diags``; the result is always
    a runbook, possibly incomplete when there are errors.
    """
    before = len(diags.errors)
    chain = _chain(runbook, templates, diags) if runbook.extends else []
    broken = len(diags.errors) > before  # an unknown template or a cycle: its title is unknown, not missing
    decls: dict[str, dict[str, Any]] = {}
    merged = Runbook(id=runbook.id, pos=runbook.pos)
    for entry in reversed(chain):  # root template first
        assert isinstance(entry.model, SourceRunbook)
        decls.update(entry.var_decls)
        _overlay(merged, entry.model, templates, diags)
    decls.update(var_decls)
    _overlay(merged, runbook, templates, diags, copy=False)  # parsed for this build only: no copy needed
    merged.id = runbook.id
    merged.at = {**merged.at, **runbook.at}
    merged.extends = tuple(e.model.id for e in chain if e.model is not None)  # nearest first, like an MRO
    merged.secrets = {name for name, d in decls.items() if d.get("secret")}
    _check_vars(merged, decls, runbook, chain, diags)
    title_pos = runbook.at.get("title")  # a title of the wrong type was reported by the parser already
    if not merged.title and not broken and not any(d.pos == title_pos for d in diags.errors):
        diags.error(runbook.pos, "missing-key", f"runbook '{runbook.id}' is missing required key 'title'"
                    + (" (its templates give none)" if chain else ""))
    apply_vars(merged, diags)
    link_undoes(merged)
    return merged


def _chain(runbook: SourceRunbook, templates: Templates | None, diags: Diagnostics) -> list[Entry]:
    """The templates a runbook extends, nearest first; cycles and unknown ids are errors."""
    out: list[Entry] = []
    seen = [runbook.id]
    current: SourceRunbook = runbook
    while current.extends:
        ref = current.extends
        pos = current.at.get("extends", current.pos)
        entry = templates.get(ref) if templates else None
        if entry is None or not isinstance(entry.model, SourceRunbook):
            known = templates.ids() if templates else []
            where = templates.where() if templates else ""
            if entry is not None:
                msg = f"'{ref}' is a fragment; use `- include: {ref}` in a list, not extends"
            else:
                msg = f"unknown template '{ref}'{where}{did_you_mean(ref, known)}"
            diags.error(pos, "unknown-template", msg)
            return out
        if ref in seen:
            loop = " → ".join([*seen[seen.index(ref):], ref])
            diags.error(pos, "extends-cycle", f"extends cycle: {loop}; a template cannot extend itself")
            return out
        seen.append(ref)
        out.append(entry)
        current = entry.model
    return out


def _overlay(base: Runbook, layer: SourceRunbook, templates: Templates | None, diags: Diagnostics,
             copy: bool = True) -> None:
    """Add ``layer``'s elements to ``base``, then run its variant operations.

    Template layers are copied (they are shared by every variant); the runbook's own is not.
    """
    def cp(el: T) -> T:
        return clone(el) if copy else el

    for key in _SCALARS:
        value = getattr(layer, key)
        if value:
            setattr(base, key, value)
            if key in layer.at:
                base.at[key] = layer.at[key]
    base.vars = {**base.vars, **layer.vars}
    base.meta = _merge_meta(base.meta, layer.meta)
    expand = Expander(templates, diags)
    base.sections += expand.sections([cp(s) for s in layer.sections])
    base.procedures += expand.procedures([cp(p) for p in layer.procedures])
    base.triggers += expand.triggers([cp(t) for t in layer.triggers])
    base.signoff += [cp(s) for s in layer.signoff]
    roles = {slugify(c.role): i for i, c in enumerate(base.contacts)}
    for c in layer.contacts:  # same role: the nearer layer's contact wins
        i = roles.get(slugify(c.role))
        if i is None:
            base.contacts.append(cp(c))
        else:
            base.contacts[i] = cp(c)
    ids = {inp.id: n for n, inp in enumerate(base.inputs)}
    for inp in layer.inputs:  # same id: the nearer layer's input wins
        if inp.id in ids:
            base.inputs[ids[inp.id]] = cp(inp)
        else:
            base.inputs.append(cp(inp))
    Variants(diags, layer.id, expand).apply(base, layer)


def _merge_meta(base: Meta, layer: Meta) -> Meta:
    merged = clone(base)
    for f in dc_fields(Meta):
        if f.name in ("pos", "at"):
            continue
        value = getattr(layer, f.name)
        if value is not None:
            setattr(merged, f.name, value)
            merged.at[f.name] = layer.at.get(f.name, layer.pos)
    return merged


def _check_vars(rb: Runbook, decls: dict[str, dict[str, Any]], source: SourceRunbook, chain: list[Entry],
                diags: Diagnostics) -> None:
    pos: Pos = source.at.get("vars", source.at.get("extends", source.pos))
    for name, decl in decls.items():
        value = rb.vars.get(name)
        if decl.get("required") and value in (None, ""):
            owner = next((e.model.id for e in chain if e.model is not None and name in e.var_decls), "the template")
            about = f" ({decl['description']})" if decl.get("description") else ""
            diags.error(pos, "missing-var", f"template '{owner}' requires var '{name}'{about}; add it under vars")
            rb.vars[name] = f"⟨{name}⟩"  # a visible stand-in, so one missing var is one error, not dozens
            continue
        expected = decl.get("type")
        if value is None or expected is None:
            continue
        typed, wrong = var_value(value, expected)  # vars are text as written unless declared otherwise
        if wrong:
            diags.error(pos, "wrong-type", f"var '{name}' must be {wrong}, got {value!r}")
        else:
            rb.vars[name] = typed


def link_undoes(runbook: Runbook) -> None:
    """Fill each procedure's ``undoes`` with the ids of the items that point to it."""
    by_id = {p.id: p for p in runbook.procedures}
    for p in runbook.procedures:
        p.undoes = []
    for item in all_items(runbook):
        ref = item.rollback
        if not ref or ref == "none":
            continue
        rid, _, pid = ref.rpartition("#")
        if rid in ("", runbook.id) and pid in by_id:
            by_id[pid].undoes.append(item.id)
