"""Compile a whole docs_dir into pages: what a site build needs from the core.

Knows nothing of MkDocs: it returns Markdown text and paths, and the
adapter turns them into files.

One runbook at a time (issue 18): each source is compiled, checked, rendered and
dropped in turn, so a build never holds every runbook's model or page at once.
What pages need of each other (ids, procedure titles, backlinks, references) is a
small ``Summary`` per runbook, made in a first pass. A runbook's page depends on
the others only through links, so the first pass renders every page it can right
away, assuming nothing points to it; the second pass renders again only the pages
whose context turned out otherwise (runbooks that name other runbooks, or are named
by them). Rendered pages go to a ``SiteCache`` (on disk for serve and repeated
builds, else compressed in memory), and a page is read back only when the site
converts it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_runbooks.check.rules import ProjectIndex, check
from mkdocs_runbooks.diagnostics import Diagnostic, Diagnostics, Pos, once
from mkdocs_runbooks.format.names import source_stem
from mkdocs_runbooks.gcpause import gc_paused
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.pipeline import Compiled, compile_source, display_path, find_sources
from mkdocs_runbooks.project.cache import CHANGES_FILE, PageEntry, SiteCache, SourceMeta, Summary, digest_of, source_key
from mkdocs_runbooks.project.template_pages import render_template_pages, template_uri
from mkdocs_runbooks.render import RenderContext, render_page
from mkdocs_runbooks.render.fragments import Fragments, RenderedPage
from mkdocs_runbooks.render.partials import Partials, shipped
from mkdocs_runbooks.render.rollback_view import procedures_page_of, procedures_rows
from mkdocs_runbooks.resolve.rollback import Backlink, referenced_elsewhere, remote_backlinks, site_procedures
from mkdocs_runbooks.resolve.templates import Templates

if TYPE_CHECKING:
    from mkdocs_runbooks.diff.history import ChangeHistory

log = logging.getLogger("mkdocs.plugins.runbooks.history")


@dataclass
class GeneratedPage:
    """A page the build makes: its docs-relative URI, what it came from, and how to produce its Markdown."""
    src_uri: str  # docs-relative Markdown path, e.g. "a/b.md"
    source: str  # what the page came from, as shown to users
    #: index pages the plugin makes itself (templates, procedures); they bypass exclude_docs,
    #: whose default excludes any "templates/" folder
    catalog: bool = False
    #: a hash of everything the page is made of: the same key is the same page
    key: str = ""
    #: the Markdown of a catalog page
    text: str | None = None
    #: a runbook page: reads it back from the build's cache
    loader: Callable[[], RenderedPage] | None = None

    def load(self, direct: Callable[[bool, str], str | None] | None = None) -> tuple[str, RenderedPage | None]:
        """(Markdown to convert, the runbook page that finishes it or None); ``direct`` makes the
        fragments it can without the site's Markdown pass (render/direct.py)."""
        if self.loader is None:
            return self.text or "", None
        page = self.loader()
        if direct is not None:
            page.fragments.preconvert(direct)
        return page.markdown, page

    @property
    def markdown(self) -> str:
        """The page's Markdown."""
        return self.load()[0]


@dataclass
class SiteBuild:
    """What build_site made of a docs folder: pages, and the errors and warnings of every source."""
    pages: list[GeneratedPage] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    #: runbook id -> its summary (what other pages know of it)
    summaries: dict[str, Summary] = field(default_factory=dict)


def page_uri(docs_dir: Path, source: Path) -> str:
    """`a/b.runbook.yml` becomes the page `a/b.md` (URL `a/b/`)."""
    rel = source.relative_to(docs_dir).as_posix()
    return source_stem(rel) + ".md"


#: Where the site-wide list of procedures goes; the first URL that no page already uses.
PROCEDURES_PAGES = ("procedures/index.md", "rollback-procedures/index.md", "runbooks-procedures/index.md")


def summarize(compiled: Compiled) -> Summary:
    """What other pages need of a compiled runbook (ids, titles, procedures, cross references)."""
    rb = compiled.runbook
    assert rb is not None
    remote = {k: [b.item for b in v] for k, v in remote_backlinks([rb]).items()}
    return Summary(rb.id, rb.title, list(rb.extends or []), {p.id: p.title for p in rb.procedures},
                   referenced_elsewhere(rb), remote, rb.at.get("id", rb.pos))


@dataclass
class _Source:
    path: Path
    display: str
    uri: str
    key: str
    meta: SourceMeta | None = None
    pending: Compiled | None = None  # kept for the second pass: it names other runbooks
    page: str = ""  # key of a page rendered in the first pass
    checks: list[Diagnostic] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    extra: list[Diagnostic] = field(default_factory=list)  # site-wide findings (duplicate id)


class _Site:
    """One build's state: the cache, the templates, and what pages know of each other."""

    def __init__(self, docs_dir: Path, templates: Templates, root: Path, template_pages: bool,
                 history: ChangeHistory | None, cache: SiteCache, allow_html: bool = False,
                 strings: Strings | None = None, partials: Partials | None = None) -> None:
        self.docs_dir, self.templates, self.root, self.cache = docs_dir, templates, root, cache
        self.allow_html = allow_html
        self.strings = strings or english()
        self.partials = partials or shipped()
        self.history = history
        self.head = history.commits[0].sha if history is not None and history.commits else ""
        self.tpages = {t: template_uri(t) for t in templates.ids()} if template_pages else {}
        self.namespace = templates.namespace()
        self.summaries: dict[str, Summary] = {}  # by display path
        self.pages: dict[str, str] = {}  # runbook id -> page uri (the first source with the id)
        self.referenced: dict[str, set[str]] = {}  # runbook id -> its procedures other runbooks name
        self.remote: dict[tuple[str, str], list[Backlink]] = {}
        self.proc_uri = ""
        self._by_id: dict[str, Summary] = {}

    # -- the context a page is rendered in ---------------------------------------
    def context_key(self, s: Summary, uri: str, provisional: bool = False) -> str:
        """What the page of ``s`` takes from outside its source; provisional: as if nothing named it."""
        named = {rid for rid, _ in s.referenced}
        outside = [(rid, self.pages.get(rid), self._titles(rid)) for rid in sorted(named)]
        if provisional:
            backlinks: list[object] = []
            used: list[str] = []
        else:
            backlinks = [(k, [(b.runbook, self.pages.get(b.runbook), repr(b.item)) for b in self.remote[k]])
                         for k in sorted(self.remote) if k[0] == s.id]
            used = sorted(self.referenced.get(s.id, ()))
        return digest_of(uri, outside, backlinks, used, self.tpages, self.proc_uri, self.head, self.allow_html,
                         self.strings.digest, self.partials.digest)

    def _titles(self, rid: str) -> dict[str, str]:
        if len(self._by_id) != len(self.summaries):  # summaries only grow, in pass 1
            self._by_id = {}
            for s in self.summaries.values():
                self._by_id.setdefault(s.id, s)
        found = self._by_id.get(rid)
        return found.procedures if found is not None else {}

    def index(self) -> ProjectIndex:
        index = ProjectIndex()
        for s in self.summaries.values():
            index.procedures.setdefault(s.id, set(s.procedures))
            index.referenced |= s.referenced
        return index

    # -- one page ------------------------------------------------------------------
    def render(self, c: Compiled, uri: str, index: ProjectIndex, remote: dict[tuple[str, str], list[Backlink]],
               pages: dict[str, str], titles: dict[str, dict[str, str]]) -> PageEntry:
        """Check and render one compiled runbook; its check diagnostics go into the entry."""
        rb = c.runbook
        assert rb is not None
        checks = Diagnostics()
        check(rb, checks, index)
        ctx = RenderContext(page_path=uri, pages=pages, titles=titles, remote=remote, template_pages=self.tpages,
                            allow_html=self.allow_html, strings=self.strings,
                            partials=self.partials)
        page = render_page(rb, ctx)
        if self.history is not None:
            page.append_markdown(self.history.section(c.source, rb, self.strings))
        rows = procedures_rows(site_procedures([rb], remote), pages, self.proc_uri, self.strings) if self.proc_uri else []
        return PageEntry(page.skeleton, page.fragments.items, page.fragments.seed, rows, checks.items, page.title)


@gc_paused
def build_site(docs_dir: Path, templates_dir: Path, root: Path, template_pages: bool = True,
               changes: bool = True, cache: SiteCache | None = None, allow_html: bool = False,
               strings: Strings | None = None, partials: Partials | None = None) -> SiteBuild:
    """Every page of the site; ``cache`` (a folder's, to reuse pages and "Changes" diffs across builds)
    or one in memory. ``changes`` false: no "Changes" sections, and git is not run at all.
    ``strings``: the texts of the site's language (i18n.strings_for), English if None; ``partials``:
    the building blocks' templates with the theme's overrides (render.partials.partials_for)."""
    templates = Templates(templates_dir, root=root)
    templates.entries()  # template files are checked even when no runbook uses them yet
    cache = cache if cache is not None else SiteCache(None)
    cache.begin()
    # "Changes" sections, from git; their diffs are cached beside the pages when the cache has a folder
    history = _history(root, templates, cache.directory / CHANGES_FILE if cache.directory else None) \
        if changes else None
    site = _Site(docs_dir, templates, root, template_pages, history, cache, allow_html, strings, partials)
    out = SiteBuild()
    sources = [_Source(p, display_path(p, root), page_uri(docs_dir, p), "") for p in find_sources(docs_dir)]
    site.proc_uri = _procedures_uri(docs_dir, {s.uri for s in sources} | set(site.tpages.values()))

    # Pass 1: a summary of every runbook, and its page when it names no other runbook.
    for src in sources:
        src.key = source_key(src.display, src.uri, src.path.read_bytes())
        old = cache.metas.get(src.display)
        deps_now = templates.digests(old.deps) if old is not None else {}
        src.meta = cache.meta(src.display, src.key, deps_now, site.namespace)
        if src.meta is not None:
            if src.meta.summary is not None:
                site.summaries[src.display] = src.meta.summary
            continue
        with templates.recording() as asked:
            c = compile_source(src.path, templates, src.display)
        summary = summarize(c) if c.runbook is not None else None
        src.meta = SourceMeta(src.key, templates.digests(asked), site.namespace, summary, c.diagnostics.items)
        if summary is None or c.diagnostics.errors:
            continue
        site.summaries[src.display] = summary
        if summary.referenced:
            src.pending = c  # its links need the other runbooks: rendered in pass 2
            continue
        entry = site.render(c, src.uri, ProjectIndex(procedures={summary.id: set(summary.procedures)}), {},
                            {summary.id: src.uri}, {})
        if not any(d.severity == "error" for d in entry.diagnostics):  # errors: checked again in pass 2
            src.page = digest_of(_inputs(src), site.context_key(summary, src.uri, provisional=True))
            src.checks, src.rows = entry.diagnostics, entry.rows
            cache.put_page(src.page, entry)
        del c, entry  # the model and page go now: nothing holds every runbook at once

    # What pages know of each other.
    for src in sources:
        s = site.summaries.get(src.display)
        if s is None:
            continue
        first = site.pages.setdefault(s.id, src.uri)
        if first != src.uri:
            other = next(x.display for x in sources if x.uri == first)
            src.extra.append(_duplicate(src, s, other))
            src.page = ""
        for rid, pid in s.referenced:
            site.referenced.setdefault(rid, set()).add(pid)
        for k, items in s.remote.items():
            site.remote.setdefault(k, []).extend(Backlink(s.id, it) for it in items)
    index = site.index()
    titles = {s.id: s.procedures for s in reversed(list(site.summaries.values()))}

    # Pass 2: every page, from the cache when its inputs are unchanged.
    for d in templates.diagnostics.sorted():
        (out.errors if d.severity == "error" else out.warnings).append(d)
    metas: dict[str, SourceMeta] = {}
    rows: list[list[str]] = []
    for src in sources:
        meta = src.meta
        assert meta is not None
        metas[src.display] = meta
        s = meta.summary
        if s is None or any(d.severity == "error" for d in [*meta.diagnostics, *src.extra]):
            meta.page, meta.checks, meta.rows = "", [], []
            _report(out, [*meta.diagnostics, *src.extra])
            continue
        key = digest_of(_inputs(src), site.context_key(s, src.uri))
        if key == src.page:
            checks, page_rows = src.checks, src.rows
        elif key == meta.page and cache.has_page(key):
            checks, page_rows = meta.checks, meta.rows
        else:
            if src.page:
                cache.discard_memory(src.page)  # the provisional page was wrong: someone names it
            c = src.pending or compile_source(src.path, templates, src.display)
            src.pending = None
            entry = site.render(c, src.uri, index, site.remote, site.pages, titles)
            checks, page_rows = entry.diagnostics, entry.rows
            if not any(d.severity == "error" for d in checks):
                cache.put_page(key, entry)
            else:
                key = ""
            del c
        meta.page, meta.checks, meta.rows = key, checks, page_rows
        _report(out, [*meta.diagnostics, *checks])
        if not key:
            continue
        out.summaries.setdefault(s.id, s)
        out.pages.append(GeneratedPage(src.uri, src.display, key=key, loader=_loader(cache, key)))
        rows.append(page_rows)

    if history is not None:
        history.close()
    out.errors, out.warnings = once(out.errors), once(out.warnings)  # a template's error once, not per variant
    if out.errors:
        return out
    cache.save(metas)
    if template_pages:
        # Summaries stand in for Compiled: users_of reads only .runbook.{id,title,extends} (Summary.runbook)
        summaries: list[Any] = list(site.summaries.values())
        for uri, markdown in render_template_pages(templates, summaries, site.pages, site.strings).items():
            source = templates.directory.as_posix() if templates.directory else ""
            out.pages.append(GeneratedPage(uri, source, catalog=True, key=digest_of(markdown), text=markdown))
    if site.proc_uri and any(s.procedures for s in site.summaries.values()):
        text = procedures_page_of(rows, site.strings)
        out.pages.append(GeneratedPage(site.proc_uri, "runbooks", key=digest_of(text), text=text))
    return out


def _inputs(src: _Source) -> str:
    """The source's own inputs: its bytes and path (``key``), and the template files it read."""
    assert src.meta is not None
    return digest_of(src.key, src.meta.deps, src.meta.namespace)


def _loader(cache: SiteCache, key: str) -> Callable[[], RenderedPage]:
    def load() -> RenderedPage:
        entry = cache.page(key)
        if entry is None:  # the folder was deleted mid-build: say so, never serve another page
            raise RuntimeError(f"runbooks: cached page {key} is gone; build again")
        return RenderedPage(entry.skeleton, Fragments(seed=entry.seed, items=entry.fragments), title=entry.title)
    return load


def _report(out: SiteBuild, diags: list[Diagnostic]) -> None:
    for d in Diagnostics(list(diags)).sorted():
        (out.errors if d.severity == "error" else out.warnings).append(d)


def _duplicate(src: _Source, s: Summary, other: str) -> Diagnostic:
    d = Diagnostics()
    d.error(s.id_pos or Pos(src.display, 1, 1), "duplicate-runbook",
            f"runbook id '{s.id}' is already used by {other}; runbook ids must be unique")
    return d.items[0]


def _procedures_uri(docs_dir: Path, taken: set[str]) -> str:
    for uri in PROCEDURES_PAGES:
        stem = uri[: -len("/index.md")]
        same_url = (uri, f"{stem}.md", f"{stem}/README.md")
        if not any(u in taken or (docs_dir / u).exists() for u in same_url):
            return uri
    return ""


def _history(root: Path, templates: Templates, cache_file: Path | None) -> ChangeHistory | None:
    """The pages' git history, or None outside a git work tree.

    The diff machinery is imported only here: outside git it would cost a
    build ~30 ms of imports for nothing.
    """
    if "GIT_DIR" not in os.environ and not any((d / ".git").exists() for d in (root.resolve(), *root.resolve().parents)):
        log.info("runbooks: %s is not in a git repository; pages get no 'Changes' section", root)
        return None
    from mkdocs_runbooks.diff.history import ChangeHistory

    return ChangeHistory(root, templates, cache_file=cache_file)
