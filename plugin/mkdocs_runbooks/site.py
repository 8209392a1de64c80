"""Compile a whole docs_dir into pages: what a site build needs from the core.

Knows nothing of MkDocs: it returns Markdown text and paths, and the
adapter turns them into files.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable
from pathlib import Path

from .gcpause import gc_paused
from .diagnostics import Diagnostic, once
from .pipeline import Compiled, check_all, compile_source, display_path, find_sources, source_stem
from .render import RenderContext, render_page
from .render.rollback_view import procedures_page
from .rollback import Backlink, remote_backlinks, site_procedures
from .template_pages import render_template_pages, template_uri
from .templates import Templates

if TYPE_CHECKING:
    from .diff.history import ChangeHistory

log = logging.getLogger("mkdocs.plugins.runbooks.history")


@dataclass
class GeneratedPage:
    src_uri: str  # docs-relative Markdown path, e.g. "a/b.md"
    markdown: str
    source: str  # what the page came from, as shown to users
    #: index pages the plugin makes itself (templates, procedures); they bypass exclude_docs,
    #: whose default excludes any "templates/" folder
    catalog: bool = False
    #: ids the page has outside its Markdown, so links to them validate
    anchors: set[str] = field(default_factory=set)
    #: runbook pages: the site's HTML of ``markdown`` -> the finished page, with the blocks
    #: search must skip held back (RenderedPage.hold; put back with fragments.put_back)
    hold: Callable[[str], tuple[str, list[str]]] | None = None


@dataclass
class SiteBuild:
    compiled: list[Compiled] = field(default_factory=list)
    pages: list[GeneratedPage] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def page_uri(docs_dir: Path, source: Path) -> str:
    """`a/b.runbook.yml` (or `.yaml`) becomes the page `a/b.md` (URL `a/b/`)."""
    rel = source.relative_to(docs_dir).as_posix()
    return source_stem(rel) + ".md"


@gc_paused
def build_site(docs_dir: Path, templates_dir: Path, root: Path, template_pages: bool = True,
               changes: bool = True, allow_html: bool = False) -> SiteBuild:
    templates = Templates(templates_dir, root=root)
    sources = find_sources(docs_dir)
    compiled = [compile_source(s, templates, display_path(s, root)) for s in sources]
    check_all(compiled)
    out = SiteBuild(compiled=compiled)
    templates.entries()  # template files are checked even when no runbook uses them yet
    for d in templates.diagnostics.sorted():
        (out.errors if d.severity == "error" else out.warnings).append(d)
    for c in compiled:
        for d in c.diagnostics.sorted():
            (out.errors if d.severity == "error" else out.warnings).append(d)
    out.errors, out.warnings = once(out.errors), once(out.warnings)  # a template's error once, not per variant
    if out.errors:
        return out
    pages = {c.runbook.id: page_uri(docs_dir, c.source) for c in compiled if c.runbook}
    titles = {c.runbook.id: {p.id: p.title for p in c.runbook.procedures} for c in compiled if c.runbook}
    remote = remote_backlinks(c.runbook for c in compiled if c.runbook)
    history = _history(root, templates) if changes else None  # "Changes" sections, from git
    for c in compiled:
        assert c.runbook is not None  # no errors means every source compiled
        uri = pages[c.runbook.id]
        tpages = {t: template_uri(t) for t in templates.ids()} if template_pages else {}
        ctx = RenderContext(page_path=uri, pages=pages, titles=titles, remote=remote, template_pages=tpages,
                            allow_html=allow_html)
        page = render_page(c.runbook, ctx)
        if history:
            page.append_markdown(history.section(c.source, c.runbook))
        out.pages.append(GeneratedPage(uri, page.markdown, c.display, anchors=page.anchor_ids, hold=page.hold))
    if history:
        history.close()
    if template_pages:
        for uri, markdown in render_template_pages(templates, compiled, pages).items():
            source = templates.directory.as_posix() if templates.directory else ""
            out.pages.append(GeneratedPage(uri, markdown, source, catalog=True))
    _add_procedures_page(out, docs_dir, pages, remote)
    return out


def _history(root: Path, templates: Templates) -> ChangeHistory | None:
    """The pages' git history, or None outside a git work tree.

    The diff machinery is imported only here: outside git it would cost a
    build ~30 ms of imports for nothing.
    """
    if "GIT_DIR" not in os.environ and not any((d / ".git").exists() for d in (root.resolve(), *root.resolve().parents)):
        log.info("runbooks: %s is not in a git repository; pages get no 'Changes' section", root)
        return None
    from .diff.history import ChangeHistory

    return ChangeHistory(root, templates)


#: Where the site-wide list of procedures goes; the first URL that no page already uses.
PROCEDURES_PAGES = ("procedures/index.md", "rollback-procedures/index.md", "runbooks-procedures/index.md")


def _add_procedures_page(out: SiteBuild, docs_dir: Path, pages: dict[str, str],
                         remote: dict[tuple[str, str], list[Backlink]]) -> None:
    runbooks = [c.runbook for c in out.compiled if c.runbook is not None]
    if not any(rb.procedures for rb in runbooks):
        return
    taken = {p.src_uri for p in out.pages}
    for uri in PROCEDURES_PAGES:
        stem = uri[: -len("/index.md")]
        same_url = (uri, f"{stem}.md", f"{stem}/README.md")
        if not any(u in taken or (docs_dir / u).exists() for u in same_url):
            out.pages.append(GeneratedPage(uri, procedures_page(site_procedures(runbooks, remote), pages, uri), "runbooks"))
            return
