"""The per-page bundles in Chromium (issue 18): a runbook page reached by Material's instant navigation
from a plain page starts its run; leaving it drops its stylesheet; coming back starts it again, once."""

from __future__ import annotations

from forms_helpers import PAGE, files, progress, stored

STYLED = "getComputedStyle(document.querySelector('.rb-item')).paddingLeft"
# our stylesheets for the screen, and the paper one (media=print) beside them
OUR_CSS = ("[...document.styleSheets].filter((s) => s.href && s.href.includes('/assets/runbooks/') "
           "&& s.media.mediaText !== 'print').length")
OUR_PRINT = "[...document.styleSheets].filter((s) => s.href && s.href.includes('/assets/runbooks/runbooks-print.')).length"
# the core, which the page names (the page tools are a script the core fetches: once per document)
OUR_JS = "document.querySelectorAll('script[src*=\"/assets/runbooks/runbooks.\"]').length"


def test_instant_navigation_from_a_plain_page(browser, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import BASE_CONFIG

    base = serve(tmp_path / "site")  # instant navigation takes the links of sitemap.xml: site_url is this server
    site(files(), config=f"site_url: {base}/\n" + BASE_CONFIG)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/")
        page.wait_for_load_state("networkidle")  # Material has read sitemap.xml
        assert page.evaluate(OUR_CSS) == 0 and page.evaluate(OUR_JS) == 0  # a plain page loads none of ours
        assert page.evaluate(OUR_PRINT) == 0
        tools: list[str] = []
        page.on("request", lambda r: tools.append(r.url) if "/assets/runbooks/runbooks-tools." in r.url else None)
        page.evaluate("window.__same_document = true")  # lost on a full page load
        for visit in (1, 2):
            page.click("text=deploy runbook")
            page.wait_for_url(f"{base}/{PAGE}")
            page.wait_for_selector(".rb-runbook.rb-live")
            assert page.evaluate("window.__same_document") is True, "Material's instant navigation did not run"
            page.wait_for_function(f"{STYLED} !== '0px'")  # the stylesheet came with the page
            assert page.evaluate(OUR_CSS) == 1 and page.evaluate(OUR_JS) == 1 and page.evaluate(OUR_PRINT) == 1
            page.wait_for_function("!!(window.rbHooks && window.rbHooks.attach)")  # the tools, fetched when idle
            before = progress(page)
            page.click("[data-rb-item=migrate]")  # a real click: change event, save, progress
            done = int(before.split("/")[0])
            assert progress(page) == f"{done + 1 if visit == 1 else done - 1}/5", (visit, before)
            assert stored(page)["migrate"]["v"] is (visit == 1)
            page.locator(".md-nav__link", has_text="Home").first.click()
            page.wait_for_url(f"{base}/")
            page.wait_for_selector("text=Go to the")
            assert page.evaluate(OUR_CSS) == 0, "the runbook stylesheet stayed on a plain page"
            assert page.evaluate(OUR_PRINT) == 0, "the print stylesheet stayed on a plain page"
        assert page.evaluate("window.__same_document") is True
        assert len(tools) == 1, tools  # once: the second visit had them
        assert errors == []
    finally:
        context.close()


def test_provenance_highlight_without_has(browser, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The 'Highlight project-specific items' box dims the template's items and marks the project's own,
    with sibling rules (no :has()), with and without JS."""
    template = ("id: base\ntitle: Base\nversion: '1.0.0'\nsections:\n  - id: s\n    title: S\n    items:\n"
                "      - {id: a, text: From the template}\n")
    variant = "id: v\ntitle: V\nextends: base\ninsert:\n  - {after: a, items: [{id: b, text: Our own}]}\n"
    site({"templates/base.runbook.yml": template, "docs/v.runbook.yml": variant})
    base = serve(tmp_path / "site")
    for js in (True, False):
        context = browser.new_context(java_script_enabled=js)
        try:
            page = context.new_page()
            page.goto(f"{base}/v/")
            opacity = "(id) => getComputedStyle(document.getElementById(id)).opacity"
            assert page.evaluate(opacity, "a") == "1"
            page.check("#rb-prov-toggle")
            assert page.evaluate(opacity, "a") == "0.55"
            assert page.evaluate(opacity, "b") == "1"
            assert page.evaluate("getComputedStyle(document.getElementById('b')).backgroundColor") != "rgba(0, 0, 0, 0)"
            page.uncheck("#rb-prov-toggle")
            assert page.evaluate(opacity, "a") == "1"
        finally:
            context.close()
