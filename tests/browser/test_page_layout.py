"""Issue 12 in real Chromium: where links land (below Material's header and the sticky run toolbar,
on a desktop and on a 390 px phone), and sign-off tables that work on a phone."""

from __future__ import annotations

import pytest
from forms_helpers import open_page

from conftest import REPO

pytestmark = pytest.mark.browser

DEMO = (REPO / "content" / "examples" / "rollback-demo.runbook.yml").read_text(encoding="utf-8")
CONFIG = """\
site_name: Test site
docs_dir: docs
theme:
  name: material
  features: [navigation.instant, toc.follow]
plugins: [search, runbooks]
markdown_extensions: [attr_list, md_in_html, pymdownx.highlight, pymdownx.superfences, {toc: {permalink: true}}]
"""
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

PLACE = """(id) => {
  const t = document.getElementById(id), r = t.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const bar = document.querySelector('[data-rb-toolbar]').getBoundingClientRect().bottom;
  return {top: r.top, bottom: r.bottom, cover: Math.max(header, bar), vh: innerHeight};
}"""


def _landed(page, ident: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(500)  # smooth scrolling, if any, has ended
    at = page.evaluate(PLACE, ident)
    assert at["top"] >= at["cover"] - 1, (ident, at)  # not under the header or the toolbar
    assert at["bottom"] <= at["vh"] + 1, (ident, at)  # and all of it in view


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):  # type: ignore[no-untyped-def]
    from conftest import mkdocs_build, write_tree

    root = tmp_path_factory.mktemp("layout")
    write_tree(root, {"mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "docs/demo.runbook.yml": DEMO})
    mkdocs_build(root)
    return root / "site"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_jumps_land_below_header_and_toolbar(size, browser, demo_site, serve) -> None:  # type: ignore[no-untyped-def]
    base = serve(demo_site)
    ctx = browser.new_context(viewport=SIZES[size])
    try:
        page = open_page(ctx, f"{base}/demo/")
        # a "Rollback:" link on a step -> the procedure's title
        link = page.locator(".rb-item a.rb-link[href*='#']").first
        target = link.get_attribute("href").split("#", 1)[1]
        link.click()
        _landed(page, target)
        # a trigger's link -> its procedure
        page.goto(f"{base}/demo/")
        page.wait_for_selector(".rb-runbook.rb-live")
        trigger = page.locator(".rb-trigger a[href*='#']").last
        target = trigger.get_attribute("href").split("#", 1)[1]
        trigger.scroll_into_view_if_needed()
        trigger.click()
        _landed(page, target)
        # the table of contents (desktop) or a heading's own link -> a section heading
        if size == "desktop":
            page.locator(".md-sidebar--secondary a[href$='#rollback-triggers']").first.click()
            _landed(page, "rollback-triggers")
        # deep links from elsewhere: an item, a heading, a procedure
        for ident in ("scale-down-blue", "procedures", "scale-up-blue"):
            page.goto(f"{base}/demo/#{ident}")
            page.wait_for_selector(".rb-runbook.rb-live")
            _landed(page, ident)
        assert page.rb_errors == []
    finally:
        ctx.close()


def test_signoff_tables_on_a_phone(browser, demo_site, serve) -> None:  # type: ignore[no-untyped-def]
    base = serve(demo_site)
    ctx = browser.new_context(viewport=SIZES["phone"])
    try:
        page = open_page(ctx, f"{base}/demo/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
        inputs = page.locator(".rb-signoff-table input, .rb-contacts-table input")
        assert inputs.count() >= 5
        for i in range(inputs.count()):
            box = inputs.nth(i)
            box.scroll_into_view_if_needed()
            r = box.bounding_box()
            assert r and r["x"] >= 0 and r["x"] + r["width"] <= 390, (i, r)  # every column reachable
            if box.get_attribute("type") in ("text", "tel", "email"):
                assert r["width"] >= 120, (i, r)  # wide enough to type a name in
            box.fill("2025-01-02" if box.get_attribute("type") == "date" else "Ada")
    finally:
        ctx.close()
