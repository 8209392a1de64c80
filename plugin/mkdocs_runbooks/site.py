"""Compile a whole docs_dir into pages: what a site build needs from the core.

Knows nothing of MkDocs: it returns Markdown text and paths, and the
adapter turns them into files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .pipeline import SOURCE_SUFFIX, Compiled, check_all, compile_source, display_path, find_sources
from .render import RenderContext, render_page
from .resolve import Templates


@dataclass
class GeneratedPage:
    src_uri: str  # docs-relative Markdown path, e.g. "a/b.md"
    markdown: str
    source: str  # what the page came from, as shown to users


@dataclass
class SiteBuild:
    compiled: list[Compiled] = field(default_factory=list)
    pages: list[GeneratedPage] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def page_uri(docs_dir: Path, source: Path) -> str:
    """`a/b.runbook.yml` becomes the page `a/b.md` (URL `a/b/`)."""
    rel = source.relative_to(docs_dir).as_posix()
    return rel[: -len(SOURCE_SUFFIX)] + ".md"


def build_site(docs_dir: Path, templates_dir: Path, root: Path, template_pages: bool = True) -> SiteBuild:
    templates = Templates(templates_dir)
    sources = find_sources(docs_dir)
    compiled = [compile_source(s, templates, display_path(s, root)) for s in sources]
    check_all(compiled)
    out = SiteBuild(compiled=compiled)
    for c in compiled:
        for d in c.diagnostics.sorted():
            (out.errors if d.severity == "error" else out.warnings).append(d)
    if out.errors:
        return out
    pages = {c.runbook.id: page_uri(docs_dir, c.source) for c in compiled if c.runbook}
    titles = {c.runbook.id: {p.id: p.title for p in c.runbook.procedures} for c in compiled if c.runbook}
    for c in compiled:
        assert c.runbook is not None  # no errors means every source compiled
        uri = pages[c.runbook.id]
        ctx = RenderContext(page_path=uri, pages=pages, titles=titles)
        out.pages.append(GeneratedPage(uri, render_page(c.runbook, ctx), c.display))
    return out
