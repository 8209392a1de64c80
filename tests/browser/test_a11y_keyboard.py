"""Issue 20, keyboard only in real Chromium: reach the toolbar, tick, fill every field type, export, import,
reset, print, dismiss a notice, follow a rollback link and come back. At every step the focused control shows
its focus (its computed style differs from the unfocused one, a11y_helpers.focus_shows)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from a11y_helpers import focus_shows
from forms_helpers import PAGE, RUNBOOK, files, open_page

pytestmark = pytest.mark.browser

# the fixture runbook plus the one field type it lacks
SOURCE = RUNBOOK.replace("          - {id: ticket, type: text, label: Ticket}",
                         "          - {id: ticket, type: text, label: Ticket}\n"
                         "          - {id: when, type: datetime, label: When}")
assert SOURCE != RUNBOOK
#: what the keyboard types into each kind of control (Chromium's en-US date/time fields take digits)
#: (a year takes up to 6 digits, so ArrowRight moves on from it)
TYPED = {"text": ["Ada"], "number": ["12"], "textarea": ["all good"], "date": ["01022025"], "time": ["0230P"],
         "datetime-local": ["01022025", "ArrowRight", "0230P"]}


def _active(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => { const e = document.activeElement;
      return {tag: e.tagName, type: e.type || '', field: e.dataset.rbField || '', item: e.dataset.rbItem || '',
              action: e.dataset.rbAction || '', cls: e.className || '', role: e.getAttribute('role') || '',
              id: e.id || '', value: e.value || '', checked: !!e.checked}; }""")


def _tab(page: Any, back: bool = False) -> dict[str, Any]:
    """Tab to the next control (past the segments of a date or time field); its focus must show."""
    before = page.evaluate_handle("document.activeElement")
    for _ in range(8):  # a datetime field has six segments
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if not page.evaluate("(b) => b === document.activeElement", before):
            break
    focus_shows(page)
    return _active(page)


def _tab_to(page: Any, want: Any, limit: int = 40, back: bool = False) -> dict[str, Any]:
    for _ in range(limit):
        a = _tab(page, back)
        if want(a):
            return a
    raise AssertionError(f"never reached the control by Tab; last: {a}")


DEMO = (Path(__file__).parents[2] / "content" / "examples" / "rollback-demo.runbook.yml").read_text(encoding="utf-8")


@pytest.fixture(params=["light", "dark"])
def kb_page(request, site, serve, browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    built = site({**files(SOURCE), "docs/demo.runbook.yml": DEMO})
    base = serve(built.site)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True,
                              color_scheme=request.param)
    # the browser's print dialog cannot run headless: record what would be printed instead
    ctx.add_init_script("window.print = () => { window.__printed = (window.__printed || [])"
                        ".concat(document.documentElement.dataset.rbPrint || ''); };")
    page = open_page(ctx, f"{base}/{PAGE}")
    page.rb_base = base  # type: ignore[attr-defined]
    yield page
    assert page.rb_errors == []
    ctx.close()


def test_a_whole_run_by_keyboard(kb_page: Any, tmp_path: Path) -> None:
    page = kb_page
    # intercept file choosers from the start: turning interception on at the keypress can miss the first one
    page.on("filechooser", lambda chooser: None)
    # from the top of the page: the skip link is the second Tab stop (after Material's own skip link)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert "rb-skip" in _active(page)["cls"]
    focus_shows(page)
    assert page.locator("a.rb-skip").bounding_box()["width"] > 20  # visible while it has focus
    page.keyboard.press("Enter")
    first = _active(page)
    assert "rb-crit-open" in first["cls"].split(), first  # "2 critical open", the toolbar's first control
    focus_shows(page)

    # the critical button -> the first critical box, unticked: its focus shows over the critical ring
    page.keyboard.press("Enter")
    assert _active(page)["item"] == "backup"
    focus_shows(page)
    page.keyboard.press("Space")
    assert _active(page)["checked"]

    # every field of the item, in tab order, filled from the keyboard
    filled: dict[str, str] = {}
    while True:
        a = _tab(page)
        if a["item"] == "backup-verify":
            break
        assert a["field"].startswith("backup/"), a
        if a["type"] == "radio":
            page.keyboard.press("Space")
            filled[a["field"]] = page.evaluate("document.activeElement.value")
        else:
            for keys in TYPED[a["type"]]:
                page.keyboard.press(keys) if keys.startswith("Arrow") else page.keyboard.type(keys)
            filled[a["field"]] = page.evaluate("document.activeElement.value")
            assert filled[a["field"]], a
    assert set(filled) == {f"backup/{f}" for f in ("size", "ok", "result", "who", "who/date", "notes", "day", "at",
                                                  "ticket", "when")}
    assert filled["backup/ok"] == "yes" and filled["backup/result"] == "Success"
    page.keyboard.press("Space")  # the nested item
    # a step with a rollback link: follow it by keyboard, and come back the same way
    link = _tab_to(page, lambda a: "rb-to-rollback" in a["cls"])
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#db-rollback--from-migrate'")
    # focus moves to the way back (rollback.js: Material's instant navigation would leave it on the link),
    # which stands out
    page.wait_for_function("document.activeElement.classList.contains('rb-came-from')")
    # on a loaded machine the jump's layout can land a frame after the class: wait for the box, not a time
    page.wait_for_function("document.activeElement.getBoundingClientRect().width > 0")
    focus_shows(page)
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#migrate'")
    assert link and page.evaluate("document.getElementById('migrate').getBoundingClientRect().top") < 800

    # Alt+Shift+R: to the toolbar from anywhere, and back to where you were
    page.evaluate("document.getElementById('rb-cb-smoke').focus()")
    page.keyboard.press("Alt+Shift+R")
    assert "rb-crit-open" in _active(page)["cls"].split()
    page.keyboard.press("Alt+Shift+R")
    assert _active(page)["id"] == "rb-cb-smoke"
    page.keyboard.press("Alt+Shift+R")

    # export
    _tab_to(page, lambda a: a["action"] == "export")
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    saved = tmp_path / "run.json"
    dl.value.save_as(saved)
    run = json.loads(saved.read_text(encoding="utf-8"))
    assert run["items"]["backup"]["checked"] and run["fields"]["backup/size"]["value"] == "12"

    # reset (confirmed), then import the export back
    _tab_to(page, lambda a: a["action"] == "reset")
    page.once("dialog", lambda d: d.accept())
    page.keyboard.press("Enter")
    page.wait_for_function("!document.getElementById('rb-cb-backup').checked")
    assert page.locator("#rb-f-backup--size").input_value() == ""
    focus_shows(page)
    _tab(page, back=True)
    a = _active(page)
    assert a["action"] == "import", a
    with page.expect_file_chooser() as fc:
        page.keyboard.press("Space")
    fc.value.set_files(str(saved))
    page.wait_for_selector(".rb-notice[data-kind=import]")
    assert page.locator("#rb-cb-backup").is_checked()
    assert page.locator("#rb-f-backup--size").input_value() == "12"

    # a notice dismissed by keyboard leaves focus on a control, not on <body>
    _tab_to(page, lambda a: a["tag"] == "BUTTON" and page.evaluate("!!document.activeElement.closest('.rb-notice')"))
    count = page.locator(".rb-notice").count()
    page.keyboard.press("Enter")
    assert page.locator(".rb-notice").count() == count - 1
    a = _active(page)
    assert a["tag"] == "BUTTON", a
    focus_shows(page)

    # print: a menu, opened and walked by keyboard; Escape and Tab close it
    _tab_to(page, lambda a: page.evaluate("document.activeElement.dataset.rbMenu !== undefined"), back=True)
    page.keyboard.press("Enter")
    assert _active(page)["role"] == "menuitem"
    focus_shows(page)
    page.keyboard.press("ArrowDown")
    assert _active(page)["value"] == "" and page.evaluate("document.activeElement.dataset.rbPrint") == "blank"
    focus_shows(page)
    page.keyboard.press("Escape")
    assert page.locator("#rb-print-choices").is_hidden()
    assert page.evaluate("document.activeElement.dataset.rbMenu !== undefined")
    page.keyboard.press("ArrowDown")
    assert page.locator("#rb-print-choices").is_visible()
    page.keyboard.press("Tab")
    assert page.locator("#rb-print-choices").is_hidden()  # tabbing out closes it
    _tab(page, back=True)
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == ["blank"]
    assert page.locator("#rb-print-choices").is_hidden()


def test_every_control_on_a_page_shows_focus(kb_page: Any) -> None:
    """Tab through a whole runbook page (rollback, point of no return, sign-off, contacts) with items in
    every state: critical open, ticked, holding a required field back, changed."""
    page = kb_page
    page.goto(f"{page.rb_base}/demo/")
    page.wait_for_selector(".rb-runbook.rb-live")
    boxes = page.locator(".rb-runbook > .rb-section input[data-rb-item], .rb-section input[data-rb-item]")
    for i in range(1, boxes.count(), 3):  # some ticked, the first critical one left open
        box = boxes.nth(i)
        if not page.evaluate("(e) => e.closest('.rb-irreversible') !== null", box.element_handle()):
            box.check(force=True)
    page.evaluate("document.querySelector('.md-skip') ? document.querySelector('.md-skip').focus() : 0")
    page.keyboard.press("Tab")
    assert "rb-skip" in _active(page)["cls"]
    page.keyboard.press("Enter")
    seen: set[str] = set()
    for _ in range(400):
        a = _tab(page)
        if not page.evaluate("!!document.activeElement.closest('.rb-runbook')"):
            break
        seen.add(a["type"] or a["tag"])
    else:
        raise AssertionError("never left the runbook")
    assert {"checkbox", "A", "text", "date", "radio", "number"} <= seen, seen
    assert page.rb_errors == []
