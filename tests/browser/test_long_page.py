"""A long runbook in real Chromium, on first load: every section and item is in the accessibility tree
(not only the ones on screen), a deep link lands on a far item below Material's header and our toolbar,
and the browser's text search finds it.

Why the first: ``content-visibility: auto`` on the sections cut style recalculation of a 2,000-item page
by half, but Chromium 156 leaves skipped sections out of the accessibility tree ("notRendered"), so a
screen reader listed only the headings and boxes of the first screens (content/scale.md)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CONFIG = """\
site_name: Test site
docs_dir: docs
theme:
  name: material
  features: [navigation.instant, toc.follow]
plugins: [search, runbooks]
markdown_extensions: [attr_list, md_in_html, {toc: {permalink: true}}]
"""
SECTIONS, PER = 20, 30
FAR = f"i{SECTIONS * PER - 5}"  # an item in the last section


def _runbook() -> str:
    lines = ["id: long", "title: Long runbook", 'version: "1.0.0"', "sections:"]
    for s in range(SECTIONS):
        lines += [f"  - id: s{s}", f"    title: Section {s + 1}", "    items:"]
        lines += [f"      - {{id: i{i}, text: Check number {i} is plum-{i}}}" for i in range(s * PER, (s + 1) * PER)]
    return "\n".join(lines) + "\n"


PLACE = """(id) => {
  const t = document.getElementById(id), r = t.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const bar = document.querySelector('[data-rb-toolbar]').getBoundingClientRect().bottom;
  return {top: r.top, bottom: r.bottom, cover: Math.max(header, bar), vh: innerHeight};
}"""


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):  # type: ignore[no-untyped-def]
    from conftest import mkdocs_build, write_tree

    root = tmp_path_factory.mktemp("long")
    write_tree(root, {"mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "docs/long.runbook.yml": _runbook()})
    mkdocs_build(root, strict=True)
    return root / "site"


def _open(browser, base: str, frag: str = ""):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(f"{base}/long/{frag}")
    page.wait_for_selector(".rb-runbook.rb-live")
    return ctx, page


def test_every_section_and_item_is_in_the_accessibility_tree_on_first_load(long_site, serve, browser) -> None:  # type: ignore[no-untyped-def]
    ctx, page = _open(browser, serve(long_site))
    try:
        cdp = ctx.new_cdp_session(page)
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        shown = [(n["role"]["value"], str(n.get("name", {}).get("value", ""))) for n in nodes if not n.get("ignored")]
        headings = {name.removesuffix(" ¶").strip() for role, name in shown if role == "heading"}
        boxes = {name for role, name in shown if role == "checkbox"}
        assert {f"Section {s + 1}" for s in range(SECTIONS)} <= headings, sorted(headings)
        missing = [i for i in range(SECTIONS * PER) if f"Check number {i} is plum-{i}" not in boxes]
        assert not missing, f"{len(missing)} boxes not in the accessibility tree, from i{missing[0]}"
    finally:
        ctx.close()


def test_a_deep_link_lands_on_a_far_item(long_site, serve, browser) -> None:  # type: ignore[no-untyped-def]
    ctx, page = _open(browser, serve(long_site), f"#{FAR}")
    try:
        page.wait_for_timeout(500)  # smooth scrolling, if any, has ended
        at = page.evaluate(PLACE, FAR)
        assert at["top"] >= at["cover"] - 1, at  # not under the header or the toolbar
        assert at["bottom"] <= at["vh"] + 1, at  # and all of it in view
    finally:
        ctx.close()


def test_text_search_finds_a_far_item(long_site, serve, browser) -> None:  # type: ignore[no-untyped-def]
    ctx, page = _open(browser, serve(long_site))
    try:
        far = FAR.removeprefix("i")
        assert page.evaluate(f"window.find('plum-{far}')")
        assert page.evaluate("getSelection().anchorNode.parentElement.closest('.rb-item').id") == FAR
        page.wait_for_timeout(300)
        at = page.evaluate(PLACE, FAR)
        assert 0 <= at["top"] and at["bottom"] <= at["vh"] + 1, at  # scrolled into view
    finally:
        ctx.close()
