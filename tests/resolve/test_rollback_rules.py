"""Rollback check rules: each one positioned, each one through `runbooks check` too."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import REPO
from mkdocs_runbooks.pipeline import Compiled, check_all, compile_text
from mkdocs_runbooks.resolve.rollback import guess_deploy, rollback_map

BASE = """\
id: app
title: App
sections:
  - id: phase-1
    title: "Phase 1: Database migration"
    items:
      - id: migrate
        kind: step
        text: Run migrations
        command: ./migrate
        rollback: db-rollback
procedures:
  - id: db-rollback
    title: Database rollback
    steps: [{id: restore, text: Restore}]
triggers:
  - {id: errors, text: Errors, procedure: db-rollback}
"""


def compile_all(**sources: str) -> dict[str, Compiled]:
    compiled = {name: compile_text(textwrap.dedent(text), f"{name}.runbook.yml") for name, text in sources.items()}
    check_all(list(compiled.values()))
    return compiled


def where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, col) of the nth occurrence of needle in text."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def codes(c: Compiled) -> list[str]:
    return [d.code for d in c.diagnostics]


def only(c: Compiled, code: str):  # type: ignore[no-untyped-def]
    found = [d for d in c.diagnostics if d.code == code]
    assert len(found) == 1, [str(d) for d in c.diagnostics]
    return found[0]


def test_clean_runbook_has_no_diagnostics() -> None:
    c = compile_all(app=BASE)["app"]
    assert list(c.diagnostics) == []


# -- dangling references ------------------------------------------------------
def test_dangling_local_reference_suggests_closest() -> None:
    text = BASE.replace("rollback: db-rollback", "rollback: db-rolback")
    d = only(compile_all(app=text)["app"], "dangling-ref")
    assert d.severity == "error"
    assert "did you mean 'db-rollback'" in d.message
    assert (d.line, d.col) == where(text, "db-rolback")


def test_dangling_trigger_reference() -> None:
    text = BASE.replace("procedure: db-rollback", "procedure: db-rollbak")
    d = only(compile_all(app=text)["app"], "dangling-ref")
    assert "trigger 'errors'" in d.message and "did you mean 'db-rollback'" in d.message
    assert (d.line, d.col) == where(text, "db-rollbak")


def test_cross_runbook_reference_checked_against_the_project() -> None:
    other = "id: infra\ntitle: Infra\nprocedures:\n  - {id: route-back, title: Route back, steps: []}\n"
    text = BASE.replace("rollback: db-rollback", "rollback: infra#route-bak")
    d = only(compile_all(app=text, infra=other)["app"], "dangling-ref")
    assert "runbook 'infra' has no procedure 'route-bak', did you mean 'route-back'?" in d.message
    assert (d.line, d.col) == where(text, "infra#route-bak")
    text = BASE.replace("rollback: db-rollback", "rollback: infar#route-back")
    d = only(compile_all(app=text, infra=other)["app"], "dangling-ref")
    assert "unknown runbook 'infar'" in d.message and "did you mean 'infra'" in d.message


def test_local_reference_to_another_runbooks_procedure_suggests_the_full_ref() -> None:
    other = "id: infra\ntitle: Infra\nprocedures:\n  - {id: route-back, title: Route back, steps: []}\n"
    text = BASE.replace("rollback: db-rollback", "rollback: route-back")
    d = only(compile_all(app=text, infra=other)["app"], "dangling-ref")
    assert "did you mean 'infra#route-back'?" in d.message


def test_malformed_reference() -> None:
    text = BASE.replace("rollback: db-rollback", "rollback: 'app#'")
    d = only(compile_all(app=text)["app"], "dangling-ref")
    assert "malformed reference 'app#'" in d.message


def test_valid_cross_runbook_reference_is_clean_and_counts_as_use() -> None:
    other = "id: infra\ntitle: Infra\nprocedures:\n  - {id: route-back, title: Route back, steps: []}\n"
    text = BASE.replace("rollback: db-rollback", "rollback: infra#route-back")
    out = compile_all(app=text, infra=other)
    assert "dangling-ref" not in codes(out["app"])
    assert "unused-procedure" not in codes(out["infra"])  # used by app
    alone = compile_all(infra=other)["infra"]
    assert codes(alone) == ["unused-procedure"]


# -- unused procedure -----------------------------------------------------------
def test_procedure_nothing_points_to_warns_at_its_id() -> None:
    text = BASE.replace("procedures:\n", "procedures:\n  - id: cache-flush\n    title: Cache flush\n    steps: []\n")
    d = only(compile_all(app=text)["app"], "unused-procedure")
    assert d.severity == "warning" and "procedure 'cache-flush' is not used" in d.message
    assert (d.line, d.col) == where(text, "cache-flush")


def test_procedure_started_only_by_a_trigger_is_used() -> None:
    text = BASE.replace("rollback: db-rollback", "rollback: none\n        rollback_reason: idempotent")
    assert codes(compile_all(app=text)["app"]) == []


# -- trigger without a procedure ----------------------------------------------------
@pytest.mark.parametrize("entry, needle", [
    ("{id: errors, text: Errors}", "{id: errors"),
    ("{id: errors, text: Errors, procedure: none}", "none"),
])
def test_trigger_without_procedure_is_an_error(entry: str, needle: str) -> None:
    text = BASE.replace("{id: errors, text: Errors, procedure: db-rollback}", entry)
    d = only(compile_all(app=text)["app"], "trigger-no-procedure")
    assert d.severity == "error"
    assert "trigger 'errors'" in d.message and "add `procedure: db-rollback`" in d.message
    assert (d.line, d.col) == where(text, needle, nth=text.count(needle) - 1)


# -- no rollback in a deployment phase ---------------------------------------------------
NO_RB = BASE.replace("        rollback: db-rollback\n", "")


def test_step_with_command_in_deploy_phase_without_rollback_warns() -> None:
    c = compile_all(app=NO_RB)["app"]
    d = only(c, "no-rollback")
    assert d.severity == "warning" and "step 'migrate'" in d.message and "phase-1" in d.message
    assert (d.line, d.col) == where(NO_RB, "./migrate")
    assert d.format().endswith("[no-rollback]")


def test_rollback_none_with_reason_silences() -> None:
    text = NO_RB.replace("command: ./migrate\n", "command: ./migrate\n        rollback: none\n"
                         "        rollback_reason: Read-only dry run\n")
    assert "no-rollback" not in codes(compile_all(app=text)["app"])
    assert "no-rollback-reason" not in codes(compile_all(app=text)["app"])


def test_rollback_none_without_reason_warns() -> None:
    text = NO_RB.replace("command: ./migrate\n", "command: ./migrate\n        rollback: none\n")
    c = compile_all(app=text)["app"]
    d = only(c, "no-rollback-reason")
    assert d.severity == "warning" and "rollback_reason" in d.message
    assert (d.line, d.col) == where(text, "none\n")
    assert "no-rollback" not in codes(c)


def test_reason_without_none_is_an_unused_key() -> None:
    text = BASE.replace("rollback: db-rollback\n", "rollback: db-rollback\n        rollback_reason: why\n")
    d = only(compile_all(app=text)["app"], "unused-key")
    assert "rollback_reason" in d.message


def test_deploy_false_silences_and_deploy_true_cascades() -> None:
    off = NO_RB.replace("    title: \"Phase 1: Database migration\"\n", "    title: \"Phase 1: Database migration\"\n    deploy: false\n")
    assert "no-rollback" not in codes(compile_all(app=off)["app"])
    on = NO_RB.replace("    title: \"Phase 1: Database migration\"\n", "    title: Housekeeping\n    deploy: true\n")
    nested = on.replace("    items:\n      - id: migrate", "    sections:\n      - id: inner\n        title: Inner\n"
                        "        items:\n          - id: migrate").replace(
        "        kind: step\n        text: Run migrations\n        command: ./migrate\n",
        "            kind: step\n            text: Run migrations\n            command: ./migrate\n")
    assert "no-rollback" in codes(compile_all(app=on)["app"])
    assert "no-rollback" in codes(compile_all(app=nested)["app"])  # explicit deploy cascades


def test_checks_notes_irreversible_and_covered_children_are_exempt() -> None:
    for change in ("kind: check", "kind: note"):
        text = NO_RB.replace("kind: step", change)
        assert "no-rollback" not in codes(compile_all(app=text)["app"]), change
    text = NO_RB.replace("kind: step\n", "kind: step\n        irreversible: true\n")
    assert "no-rollback" not in codes(compile_all(app=text)["app"])
    text = BASE.replace("        rollback: db-rollback\n", "        rollback: db-rollback\n        items:\n"
                        "          - {id: sub, kind: step, text: Sub, command: ./sub}\n")
    assert "no-rollback" not in codes(compile_all(app=text)["app"])


@pytest.mark.parametrize("title, expected", [
    ("Phase 1: Database Migration", True), ("Phase 2: Backend Deployment", True), ("Deployment Steps", True),
    ("Phase 4: Traffic Migration", True), ("Release", True), ("Go-live", True), ("Rollout to EU", True),
    ("Phase 2: Postgres upgrade", True),
    ("Pre-Deployment Checklist", False), ("Post-Deployment (First Hour)", False), ("Phase 5: Verification", False),
    ("Deployment Day (2 Hours Before)", False), ("Rollback Plan", False), ("Smoke tests", False),
    ("Monitoring", False), ("Step 4.3: Monitor Deployment", False), ("Security", False), ("Sign-Off", False),
])
def test_guess_deploy(title: str, expected: bool) -> None:
    assert guess_deploy(title) is expected


def test_the_docs_page_names_every_word_of_the_default() -> None:
    from mkdocs_runbooks.resolve.rollback import DEPLOY_WORDS, NOT_DEPLOY_WORDS

    page = (REPO / "content" / "rollback.md").read_text(encoding="utf-8")
    for word in DEPLOY_WORDS + NOT_DEPLOY_WORDS:
        assert f"`{word}`" in page, word
        if word != "phase N":
            title = f"{word} x"
            assert guess_deploy(f"Phase 1 {title}") is (word in DEPLOY_WORDS), word


# -- the point of no return ----------------------------------------------------------
PONR = """\
id: app
title: App
sections:
  - id: phase-1
    title: "Phase 1: Deploy"
    items:
      - {id: a, kind: step, text: A, command: a, rollback: undo-a}
      - {id: b, kind: step, text: B, command: b, rollback: undo-b}
      - {id: drop, kind: step, text: Drop, command: drop, irreversible: true}
      - {id: c, kind: step, text: C, command: c}
      - {id: d, kind: step, text: D, command: d, rollback: undo-d}
procedures:
  - {id: undo-a, title: Undo A, steps: []}
  - {id: undo-b, title: Undo B, steps: []}
  - {id: undo-d, title: Undo D, steps: []}
"""


def test_rollback_map_tracks_what_still_applies() -> None:
    c = compile_all(app=PONR)["app"]
    assert c.runbook is not None
    m = rollback_map(c.runbook)
    assert m.by_item["b"].applies == ["undo-b", "undo-a"]  # most recent first
    assert m.by_item["b"].ponr is None
    drop = m.by_item["drop"]
    assert drop.lost == ["undo-b", "undo-a"] and drop.applies == [] and drop.ponr.id == "drop"
    assert m.by_item["c"].ponr.id == "drop" and m.by_item["c"].applies == []
    assert m.by_item["d"].applies == ["undo-d"]
    assert [s.item.id for s in m.rows()] == ["a", "b", "drop", "c", "d"]  # c: missing rollback
    assert codes(c) == ["no-rollback"]


# -- the CLI reports each with file:line:col ---------------------------------------------
CASES = {
    "dangling-ref": (BASE.replace("rollback: db-rollback", "rollback: db-rolback"), "db-rolback", "error"),
    "unused-procedure": (BASE.replace("procedures:\n", "procedures:\n  - {id: spare, title: Spare, steps: []}\n"),
                         "spare", "warning"),
    "trigger-no-procedure": (BASE.replace(", procedure: db-rollback}", "}"), "{id: errors", "error"),
    "no-rollback": (NO_RB, "./migrate", "warning"),
    "no-rollback-reason": (NO_RB.replace("command: ./migrate\n", "command: ./migrate\n        rollback: none\n"),
                           "none\n", "warning"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_cli_check_reports_position(code: str, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text, needle, severity = CASES[code]
    (tmp_path / "app.runbook.yml").write_text(text, encoding="utf-8")
    rc, out, err = cli("check", "app.runbook.yml", cwd=tmp_path)
    line, col = where(text, needle)
    assert f"app.runbook.yml:{line}:{col}: {severity}: " in out and out.rstrip().endswith(f"[{code}]"), out
    assert rc == (1 if severity == "error" else 0)
    rc, out, err = cli("check", "--strict", "app.runbook.yml", cwd=tmp_path)
    assert rc == 1
