"""Generated pages for templates: what each one asks for and which runbooks use it."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from mkdocs_runbooks.format.model import Fragment, Include, Item, Runbook, Section, walk_items
from mkdocs_runbooks.pipeline import Compiled
from mkdocs_runbooks.render.text import literal_block, literal_inline
from mkdocs_runbooks.resolve.templates import Templates, declarations
from mkdocs_runbooks.resolve.variables import SECRET_MASK

#: where the catalog goes: not "templates/", whose index would share the URL /templates/ with a prose
#: page content/templates.md (the example site's guide); plugin.py refuses two pages at one URL
PREFIX = "runbook-templates"


def template_uri(ident: str) -> str:
    """The docs URI of the page of template `ident`."""
    return f"{PREFIX}/{ident}.md"


_VAR = re.compile(r"\{\{\s*(\w+)[^}]*\}\}")


def _unbound(text: str) -> str:
    """A template's text with its parameters shown as ‹name›, not raw Jinja."""
    return _VAR.sub(lambda m: f"‹{m.group(1)}›", text)


def _rel(src: str, dst: str) -> str:
    return posixpath.relpath(dst, posixpath.dirname(src) or ".")


def _cell(value: Any) -> str:
    """Source text in a Markdown line or table cell, shown as written (render/text.py)."""
    text = "" if value is None else str(value)
    return literal_inline(" ".join(text.split())).replace("|", "\\|")


def _includes(items: list[Any]) -> list[Include]:
    # A source section's items hold Include entries too (typed list[Item] until the source and
    # resolved forms get their own types, issue 17 item 2).
    return [i for i in items if isinstance(i, Include)]


def _outline(sections: list[Section], depth: int = 0) -> list[str]:
    lines = []
    for s in sections:
        n = sum(1 for i in walk_items([i for i in s.items if isinstance(i, Item)]) if i.checkable)
        inc = [f"`{i.ref}`" for i in _includes(s.items)]
        more = f", includes {', '.join(inc)}" if inc else ""
        lines.append(f"{'    ' * depth}- **{_cell(_unbound(s.title))}** (`{s.id}`, {n} item{'s' if n != 1 else ''}{more})")
        lines.extend(_outline(s.sections, depth + 1))
    return lines


def users_of(compiled: list[Compiled]) -> dict[str, list[Runbook]]:
    """Template id -> the runbooks whose resolution went through it."""
    out: dict[str, list[Runbook]] = {}
    for c in compiled:
        if c.runbook is not None:
            for t in c.runbook.extends or []:
                out.setdefault(t, []).append(c.runbook)
    return out


def render_template_pages(templates: Templates, compiled: list[Compiled], pages: dict[str, str]) -> dict[str, str]:
    """src_uri -> Markdown for one page per template and fragment, plus an index."""
    users = users_of(compiled)
    out: dict[str, str] = {}
    rows = []
    for ident, entry in sorted(templates.entries().items()):
        model = entry.model
        uri = template_uri(ident)
        kind = "fragment" if isinstance(model, Fragment) else "template"
        title = _unbound(model.title) if model is not None and model.title else ident
        lines = [f"# {'Fragment' if kind == 'fragment' else 'Template'}: {_cell(title)}", ""]
        lines.append(f"Id `{ident}` · source `{entry.display}`")
        if isinstance(model, Runbook) and model.extends:
            parent = model.extends
            lines[-1] += f" · extends [`{parent}`]({_rel(uri, template_uri(parent))})"
        lines.append("")
        if model is not None and model.description:
            lines += [literal_block(model.description.strip()), ""]
        decls = declarations(templates, ident) if isinstance(model, Runbook) else entry.var_decls
        if decls:
            lines += ["## Parameters", "", "Inherited ones included; set them under `vars` in a variant.", "",
                      "| var | type | required | default | description |", "| --- | --- | --- | --- | --- |"]
            for name, d in decls.items():
                default = SECRET_MASK if d.get("secret") and "default" in d else d.get("default")
                lines.append(f"| `{name}` | {_cell(d.get('type', 'string'))}{' (secret)' if d.get('secret') else ''} | "
                             f"{'yes' if d.get('required') else 'no'} | {_cell(default)} | {_cell(d.get('description'))} |")
            lines.append("")
        used = users.get(ident, [])
        lines += [f"## Used by ({len(used)})", ""]
        if used:
            for rb in sorted(used, key=lambda r: r.id):
                lines.append(f"- [{_cell(rb.title)}]({_rel(uri, pages[rb.id])}) (`{rb.id}`)")
        else:
            lines.append("No runbook extends this template yet. Start one with "
                         f"`runbooks new --template {ident} --id my-project`." if kind == "template" else
                         "Fragments are included with `- include: " + ident + "` in a list.")
        lines.append("")
        if isinstance(model, Runbook) and model.sections:
            lines += ["## Outline", "", *_outline([s for s in model.sections if isinstance(s, Section)]), ""]
        out[uri] = "\n".join(lines)
        rows.append(f"| [{_cell(title)}]({_rel(template_uri('index'), uri)}) | {kind} | `{ident}` | {len(used)} |")
    if out:
        index = ["# Templates", "", "Shared templates and fragments that runbooks extend and include.", "",
                 "| name | kind | id | runbooks |", "| --- | --- | --- | --- |", *rows, ""]
        out[template_uri("index")] = "\n".join(index)
    return out
