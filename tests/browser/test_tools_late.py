"""Issue 18 in real Chromium: the first load is the core; the page tools (runs, Export, Reset, Print, the
menus) come later. What the reader does before they arrive is kept and logged from the very first change,
and done in order once they are there. Reset is logged. The run log's newest entries live in log+, so a
change rewrites a short list; logs saved before that layout still read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from forms_helpers import PAGE, export_run, files, progress

from mkdocs_runbooks.diagnostics import Diagnostics
from mkdocs_runbooks.runs.read import read_run_text

pytestmark = pytest.mark.browser

TOOLS = "**/assets/runbooks/runbooks-tools.*.min.js"
HERE = "() => !!(window.rbHooks && window.rbHooks.attach)"


class Held:
    """Holds the page tools' request until ``release()``: the reader acts before they arrive."""

    def __init__(self, page: Any) -> None:
        self.routes: list[Any] = []
        self.page = page
        page.route(TOOLS, lambda route: self.routes.append(route))

    def release(self) -> None:
        assert self.routes, "the core never asked for the tools"
        for r in self.routes:
            try:
                r.continue_()
            except Exception:  # the request of a page that is gone (reloaded since)
                pass
        self.page.unroute(TOOLS)


def _open_held(context: Any, url: str) -> tuple[Any, Held, list[str]]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    held = Held(page)
    page.goto(url)
    page.wait_for_selector(".rb-runbook.rb-live")
    page.wait_for_timeout(300)  # idle: the core has asked for the tools (held)
    assert page.evaluate(HERE) is False
    return page, held, errors


def _valid(data: dict[str, Any]) -> None:
    diags = Diagnostics()
    assert read_run_text(json.dumps(data), "x.run.json", diags) is not None and not diags.items, diags.items


def test_changes_before_the_tools_arrive_are_logged_and_kept(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    page, held, errors = _open_held(context, f"{serve(site(files()).site)}/{PAGE}")
    page.fill("[data-rb-operator]", "Ada")
    page.check("[data-rb-item=backup]")  # the very first tick, at once after load
    page.fill("[data-rb-field='backup/ticket']", "OPS-9")
    page.keyboard.press("Tab")
    page.check("[data-rb-item=backup-verify]")
    page.uncheck("[data-rb-item=backup-verify]")
    assert progress(page) == "2/5"  # progress and saving work without the tools
    page.click("[data-rb-action=export]")  # waits for the tools
    assert page.evaluate(HERE) is False
    with page.expect_download() as dl:
        held.release()
    data = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    log = [(e["key"], e["value"], e["by"]) for e in data["log"]]
    assert log == [("@operator", "Ada", "Ada"), ("backup", True, "Ada"), ("backup/ticket", "OPS-9", "Ada"),
                   ("backup-verify", True, "Ada"), ("backup-verify", False, "Ada")], log
    assert data["items"]["backup"]["checked"] is True and data["fields"]["backup/ticket"]["value"] == "OPS-9"
    assert [e["at"] for e in data["log"]] == sorted(e["at"] for e in data["log"])
    _valid(data)
    # and the log is saved: after a reload, the same entries and one more
    page.reload()
    page.wait_for_function(HERE)
    page.uncheck("[data-rb-item=backup]")
    assert [(e["key"], e["value"]) for e in export_run(page)["log"]][-2:] == [("backup-verify", False), ("backup", False)]
    assert errors == []


def test_keys_and_clicks_wait_for_the_tools_in_order(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """Alt+Shift+R and a menu opened before the tools arrive are done when they arrive, in order."""
    page, held, errors = _open_held(context, f"{serve(site(files()).site)}/{PAGE}")
    page.focus("[data-rb-item=migrate]")
    page.keyboard.press("Alt+Shift+R")  # to the toolbar (kept for the tools)
    page.click("[data-rb-menu]")  # opens the Print menu (kept too)
    held.release()
    page.wait_for_function(HERE)
    page.wait_for_selector("#rb-print-choices:not([hidden])")
    assert page.evaluate("document.activeElement.closest('#rb-print-choices') !== null")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.rbMenu !== undefined")
    assert errors == []


def test_an_irreversible_step_waits_for_its_check(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """The point of no return asks (tools.js) before the tick counts, even when ticked before the tools came."""
    src = files()["docs/deploy.runbook.yml"].replace("        rollback: db-rollback\n",
                                                       "        rollback: db-rollback\n        irreversible: true\n")
    page, held, errors = _open_held(context, f"{serve(site({**files(), 'docs/deploy.runbook.yml': src}).site)}/{PAGE}")
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("[data-rb-item=migrate]")
    assert not page.is_checked("[data-rb-item=migrate]")  # not ticked until the check
    held.release()
    page.wait_for_function(HERE)
    page.wait_for_timeout(100)
    assert len(asked) == 1 and not page.is_checked("[data-rb-item=migrate]")  # the reader said no
    assert errors == []


def test_reset_is_logged(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{serve(site(files()).site)}/{PAGE}")
    page.wait_for_function(HERE)
    page.check("[data-rb-item=backup]")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-rb-action=reset]")
    page.wait_for_selector(".rb-notice[data-kind=reset]")
    page.check("[data-rb-item=migrate]")
    data = export_run(page)
    assert [(e["key"], e["value"]) for e in data["log"]] == [("backup", True), ("@reset", ""), ("migrate", True)]
    assert data["items"]["backup"]["checked"] is False
    _valid(data)


TAIL = 64


def test_the_log_keeps_its_newest_entries_apart(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """A change rewrites log+ (at most TAIL entries), not the whole log; every entry survives a reload."""
    page = context.new_page()
    page.goto(f"{serve(site(files()).site)}/{PAGE}")
    page.wait_for_function(HERE)
    sizes = page.evaluate("""(n) => {
      const box = document.querySelector('[data-rb-item=announce]'), out = [];
      const tail = () => Object.keys(localStorage).find((k) => k.endsWith('|log+'));
      for (let i = 0; i < n; i++) {
        box.click();
        const t = tail();
        out.push(t ? JSON.parse(localStorage.getItem(t)).length : 0);
      }
      return out;
    }""", 150)
    assert max(sizes) <= TAIL + 1 and sizes[-1] < TAIL  # folded into the log now and then
    page.reload()
    page.wait_for_function(HERE)
    data = export_run(page)
    assert [e["value"] for e in data["log"]] == [i % 2 == 1 for i in range(150)]  # announce starts ticked


def test_a_log_saved_whole_still_reads(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """Saved state of the release before log+: rbrun|<id>|<run>|log holds every entry."""
    base = serve(site(files()).site)
    page = context.new_page()
    page.goto(f"{base}/{PAGE}")
    idx = {"active": "r1", "runs": [{"id": "r1", "name": "Old", "version": "1.0.0", "started_at": "2025-01-21T10:00:00.000+00:00",
                                      "ended_at": None, "outcome": None, "note": "", "operators": ["Ada"]}]}
    old_log = [{"at": "2025-01-21T10:00:00.000+00:00", "by": "Ada", "key": "@operator", "value": "Ada"},
               {"at": "2025-01-21T10:01:00.000+00:00", "by": "Ada", "key": "backup", "value": True}]
    page.evaluate("""([idx, log]) => {
      localStorage.clear();
      localStorage.setItem('rbruns|deploy', JSON.stringify(idx));
      localStorage.setItem('rbrun|deploy|r1|log', JSON.stringify(log));
      localStorage.setItem('rb|deploy|1.0.0|backup', JSON.stringify({v: true, t: '2025-01-21T10:01:00.000Z'}));
      localStorage.setItem('rb|deploy|1.0.0|@operator', JSON.stringify({v: 'Ada', t: '2025-01-21T10:00:00.000Z'}));
    }""", [idx, old_log])
    page.reload()
    page.wait_for_function(HERE)
    page.check("[data-rb-item=migrate]")
    data = export_run(page)
    assert data["name"] == "Old"
    assert [(e["key"], e["value"]) for e in data["log"]] == [("@operator", "Ada"), ("backup", True), ("migrate", True)]
    assert json.loads(page.evaluate("localStorage.getItem('rbrun|deploy|r1|log')")) == old_log  # untouched


def test_a_rollback_link_followed_before_the_tools_arrive_still_lands_on_the_way_back(  # type: ignore[no-untyped-def]
        context, site, serve) -> None:
    # rollback.js (a page tool) moves focus to the way back when a link is followed; a link followed before it
    # arrives must end the same way once it does, or the next Tab starts from the link, far from the procedure
    page, held, errors = _open_held(context, f"{serve(site(files()).site)}/{PAGE}")
    page.focus("a.rb-to-rollback")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash.length > 1")
    assert page.evaluate(HERE) is False
    held.release()
    page.wait_for_function(HERE)
    page.wait_for_function("document.activeElement.classList.contains('rb-came-from')")
    assert page.evaluate("document.activeElement.hash") == page.evaluate("'#' + location.hash.slice(1).split('--from-')[1]")
    assert errors == []


# -- changes made while the tools are away: their log entries are in storage with the change itself --------

PENDING = "() => Object.keys(localStorage).filter((k) => k.startsWith('qrb|'))"


def _first_visit(context: Any, url: str) -> Any:
    """A first visit with the tools: operator Ada, so run 1 exists."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(HERE)
    page.fill("[data-rb-operator]", "Ada")
    page.keyboard.press("Tab")
    return page


def _keys(data: dict[str, Any]) -> list[tuple[str, Any, str]]:
    return [(e["key"], e["value"], e["by"]) for e in data["log"]]


def test_a_tick_while_the_tools_fail_is_logged_on_a_later_load(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """The reviewer's case: the tools' request aborted, tick, reload with the tools: the entry is there once."""
    url = f"{serve(site(files()).site)}/{PAGE}"
    page = _first_visit(context, url)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(TOOLS, lambda route: route.abort())
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    page.check("[data-rb-item=backup]")
    page.check("[data-rb-item=backup-verify]")
    assert page.evaluate(HERE) is False
    page.unroute(TOOLS)
    page.reload()
    page.wait_for_function(HERE)
    data = export_run(page)
    assert _keys(data) == [("@operator", "Ada", "Ada"), ("backup", True, "Ada"), ("backup-verify", True, "Ada")]
    assert data["items"]["backup"]["checked"] is True
    assert [e["at"] for e in data["log"]] == sorted(e["at"] for e in data["log"])
    _valid(data)
    assert page.evaluate(PENDING) == []  # folded once: another load adds nothing
    page.reload()
    page.wait_for_function(HERE)
    assert _keys(export_run(page)) == _keys(data)
    assert errors == []


def test_a_reload_before_the_tools_arrive_loses_no_entry(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    _first_visit(context, url).close()
    page, held, errors = _open_held(context, url)
    page.check("[data-rb-item=backup]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-1")
    page.keyboard.press("Tab")
    page.reload()  # inside the load+idle window: the tools never came to that load
    page.wait_for_selector(".rb-runbook.rb-live")
    page.wait_for_timeout(300)
    assert page.evaluate(HERE) is False and len(held.routes) == 2  # this load's request is held too
    held.release()  # the first load's request died with it; this load's tools fold what it left
    page.wait_for_function(HERE)
    data = export_run(page)
    assert _keys(data) == [("@operator", "Ada", "Ada"), ("backup", True, "Ada"), ("backup/ticket", "OPS-1", "Ada")]
    _valid(data)
    assert errors == []


def test_a_first_visit_without_the_tools_logs_each_change_once(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """No run yet: run 1 is made from what was saved; a value saved with a pending change is that change."""
    url = f"{serve(site(files()).site)}/{PAGE}"
    page, held, errors = _open_held(context, url)
    page.fill("[data-rb-operator]", "Ada")
    page.keyboard.press("Tab")
    page.check("[data-rb-item=backup]")
    page.close()  # the tab closed before the tools came
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(HERE)
    data = export_run(page)
    assert _keys(data) == [("@operator", "Ada", "Ada"), ("backup", True, "Ada")]
    assert not any(e.get("migrated") for e in data["log"])
    _valid(data)
    assert errors == []


INSTANT = """\
site_name: Test site
site_url: {url}/
docs_dir: docs
theme:
  name: material
  features: [navigation.instant]
plugins:
  - search
  - runbooks
markdown_extensions: [attr_list, md_in_html, {{toc: {{permalink: true}}}}]
"""


def test_instant_navigation_before_the_tools_arrive_keeps_the_entries(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Material's instant navigation from the runbook to another page before the tools load: the
    runbook's changes are logged when the runbook's page is next attached."""
    (tmp_path / "site").mkdir()
    url = serve(tmp_path / "site")  # Material navigates by itself only to the URLs of its sitemap (site_url)
    site(files(), config=INSTANT.format(url=url))
    _first_visit(context, f"{url}/{PAGE}").close()
    page, held, errors = _open_held(context, f"{url}/{PAGE}")
    page.check("[data-rb-item=backup]")
    page.evaluate("window.__sameDocument = 1")
    page.wait_for_timeout(500)  # Material has read the sitemap (which links it navigates to itself)
    page.locator("a.md-nav__link:visible").first.click()  # Home, by instant navigation
    page.wait_for_function("() => !document.querySelector('[data-rb-runbook]')")
    assert page.evaluate("window.__sameDocument") == 1  # instant: the same document
    held.release()
    page.wait_for_function(HERE)
    page.goto(f"{url}/{PAGE}")
    page.wait_for_function(HERE)
    data = export_run(page)
    assert _keys(data) == [("@operator", "Ada", "Ada"), ("backup", True, "Ada")]
    _valid(data)
    assert errors == []


def test_tools_that_fail_to_load_say_so_and_are_asked_for_again(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "runbooks-tools." in r.url else None)
    page.route(TOOLS, lambda route: route.abort())
    page.goto(url)
    notice = page.wait_for_selector(".rb-notice[data-kind=tools]")
    said = notice.text_content() or ""
    assert "could not be loaded" in said and "saved" in said and "reload" not in said  # offline: a reload may lose the page
    assert notice.get_attribute("role") == "alert"
    n = len(asked)
    page.unroute(TOOLS)
    page.check("[data-rb-item=backup]")  # the next change asks for them again
    page.wait_for_function(HERE)
    assert len(asked) == n + 1
    page.wait_for_selector(".rb-notice[data-kind=tools]", state="detached")  # they are here: no notice
    assert [(e["key"], e["value"]) for e in export_run(page)["log"]] == [("backup", True)]
