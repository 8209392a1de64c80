"""Two tabs on the same run keep each other's run-log entries: every write of the log merges with what
storage holds now (runlog.js), and a tab takes in the log another tab saved. Two pages of one browser
context share localStorage, as two tabs of one browser do."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from forms_helpers import PAGE, export_run, files, open_page

pytestmark = pytest.mark.browser

TAIL = 64  # runs.js: the newest entries of a log, kept apart from the sealed part


def changes(log: list[dict[str, Any]]) -> list[tuple[str, object]]:
    """What a log says, without the times: (key, value) per entry, in its order."""
    return [(e["key"], e["value"]) for e in log if not e.get("migrated")]


def in_time_order(log: list[dict[str, Any]]) -> bool:
    at = [datetime.fromisoformat(e["at"]) for e in log]
    return at == sorted(at)


def saved_log(page: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The run on the page's log as storage holds it: its sealed part and its newest entries (log+)."""
    raw = page.evaluate("""() => {
        const idx = JSON.parse(localStorage.getItem('rbruns|deploy')), k = `rbrun|deploy|${idx.active}|`;
        return [localStorage.getItem(k + 'log'), localStorage.getItem(k + 'log+')];
    }""")
    return json.loads(raw[0] or "[]"), json.loads(raw[1] or "[]")


# before the page's own scripts, so first of the storage listeners: it can stop the others
DEAF = "addEventListener('storage', (e) => { if (window.rbDeaf) e.stopImmediatePropagation(); }, true)"


def two_tabs(context: Any, url: str) -> tuple[Any, Any]:
    context.add_init_script(DEAF)
    a = open_page(context, url)
    b = open_page(context, url)
    # the same run in both
    assert a.get_attribute(".rb-runbook", "data-rb-run-id") == b.get_attribute(".rb-runbook", "data-rb-run-id")
    return a, b


def freeze(page: Any) -> None:
    """Make the tab deaf to other tabs (a busy or throttled tab whose memory is stale): storage events
    stop before the page's own listeners."""
    page.evaluate("window.rbDeaf = 1")
    # it works: a storage event reaches none of the page's listeners
    assert page.evaluate("""() => { let hit = 0; const f = () => hit++; addEventListener('storage', f);
        dispatchEvent(new StorageEvent('storage', {key: 'rb-test'})); removeEventListener('storage', f); return hit; }""") == 0


def thaw(page: Any) -> None:
    page.evaluate("window.rbDeaf = 0")


def set_field(page: Any, key: str, value: str) -> None:
    """A field filled and left (its change event), as typing then Tab does."""
    page.evaluate("""([k, v]) => { const f = document.querySelector(`[data-rb-field="${k}"]`); f.value = v;
        f.dispatchEvent(new Event('change', {bubbles: true})); }""", [key, value])


def click(page: Any, item: str) -> None:
    page.evaluate("(k) => document.querySelector(`[data-rb-item=\"${k}\"]`).click()", item)


def reload(page: Any) -> None:
    """Reload and wait for the run bar: runs.js is there with the log it read."""
    page.reload()
    page.wait_for_selector("[data-rb-runs]", state="attached")


def settle(*pages: Any) -> None:
    """Let every tab take in the storage events of the others' writes (they arrive as tasks)."""
    for p in pages:
        p.evaluate("() => new Promise((ok) => setTimeout(ok, 50))")


def test_two_tabs_keep_each_others_log_entries(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    a, b = two_tabs(context, url)
    a.fill("[data-rb-operator]", "Ada")
    a.keyboard.press("Tab")
    a.check("[data-rb-item=backup]")
    b.check("[data-rb-item=backup-verify]")
    a.check("[data-rb-item=migrate]")
    b.fill("[data-rb-field='backup/ticket']", "OPS-9")
    b.keyboard.press("Tab")
    a.check("[data-rb-item=smoke]")
    b.uncheck("[data-rb-item=backup]")
    want = [("@operator", "Ada"), ("backup", True), ("backup-verify", True), ("migrate", True),
            ("backup/ticket", "OPS-9"), ("smoke", True), ("backup", False)]
    settle(a, b)

    sealed, tail = saved_log(a)
    stored = sorted(sealed + tail, key=lambda e: datetime.fromisoformat(e["at"]))
    assert changes(stored) == want
    # either tab's Export, as it is and after a reload
    for page in (a, b):
        got = export_run(page)["log"]
        assert changes(got) == want and in_time_order(got)
        assert all(e["by"] == "Ada" for e in got)
    for page in (a, b):
        reload(page)
        got = export_run(page)["log"]
        assert changes(got) == want and in_time_order(got)
        # the file keeps its format: no entry carries what the browser keeps to tell entries apart
        assert all(set(e) <= {"at", "by", "key", "value", "note", "migrated"} for e in got)
    assert not a.rb_errors and not b.rb_errors


def test_two_tabs_writing_at_the_same_moment(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """Both tabs start a burst of changes at the same instant of the clock: each writes while the other's
    storage events are still queued, so each writes from a memory that lacks the other's newest entries."""
    url = f"{serve(site(files()).site)}/{PAGE}"
    a, b = two_tabs(context, url)
    burst = """([at, items, fields]) => { setTimeout(() => {
        items.forEach((k) => document.querySelector(`[data-rb-item="${k}"]`).click());
        fields.forEach(([k, v]) => { const f = document.querySelector(`[data-rb-field="${k}"]`); f.value = v;
          f.dispatchEvent(new Event('change', {bubbles: true})); });
        window.rbBurst = 1;
    }, at - Date.now()); }"""
    at = a.evaluate("Date.now()") + 300
    a.evaluate(burst, [at, ["backup", "migrate", "stop-app"], [["backup/notes", "from A"], ["backup/size", "12"]]])
    b.evaluate(burst, [at, ["backup-verify", "smoke"], [["backup/ticket", "OPS-1"], ["contacts/primary-on-call/phone", "555"]]])
    for page in (a, b):
        page.wait_for_function("() => window.rbBurst === 1")
    settle(a, b)
    want = Counter([("backup", True), ("migrate", True), ("stop-app", True), ("backup/notes", "from A"),
                    ("backup/size", "12"), ("backup-verify", True), ("smoke", True), ("backup/ticket", "OPS-1"),
                    ("contacts/primary-on-call/phone", "555")])
    sealed, tail = saved_log(a)
    assert Counter(changes(sealed + tail)) == want
    for page in (a, b):
        got = export_run(page)["log"]
        assert Counter(changes(got)) == want and len(changes(got)) == sum(want.values()) and in_time_order(got)


def test_a_tab_with_stale_memory_writes(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """B was open before A's entries and never heard of them (deaf), then writes: A's entries stay."""
    url = f"{serve(site(files()).site)}/{PAGE}"
    a, b = two_tabs(context, url)
    freeze(b)
    click(a, "backup")
    set_field(a, "backup/ticket", "OPS-2")
    a.fill("[data-rb-operator]", "Bob")  # a handover B does not hear of
    a.keyboard.press("Tab")
    click(a, "migrate")
    click(b, "smoke")  # B's memory has none of A's four
    set_field(b, "backup/notes", "B was here")
    thaw(b)
    settle(a, b)
    want = [("backup", True), ("backup/ticket", "OPS-2"), ("@operator", "Bob"), ("migrate", True), ("smoke", True),
            ("backup/notes", "B was here")]
    sealed, tail = saved_log(a)
    assert Counter(changes(sealed + tail)) == Counter(want)
    for page in (a, b):
        data = export_run(page)
        assert changes(data["log"]) == want and in_time_order(data["log"])
        assert data["operators"] == ["Bob"]  # the handover names: in B's file too
    # and A, which heard B, writes again: nothing of either goes
    click(a, "stop-app")
    settle(a, b)
    for page in (a, b):
        assert changes(export_run(page)["log"]) == [*want, ("stop-app", True)]
    assert a.evaluate("JSON.parse(localStorage.getItem('rbruns|deploy')).runs[0].operators") == ["Bob"]


def test_two_tabs_past_the_split(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """More than TAIL entries, the two tabs taking turns, one of them deaf for a stretch: the sealed log
    and log+ together hold every entry once, across each sealing."""
    url = f"{serve(site(files()).site)}/{PAGE}"
    a, b = two_tabs(context, url)
    want: list[tuple[str, object]] = []
    state = {"backup": False, "smoke": False}
    n = 0
    for turn in range(3 * TAIL // 2):
        page, item = (a, "backup") if turn % 2 == 0 else (b, "smoke")
        if turn == 40:
            freeze(b)
        if turn == 100:
            thaw(b)
        click(page, item)
        state[item] = not state[item]
        want.append((item, state[item]))
        n += 1
    settle(a, b)
    sealed, tail = saved_log(a)
    assert len(tail) <= TAIL and sealed, (len(sealed), len(tail))
    assert Counter(changes(sealed + tail)) == Counter(want) and len(sealed + tail) == n
    for page in (a, b):
        got = export_run(page)["log"]
        assert changes(got) == want and in_time_order(got)
    reload(b)
    assert changes(export_run(b)["log"]) == want


def test_the_run_list_keeps_both_tabs_changes(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """The run list (rbruns|<id>) is a list each tab held in memory and wrote whole: B, stale, naming its run
    dropped the run A had just added. Now each write reads the list again and changes only its part."""
    from test_runs import finish, new_run

    url = f"{serve(site(files()).site)}/{PAGE}"
    a, b = two_tabs(context, url)
    first = a.get_attribute(".rb-runbook", "data-rb-run-id")
    freeze(b)
    new_run(a)
    second = a.get_attribute(".rb-runbook", "data-rb-run-id")
    b.fill("[data-rb-run-name]", "REL-7")  # B still shows the first run
    saved = a.evaluate("JSON.parse(localStorage.getItem('rbruns|deploy'))")
    assert [r["id"] for r in saved["runs"]] == [first, second] and saved["active"] == second
    assert [r["name"] for r in saved["runs"]][0] == "REL-7"
    # B hears of it now: it follows A to the second run, which it finishes; the first keeps its name
    thaw(b)
    with b.expect_navigation():  # the event it missed, again: it reloads onto A's run
        b.evaluate("setTimeout(() => dispatchEvent(new StorageEvent('storage', {key: 'rbruns|deploy'})))")
    b.wait_for_selector("[data-rb-runs]", state="attached")
    assert b.get_attribute(".rb-runbook", "data-rb-run-id") == second
    a.fill("[data-rb-run-name]", "REL-8")
    finish(b, "aborted", "stopped")
    settle(a, b)
    saved = a.evaluate("JSON.parse(localStorage.getItem('rbruns|deploy'))")
    assert [(r["name"], r["outcome"]) for r in saved["runs"]] == [("REL-7", None), ("REL-8", "aborted")]
    assert a.get_attribute(".rb-runbook", "data-rb-run-outcome") == "aborted"  # A shows B's finish
    assert not a.rb_errors and not b.rb_errors


def test_a_stale_tab_importing_the_file_another_tab_imported(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A imports a run file B already imported while A was deaf to B: A's stale run list said the file's
    run id was free, so the run list held it twice and A's import reset B's log of it. Now the import reads
    the list storage holds, and the file becomes a run of its own."""
    from forms_helpers import import_run

    url = f"{serve(site(files()).site)}/{PAGE}"
    a, b = two_tabs(context, url)
    first = a.get_attribute(".rb-runbook", "data-rb-run-id")
    click(a, "backup")
    data = export_run(a)
    data.update(id="imp1", name="Imported")
    freeze(a)
    import_run(b, tmp_path, data, "b.run.json")
    b.wait_for_function("() => document.querySelector('.rb-runbook').dataset.rbRunId === 'imp1'")
    click(b, "smoke")  # B logs on the imported run
    settle(b)
    import_run(a, tmp_path, data, "a.run.json")
    a.wait_for_function("(r) => document.querySelector('.rb-runbook').dataset.rbRunId !== r", arg=first)
    assert a.get_attribute(".rb-runbook", "data-rb-run-id") != "imp1"  # taken: the file became a run of its own
    thaw(a)
    settle(a, b)
    runs = a.evaluate("JSON.parse(localStorage.getItem('rbruns|deploy')).runs.map((r) => r.id)")
    assert len(runs) == len(set(runs)) == 3 and "imp1" in runs  # the first run, B's import, A's import
    log = json.loads(a.evaluate("localStorage.getItem('rbrun|deploy|imp1|log') || '[]'")) + \
        json.loads(a.evaluate("localStorage.getItem('rbrun|deploy|imp1|log+') || '[]'"))
    assert Counter(changes(log)) == Counter(changes(data["log"]) + [("smoke", True)])  # B's entry kept, none twice
    assert not a.rb_errors and not b.rb_errors
