"""Issue 15 in real Chromium: several named runs of one runbook, who and when of every change, handovers,
outcomes, a run file per run, import as "add this run", and saved state of before runs migrating into one."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from forms_helpers import PAGE, RUNBOOK, export_run, files, import_run, open_page, progress, stored

pytestmark = pytest.mark.browser

OFFSET_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def runs(page: Any) -> list[str]:
    """The run picker's entries, newest first."""
    return page.eval_on_selector_all("[data-rb-runs] option", "os => os.map(o => o.textContent)")


def _switched(page: Any, act: Any) -> None:
    """Do ``act`` and wait until another run is on the page: switching loads runs-more.js the first time."""
    before = page.get_attribute(".rb-runbook", "data-rb-run-id")
    act()
    page.wait_for_function("(id) => document.querySelector('.rb-runbook').dataset.rbRunId !== id", arg=before)


def new_run(page: Any) -> None:
    _switched(page, lambda: page.click("[data-rb-action=new-run]"))


def pick(page: Any, **choice: Any) -> None:
    """Pick a run in the run picker (``label=`` or ``index=``, as select_option takes them)."""
    _switched(page, lambda: page.select_option("[data-rb-runs]", **choice))


def finish(page: Any, outcome: str, note: str = "") -> None:
    page.click("[data-rb-action=finish-run]")
    page.check(f".rb-finish input[value='{outcome}']")
    page.fill(".rb-finish textarea", note)
    page.click(".rb-finish button[value=finish]")
    page.wait_for_selector(f".rb-runbook[data-rb-run-outcome='{outcome}']")


def test_two_named_runs_with_a_handover(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, f"{serve(site(files()).site)}/{PAGE}")
    assert len(runs(page)) == 1  # the first visit has one open run
    page.fill("[data-rb-run-name]", "REL-1")
    page.fill("[data-rb-operator]", "Ada")
    page.check("[data-rb-item=backup]")
    page.fill("[data-rb-field='backup/ticket']", "OPS-1")
    page.keyboard.press("Tab")
    # handover mid-run: Bob takes over and ticks the next item
    page.fill("[data-rb-operator]", "Bob")
    page.keyboard.press("Tab")
    page.check("[data-rb-item=migrate]")
    page.uncheck("[data-rb-item=backup]")  # an untick is logged too
    page.check("[data-rb-item=backup]")
    assert progress(page) == "3/5"

    # a second run: the first one is kept, the page starts empty (the operator stays on)
    new_run(page)
    assert not page.is_checked("[data-rb-item=backup]") and page.input_value("[data-rb-field='backup/ticket']") == ""
    assert page.input_value("[data-rb-operator]") == "Bob" and progress(page) == "1/5"
    page.fill("[data-rb-run-name]", "REL-2")
    page.check("[data-rb-item=smoke]")
    page.fill("[data-rb-field='smoke/count']", "40")
    assert [r.split(" · ")[0] for r in runs(page)] == ["REL-2", "REL-1"]

    # back to the first: exactly as left; the second survives the switch and a reload
    pick(page, label=next(r for r in runs(page) if r.startswith("REL-1")))
    assert page.is_checked("[data-rb-item=backup]") and page.is_checked("[data-rb-item=migrate]")
    assert not page.is_checked("[data-rb-item=smoke]")
    assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-1" and page.input_value("[data-rb-run-name]") == "REL-1"
    finish(page, "completed", "went fine")
    assert "Completed" in page.text_content("[data-rb-run-state]")
    one = export_run(page)
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.input_value("[data-rb-run-name]") == "REL-1" and page.is_checked("[data-rb-item=migrate]")
    pick(page, label=next(r for r in runs(page) if r.startswith("REL-2")))
    assert page.is_checked("[data-rb-item=smoke]") and page.input_value("[data-rb-field='smoke/count']") == "40"
    two = export_run(page)
    assert not page.rb_errors

    # the file: the run, who and when of every value, the log in order, times with an offset
    assert one["format"] == "mkdocs-runbooks/run@2" and one["runbook"] == "deploy" and one["version"] == "1.0.0"
    assert (one["name"], one["outcome"], one["note"]) == ("REL-1", "completed", "went fine")
    assert one["operators"] == ["Ada", "Bob"] and one["operator"] == "Bob"
    assert one["items"]["backup"]["by"] == "Bob" and one["items"]["migrate"]["by"] == "Bob"
    assert one["fields"]["backup/ticket"] == {"value": "OPS-1", "at": one["fields"]["backup/ticket"]["at"], "by": "Ada"}
    log = [(e["by"], e["key"], e["value"]) for e in one["log"]]
    assert log == [("Ada", "@operator", "Ada"), ("Ada", "backup", True), ("Ada", "backup/ticket", "OPS-1"),
                   ("Bob", "@operator", "Bob"), ("Bob", "migrate", True), ("Bob", "backup", False),
                   ("Bob", "backup", True), ("Bob", "@outcome", "completed")]
    stamps = [e["at"] for e in one["log"]] + [one["started_at"], one["ended_at"], one["exported_at"]]
    assert all(OFFSET_ISO.match(t) for t in stamps), stamps
    assert [datetime.fromisoformat(e["at"]) for e in one["log"]] == sorted(datetime.fromisoformat(e["at"]) for e in one["log"])
    assert two["name"] == "REL-2" and two["outcome"] is None and two["id"] != one["id"]
    assert two["items"]["smoke"]["by"] == "Bob" and two["fields"]["smoke/count"]["value"] == "40"
    assert "backup/ticket" not in two["fields"]


@pytest.mark.parametrize("outcome", ["completed", "aborted", "rolled back"])
def test_each_outcome(context, site, serve, outcome: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, f"{serve(site(files()).site)}/{PAGE}")
    page.fill("[data-rb-operator]", "Ada")
    page.check("[data-rb-item=backup]")
    finish(page, outcome, f"why: {outcome}")
    data = export_run(page)
    assert (data["outcome"], data["note"]) == (outcome, f"why: {outcome}") and OFFSET_ISO.match(data["ended_at"])
    assert data["log"][-1]["key"] == "@outcome" and data["log"][-1]["value"] == outcome
    assert outcome.capitalize() in runs(page)[0]


def test_saved_state_of_before_runs_becomes_a_run(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """localStorage of the release before runs (rb|<id>|<version>|<key>, and the older
    rb|<site version>|<id>|<version>|<key>) turns into run 1 with nothing lost."""
    url = f"{serve(site(files()).site)}/{PAGE}"
    page = open_page(context, url)
    # the first load's tools are here: they would otherwise make run 1 (now) over the old state set below
    page.wait_for_function("() => !!(window.rbHooks && window.rbHooks.attach)")
    page.evaluate("localStorage.clear()")
    old = {
        "rb|deploy|1.0.0|backup": {"v": True, "t": "2025-01-21T10:00:00.000Z", "s": "x"},
        "rb|deploy|1.0.0|backup/ticket": {"v": "OPS-7", "t": "2025-01-21T10:01:00.000Z"},
        "rb|deploy|1.0.0|@operator": {"v": "Grace", "t": "2025-01-21T09:59:00.000Z"},
        "rb|deploy|1.0.0|@started": {"v": "2025-01-21T09:58:00.000Z", "t": "2025-01-21T09:58:00.000Z"},
        "rb|latest|deploy|1.0.0|migrate": {"v": True, "t": "2025-01-21T10:02:00.000Z"},
    }
    sig = page.get_attribute("[data-rb-item=backup]", "data-rb-sig")
    old["rb|deploy|1.0.0|backup"]["s"] = sig
    page.evaluate("(o) => Object.entries(o).forEach(([k, v]) => localStorage.setItem(k, JSON.stringify(v)))", old)
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    assert page.is_checked("[data-rb-item=backup]") and page.is_checked("[data-rb-item=migrate]")
    assert page.input_value("[data-rb-field='backup/ticket']") == "OPS-7" and page.input_value("[data-rb-operator]") == "Grace"
    assert len(runs(page)) == 1
    data = export_run(page)
    assert data["items"]["backup"]["checked"] and data["items"]["migrate"]["checked"]
    assert data["fields"]["backup/ticket"]["value"] == "OPS-7"
    assert datetime.fromisoformat(data["started_at"]) == datetime.fromisoformat("2025-01-21T09:58:00+00:00")
    assert datetime.fromisoformat(data["items"]["backup"]["at"]) == datetime.fromisoformat("2025-01-21T10:00:00+00:00")
    got = {(e["key"], e["value"]) for e in data["log"]}
    assert {("backup", True), ("backup/ticket", "OPS-7"), ("migrate", True)} <= got
    # a new run keeps the migrated one whole
    new_run(page)
    assert stored(page).get("backup") is None
    pick(page, index=1)
    assert page.is_checked("[data-rb-item=backup]") and page.input_value("[data-rb-field='backup/ticket']") == "OPS-7"
    assert not page.rb_errors


def test_import_adds_a_run(context, site, serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, f"{serve(site(files()).site)}/{PAGE}")
    page.fill("[data-rb-operator]", "Ada")
    page.check("[data-rb-item=backup]")
    mine = export_run(page)
    new_run(page)
    page.check("[data-rb-item=smoke]")
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    import_run(page, tmp_path, {**mine, "name": "From Ada's laptop"}, "ada.run.json")
    page.wait_for_selector(".rb-notice-ok[data-kind=import]")
    assert not asked  # nothing is replaced, so nothing to ask
    assert page.is_checked("[data-rb-item=backup]") and not page.is_checked("[data-rb-item=smoke]")
    assert page.input_value("[data-rb-run-name]") == "From Ada's laptop"
    assert len(runs(page)) == 3
    pick(page, index=1)  # the run that was on the page is still there
    assert page.is_checked("[data-rb-item=smoke]") and not page.is_checked("[data-rb-item=backup]")
    again = export_run(page)
    assert again["id"] != mine["id"]
    pick(page, index=0)
    back = export_run(page)
    assert back["log"] == mine["log"] and back["items"]["backup"]["by"] == "Ada"


TIMED = (RUNBOOK.replace("    title: Prep\n", "    title: Prep\n    estimate: 10-15 min\n")
         .replace("procedures:\n", "triggers:\n  - {id: errors-up, text: Error rate above 1%, procedure: db-rollback}\nprocedures:\n"))


def test_procedures_triggers_and_time(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """A trigger's link is logged, the procedure's steps count in the run with their own progress, Finish
    proposes "rolled back", and elapsed time shows per section against its estimate while the run is open."""
    page = open_page(context, f"{serve(site(files(TIMED)).site)}/{PAGE}")
    page.fill("[data-rb-operator]", "Ada")
    page.check("[data-rb-item=backup]")
    prep = page.locator("[data-rb-section=prep] .rb-elapsed").first
    assert re.fullmatch(r"0 min of 10–15 min", prep.text_content()), prep.text_content()
    assert page.locator("[data-rb-section=ship] .rb-elapsed").first.text_content() == ""  # nothing done there yet
    assert re.fullmatch(r"elapsed 0 min", page.text_content(".rb-run-elapsed"))
    # an hour later (the page's clock moves on): the section is over its estimate
    page.evaluate("""() => { const real = Date.now; Date.now = () => real() + 61 * 60000; }""")
    page.check("[data-rb-item=announce]")
    page.uncheck("[data-rb-item=announce]")
    assert page.locator("[data-rb-section=prep] .rb-elapsed").first.text_content() == "1 h 01 min of 10–15 min"
    assert "rb-over" in page.get_attribute("[data-rb-section=prep] .rb-elapsed", "class")
    # the trigger fires: its link is followed, the procedure's steps are ticked with their own progress
    assert page.text_content("#db-rollback ~ .rb-proc-progress, .rb-procedure .rb-proc-progress") == "0/1 steps done"
    page.click("#errors-up a.rb-to-procedure")
    page.check("[data-rb-item=stop-app]")
    assert page.text_content(".rb-procedure .rb-proc-progress") == "1/1 steps done"
    assert progress(page) == "1/5"  # backup; procedure steps are not main-run progress
    page.click("[data-rb-action=finish-run]")
    assert page.is_checked(".rb-finish input[value='rolled back']")  # proposed, not imposed
    page.click(".rb-finish button[value=finish]")
    data = export_run(page)
    assert data["outcome"] == "rolled back" and data["items"]["stop-app"]["checked"] is True
    keys = [(e["key"], e["value"]) for e in data["log"]]
    assert keys.index(("@trigger", "errors-up")) < keys.index(("stop-app", True))
    assert page.text_content(".rb-run-elapsed") == ""  # finished: the clock stops
    assert not page.rb_errors


INPUTS = RUNBOOK.replace("sections:\n", """inputs:
  - {id: release, label: Release tag, placeholder: v2.4.0}
  - {id: host, label: Target host}
sections:
""", 1).replace("        text: Run migrations\n", """        text: "Run migrations for %{release}"
        command: git tag %{release} && ssh deploy@%{host} ./go.sh "${ENV}" "$(date)"
""")


def test_run_inputs_fill_texts_and_commands(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    page = open_page(context, f"{serve(site(files(INPUTS)).site)}/{PAGE}")
    code = page.locator("#migrate pre code, #migrate code").first
    assert "git tag %{release}" in code.text_content()  # empty: the marker, outlined
    assert page.locator("#migrate .rb-input-empty").count() == 3
    page.fill("[data-rb-input=release]", "v2.4.0")
    page.fill("[data-rb-input=host]", "db-1.example")
    label = page.text_content("#migrate label")
    assert "Run migrations for v2.4.0" in label
    assert code.text_content().strip() == 'git tag v2.4.0 && ssh deploy@db-1.example ./go.sh "${ENV}" "$(date)"'
    assert page.locator("#migrate .rb-input-empty").count() == 0
    # the values are the run's: kept on reload, in the run file, empty in a new run
    page.reload()
    page.wait_for_selector("[data-rb-runs]", state="attached")  # the run bar: runs.js is there and has filled the texts
    assert "v2.4.0" in page.locator("#migrate pre code, #migrate code").first.text_content()
    data = export_run(page)
    assert data["fields"]["input:release"]["value"] == "v2.4.0"
    # blank printing: the value is on the page but shows as a line to write on
    page.evaluate("document.documentElement.dataset.rbPrint = 'blank'")
    page.emulate_media(media="print")
    assert page.eval_on_selector("#migrate .rb-input-value", "e => getComputedStyle(e).color") == "rgba(0, 0, 0, 0)"
    page.emulate_media(media="screen")
    page.evaluate("delete document.documentElement.dataset.rbPrint")
    new_run(page)
    assert "%{release}" in page.text_content("#migrate label")
    assert not page.rb_errors


def test_unknown_run_input_is_an_error(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "x.runbook.yml"
    src.write_text(INPUTS.replace("%{host}", "%{hots}"), encoding="utf-8")
    code, out, err = cli("check", str(src))
    assert code == 1 and "unknown-input" in out and "did you mean 'host'" in out


def test_the_page_tools_come_once_from_beside_the_core(context, site, serve) -> None:  # type: ignore[no-untyped-def]
    """The core (assets/runbooks/runbooks.<hash>.min.js) fetches the page tools (runs among them) from its own
    folder once, when idle or on first use; New run twice fetches nothing more (issue 18)."""
    page = context.new_page()
    got: list[tuple[str, int]] = []
    errors: list[str] = []
    page.on("response", lambda r: got.append((r.url, r.status)))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{serve(site(files()).site)}/{PAGE}")
    page.wait_for_selector(".rb-runbook[data-rb-run-id]")  # runs.js is on
    core = page.eval_on_selector("script[src*='runbooks.'][src$='.min.js']", "s => s.src")
    new_run(page)
    page.fill("[data-rb-run-name]", "second")
    new_run(page)
    assert len(runs(page)) == 3
    ours = [u for u, _ in got if "/assets/runbooks/" in u and u.endswith(".js")]
    assert len(ours) == 2 and ours[0] == core, ours
    assert re.fullmatch(re.escape(core.rsplit("/", 1)[0]) + r"/runbooks-tools\.[0-9a-f]{8}\.min\.js", ours[1])
    assert all(status == 200 for _, status in got) and errors == []
