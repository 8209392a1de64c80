"""A run's life in real Chromium: export/reset/import, version bumps, hostile values,
instant navigation and the mike site version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from forms_helpers import PAGE, RUNBOOK, export_run, files, import_run, open_page, progress, stored

from conftest import REPO

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__pwned=1;alert(1)">'


def test_export_reset_import_round_trip(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    page = open_page(context, url)
    page.fill("[data-rb-operator]", "Ada")
    page.check("[data-rb-item=backup]")
    page.check("[data-rb-item=stop-app]")
    page.fill("[data-rb-field='backup/size']", "12")
    page.check("[data-rb-field='backup/result'][value=Failed]")
    page.fill("[data-rb-field='approval/qa-lead/signature']", "G. Hopper")
    before = stored(page)

    run = export_run(page)
    # issue 15: run@2 adds the run (id, name, outcome, operators, log) and who did each value;
    # times carry the reader's offset (this context is UTC: +00:00)
    assert run["format"] == "mkdocs-runbooks/run@2"
    assert (run["runbook"], run["version"], run["operator"]) == ("deploy", "1.0.0", "Ada")
    utc = lambda t: t.replace("Z", "+00:00")  # noqa: E731
    assert run["items"]["backup"] == {"checked": True, "at": utc(before["backup"]["t"]), "by": "Ada"}
    assert run["items"]["stop-app"]["checked"] is True
    assert run["items"]["migrate"] == {"checked": False, "at": None, "by": None}
    assert run["items"]["announce"]["checked"] is True  # ticked in the source, exported too
    assert run["fields"]["backup/size"] == {"value": "12", "at": utc(before["backup/size"]["t"]), "by": "Ada"}
    assert run["fields"]["backup/result"]["value"] == "Failed"
    assert run["fields"]["approval/qa-lead/signature"]["value"] == "G. Hopper"
    assert run["started_at"] and run["updated_at"] and run["exported_at"]
    # the user manual's example export has exactly these keys
    doc = (REPO / "content" / "running.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    assert set(example) == set(run)

    # reset asks first: dismissing keeps everything
    page.once("dialog", lambda d: d.dismiss())
    page.click("[data-rb-action=reset]")
    assert page.is_checked("[data-rb-item=backup]")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-rb-action=reset]")
    assert not page.is_checked("[data-rb-item=backup]")
    assert page.is_checked("[data-rb-item=announce]")  # back to the source default
    assert page.input_value("[data-rb-field='backup/size']") == ""
    assert page.input_value("[data-rb-operator]") == ""
    assert stored(page) == {}
    assert progress(page) == "1/5"

    import_run(page, tmp_path, run)
    page.wait_for_selector(".rb-notice-ok")
    assert page.is_checked("[data-rb-item=backup]")
    assert page.is_checked("[data-rb-item=stop-app]")
    assert page.input_value("[data-rb-field='backup/size']") == "12"
    assert page.is_checked("[data-rb-field='backup/result'][value=Failed]")
    assert page.input_value("[data-rb-field='approval/qa-lead/signature']") == "G. Hopper"
    assert page.input_value("[data-rb-operator]") == "Ada"
    assert progress(page) == "2/5"
    after = stored(page)
    assert after["backup"]["t"] == before["backup"]["t"]  # the tick time survives the round trip
    # and a reload still shows the imported run
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.is_checked("[data-rb-item=backup]") and progress(page) == "2/5"


def test_bad_imports_change_nothing(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    page = open_page(context, url)
    page.check("[data-rb-item=migrate]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-1")
    before = stored(page)
    cases = [
        ("{not json", "not valid JSON"),
        (json.dumps([1, 2]), "not a runbook run export"),
        ({"format": "mkdocs-runbooks/run@1", "runbook": "other", "items": {"migrate": False}}, 'runbook "other"'),
        ({"format": "mkdocs-runbooks/run@1", "runbook": "deploy", "items": [1]}, "malformed"),
    ]
    for i, (data, message) in enumerate(cases):
        import_run(page, tmp_path, data, f"bad{i}.json")
        note = page.locator(".rb-notice-error", has_text=f"bad{i}.json")
        note.wait_for()
        assert message in note.text_content() and "Nothing was changed" in note.text_content()
        assert note.get_attribute("role") == "alert"
        assert page.locator(".rb-notice").count() == 1  # one message of a kind: the latest import's
    assert stored(page) == before
    assert page.is_checked("[data-rb-item=migrate]")
    assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-1"


def test_version_bump_keeps_what_still_exists(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    built = site(files())
    url = f"{serve(built.site)}/{PAGE}"
    page = open_page(context, url)
    page.check("[data-rb-item=backup]")
    page.check("[data-rb-item=migrate]")
    page.check("[data-rb-item=smoke]")
    page.fill("[data-rb-field='smoke/count']", "40")
    page.fill("[data-rb-field='backup/ticket']", "OPS-9")
    page.check("[data-rb-field='backup/result'][value=Partial]")
    page.fill("[data-rb-operator]", "Ada")

    # v2: smoke removed, "Partial" no longer an option, migrate reworded
    v2 = (RUNBOOK.replace('version: "1.0.0"', 'version: "1.1.0"')
          .replace("[Success, Partial, Failed]", "[Success, Failed]")
          .replace("text: Run migrations", "text: Run the database migrations")
          .replace("""      - id: smoke
        kind: step
        text: Run smoke tests
        fields:
          - {id: count, type: number, label: Tests run, required: true}
""", ""))
    assert v2.count("smoke") == 0
    site(files(v2))
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    note = page.locator(".rb-notice-warn")
    assert "from version 1.0.0 to 1.1.0" in note.text_content()
    listed = note.locator("li").all_text_contents()
    assert "smoke: ticked (no longer in the runbook)" in listed
    assert 'smoke/count: "40" (no longer in the runbook)' in listed
    assert 'backup/result: "Partial" no longer fits this field' in listed
    # reworded, or its fields changed (an option went): unticked, marked on the item, not counted
    assert "migrate: changed since you ticked it, now unticked: check it again" in listed
    assert "backup: changed since you ticked it, now unticked: check it again" in listed
    assert len(listed) == 5, listed
    for changed in ("migrate", "backup"):
        assert not page.is_checked(f"[data-rb-item={changed}]")
        assert "check it again" in page.text_content(f"#{changed} > p")
    # kept: what still exists
    assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-9"
    assert page.input_value("[data-rb-operator]") == "Ada"
    assert not page.is_checked("[data-rb-field='backup/result'][value=Success]")
    assert progress(page) == "1/4"
    assert page.text_content("[data-rb-jump]") == "2 critical open"

    # the old run can be exported whole before it goes
    with page.expect_download() as dl:
        note.get_by_role("button", name="Export the version 1.0.0 run").click()
    old = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert old["version"] == "1.0.0" and old["items"]["smoke"]["checked"] is True
    assert old["fields"]["smoke/count"]["value"] == "40"
    assert old["fields"]["backup/result"]["value"] == "Partial"

    # reloading does not lose it either: the notice comes back until dismissed, with the same counts
    first = note.text_content()
    page.reload()
    page.wait_for_selector(".rb-notice-warn")
    assert page.locator(".rb-notice-warn").text_content() == first
    assert "check it again" in page.text_content("#migrate > p") and progress(page) == "1/4"
    page.once("dialog", lambda d: d.accept())
    page.locator(".rb-notice-warn").get_by_role("button", name="Dismiss").click()
    assert page.locator(".rb-notice-warn").count() == 0
    left = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rb|'))")
    assert left and all("|1.1.0|" in k for k in left)
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.locator(".rb-notice-warn").count() == 0
    assert not page.is_checked("[data-rb-item=backup]")
    page.check("[data-rb-item=backup]")  # checked again: the mark goes
    assert "check it again" not in page.text_content("#backup > p")
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.is_checked("[data-rb-item=backup]") and "check it again" not in page.text_content("#backup > p")


def test_hostile_values_stay_text(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(site(files()).site)}/{PAGE}"
    page = open_page(context, url)
    dialogs: list[str] = []
    # our own question before an import replaces the run is answered; any other dialog is an injection
    page.on("dialog", lambda d: d.accept() if d.message.startswith("Replace the run") else (dialogs.append(d.message), d.dismiss()))
    images = page.locator("img").count()

    page.fill("[data-rb-field='backup/ticket']", HOSTILE)
    page.fill("[data-rb-field='backup/notes']", HOSTILE + "</textarea><script>alert(2)</script>")
    page.fill("[data-rb-operator]", HOSTILE)
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.input_value("[data-rb-field='backup/ticket']") == HOSTILE

    # hostile import: values, operator, dates and an unknown id full of markup
    import_run(page, tmp_path, {
        "format": "mkdocs-runbooks/run@1", "runbook": "deploy", "version": HOSTILE, "operator": HOSTILE,
        "exported_at": HOSTILE,
        "items": {HOSTILE: True, "migrate": {"checked": True, "at": HOSTILE}},
        "fields": {"backup/ticket": {"value": HOSTILE}, "backup/result": HOSTILE},
    })
    page.wait_for_selector(".rb-notice-ok")
    notice = page.locator(".rb-notice-ok").text_content()
    assert HOSTILE in notice  # shown literally, as text
    # an old-version run whose ids are markup, shown in the migration notice
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [f"rb||deploy|0.9|{HOSTILE}", json.dumps({"v": HOSTILE, "t": "2025-01-01T00:00:00Z"})])
    page.reload()
    page.wait_for_selector(".rb-notice-warn")
    assert HOSTILE in page.locator(".rb-notice-warn").text_content()
    page.wait_for_timeout(300)  # give any injected onerror a chance to fire

    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == images
    assert page.locator(".rb-runbook script").count() == 0
    assert page.input_value("[data-rb-field='backup/ticket']") == HOSTILE
    assert page.rb_errors == []


def test_instant_navigation_reinitialises(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import BASE_CONFIG

    # Material's instant navigation only takes links listed in sitemap.xml, matched with their port:
    # so site_url is the address the site is served on
    base = serve(tmp_path / "site")
    site(files(), config=f"site_url: {base}/\n" + BASE_CONFIG)
    page = open_page(context, f"{base}/{PAGE}")
    page.check("[data-rb-item=migrate]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-3")
    page.evaluate("window.__same_document = true")  # survives only if no full page load happens

    page.wait_for_load_state("networkidle")  # Material has read sitemap.xml
    page.locator(".md-nav__link", has_text="Home").first.click()
    page.wait_for_url(f"{base}/")
    page.wait_for_selector("text=Go to the")
    assert page.locator("[data-rb-runbook]").count() == 0
    page.click("text=deploy runbook")
    page.wait_for_url(f"{base}/{PAGE}")
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.evaluate("window.__same_document") is True, "Material's instant navigation did not run"
    assert page.is_checked("[data-rb-item=migrate]")
    assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-3"
    assert progress(page) == "2/5"
    # the new page's controls are live: ticking updates progress and storage
    page.check("[data-rb-item=backup]")
    assert progress(page) == "3/5"
    assert stored(page)["backup"]["v"] is True
    assert page.rb_errors == []


def test_site_version_under_mike(context, site, serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """mike puts each version in a top-level folder; an alias resolves to its version."""
    from conftest import BASE_CONFIG

    built = site(files(), config=BASE_CONFIG + "extra:\n  version:\n    provider: mike\n")
    root = tmp_path / "published"
    shutil.copytree(built.site, root / "2.0")
    shutil.copytree(built.site, root / "latest")
    (root / "versions.json").write_text(json.dumps([
        {"version": "2.0", "title": "2.0", "aliases": ["latest"]},
        {"version": "1.0", "title": "1.0", "aliases": []},
    ]))
    base = serve(root)
    page = open_page(context, f"{base}/latest/{PAGE}")
    page.check("[data-rb-item=migrate]")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rb|'))")
    assert "rb|deploy|1.0.0|migrate" in keys
    assert export_run(page)["site_version"] == "2.0"  # the export still says which site it came from
    same = open_page(context, f"{base}/2.0/{PAGE}")
    assert same.is_checked("[data-rb-item=migrate]")  # the alias and its version share one run
