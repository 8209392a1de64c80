"""Fillable runbook pages in real Chromium: saving, progress, tabs, fields, keyboard, JS off."""

from __future__ import annotations

import pytest
from forms_helpers import PAGE, files, open_page, progress, stored

pytestmark = pytest.mark.browser


@pytest.fixture
def url(site, serve):  # type: ignore[no-untyped-def]
    built = site(files())
    return f"{serve(built.site)}/{PAGE}"


def test_tick_fill_reload_keeps_everything(context, url) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, url)
    # 5 checkable items in sections, one pre-ticked in the source; procedure steps do not count
    assert progress(page) == "1/5"
    assert page.text_content("[data-rb-count=prep]") == "1/3 done"
    assert page.text_content("[data-rb-jump]") == "2 critical open"

    page.check("[data-rb-item=backup]")
    page.fill("[data-rb-field='backup/size']", "12.5")
    page.check("[data-rb-field='backup/ok'][value=na]")
    page.check("[data-rb-field='backup/result'][value=Partial]")
    page.fill("[data-rb-field='backup/who']", "Ada Lovelace")
    page.press("[data-rb-field='backup/who']", "Tab")  # change event: the signature gets today's date
    page.fill("[data-rb-field='backup/notes']", "line one\nline two")
    page.fill("[data-rb-field='backup/day']", "2025-02-03")
    page.fill("[data-rb-field='backup/at']", "14:05")
    page.fill("[data-rb-field='approval/qa-lead/name']", "Grace")
    page.fill("[data-rb-field='contacts/primary-on-call/phone']", "+1 555")
    page.fill("[data-rb-operator]", "Ada")
    page.uncheck("[data-rb-item=announce]")  # unticking a source-ticked item must be saved too
    assert progress(page) == "1/5"
    assert page.text_content("[data-rb-jump]") == "1 critical open"
    today = page.input_value("[data-rb-field='backup/who/date']")
    assert len(today) == 10

    ticked = page.locator("#backup .rb-ticked-at")
    assert ticked.count() == 1 and ticked.get_attribute("datetime")
    assert page.get_attribute("[data-rb-item=backup]", "title").startswith("Ticked ")

    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.is_checked("[data-rb-item=backup]")
    assert not page.is_checked("[data-rb-item=announce]")
    assert page.input_value("[data-rb-field='backup/size']") == "12.5"
    assert page.is_checked("[data-rb-field='backup/ok'][value=na]")
    assert page.is_checked("[data-rb-field='backup/result'][value=Partial]")
    assert page.input_value("[data-rb-field='backup/who']") == "Ada Lovelace"
    assert page.input_value("[data-rb-field='backup/who/date']") == today
    assert page.input_value("[data-rb-field='backup/notes']") == "line one\nline two"
    assert page.input_value("[data-rb-field='backup/day']") == "2025-02-03"
    assert page.input_value("[data-rb-field='backup/at']") == "14:05"
    assert page.input_value("[data-rb-field='approval/qa-lead/name']") == "Grace"
    assert page.input_value("[data-rb-field='contacts/primary-on-call/phone']") == "+1 555"
    assert page.input_value("[data-rb-operator]") == "Ada"
    assert progress(page) == "1/5"
    assert page.locator("#backup .rb-ticked-at").get_attribute("datetime") == ticked.get_attribute("datetime")
    assert "rb-done" in page.get_attribute("#backup", "class")
    assert page.text_content("[data-rb-started]").startswith("Run started")
    assert page.rb_errors == []


def test_state_keys_and_records(context, url) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, url)
    page.check("[data-rb-item=migrate]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-1")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rb|'))")
    # runbook id, runbook version, item or field id; no site version, so that a run survives a docs publish
    assert "rb|deploy|1.0.0|migrate" in keys
    assert "rb|deploy|1.0.0|backup/ticket" in keys
    recs = stored(page)
    assert recs["migrate"]["v"] is True and recs["migrate"]["t"].endswith("Z")
    assert recs["backup/ticket"]["v"] == "OPS-1"


def test_required_field_holds_item_back(context, url) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, url)
    page.check("[data-rb-item=smoke]")
    assert progress(page) == "1/5"  # ticked, but "Tests run" is required and empty
    assert "rb-needs-fields" in page.get_attribute("#smoke", "class")
    page.fill("[data-rb-field='smoke/count']", "42")
    assert progress(page) == "2/5"
    assert "rb-needs-fields" not in page.get_attribute("#smoke", "class")
    assert page.text_content("[data-rb-count=ship]") == "1/2 done"


def test_two_tabs_stay_in_sync(context, url) -> None:  # type: ignore[no-untyped-def]
    a = open_page(context, url)
    b = open_page(context, url)
    a.check("[data-rb-item=migrate]")
    b.wait_for_function("document.querySelector('[data-rb-item=migrate]').checked")
    assert progress(b) == "2/5"
    assert b.locator("#migrate .rb-ticked-at").count() == 1
    b.fill("[data-rb-field='backup/ticket']", "OPS-7")
    b.check("[data-rb-field='backup/ok'][value=no]")
    a.wait_for_function("document.querySelector(\"[data-rb-field='backup/ticket']\").value === 'OPS-7'")
    a.wait_for_function("document.querySelector(\"[data-rb-field='backup/ok'][value=no]\").checked")
    b.uncheck("[data-rb-item=migrate]")
    a.wait_for_function("!document.querySelector('[data-rb-item=migrate]').checked")
    assert progress(a) == "1/5"
    assert a.locator("#migrate .rb-ticked-at").count() == 0


def test_keyboard_and_labels(context, url) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, url)
    page.focus("[data-rb-item=backup]")
    page.keyboard.press("Space")
    assert page.is_checked("[data-rb-item=backup]")
    assert progress(page) == "2/5"
    # focus is visible: the focused checkbox draws an outline
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # the critical-open button jumps to the next unfinished critical item, by keyboard
    page.focus("[data-rb-jump]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.rbItem") == "migrate"
    # the print menu opens with Enter and closes with Escape, focus back on its button
    page.focus("[data-rb-menu]")
    page.keyboard.press("Enter")
    assert page.is_visible("[data-rb-print=blank]")
    page.keyboard.press("Escape")
    assert not page.is_visible("[data-rb-print=blank]")
    assert page.evaluate("document.activeElement.hasAttribute('data-rb-menu')")
    # every control in the runbook has an accessible name
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('.rb-runbook input, .rb-runbook textarea, .rb-runbook select,'
                 + ' .rb-runbook button')].filter(e => !(
            (e.labels && [...e.labels].some(l => l.textContent.trim())) || e.getAttribute('aria-label')
            || (e.tagName === 'BUTTON' && e.textContent.trim()))).map(e => e.outerHTML)"""
    )
    assert unlabeled == []


def test_js_off_is_a_static_page(browser, url) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(url)
        assert not page.is_visible("[data-rb-toolbar]")
        assert page.is_visible("text=Take a backup")
        assert page.is_visible("[data-rb-item=backup]")
        assert page.text_content("[data-rb-count=prep]") == "3 items"
    finally:
        ctx.close()


def test_print_mode_contract(context, url) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, url)
    # record the mode the page is in when it asks the browser to print
    page.evaluate("() => { window.print = () => { window.__modes = (window.__modes || []).concat("
                  "document.documentElement.dataset.rbPrint || null); }; }")
    page.click("[data-rb-menu]")
    page.click("[data-rb-print=blank]")
    page.click("[data-rb-menu]")
    page.click("[data-rb-print=filled]")
    assert page.evaluate("window.__modes") == ["blank", "filled"]
    assert not page.is_visible("[data-rb-print=blank]")  # the menu closed
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.documentElement.dataset.rbPrint") is None
    # the browser's own print (Ctrl+P) prints filled
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("document.documentElement.dataset.rbPrint") == "filled"
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.documentElement.dataset.rbPrint") is None
    # ?rb-print= (the headless PDF export) sets the mode on load and keeps it after printing
    blank = open_page(context, url + "?rb-print=blank")
    assert blank.evaluate("document.documentElement.dataset.rbPrint") == "blank"
    blank.evaluate("dispatchEvent(new Event('beforeprint')); dispatchEvent(new Event('afterprint'))")
    assert blank.evaluate("document.documentElement.dataset.rbPrint") == "blank"
