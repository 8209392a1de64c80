"""Render a resolved runbook to a page.

A page is an HTML skeleton (page.py, items.py) plus Markdown fragments
(fragments.py): item text, details, headings and commands go through the
site's own Markdown pipeline in one pass, and the form controls never do.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs_runbooks.format import estimate as est
from mkdocs_runbooks.format.model import Runbook, Section, walk_items
from mkdocs_runbooks.gcpause import gc_paused
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.render.fragments import Fragments, RenderedPage
from mkdocs_runbooks.render.items import item_renderer
from mkdocs_runbooks.render.numbers import section_numbers
from mkdocs_runbooks.render.page import PageWriter
from mkdocs_runbooks.render.partials import Partials, shipped
from mkdocs_runbooks.render.text import plain_text
from mkdocs_runbooks.resolve.rollback import rollback_map

__all__ = ["RenderContext", "RenderedPage", "render_page", "section_stats", "runbook_stats"]


@dataclass
class RenderContext:
    """What the page needs from its site; the MkDocs adapter fills it in.

    ``page_path`` is the page's docs-relative Markdown path (``a/b.md``);
    ``pages`` maps other runbook ids to theirs, for cross-runbook links.
    """

    page_path: str = "index.md"
    pages: dict[str, str] = field(default_factory=dict)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # runbook id -> procedure id -> title
    #: (runbook id, procedure id) -> items of other runbooks that it undoes (rollback.remote_backlinks)
    remote: dict = field(default_factory=dict)  # type: ignore[type-arg]
    #: template id -> docs-relative path of its generated page
    template_pages: dict[str, str] = field(default_factory=dict)
    #: raw HTML in source text is rendered (the plugin's `allow_html`); off: text is text
    allow_html: bool = False
    #: the texts of the site's language (i18n): labels, headings, notices, print heads
    strings: Strings = field(default_factory=english)
    #: the building blocks' templates, with the site theme's overrides (partials.py)
    partials: Partials = field(default_factory=shipped)


@dataclass
class Stats:
    items: int = 0
    estimate: est.Range | None = None


def section_stats(section: Section) -> Stats:
    """Counts and time estimate of one section (its checkable items, its own and its sub-sections')."""
    return _stats_into(section, {})


def _stats_into(section: Section, memo: dict[int, Stats]) -> Stats:
    """The section's stats, and each subsection's into ``memo`` (by id()): one pass for a whole page."""
    items = 0
    summed: est.Range | None = None
    for item in walk_items(section.items):
        if item.checkable:
            items += 1
        if item.estimate:  # no estimate adds nothing
            summed = est.add(summed, est.parse_estimate(item.estimate))
    for sub in section.sections:
        child = _stats_into(sub, memo)
        items += child.items
        summed = est.add(summed, child.estimate)
    own = est.parse_estimate(section.estimate)
    stats = memo[id(section)] = Stats(items, own if own is not None else summed)
    return stats


def runbook_stats(runbook: Runbook, memo: dict[int, Stats] | None = None) -> Stats:
    """Totals of the page; ``memo`` (filled here) then holds every section's stats."""
    memo = {} if memo is None else memo
    total = Stats()
    for s in runbook.sections:
        st = _stats_into(s, memo)
        total.items += st.items
        total.estimate = est.add(total.estimate, st.estimate)
    return total


def _linker(
    runbook: Runbook, ctx: RenderContext, numbers: dict[str, str]
) -> Callable[[str], tuple[str, str] | tuple[str, str, str] | None]:
    local = {p.id: p.title for p in runbook.procedures}

    memo: dict[str, tuple[str, str] | tuple[str, str, str] | None] = {}  # a page names few procedures, often

    def link(ref: str) -> tuple[str, str] | tuple[str, str, str] | None:
        """(href, title[, section number]) for a procedure reference, or None."""
        if ref not in memo:
            memo[ref] = _target(ref)
        return memo[ref]

    def _target(ref: str) -> tuple[str, str] | tuple[str, str, str] | None:
        other, _, proc = ref.partition("#") if "#" in ref else (runbook.id, "", ref)
        if other == runbook.id:
            return (f"#{proc}", local[proc], numbers.get(proc, "")) if proc in local else None
        target = ctx.pages.get(other)
        if target is None:
            return None
        rel = posixpath.relpath(target, posixpath.dirname(ctx.page_path) or ".")
        title = ctx.titles.get(other, {}).get(proc, proc.replace("-", " ").capitalize())
        return (f"{rel}#{proc}", title)

    link.own = runbook.id  # type: ignore[attr-defined]  # rollback links name their source runbook
    return link


@gc_paused
def render_page(runbook: Runbook, ctx: RenderContext | None = None) -> RenderedPage:
    """A runbook page: the Markdown the site converts, and the skeleton it is spliced into."""
    ctx = ctx or RenderContext()
    frag = Fragments(seed=runbook.id, allow_html=ctx.allow_html, strings=ctx.strings, partials=ctx.partials)
    numbers = section_numbers(runbook)
    link = _linker(runbook, ctx, numbers)
    rmap = rollback_map(runbook)
    memo: dict[int, Stats] = {}
    stats = runbook_stats(runbook, memo)  # every section's stats in one pass, not again per nesting level
    skeleton = PageWriter(
        runbook, frag,
        stats=stats,
        section_stats=lambda s: memo.get(id(s)) or section_stats(s),
        secnum=numbers,
        link=link,
        rmap=rmap,
        ctx=ctx,
        provenance=_provenance(runbook, ctx),
        render_items=item_renderer(runbook, rmap, link, frag),
    ).page()
    return RenderedPage(skeleton, frag, title=html.escape(plain_text(runbook.title, ctx.allow_html), quote=False))


def _provenance(runbook: Runbook, ctx: RenderContext) -> dict[str, object]:
    """How many items are the project's own, and links to the templates the rest come from."""
    if not runbook.extends:
        return {}
    items = [i for s in runbook.sections for i in walk_items(s.items)]
    here = posixpath.dirname(ctx.page_path) or "."
    links = {t: posixpath.relpath(uri, here) for t, uri in ctx.template_pages.items()}
    return {"own": sum(1 for i in items if i.origin == runbook.id), "total": len(items), "links": links}
