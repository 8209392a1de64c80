"""Issue 19's browser property: random sequences of tick, untick, type, reload, export, reset and import
never leave the page showing a value that differs from saved state, and an export always holds
everything the page shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from forms_helpers import PAGE, RUNBOOK, files, open_page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_run_state import shown

from conftest import mkdocs_build, write_tree

pytestmark = pytest.mark.browser

# a generated runbook: the fixture runbook with more sections of every field type
EXTRA = "".join(f"""  - id: gen{n}
    title: Generated {n}
    items:
      - id: gen{n}-a
        text: Generated check {n}
        fields:
          - {{id: t, type: text, label: Text {n}}}
          - {{id: c, type: choice, label: Pick {n}, options: [Red, Green]}}
      - id: gen{n}-b
        kind: step
        text: Generated step {n}
        checked: {str(n % 2 == 0).lower()}
""" for n in range(3))
SOURCE = RUNBOOK.replace("procedures:\n", EXTRA + "procedures:\n", 1)

ITEMS = ["backup", "backup-verify", "announce", "migrate", "smoke", "stop-app"] + [
    f"gen{n}-{x}" for n in range(3) for x in "ab"]
TEXT = st.text(alphabet="abc XYZ<>&\"'é😀\n", max_size=8)
FIELDS = {
    "backup/size": st.integers(0, 999).map(str), "backup/ticket": TEXT, "backup/notes": TEXT, "backup/who": TEXT,
    "backup/day": st.dates().map(lambda d: d.isoformat() if d.year > 1000 else "2025-01-01"),
    "backup/at": st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02}:{t[1]:02}"),
    "smoke/count": st.integers(0, 50).map(str), "approval/qa-lead/name": TEXT,
    "contacts/primary-on-call/phone": TEXT, "@operator": TEXT,
    **{f"gen{n}-a/t": TEXT for n in range(3)},
}
RADIOS = {"backup/ok": ["yes", "no", "na"], "backup/result": ["Success", "Partial", "Failed"],
          **{f"gen{n}-a/c": ["Red", "Green"] for n in range(3)}}
DEFAULTS = {"announce": True, "gen0-b": True, "gen2-b": True}

ACTIONS = st.one_of(
    st.tuples(st.just("tick"), st.sampled_from(ITEMS)),
    st.tuples(st.just("untick"), st.sampled_from(ITEMS)),
    st.sampled_from(sorted(FIELDS)).flatmap(lambda k: st.tuples(st.just("type"), st.just(k), FIELDS[k])),
    st.sampled_from(sorted(RADIOS)).flatmap(lambda k: st.tuples(st.just("pick"), st.just(k), st.sampled_from(RADIOS[k]))),
    st.tuples(st.just("reload")), st.tuples(st.just("export")), st.tuples(st.just("reset")),
    st.tuples(st.just("import")),
)


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("prop")
    from conftest import BASE_CONFIG

    write_tree(root, {"mkdocs.yml": BASE_CONFIG, **files(SOURCE)})
    mkdocs_build(root)
    return root / "site"


def _selector(key: str) -> str:
    return "[data-rb-operator]" if key == "@operator" else f"[data-rb-field='{key}']"


def _saved(page) -> dict:  # type: ignore[no-untyped-def]
    raw = page.evaluate("Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('rb|deploy|1.0.0|')))")
    return {k.split("|", 3)[3]: json.loads(v) for k, v in raw.items()}


def _check_page_is_saved_state(page) -> None:  # type: ignore[no-untyped-def]
    saved = _saved(page)
    for key, value in shown(page).items():
        if key in saved:
            assert value == saved[key]["v"], (key, value, saved[key])
        else:
            assert value == DEFAULTS.get(key, False if key in ITEMS else ""), key


def _check_export_holds_the_page(page, run: dict) -> None:  # type: ignore[no-untyped-def]
    for key, value in shown(page).items():
        if key in ITEMS:
            assert run["items"][key]["checked"] is value, key
        elif key == "@operator":
            assert run["operator"] == value
        elif value != "":
            assert run["fields"][key]["value"] == value, key
        else:
            assert key not in run["fields"], key


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(ACTIONS, min_size=1, max_size=10))
def test_page_always_shows_saved_state(steps, browser, generated_site, serve, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    url = f"{serve(generated_site)}/{PAGE}"
    ctx = browser.new_context(accept_downloads=True)
    tmp = tmp_path_factory.mktemp("runs")
    try:
        page = open_page(ctx, url)
        page.on("dialog", lambda d: d.accept())  # reset and import ask first: yes
        last = None
        for step in steps:
            kind = step[0]
            if kind in ("tick", "untick"):
                page.set_checked(f"[data-rb-item={step[1]}]", kind == "tick")
            elif kind == "type":
                page.fill(_selector(step[1]), step[2])
            elif kind == "pick":
                page.check(f"[data-rb-field='{step[1]}'][value={step[2]}]")
            elif kind == "reload":
                page.reload()
                page.wait_for_selector(".rb-runbook.rb-live")
            elif kind == "export":
                with page.expect_download() as dl:
                    page.click("[data-rb-action=export]")
                last = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
                _check_export_holds_the_page(page, last)
            elif kind == "reset":
                page.click("[data-rb-action=reset]")
            elif kind == "import" and last is not None:
                path = tmp / f"run-{len(list(tmp.iterdir()))}.json"
                path.write_text(json.dumps(last), encoding="utf-8")
                page.set_input_files("input[data-rb-action=import]", str(path))
                page.wait_for_selector(".rb-notice[data-kind=import]")
                _check_export_holds_the_page(page, {**last, "exported_at": None})  # the page is the imported run
            page.click("h1")  # leave any field: change events, signature dates
            _check_page_is_saved_state(page)
        with page.expect_download() as dl:
            page.click("[data-rb-action=export]")
        _check_export_holds_the_page(page, json.loads(Path(dl.value.path()).read_text(encoding="utf-8")))
        assert page.rb_errors == []
    finally:
        ctx.close()
