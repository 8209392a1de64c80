"""Diff classification on crafted pairs of runbooks: each kind, combinations, no false moves."""

from __future__ import annotations

import json
import textwrap

from mkdocs_runbooks.diff import diff_runbooks
from mkdocs_runbooks.diff.changes import ProjectDiff
from mkdocs_runbooks.diff.formats import to_json, to_markdown, to_text
from mkdocs_runbooks.diff.moves import lcs, moved
from mkdocs_runbooks.diff.words import plain, word_diff
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.pipeline import compile_text

BASE = """\
id: demo
title: Demo deploy
version: 1.0.0
meta: {owner: DevOps Lead, next_review: 2099-01-01}
sections:
  - id: prep
    title: Prep
    items:
      - {id: a, text: Take a full backup of the database}
      - {id: b, text: Check disk space}
      - {id: c, text: Notify the team, command: echo hi}
      - {id: d, text: Lock deploys}
  - id: deploy
    title: Deploy
    items:
      - {id: e, text: Deploy app, kind: step, rollback: rb}
procedures:
  - {id: rb, title: Rollback, steps: [{id: s1, text: Stop app}]}
triggers:
  - {id: t1, text: Error rate above 1%, procedure: rb}
signoff:
  - {id: approval, title: Approval, roles: [QA Lead]}
"""


def rb(text: str) -> Runbook:
    c = compile_text(textwrap.dedent(text), "x.runbook.yml")
    assert c.runbook is not None and not c.diagnostics.errors, [d.format() for d in c.diagnostics]
    return c.runbook


def kinds(old: str, new: str) -> list[tuple[str, str]]:
    return [(c.change, c.id) for c in diff_runbooks(rb(old), rb(new)).changes]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_identical_runbooks_have_no_changes() -> None:
    d = diff_runbooks(rb(BASE), rb(BASE))
    assert d.changes == [] and d.status == "unchanged"


def test_added_item() -> None:
    new = edit("      - {id: d, text: Lock deploys}", "      - {id: d, text: Lock deploys}\n      - {id: z, text: New check}")
    changes = diff_runbooks(rb(BASE), rb(new)).changes
    assert [(c.change, c.id, c.element, c.where, c.after) for c in changes] == [
        ("added", "z", "item", "section prep", "New check")]


def test_removed_item() -> None:
    new = edit("      - {id: b, text: Check disk space}\n", "")
    changes = diff_runbooks(rb(BASE), rb(new)).changes
    assert [(c.change, c.id, c.before) for c in changes] == [("removed", "b", "Check disk space")]


def test_insertion_and_removal_of_neighbours_is_not_a_move() -> None:
    new = edit("      - {id: a, text: Take a full backup of the database}\n",
               "      - {id: n1, text: First}\n      - {id: a, text: Take a full backup of the database}\n")
    new = edit("      - {id: c, text: Notify the team, command: echo hi}\n", "", new)
    assert kinds(BASE, new) == [("added", "n1"), ("removed", "c")]


def test_swap_reports_one_move_not_all() -> None:
    # a b c d -> a c d b: only b moved (the LCS a c d stays put)
    new = edit("      - {id: b, text: Check disk space}\n", "")
    new = edit("      - {id: d, text: Lock deploys}", "      - {id: d, text: Lock deploys}\n      - {id: b, text: Check disk space}", new)
    changes = diff_runbooks(rb(BASE), rb(new)).changes
    assert [(c.change, c.id, c.before, c.after) for c in changes] == [
        ("moved", "b", "section prep, position 2", "section prep, position 4")]


def test_move_to_another_section() -> None:
    new = edit("      - {id: d, text: Lock deploys}\n", "")
    new = edit("      - {id: e, text: Deploy app, kind: step, rollback: rb}",
               "      - {id: d, text: Lock deploys}\n      - {id: e, text: Deploy app, kind: step, rollback: rb}", new)
    changes = diff_runbooks(rb(BASE), rb(new)).changes
    assert [(c.change, c.id, c.after) for c in changes] == [("moved", "d", "section deploy, position 1")]


def test_reworded_item_has_word_diff() -> None:
    new = edit("Take a full backup of the database", "Take a fresh backup of the primary database")
    (c,) = diff_runbooks(rb(BASE), rb(new)).changes
    assert (c.change, c.id, c.attributes) == ("reworded", "a", ["text"])
    assert plain(c.words or []) == "Take a [-full-]{+fresh+} backup of the {+primary +}database"


def test_changed_attributes_are_named() -> None:
    new = edit("{id: c, text: Notify the team, command: echo hi}",
               "{id: c, text: Notify the team, command: echo hello, severity: high, checked: true}")
    new = edit("kind: step, rollback: rb}", "kind: check, rollback: rb}", new)
    new = edit("{id: d, text: Lock deploys}", "{id: d, text: Lock deploys, fields: [{id: who, type: text}]}", new)
    changes = {c.id: c for c in diff_runbooks(rb(BASE), rb(new)).changes}
    assert set(changes) == {"c", "d", "e"}
    assert all(c.change == "changed" for c in changes.values())
    assert changes["c"].attributes == ["checked", "severity", "command"]
    assert [(x.attribute, x.before, x.after) for x in changes["c"].details][2] == ("command", "echo hi", "echo hello")
    assert changes["e"].attributes == ["kind"] and (changes["e"].before, changes["e"].after) == ("step", "check")
    assert changes["d"].attributes == ["fields"] and changes["d"].before is None and "who" in (changes["d"].after or "")


def test_rollback_change() -> None:
    new = edit("kind: step, rollback: rb}", "kind: step, rollback: none}")
    (c,) = diff_runbooks(rb(BASE), rb(new)).changes
    assert (c.change, c.attributes, c.before, c.after) == ("changed", ["rollback"], "rb", "none")


def test_one_item_moved_reworded_and_changed() -> None:
    new = edit("      - {id: a, text: Take a full backup of the database}\n", "")
    new = edit("      - {id: d, text: Lock deploys}",
               "      - {id: d, text: Lock deploys}\n      - {id: a, text: Take a backup of the database, severity: critical}", new)
    assert kinds(BASE, new) == [("moved", "a"), ("reworded", "a"), ("changed", "a")]


def test_sections_procedures_triggers_signoff_metadata() -> None:
    new = edit("    title: Prep\n", "    title: Preparation\n    mode: read-do\n")
    new = edit("{id: rb, title: Rollback, steps: [{id: s1, text: Stop app}]}",
               "{id: rb, title: Rollback, steps: [{id: s1, text: Stop app}, {id: s2, text: Restore}]}", new)
    new = edit("{id: t1, text: Error rate above 1%, procedure: rb}", "{id: t1, text: Error rate above 2%, procedure: rb}", new)
    new = edit("roles: [QA Lead]", "roles: [QA Lead, SRE]", new)
    new = edit("version: 1.0.0", "version: 1.1.0", new)
    new = edit("owner: DevOps Lead", "owner: SRE Lead", new)
    changes = diff_runbooks(rb(BASE), rb(new)).changes
    got = [(c.change, c.element, c.id, c.attributes) for c in changes]
    assert got == [
        ("changed", "runbook", "demo", ["version", "meta.owner"]),
        ("reworded", "section", "prep", ["title"]),
        ("changed", "section", "prep", ["mode"]),
        ("added", "step", "s2", []),
        ("reworded", "trigger", "t1", ["text"]),
        ("changed", "signoff", "approval", ["roles"]),
    ]


def test_moved_section_and_removed_procedure() -> None:
    text = BASE.replace("kind: step, rollback: rb}", "kind: step}").replace(
        "triggers:\n  - {id: t1, text: Error rate above 1%, procedure: rb}\n", "")
    new = text.replace("procedures:\n  - {id: rb, title: Rollback, steps: [{id: s1, text: Stop app}]}\n", "")
    prep_start, deploy_start = new.index("  - id: prep"), new.index("  - id: deploy")
    end = new.index("signoff:")
    new = new[:prep_start] + new[deploy_start:end] + new[prep_start:deploy_start] + new[end:]
    got = kinds(text, new)
    assert ("removed", "rb") in got and ("removed", "s1") in got
    assert [k for k in got if k[0] == "moved"] == [("moved", "prep")] or [k for k in got if k[0] == "moved"] == [("moved", "deploy")]
    assert not any(k[1] in "abcde" for k in got)  # items kept their sections: no item moved


def test_added_and_removed_runbook() -> None:
    d = diff_runbooks(None, rb(BASE))
    assert d.status == "added" and [c.change for c in d.changes] == ["added"]
    d = diff_runbooks(rb(BASE), None)
    assert d.status == "removed"


def test_lcs_and_moves() -> None:
    assert lcs(list("abcd"), list("xabcdy")) == set("abcd")
    assert moved(list("abcd"), list("dabc")) == {"d"}
    assert moved(list("abcdef"), list("fedcba")).__len__() == 5
    assert moved([], []) == set()


def test_word_diff_keeps_punctuation_apart() -> None:
    assert plain(word_diff("Stop the app, then wait.", "Stop the app; then wait!")) == \
        "Stop the app[-,-]{+;+} then wait[-.-]{+!+}"
    assert plain(word_diff("a b c", "a x y c")) == "a [-b-]{+x y+} c"


def test_formats_follow_the_json_contract() -> None:
    new = edit("Take a full backup", "Take a fresh backup")
    new = edit("      - {id: b, text: Check disk space}\n", "", new)
    pd = ProjectDiff("old", "new", [diff_runbooks(rb(BASE), rb(new), "x.runbook.yml")])
    data = json.loads(to_json(pd))
    (entry,) = data["runbooks"]
    assert entry["id"] == "demo"
    for c in entry["changes"]:
        assert set(c) >= {"change", "id", "attributes", "before", "after"}
        assert c["change"] in ("added", "removed", "moved", "reworded", "changed")
    assert [(c["change"], c["id"]) for c in entry["changes"]] == [("reworded", "a"), ("removed", "b")]
    md = to_markdown(pd)
    assert "| `demo` | changed |" in md and "<details" in md and "<del>full</del><ins>fresh</ins>" in md
    text = to_text(pd)
    assert "~ reworded item a: Take a [-full-]{+fresh+} backup" in text and "- removed  item b" in text
