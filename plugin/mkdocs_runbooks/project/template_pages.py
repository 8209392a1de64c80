"""Generated pages for templates: what each one asks for and which runbooks use it."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from mkdocs_runbooks.format.model import Include, Runbook, Section
from mkdocs_runbooks.format.source import Fragment, SourceRunbook, SourceSection, walk_source_items
from mkdocs_runbooks.i18n import Strings, english
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


def _outline(sections: list[SourceSection | Include], st: Strings, depth: int = 0) -> list[str]:
    lines = []
    for s in sections:
        if not isinstance(s, Section):
            continue  # an included fragment's sections are shown on the fragment's page
        n = sum(1 for i in walk_source_items(s.items) if i.checkable)
        inc = [f"`{i.ref}`" for i in s.items if isinstance(i, Include)]
        more = f", {_say(st, 'templates.includes', list=', '.join(inc))}" if inc else ""
        lines.append(f"{'    ' * depth}- **{_cell(_unbound(s.title))}** (`{s.id}`, "
                     f"{_md(st.plural('templates.items', n))}{more})")
        lines.extend(_outline(s.sections, st, depth + 1))
    return lines


def users_of(compiled: list[Compiled]) -> dict[str, list[Runbook]]:
    """Template id -> the runbooks whose resolution went through it."""
    out: dict[str, list[Runbook]] = {}
    for c in compiled:
        if c.runbook is not None:
            for t in c.runbook.extends or []:
                out.setdefault(t, []).append(c.runbook)
    return out


def _md(text: str) -> str:
    """A table's text as Markdown that shows it as written (a translation or a site's override is words,
    never markup): HTML escaped, the inline marks (code, emphasis, links, attribute lists, cells) taken literally."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|" else c for c in html.escape(text, quote=False))


def _say(st: Strings, key: str, /, **markdown: str) -> str:
    """Text ``key`` as Markdown, its fields filled with ready Markdown (code spans, links) left as they are."""
    marks = {name: f"\x00{name}\x00" for name in markdown}
    text = _md(st.get(key, **marks))
    for name, value in markdown.items():
        text = text.replace(marks[name], value)
    return text


def render_template_pages(templates: Templates, compiled: list[Compiled], pages: dict[str, str],
                          strings: Strings | None = None) -> dict[str, str]:
    """src_uri -> Markdown for one page per template and fragment, plus an index; words from ``strings``
    (the site's language, English if None; keys ``templates.*``)."""
    st = strings or english()
    t = st.get
    users = users_of(compiled)
    out: dict[str, str] = {}
    rows = []
    for ident, entry in sorted(templates.entries().items()):
        model = entry.model
        uri = template_uri(ident)
        kind = "fragment" if isinstance(model, Fragment) else "template"
        title = _unbound(model.title) if model is not None and model.title else ident
        lines = [f"# {_say(st, f'templates.title_{kind}', title=_cell(title))}", ""]
        lines.append(_say(st, "templates.id_source", id=f"`{ident}`", source=f"`{entry.display}`"))
        if isinstance(model, SourceRunbook) and model.extends:
            parent = model.extends
            link = f"[`{parent}`]({_rel(uri, template_uri(parent))})"
            lines[-1] += " · " + _say(st, "templates.extends", parent=link)
        lines.append("")
        if model is not None and model.description:
            lines += [literal_block(model.description.strip()), ""]
        decls = declarations(templates, ident) if isinstance(model, SourceRunbook) else entry.var_decls
        if decls:
            cols = " | ".join(_md(t(f"templates.col_{c}")) for c in ("var", "type", "required", "default", "description"))
            lines += [f"## {_md(t('templates.parameters'))}", "",
                      _say(st, "templates.parameters_intro", vars="`vars`"), "",
                      f"| {cols} |", "| --- | --- | --- | --- | --- |"]
            secret = f" {_md(t('templates.secret'))}"
            for name, d in decls.items():
                default = SECRET_MASK if d.get("secret") and "default" in d else d.get("default")
                lines.append(f"| `{name}` | {_cell(d.get('type', 'string'))}{secret if d.get('secret') else ''} | "
                             f"{_md(t('templates.yes' if d.get('required') else 'templates.no'))} | {_cell(default)} | "
                             f"{_cell(d.get('description'))} |")
            lines.append("")
        used = users.get(ident, [])
        lines += [f"## {_md(t('templates.used_by', n=len(used)))}", ""]
        if used:
            for rb in sorted(used, key=lambda r: r.id):
                lines.append(f"- [{_cell(rb.title)}]({_rel(uri, pages[rb.id])}) (`{rb.id}`)")
        else:
            lines.append(_say(st, "templates.unused_template", command=f"`runbooks new --template {ident} --id my-project`")
                         if kind == "template" else _say(st, "templates.unused_fragment", code=f"`- include: {ident}`"))
        lines.append("")
        if isinstance(model, SourceRunbook) and model.sections:
            lines += [f"## {_md(t('templates.outline'))}", "",
                      *_outline(model.sections, st), ""]
        out[uri] = "\n".join(lines)
        rows.append(f"| [{_cell(title)}]({_rel(template_uri('index'), uri)}) | {_md(t(f'templates.kind_{kind}'))} | "
                    f"`{ident}` | {len(used)} |")
    if out:
        cols = " | ".join(_md(t(f"templates.col_{c}")) for c in ("name", "kind", "id", "runbooks"))
        index = [f"# {_md(t('templates.index_title'))}", "", _md(t("templates.index_intro")), "",
                 f"| {cols} |", "| --- | --- | --- | --- |", *rows, ""]
        out[template_uri("index")] = "\n".join(index)
    return out
