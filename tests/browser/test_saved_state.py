"""Issue 19 in real Chromium, "saved state is never lost in silence": keys that collide, an import
that would replace the run, two tabs typing into one field."""

from __future__ import annotations

import pytest
from forms_helpers import PAGE, RUNBOOK, files, import_run, open_page, stored
from test_run_state import assert_shows_saved
from test_runs import pick

pytestmark = pytest.mark.browser


# -- issue 19: keys that collide, import that replaces, two tabs ------------------------------------------------
COLLIDE = RUNBOOK.replace(
    '  - {role: Primary on-call, name: "", phone: "", email: ""}',
    '  - {role: Primary on-call, name: "", phone: "", email: ""}\n'
    '  - {role: Primary on-call, name: "", phone: "", email: ""}\n'
    '  - {role: PRIMARY on call!, name: "", phone: "", email: ""}\n'
    '  - {role: "運用担当", name: "", phone: "", email: ""}\n'
    '  - {role: "監視担当", name: "", phone: "", email: ""}').replace("roles: [QA Lead]", 'roles: [QA Lead, "運用担当", "監視担当"]')


def test_colliding_keys_are_made_unique(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files(COLLIDE)).site)}/{PAGE}"
    page = open_page(context, url)
    # a run saved before keys were unique: the first row showed it, and still does
    page.evaluate("localStorage.setItem('rb|deploy|1.0.0|contacts/primary-on-call/name', JSON.stringify({v: 'Old', t: '2025-01-01T00:00:00Z'}))")
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    rows = page.locator(".rb-contacts-table tbody tr")
    assert rows.count() == 5
    keys = page.eval_on_selector_all(".rb-contacts-table input[data-rb-field$='/name']", "es => es.map(e => e.dataset.rbField)")
    assert len(set(keys)) == 5, keys
    assert page.input_value(f"[data-rb-field='{keys[0]}']") == "Old"
    for i, key in enumerate(keys[1:], 2):
        page.fill(f"[data-rb-field='{key}']", f"Name {i}")
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert [page.input_value(f"[data-rb-field='{k}']") for k in keys] == ["Old", "Name 2", "Name 3", "Name 4", "Name 5"]
    # sign-off roles that differ only in non-ASCII characters pass check and keep a row each
    names = page.eval_on_selector_all(".rb-signoff-table input[data-rb-field$='/name']", "es => es.map(e => e.dataset.rbField)")
    assert len(set(names)) == 3, names
    for i, key in enumerate(names):
        page.fill(f"[data-rb-field='{key}']", f"Signer {i}")
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert [page.input_value(f"[data-rb-field='{k}']") for k in names] == ["Signer 0", "Signer 1", "Signer 2"]


def test_same_signoff_role_twice_is_an_error(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "x.runbook.yml"
    src.write_text(RUNBOOK.replace("roles: [QA Lead]", "roles: [QA Lead, qa-lead]"), encoding="utf-8")
    code, out, err = cli("check", str(src))
    assert code == 1 and "duplicate-id" in out + err and "qa-lead" in out + err
    src.write_text(RUNBOOK.replace("roles: [QA Lead]", 'roles: ["運用担当", "監視担当"]'), encoding="utf-8")
    assert cli("check", str(src))[0] == 0


def test_signoff_field_listed_twice_is_an_error(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "x.runbook.yml"
    src.write_text(RUNBOOK.replace("fields: [name, signature, date]", "fields: [name, signature, name]"), encoding="utf-8")
    code, out, err = cli("check", str(src))
    assert code == 1 and "duplicate-id" in out + err and "'name'" in out + err


def test_import_validates_asks_and_refuses_oversized(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    page = open_page(context, url)
    page.check("[data-rb-item=migrate]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-1")
    before = stored(page)
    bad = {"format": "mkdocs-runbooks/run@1", "runbook": "deploy",
           "items": {"backup": {"checked": "yes"}, "smoke": True, "nope": True},
           "fields": {"backup/notes": ["a", "list"], "backup/size": "twelve", "backup/ticket": "OPS-2",
                      "backup/who": "x" * 20001}}
    # issue 15: an import adds a run and never replaces one, so there is nothing to ask
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    import_run(page, tmp_path, bad, "again.json")
    note = page.locator(".rb-notice-ok")
    note.wait_for()
    listed = note.locator("li").all_text_contents()
    assert 'Not applied: backup: "checked" must be true or false, not yes' in listed
    assert "Not applied: nope: no such item on this page" in listed
    assert 'Not applied: backup/notes: must be text, not ["a","list"]' in listed
    assert 'Not applied: backup/size: "twelve" does not fit this field' in listed
    assert "Not applied: backup/who: 20001 characters, more than the 20000 a value may have" in listed
    assert len(listed) == 5, listed
    assert page.is_checked("[data-rb-item=smoke]") and not page.is_checked("[data-rb-item=migrate]")
    assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-2"
    assert_shows_saved(page, {"announce": True})
    assert not asked
    # the run that was on the page is kept whole, one pick away
    pick(page, index=1)
    assert stored(page) == before

    # an oversized file is refused before anything is read or written
    now = stored(page)
    big = dict(bad, fields={"backup/notes": "x" * (1 << 20)})
    import_run(page, tmp_path, big, "big.json")
    page.wait_for_selector(".rb-notice-error")
    assert "more than the 1024 KB" in page.text_content(".rb-notice-error")
    assert stored(page) == now


def test_two_tabs_typing_into_one_field(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    a = open_page(context, url)
    b = open_page(context, url)
    field = "[data-rb-field='backup/notes']"
    a.click(field)
    a.keyboard.type("mine from A")
    b.fill(field, "theirs from B")
    b.click("h1")  # B leaves the field
    a.wait_for_selector(".rb-notice-warn")
    assert "Another tab changed" in a.text_content(".rb-notice-warn")
    assert a.input_value(field) == "mine from A"  # not replaced under the cursor
    a.keyboard.type("!")
    a.click("h1")  # leaving saves what A shows
    b.wait_for_function(f"document.querySelector(\"{field}\").value === 'mine from A!'")
    assert stored(a)["backup/notes"]["v"] == "mine from A!"
    # not typing: another tab's value shows at once
    b.fill("[data-rb-field='backup/ticket']", "T-1")
    b.click("h1")
    a.wait_for_function("document.querySelector(\"[data-rb-field='backup/ticket']\").value === 'T-1'")
