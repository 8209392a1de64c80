"""Issue 12 and 19 in real Chromium: what the page shows is what is saved, however the page is opened,
navigated, published and stored; saved state is never lost in silence."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from forms_helpers import PAGE, RUNBOOK, export_run, files, import_run, open_page, progress, stored

pytestmark = pytest.mark.browser

CONFIG = """\
site_name: Test site
docs_dir: docs
theme:
  name: material
  features: [{features}]
plugins:
  - search
  - runbooks
{more}markdown_extensions: [attr_list, md_in_html, pymdownx.highlight, pymdownx.superfences, {{toc: {{permalink: true}}}}]
"""


SHOWN = """() => {
  const out = {};
  document.querySelectorAll('.rb-runbook input[data-rb-item]').forEach(b => { out[b.dataset.rbItem] = b.checked; });
  document.querySelectorAll('.rb-runbook [data-rb-field]').forEach(f => {
    const k = f.dataset.rbField;
    if (f.type === 'radio') { if (f.checked) out[k] = f.value; else if (!(k in out)) out[k] = ''; }
    else out[k] = f.value;
  });
  const op = document.querySelector('[data-rb-operator]');
  if (op) out['@operator'] = op.value;
  return out;
}"""


def shown(page) -> dict:  # type: ignore[no-untyped-def]
    """What every control on the page shows: item -> checked, field -> value."""
    return page.evaluate(SHOWN)


def assert_shows_saved(page, defaults: dict | None = None) -> None:  # type: ignore[no-untyped-def]
    """No control shows a value that differs from the saved one (or the source default when nothing is saved)."""
    recs = {k: r for k, r in stored(page).items() if not k.startswith("@") or k == "@operator"}
    for key, value in shown(page).items():
        if key in recs:
            assert value == recs[key]["v"], (key, value, recs[key])
        elif defaults is not None and key in defaults:
            assert value == defaults[key], key
        elif isinstance(value, str):
            assert value == "", key


# -- the page works however it is opened ----------------------------------------------------------------
@pytest.mark.parametrize("setup", ["instant", "offline"])
def test_starts_from_disk(setup, site, browser) -> None:  # type: ignore[no-untyped-def]
    """file:// with navigation.instant (Material's document$ never fires) or with Material's offline plugin."""
    more = "  - offline\n" if setup == "offline" else ""
    built = site(files(), config=CONFIG.format(features="navigation.instant", more=more))
    page_file = built.site / ("deploy.html" if setup == "offline" else "deploy/index.html")
    ctx = browser.new_context()
    try:
        page = open_page(ctx, page_file.as_uri())
        assert page.is_visible("[data-rb-toolbar]")
        page.check("[data-rb-item=migrate]")
        page.fill("[data-rb-field='backup/ticket']", "OPS-1")
        assert progress(page) == "2/5"
        page.reload()
        page.wait_for_selector(".rb-runbook.rb-live")
        assert page.is_checked("[data-rb-item=migrate]")
        assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-1"
        # the way back from a procedure is marked from disk too (rollback.js)
        back = open_page(ctx, page_file.as_uri() + "#db-rollback--from-migrate")
        back.wait_for_selector("#db-rollback--from-migrate.rb-came-from")
        assert page.rb_errors == [] and back.rb_errors == []
    finally:
        ctx.close()


def test_back_and_forward_show_saved_state(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """Instant navigation off: a page restored by Back/Forward (bfcache, or form values the browser
    restores) shows what is saved, and progress and export agree with the boxes."""
    base = serve(site(files(), config=CONFIG.format(features="content.code.copy", more="")).site)
    page = open_page(context, f"{base}/{PAGE}")
    page.check("[data-rb-item=backup]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-1")
    page.goto(f"{base}/")
    page.click("text=deploy runbook")
    page.wait_for_selector(".rb-runbook.rb-live")
    page.uncheck("[data-rb-item=backup]")
    page.check("[data-rb-item=migrate]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-2")
    for step in ("back", "back", "forward", "forward", "back", "back"):
        (page.go_back if step == "back" else page.go_forward)()
        if page.locator(".rb-runbook").count():
            page.wait_for_selector(".rb-runbook.rb-live")
            page.wait_for_timeout(100)
            assert not page.is_checked("[data-rb-item=backup]"), step
            assert page.is_checked("[data-rb-item=migrate]"), step
            assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-2", step
            assert progress(page) == "2/5"
            assert_shows_saved(page, {"announce": True})
    page.goto(f"{base}/{PAGE}")
    page.wait_for_selector(".rb-runbook.rb-live")
    run = export_run(page)
    assert run["items"]["backup"]["checked"] is False and run["items"]["migrate"]["checked"] is True


def _mike(repo: Path, *args: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    mike = Path(sys.executable).with_name("mike")
    env["PATH"] = f"{mike.parent}{os.pathsep}{env.get('PATH', '')}"  # mike runs `mkdocs build`
    subprocess.run([str(mike), *args], cwd=repo, env=env, check=True, capture_output=True, text=True)


def test_run_carries_on_across_a_mike_publish(context, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real mike: `latest` moves from 2.0 to 2.1 mid-deploy; the run carries on, and the runbook's own
    version change (1.0.0 -> 1.1.0, `migrate` reworded) applies its rules."""
    from gitrepo import commit, init_repo

    repo = init_repo(tmp_path / "repo")
    config = CONFIG.format(features="navigation.instant", more="") + "extra:\n  version:\n    provider: mike\n"
    commit(repo, "docs", {"mkdocs.yml": config, **files()})
    _mike(repo, "deploy", "2.0", "latest", "--update-aliases")
    out = tmp_path / "published"

    def publish() -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)

    publish()
    base = serve(out)
    page = open_page(context, f"{base}/latest/{PAGE}")
    page.check("[data-rb-item=backup]")
    page.check("[data-rb-item=migrate]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-5")
    assert progress(page) == "3/5"

    v2 = RUNBOOK.replace('version: "1.0.0"', 'version: "1.1.0"').replace("text: Run migrations", "text: Run the migrations")
    commit(repo, "v1.1", {"docs/deploy.runbook.yml": v2})
    _mike(repo, "deploy", "2.1", "latest", "--update-aliases")
    publish()
    versions = json.loads((out / "versions.json").read_text())
    assert [v["version"] for v in versions if "latest" in v["aliases"]] == ["2.1"]

    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.locator("[data-rb-version='1.1.0']").count() == 1  # /latest/ is now 2.1
    note = page.locator(".rb-notice-warn")
    assert "from version 1.0.0 to 1.1.0" in note.text_content()
    assert page.is_checked("[data-rb-item=backup]")
    assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-5"
    assert not page.is_checked("[data-rb-item=migrate]")  # reworded: check it again
    assert "check it again" in page.text_content("#migrate > p")
    assert progress(page) == "2/5"
    # the site version itself (2.0 -> 2.1) is not part of the run's address
    same = open_page(context, f"{base}/2.1/{PAGE}")
    assert same.is_checked("[data-rb-item=backup]") and progress(same) == "2/5"


BLOCK_STORAGE = {
    "quota": """Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };""",
    "blocked": """Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('no', 'SecurityError'); } });""",
}


@pytest.mark.parametrize("how", sorted(BLOCK_STORAGE))
def test_storage_that_refuses_writes(how, browser, site, serve) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    ctx = browser.new_context(accept_downloads=True)
    try:
        ctx.add_init_script(BLOCK_STORAGE[how])
        page = open_page(ctx, url)
        note = page.locator(".rb-notice-error")
        assert note.count() == 1 and "not saving" in note.text_content()  # at load, before any tick
        # next to the toolbar: inside it
        assert page.locator("[data-rb-toolbar] .rb-notice-error").count() == 1
        page.fill("[data-rb-operator]", "Ada")
        page.check("[data-rb-item=backup]")
        page.check("[data-rb-item=migrate]")
        page.type("[data-rb-field='backup/ticket']", "OPS-12345")
        page.check("[data-rb-field='backup/result'][value=Partial]")
        page.fill("[data-rb-field='approval/qa-lead/name']", "Grace")
        assert page.locator(".rb-notice").count() == 1  # one lasting notice, not one per keystroke
        # back from the back-forward cache: what could not be saved is still on the page
        page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
        assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-12345"
        assert page.locator(".rb-notice-error button", has_text="Dismiss").count() == 0
        with page.expect_download() as dl:
            page.locator(".rb-notice-error").get_by_role("button", name="Export").click()
        run = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
        # the export holds what the page holds
        assert run["operator"] == "Ada"
        assert run["items"]["backup"]["checked"] and run["items"]["migrate"]["checked"]
        assert run["items"]["backup"]["at"]
        assert run["fields"]["backup/ticket"]["value"] == "OPS-12345"
        assert run["fields"]["backup/result"]["value"] == "Partial"
        assert run["fields"]["approval/qa-lead/name"]["value"] == "Grace"
        assert run["started_at"]
        assert progress(page) == "3/5"
    finally:
        ctx.close()


FILL_STORAGE = """(room) => { let lo = 0, hi = 12e6;
    while (lo < hi) { const m = (lo + hi + 1) >> 1;
        try { localStorage.setItem('rb-test-fill', 'x'.repeat(m)); lo = m; } catch (e) { hi = m - 1; } }
    localStorage.setItem('rb-test-fill', 'x'.repeat(Math.max(0, lo - room))); }"""


@pytest.mark.parametrize("room", [1500, 4000])
def test_a_full_storage_refusing_the_run_log_says_so(room, context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """Storage fills up mid-run: the ticks (small values) may still be saved while the run log (a bigger
    value) no longer is. The log's refused writes were swallowed, so the run record was lost on reload
    with no notice. Now a refused log or run-list write shows the same lasting notice as a refused tick."""
    page = open_page(context, f"{serve(site(files()).site)}/{PAGE}")
    page.wait_for_selector("[data-rb-runs]", state="attached")
    page.evaluate(FILL_STORAGE, room)
    made = 0
    for _ in range(30):
        for item in ("backup", "smoke"):
            page.evaluate("(k) => document.querySelector(`[data-rb-item=\"${k}\"]`).click()", item)
            made += 1
    note = page.locator(".rb-notice-error")
    assert note.count() == 1 and "not saving" in (note.text_content() or "")
    assert len([e for e in export_run(page)["log"] if e["key"] in ("backup", "smoke")]) == made  # all in memory
    assert not page.rb_errors


# -- a changed runbook does not carry stale ticks -----------------------------------------------------------
def test_changed_or_removed_item_without_version_bump(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    built = site(files())
    url = f"{serve(built.site)}/{PAGE}"
    page = open_page(context, url)
    page.check("[data-rb-item=migrate]")
    page.check("[data-rb-item=smoke]")
    page.fill("[data-rb-field='smoke/count']", "40")
    page.check("[data-rb-item=backup-verify]")
    # same version: `migrate` gets a command (text unchanged), `smoke` is removed
    v = (RUNBOOK.replace("        rollback: db-rollback\n", "        rollback: db-rollback\n        command: make migrate\n")
         .replace("""      - id: smoke
        kind: step
        text: Run smoke tests
        fields:
          - {id: count, type: number, label: Tests run, required: true}
""", ""))
    site(files(v))
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert not page.is_checked("[data-rb-item=migrate]")
    assert "check it again" in page.text_content("#migrate > p")
    assert page.is_checked("[data-rb-item=backup-verify]")  # unchanged: kept
    note = page.locator(".rb-notice-warn")
    listed = note.locator("li").all_text_contents()
    assert "smoke: ticked (no longer in the runbook)" in listed
    assert 'smoke/count: "40" (no longer in the runbook)' in listed
    assert progress(page) == "2/4"
    run = export_run(page)  # the export is the page: the removed item is offered apart
    assert "smoke" not in run["items"] and "smoke/count" not in run["fields"]
    with page.expect_download() as dl:
        note.get_by_role("button", name="Export them").click()
    gone = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert gone["items"]["smoke"]["checked"] is True and gone["fields"]["smoke/count"]["value"] == "40"
    page.reload()  # kept until dismissed
    page.wait_for_selector(".rb-notice-warn")
    page.once("dialog", lambda d: d.accept())
    page.locator(".rb-notice-warn").get_by_role("button", name="Dismiss").click()
    assert "smoke" not in stored(page)
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.locator(".rb-notice-warn").count() == 0


# -- messages and links -------------------------------------------------------------------------------------
def test_messages_next_to_the_toolbar_in_local_time(browser, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    ctx = browser.new_context(timezone_id="Asia/Kolkata", viewport={"width": 1280, "height": 700})
    try:
        page = open_page(ctx, url)
        page.locator("#contacts").scroll_into_view_if_needed()
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(200)
        run = {"format": "mkdocs-runbooks/run@1", "runbook": "deploy", "exported_at": "2025-01-21T14:32:40Z",
               "operator": "Ada", "items": {"migrate": {"checked": True, "at": "2025-01-21T14:30:00Z"}}}
        import_run(page, tmp_path, run)
        note = page.locator(".rb-notice-ok")
        note.wait_for()
        assert "2025-01-21 20:02" in note.text_content()  # UTC+5:30
        box = note.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 700  # where the reader is
        stamp = page.locator("#migrate .rb-ticked-at")
        assert stamp.get_attribute("title") == "Ticked 2025-01-21 20:00"
        page.once("dialog", lambda d: d.accept())
        import_run(page, tmp_path, run, "again.json")
        page.wait_for_function("document.querySelectorAll('.rb-notice').length === 1 && "
                               "document.querySelector('.rb-notice').textContent.includes('Imported')")
        page.once("dialog", lambda d: d.accept())
        page.click("[data-rb-action=reset]")
        page.once("dialog", lambda d: d.accept())
        page.click("[data-rb-action=reset]")
        assert page.locator(".rb-notice").count() == 1  # one "reset" message, not two
    finally:
        ctx.close()


# -- point of no return ------------------------------------------------------------------------------------
PONR = """\
id: cutover
title: Cutover
version: "1.0"
sections:
  - id: go
    title: Go
    items:
      - {id: backup, text: Take a backup, severity: critical}
      - id: decide
        text: Decide
        fields: [{id: go, type: yesno, label: Go decision}]
      - {id: drop, text: Drop the old column, kind: step, irreversible: true, rollback: restore}
procedures:
  - id: restore
    title: Restore the backup
    steps: [{id: r1, text: Restore}]
"""


def test_point_of_no_return_asks_first(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site({'docs/cutover.runbook.yml': PONR}).site)}/cutover/"
    page = open_page(context, url)
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("[data-rb-item=drop]")
    assert asked and "cannot be undone" in asked[0] and "Drop the old column" in asked[0]
    assert "Critical item not done: Take a backup" in asked[0]
    assert not page.is_checked("[data-rb-item=drop]") and "drop" not in stored(page)
    # a go/no-go that says No holds it back too, even with every critical item done
    page.check("[data-rb-item=backup]")
    page.check("[data-rb-field='decide/go'][value=no]")
    page.focus("[data-rb-item=drop]")
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.keyboard.press("Space")  # by keyboard
    assert "Go decision (decide/go): No" in asked[-1] and "Critical item" not in asked[-1]
    assert page.is_checked("[data-rb-item=drop]") and stored(page)["drop"]["v"] is True
    # all clear: no question
    page.uncheck("[data-rb-item=drop]")
    page.check("[data-rb-field='decide/go'][value=yes]")
    n = len(asked)
    page.check("[data-rb-item=drop]")
    assert len(asked) == n and stored(page)["drop"]["v"] is True
