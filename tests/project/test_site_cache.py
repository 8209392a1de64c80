"""The site build one runbook at a time, and its content-hash cache (issue 18).

- The streamed build makes exactly the pages the whole-site algorithm makes (every
  model compiled, checked against all, rendered with the full context).
- The cache never serves a stale page: after any edits, a build through the cache
  equals a build without one; deleting the cache is always safe.
- Real MkDocs builds with dirty=True rewrite only the pages whose inputs changed:
  edit a template and every variant that uses it changes, and only those.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_tree
from mkdocs_runbooks.check.rules import ProjectIndex, check
from mkdocs_runbooks.diagnostics import Diagnostics
from mkdocs_runbooks.pipeline import check_all, compile_source, display_path, find_sources, index_of
from mkdocs_runbooks.project import template_pages
from mkdocs_runbooks.project.build import build_site, page_uri
from mkdocs_runbooks.project.cache import SiteCache, cache_folder
from mkdocs_runbooks.project.template_pages import template_uri
from mkdocs_runbooks.render import RenderContext, render_page
from mkdocs_runbooks.render.rollback_view import procedures_page
from mkdocs_runbooks.resolve.rollback import remote_backlinks, site_procedures
from mkdocs_runbooks.resolve.templates import Templates

TEMPLATE = """\
id: base
title: Deploy {{ project }}
vars: {project: {required: true}}
sections:
  - id: go
    title: Deploy phase
    items:
      - {id: ship, text: Ship it, kind: step, command: ./ship, rollback: undo}
      - include: checks
procedures:
  - id: undo
    title: Undo
    steps: [{id: u1, text: Undo it}]
"""
OTHER_TEMPLATE = """\
id: lone
title: Lone {{ project }}
vars: {project: {required: true}}
sections:
  - id: only
    title: Only
    items: [{id: one, text: One thing}]
"""
FRAGMENT = """\
id: checks
fragment: true
items:
  - {id: smoke, text: Smoke test passes}
"""


def variant(rid: str, extra: str = "") -> str:
    return f"id: {rid}\nextends: base\nvars: {{project: {rid.capitalize()}}}\n{extra}"


CROSS = """\
id: ops
title: Ops
sections:
  - id: main
    title: Deploy phase
    items:
      - {id: flip, text: Flip the switch, kind: step, rollback: "web#undo"}
"""
LONE = "id: solo\nextends: lone\nvars: {project: Solo}\n"


def project(root: Path) -> None:
    write_tree(root, {
        "templates/base.yml": TEMPLATE, "templates/lone.yml": OTHER_TEMPLATE, "templates/frag.yml": FRAGMENT,
        "docs/web.runbook.yml": variant("web"), "docs/api.runbook.yml": variant("api"),
        "docs/ops.runbook.yml": CROSS, "docs/solo.runbook.yml": LONE,
    })


def whole_site(root: Path) -> dict[str, str]:
    """The pages as the whole-site algorithm makes them: every model at once, full context."""
    docs, templates = root / "docs", Templates(root / "templates", root=root)
    compiled = [compile_source(s, templates, display_path(s, root)) for s in find_sources(docs)]
    check_all(compiled)
    assert all(c.ok for c in compiled), [d.format() for c in compiled for d in c.diagnostics.errors]
    pages = {c.runbook.id: page_uri(docs, c.source) for c in compiled if c.runbook}
    titles = {c.runbook.id: {p.id: p.title for p in c.runbook.procedures} for c in compiled if c.runbook}
    runbooks = [c.runbook for c in compiled if c.runbook]
    remote = remote_backlinks(runbooks)
    tpages = {t: template_uri(t) for t in templates.ids()}
    out = {}
    for c in compiled:
        assert c.runbook is not None
        uri = pages[c.runbook.id]
        page = render_page(c.runbook, RenderContext(uri, pages, titles, remote, tpages))
        out[uri] = page.markdown + "\n<skeleton>\n" + page.skeleton
    out["procedures/index.md"] = procedures_page(site_procedures(runbooks, remote), pages, "procedures/index.md")
    return out


def streamed(root: Path, cache: SiteCache | None = None) -> tuple[dict[str, str], list[str]]:
    built = build_site(root / "docs", root / "templates", root, changes=False, cache=cache)
    out = {}
    for p in built.pages:
        markdown, rendered = p.load()
        out[p.src_uri] = markdown + ("\n<skeleton>\n" + rendered.skeleton if rendered else "")
    return out, [d.format() for d in built.errors + built.warnings]


def test_streamed_build_makes_the_whole_site_pages(tmp_path: Path) -> None:
    project(tmp_path)
    expected = whole_site(tmp_path)
    got, _ = streamed(tmp_path)
    assert {k: v for k, v in got.items() if not k.startswith(f"{template_pages.PREFIX}/")} == expected
    assert "(ops.md#flip)" in got["web.md"]  # the remote backlink is there


def test_streamed_check_equals_whole_check(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "docs" / "bad.runbook.yml").write_text(
        "id: bad\ntitle: Bad\nsections:\n  - id: s\n    title: S\n    items: [{id: x, text: X, rollback: undo}]\n"
        "procedures:\n  - {id: spare, title: Spare, steps: [{id: s1, text: s}]}\n")
    (tmp_path / "docs" / "web2.runbook.yml").write_text(variant("web"))  # a duplicate id
    templates = Templates(tmp_path / "templates", root=tmp_path)
    compiled = [compile_source(s, templates, display_path(s, tmp_path)) for s in find_sources(tmp_path / "docs")]
    check_all(compiled)
    expected = sorted(d.format() for c in compiled for d in c.diagnostics.items)
    _, got = streamed(tmp_path)
    assert sorted(got) == expected
    assert any("unknown procedure 'undo', did you mean 'api#undo'?" in g for g in got), got  # the site-wide hint


EDITS = st.lists(st.sampled_from(["template", "fragment", "source", "cross", "rename-proc", "new-template",
                                  "remove-source", "nothing"]), min_size=1, max_size=5)


def _edit(root: Path, what: str, n: int) -> None:
    t = root / "templates"
    if what == "template":
        (t / "base.yml").write_text(TEMPLATE.replace("Ship it", f"Ship it ({n})"))
    elif what == "fragment":
        (t / "frag.yml").write_text(FRAGMENT.replace("Smoke test passes", f"Smoke test {n} passes"))
    elif what == "source":
        (root / "docs" / "api.runbook.yml").write_text(variant("api", f"title: API {n}\n"))
    elif what == "cross":
        (root / "docs" / "ops.runbook.yml").write_text(CROSS.replace("web#undo", "api#undo"))
    elif what == "rename-proc":
        (t / "base.yml").write_text(TEMPLATE.replace("title: Undo", f"title: Undo {n}"))
    elif what == "new-template":
        (t / f"extra{n}.yml").write_text(OTHER_TEMPLATE.replace("id: lone", f"id: extra{n}"))
    elif what == "remove-source":
        (root / "docs" / "solo.runbook.yml").unlink(missing_ok=True)


@settings(max_examples=12, deadline=None)
@given(edits=EDITS)
def test_cache_never_serves_a_stale_page(edits: list[str], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("site")
    project(root)
    cache_dir = root / ".cache"
    streamed(root, SiteCache(cache_dir))  # warm
    for n, what in enumerate(edits):
        _edit(root, what, n)
        through_cache = streamed(root, SiteCache(cache_dir))
        assert through_cache == streamed(root, None), what
    shutil.rmtree(cache_dir)  # safe to delete at any time
    assert streamed(root, SiteCache(cache_dir)) == streamed(root, None)


def test_a_torn_cache_is_ignored(tmp_path: Path) -> None:
    project(tmp_path)
    cache = tmp_path / ".cache"
    streamed(tmp_path, SiteCache(cache))
    (cache / "sources.pickle").write_bytes(b"not a pickle")
    for page in (cache / "pages").iterdir():
        page.write_bytes(b"garbage")
    assert streamed(tmp_path, SiteCache(cache)) == streamed(tmp_path, None)


# -- real MkDocs builds, dirty=True --------------------------------------------------

def _mkdocs(root: Path, dirty: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cwd = os.getcwd()
    os.chdir(root)
    try:
        config = load_config(str(root / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=dirty)
        build(config, dirty=dirty)
        config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)


def _stamps(root: Path) -> dict[str, int]:
    return {name: (root / "site" / name / "index.html").stat().st_mtime_ns for name in ("web", "api", "ops", "solo")}


def test_dirty_builds_rewrite_only_what_changed(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, runbooks]\n"
        "markdown_extensions: [attr_list, md_in_html, pymdownx.superfences]\n")
    _mkdocs(tmp_path, dirty=False)
    first = _stamps(tmp_path)

    _mkdocs(tmp_path, dirty=True)  # nothing changed: no runbook page is written again
    assert _stamps(tmp_path) == first

    (tmp_path / "templates" / "base.yml").write_text(TEMPLATE.replace("Ship it", "Ship it carefully"))
    _mkdocs(tmp_path, dirty=True)  # every variant of the template changes, and only those
    after = _stamps(tmp_path)
    assert after["web"] != first["web"] and after["api"] != first["api"]
    assert after["solo"] == first["solo"]
    for name in ("web", "api"):
        assert "Ship it carefully" in (tmp_path / "site" / name / "index.html").read_text()
    # ops names web#undo: its backlink text comes from web's item, which changed
    assert "Ship it carefully" in (tmp_path / "site" / "web" / "index.html").read_text()

    (tmp_path / "docs" / "solo.runbook.yml").write_text(LONE.replace("Solo", "Solo two"))
    _mkdocs(tmp_path, dirty=True)
    latest = _stamps(tmp_path)
    assert latest["solo"] != after["solo"] and latest["web"] == after["web"] and latest["api"] == after["api"]
    assert "Solo two" in (tmp_path / "site" / "solo" / "index.html").read_text()

    folder = cache_folder(tmp_path)  # the project's own folder under the user's cache directory
    assert folder is not None and (folder / "sources.pickle").is_file()
    shutil.rmtree(folder)  # deleting the cache: the next build is whole again, and right
    _mkdocs(tmp_path, dirty=True)
    assert "Solo two" in (tmp_path / "site" / "solo" / "index.html").read_text()
    assert "Ship it carefully" in (tmp_path / "site" / "api" / "index.html").read_text()


def test_index_of_summaries_is_the_compiled_index(tmp_path: Path) -> None:
    project(tmp_path)
    templates = Templates(tmp_path / "templates", root=tmp_path)
    compiled = [compile_source(s, templates) for s in find_sources(tmp_path / "docs")]
    whole = index_of(compiled)
    built = build_site(tmp_path / "docs", tmp_path / "templates", tmp_path, changes=False)
    assert {s.id: set(s.procedures) for s in built.summaries.values()} == whole.procedures
    referenced = set().union(*(s.referenced for s in built.summaries.values()))
    assert referenced == whole.referenced
    rb = next(c.runbook for c in compiled if c.runbook and c.runbook.id == "web")
    diags = Diagnostics()
    check(rb, diags, ProjectIndex(whole.procedures, whole.referenced))
    assert not diags.errors
