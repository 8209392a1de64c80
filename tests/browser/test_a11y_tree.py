"""Issue 20: what a screen reader gets, read from Chromium's accessibility tree (CDP Accessibility domain):
a critical checkbox is described by its severity (and a point of no return by its warning), a unit belongs to
its field, the progress bar has a value text, and a change of progress is announced once, in one polite live
region that sits inside no other. Plus the small-screen layout: 320 x 256 CSS px (400% zoom)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from forms_helpers import PAGE, files, open_page

pytestmark = pytest.mark.browser

DEMO = (Path(__file__).parents[2] / "content" / "examples" / "rollback-demo.runbook.yml").read_text(encoding="utf-8")


def _ax(page: Any, selector: str) -> dict[str, str]:
    """The accessibility node of the element: role, name, description, value (as Chromium computes them)."""
    cdp = page.context.new_cdp_session(page)
    try:
        doc = cdp.send("DOM.getDocument", {"depth": 0})
        node = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": selector})
        assert node["nodeId"], selector
        nodes = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})["nodes"]
    finally:
        cdp.detach()
    ax = next(n for n in nodes if not n.get("ignored"))
    out = {k: str(ax.get(k, {}).get("value", "")) for k in ("role", "name", "description", "value")}
    for prop in ax.get("properties", []):
        out[prop["name"]] = str(prop["value"].get("value", ""))
    return out


NESTED = """() => { const live = '[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer]';
  return [...document.querySelectorAll(live)].filter((e) => e.parentElement.closest(live)).map((e) => e.outerHTML.slice(0, 80)); }"""


@pytest.fixture
def page(site, serve, browser):  # type: ignore[no-untyped-def]
    built = site({**files(), "docs/demo.runbook.yml": DEMO})
    base = serve(built.site)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = open_page(ctx, f"{base}/{PAGE}")
    pg.rb_base = base  # type: ignore[attr-defined]
    yield pg
    assert pg.rb_errors == []
    ctx.close()


def test_severity_point_of_no_return_and_units_reach_the_tree(page: Any) -> None:
    box = _ax(page, "#rb-cb-backup")
    assert box["role"] == "checkbox" and box["name"] == "Take a backup"
    assert "critical" in box["description"].lower()  # the severity, said with the box (the badge's case)
    plain = _ax(page, "#rb-cb-announce")
    assert plain["description"] == ""  # nothing to say: nothing said
    size = _ax(page, "#rb-f-backup--size")
    assert size["name"] == "Backup size" and size["description"] == "MB"
    # a point of no return: the badge and the warning before it
    page.goto(f"{page.rb_base}/demo/")
    page.wait_for_selector(".rb-runbook.rb-live")
    irreversible = page.locator(".rb-item.rb-irreversible input[data-rb-item]").first
    ident = irreversible.get_attribute("id")
    desc = _ax(page, f"#{ident}")["description"]
    assert "point of no return" in desc.lower() and "cannot be undone" in desc, desc


def test_progress_is_announced_once(page: Any) -> None:
    # no live region inside another
    assert page.evaluate(NESTED) == []
    regions = page.evaluate("""() => [...document.querySelectorAll('.rb-runbook [aria-live], .rb-runbook [role=status], .rb-runbook [role=alert]')]
      .map((e) => e.dataset.rbAnnounce !== undefined ? 'progress' : e.dataset.rbNotice !== undefined ? 'notices' : e.outerHTML.slice(0, 60))""")
    assert regions == ["progress"]  # until a notice comes, which is a region of its own
    assert _ax(page, "[data-rb-announce]")["live"] == "polite"
    # every change to any live region's text, as a screen reader would hear it
    page.evaluate("""() => { window.__said = [];
      document.querySelectorAll('[aria-live], [role=status], [role=alert]').forEach((r) => new MutationObserver(() =>
        window.__said.push(r.textContent.trim())).observe(r, {childList: true, subtree: true, characterData: true})); }""")
    assert page.locator("[data-rb-announce]").text_content() == ""  # silent on load
    # three quick ticks: one announcement once they settle
    for ident in ("backup", "backup-verify", "migrate"):
        page.locator(f"#rb-cb-{ident}").check()
    page.wait_for_function("window.__said.length > 0")
    page.wait_for_timeout(1200)
    said = page.evaluate("window.__said")
    # 5 items count (not the note, not procedure steps), "announce" came ticked; both critical ones are done
    assert said == ["4 of 5 done, 0 critical open"], said
    bar = _ax(page, ".rb-bar")
    assert (bar["role"], bar["value"], bar["valuemax"]) == ("progressbar", "4", "5")
    # CDP leaves "valuetext" empty even for a plain role=progressbar with aria-valuetext: read the attribute
    assert page.locator(".rb-bar").get_attribute("aria-valuetext") == "4 of 5 done, 0 critical open"
    # ticking an item whose required field is empty changes nothing (nothing said); filling it does
    page.locator("#rb-cb-smoke").check()
    page.wait_for_timeout(1200)
    assert page.evaluate("window.__said") == said
    page.locator("#rb-f-smoke--count").fill("40")
    page.wait_for_timeout(1200)
    assert page.evaluate("window.__said")[1:] == ["5 of 5 done, 0 critical open"]
    # a notice is a live region of its own, side by side with the progress, inside none
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-rb-action=reset]").click()
    page.wait_for_selector(".rb-notice[role=status]")
    assert page.evaluate(NESTED) == []


def test_320_by_256(site, serve, browser) -> None:  # type: ignore[no-untyped-def]
    """400% zoom of 1280 x 1024: the toolbar scrolls away, the Print menu stays on screen, only tables scroll."""
    built = site({**files(), "docs/demo.runbook.yml": DEMO})
    base = serve(built.site)
    ctx = browser.new_context(viewport={"width": 320, "height": 256})
    try:
        page = open_page(ctx, f"{base}/demo/")
        bar = page.locator("[data-rb-toolbar]")
        assert page.evaluate("getComputedStyle(document.querySelector('[data-rb-toolbar]')).position") == "static"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        box = bar.bounding_box()
        assert box is None or box["y"] + box["height"] <= 0  # scrolled away with the page, covers nothing
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the page never scrolls sideways
        page.locator("[data-rb-menu]").scroll_into_view_if_needed()
        page.locator("[data-rb-menu]").click()
        menu = page.locator("#rb-print-choices").bounding_box()
        assert menu and menu["x"] >= 0 and menu["x"] + menu["width"] <= 320, menu
        for table in (".rb-signoff-table", ".rb-contacts-table"):
            scroller = page.locator(f".rb-table-scroll:has({table})").first
            assert scroller.evaluate("(e) => getComputedStyle(e).overflowX") == "auto"
            assert scroller.evaluate("(e) => e.getBoundingClientRect().right") <= 320
        # a tall phone keeps the sticky toolbar
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("getComputedStyle(document.querySelector('[data-rb-toolbar]')).position") == "sticky"
    finally:
        ctx.close()
