"""Issue 15: run files (*.run.json) in the build and in `runbooks check`: the schema, positioned
problems, record pages, the runbook page's past runs and the site's Runs page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from forms_helpers import RUNBOOK  # noqa: E402
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_runbooks.diagnostics import Diagnostics
from mkdocs_runbooks.runs.read import read_run_text
from mkdocs_runbooks.runs.spec import FORMAT, SCHEMA, schema_text

PACKAGE = Path(__file__).resolve().parents[2] / "plugin" / "mkdocs_runbooks"


def a_run(**over: Any) -> dict[str, Any]:
    run: dict[str, Any] = {
        "format": FORMAT, "runbook": "deploy", "version": "1.0.0", "site_version": "", "title": "Deploy Acme",
        "page": "http://127.0.0.1/deploy/", "id": "rk1", "name": "REL-1 <b>x</b>", "outcome": "completed",
        "note": "fine", "started_at": "2025-01-21T10:00:00.000+01:00", "ended_at": "2025-01-21T10:47:00.000+01:00",
        "updated_at": "2025-01-21T10:47:00.000+01:00", "exported_at": "2025-01-21T10:48:00.000+01:00",
        "operators": ["Ada", "Bob"], "operator": "Bob",
        "items": {"backup": {"checked": True, "at": "2025-01-21T10:05:00.000+01:00", "by": "Ada"},
                  "migrate": {"checked": True, "at": "2025-01-21T10:30:00.000+01:00", "by": "Bob"},
                  "smoke": {"checked": False, "at": None, "by": None}},
        "fields": {"backup/ticket": {"value": "OPS-1", "at": "2025-01-21T10:06:00.000+01:00", "by": "Ada"},
                   "approval/qa-lead/name": {"value": "Grace", "at": "2025-01-21T10:46:00.000+01:00", "by": "Bob"}},
        "log": [
            {"at": "2025-01-21T10:00:00.000+01:00", "by": "Ada", "key": "@operator", "value": "Ada"},
            {"at": "2025-01-21T10:05:00.000+01:00", "by": "Ada", "key": "backup", "value": True},
            {"at": "2025-01-21T10:06:00.000+01:00", "by": "Ada", "key": "backup/ticket", "value": "OPS-1"},
            {"at": "2025-01-21T10:20:00.000+01:00", "by": "Bob", "key": "@operator", "value": "Bob"},
            {"at": "2025-01-21T10:30:00.000+01:00", "by": "Bob", "key": "migrate", "value": True},
            {"at": "2025-01-21T10:46:00.000+01:00", "by": "Bob", "key": "approval/qa-lead/name", "value": "Grace"},
            {"at": "2025-01-21T10:47:00.000+01:00", "by": "Bob", "key": "@outcome", "value": "completed", "note": "fine"},
        ],
    }
    run.update(over)
    return run


def test_shipped_schema_is_the_declared_one_and_valid() -> None:
    assert (PACKAGE / "runs" / "run.schema.json").read_text(encoding="utf-8") == schema_text()
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(a_run(), SCHEMA)


def _ours(doc: Any) -> list[str]:
    diags = Diagnostics()
    read_run_text(json.dumps(doc, indent=2), "x.run.json", diags)
    return [d.format() for d in diags.errors]


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=6),
                     st.sampled_from(["2025-01-21T10:00:00Z", "2025-01-21T10:00:00.5+01:00", "completed", "rolled back"]))


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A good run with a few keys replaced, dropped or added, anywhere in it."""
    doc = a_run()
    for _ in range(draw(st.integers(1, 3))):
        target: Any = doc
        path = draw(st.sampled_from([[], ["items"], ["items", "backup"], ["fields", "backup/ticket"], ["log", 1]]))
        for p in path:
            target = target[p] if isinstance(target, (dict, list)) and (p in target if isinstance(target, dict)
                                                                        else p < len(target)) else None
        if not isinstance(target, dict):
            continue
        keys = list(target)
        action = draw(st.sampled_from(["set", "drop", "add"]))
        if action == "add":
            target[draw(st.sampled_from(["extra", "checked", "value", "at"]))] = draw(_SCALARS)
        elif keys:
            k = draw(st.sampled_from(keys))
            if action == "drop":
                del target[k]
            else:
                target[k] = draw(_SCALARS)
    return doc


@settings(max_examples=150, deadline=None)
@given(mutated())
def test_checker_and_schema_agree(doc: dict[str, Any]) -> None:
    """Our positioned checker accepts exactly what the shipped JSON Schema accepts."""
    schema_ok = jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)
    ours = _ours(doc)
    assert schema_ok == (not ours), ours


def test_problems_have_positions(tmp_path: Path) -> None:
    text = json.dumps(a_run(outcome="done", items={"backup": {"checked": "yes"}}), indent=2)
    diags = Diagnostics()
    assert read_run_text(text, "r.run.json", diags) is None
    got = {d.message: (d.line, d.col) for d in diags.errors}
    lines = text.splitlines()
    (msg, (line, col)), = [(m, p) for m, p in got.items() if m.startswith("outcome")]
    assert lines[line - 1][col - 1:].startswith('"done"')
    line, col = next(p for m, p in got.items() if m.startswith("items.backup.checked"))
    assert lines[line - 1][col - 1:].startswith('"yes"')
    diags = Diagnostics()
    read_run_text('{"format": "mkdocs-runbooks/run@2",\n  "runbook": }', "r.run.json", diags)
    assert [(d.line, d.code) for d in diags.errors] == [(2, "json-syntax")]
    diags = Diagnostics()
    read_run_text(json.dumps({"format": "mkdocs-runbooks/run@1", "runbook": "deploy"}), "old.json", diags)
    assert "Import adds it as a run" in diags.errors[0].message


def project(tmp_path: Path, runs: dict[str, Any]) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "deploy.runbook.yml").write_text(RUNBOOK, encoding="utf-8")
    from conftest import BASE_CONFIG

    (tmp_path / "mkdocs.yml").write_text(BASE_CONFIG, encoding="utf-8")
    (tmp_path / "runs").mkdir()
    for name, data in runs.items():
        (tmp_path / "runs" / name).write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return tmp_path


def test_check_validates_run_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad_ids = a_run(items={"backup": {"checked": True}, "bakup": {"checked": True}},
                    fields={"nope/x": {"value": "1"}})
    root = project(tmp_path, {"good.run.json": a_run(), "ids.run.json": bad_ids,
                              "broken.run.json": a_run(outcome="done", id="rk3")})
    code, out, err = cli("check", "--format", "json", cwd=root)
    found = json.loads(out)
    assert code == 1
    by = {(Path(d["path"]).name, d["code"]): d for d in found}
    assert by[("broken.run.json", "run-schema")]["severity"] == "error"
    unknown = by[("ids.run.json", "unknown-item")]
    assert unknown["severity"] == "warning" and "did you mean 'backup'" in unknown["message"]
    line = (root / "runs" / "ids.run.json").read_text(encoding="utf-8").splitlines()[unknown["line"] - 1]
    assert line[unknown["col"] - 1:].startswith('"bakup"')
    assert by[("ids.run.json", "unknown-field")]["severity"] == "warning"
    assert not any(Path(d["path"]).name == "good.run.json" for d in found)
    # one run file named on the command line: checked against the project's runbook
    code, out, err = cli("check", "runs/ids.run.json", cwd=root)
    assert code == 0 and "unknown-item" in out and "1 run file" in err
    code, out, err = cli("check", "--strict", "runs/ids.run.json", cwd=root)
    assert code == 1
    code, out, err = cli("check", "runs/good.run.json", cwd=root)
    assert code == 0 and out == ""
    # a run of a runbook the project does not have
    (root / "runs" / "ids.run.json").unlink()
    (root / "runs" / "broken.run.json").write_text(json.dumps(a_run(runbook="nope")), encoding="utf-8")
    code, out, err = cli("check", cwd=root)
    assert code == 1 and "unknown-runbook" in out and "Traceback" not in out + err


def test_build_renders_run_records(site) -> None:  # type: ignore[no-untyped-def]
    older = a_run(id="rk0", name="REL-0", outcome="rolled back", started_at="2025-01-14T09:00:00.000+01:00",
                  ended_at="2025-01-14T09:20:00.000+01:00", log=[], items={}, fields={})
    files = {"docs/deploy.runbook.yml": RUNBOOK, "runs/deploy/rel-1.run.json": json.dumps(a_run(), indent=2),
             "runs/deploy/rel-0.run.json": json.dumps(older)}
    built = site(files, strict=True)
    page = built.html("runs/deploy/rk1")
    # the record: name (as text), outcome, dates, operators, timeline, values, sign-off
    assert "REL-1 &lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert 'rb-outcome-completed">Completed' in page
    assert "2025-01-21 10:00 +01:00" in page and "47 min" in page and "Ada, Bob" in page
    timeline = re.search(r'<div class="rb-timeline"><table>.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr><td><time[^>]*>([^<]*)</time></td><td>([^<]*)</td><td>(.*?)</td></tr>", timeline)
    assert [(w, who) for w, who, _ in rows] == [
        ("2025-01-21 10:00 +01:00", "Ada"), ("2025-01-21 10:05 +01:00", "Ada"), ("2025-01-21 10:06 +01:00", "Ada"),
        ("2025-01-21 10:20 +01:00", "Bob"), ("2025-01-21 10:30 +01:00", "Bob"), ("2025-01-21 10:46 +01:00", "Bob"),
        ("2025-01-21 10:47 +01:00", "Bob")]
    assert "ticked “Take a backup”" in rows[1][2] and "took over as operator: Bob" in rows[3][2]
    assert "“OPS-1”" in rows[2][2] and "Completed" in rows[6][2]
    assert '<td>Grace</td>' in page  # the sign-off sheet, filled
    assert "None: the runbook is still at version 1.0.0." in page
    # the run file is published next to its record, and linked from it
    assert json.loads((built.site / "runs" / "deploy" / "rk1.run.json").read_text(encoding="utf-8"))["id"] == "rk1"
    assert 'href="../rk1.run.json"' in page
    # the runbook page lists its runs, newest first
    rb_page = built.html("deploy")
    past = re.search(r'<div class="rb-block rb-past-runs".*?</div>', rb_page, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', past) == ["../runs/deploy/rk1/", "../runs/deploy/rk0/"]
    assert "Rolled back" in past and "REL-1 &lt;b&gt;x&lt;/b&gt;" in past
    runs = built.html("runs")
    assert runs.index("rk1/") < runs.index("rk0/") and "Deploy Acme" in runs
    # record pages and the Runs page carry our stylesheet (their facts, outcomes, tables) but no script
    from mkdocs_runbooks import assets
    css, js = assets.bundle().css_uri, assets.bundle().js_uri
    for html in (page, runs):
        head = html[:html.index("</head>")]
        assert css in head and js not in html
    schema = json.loads((built.site / "schema" / "run-v2.json").read_text(encoding="utf-8"))
    assert schema == SCHEMA


def test_build_refuses_a_broken_run_file(site) -> None:  # type: ignore[no-untyped-def]
    files = {"docs/deploy.runbook.yml": RUNBOOK, "runs/bad.run.json": json.dumps(a_run(outcome="done"), indent=2)}
    with pytest.raises(Exception) as e:
        site(files)
    logs = getattr(e.value, "logs", "") + str(e.value)
    assert re.search(r"runs/bad\.run\.json:\d+:\d+: error: outcome must be one of", logs), logs


def test_a_run_is_checked_against_its_own_version_from_git(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A run of 1.0.0 names an item that 1.1.0 removed: checked against 1.0.0 from git, that is no
    warning; the record page says what changed since."""
    import subprocess

    from conftest import BASE_CONFIG, mkdocs_build, write_tree
    from gitrepo import commit, init_repo

    init_repo(tmp_path)
    commit(tmp_path, "1.0.0", {"mkdocs.yml": BASE_CONFIG, "docs/index.md": "# Home\n", "docs/deploy.runbook.yml": RUNBOOK})
    newer = RUNBOOK.replace('version: "1.0.0"', 'version: "1.1.0"').replace(
        "      - id: announce\n        text: Announce the window\n        checked: true\n", "")
    commit(tmp_path, "1.1.0", {"docs/deploy.runbook.yml": newer})
    run = a_run(items={"announce": {"checked": True, "at": "2025-01-21T10:05:00+01:00", "by": "Ada"},
                       "bogus": {"checked": True}})
    write_tree(tmp_path, {"runs/r.run.json": json.dumps(run, indent=2)})
    code, out, err = cli("check", "--format", "json", "--base", "", cwd=tmp_path)
    found = [(d["code"], d["message"]) for d in json.loads(out)]
    assert [c for c, _ in found] == ["unknown-item"] and "'bogus'" in found[0][1], found
    mkdocs_build(tmp_path)
    page = (tmp_path / "site" / "runs" / "deploy" / "rk1" / "index.html").read_text(encoding="utf-8")
    since = page[page.index('id="changes-since"'):]
    assert "not in this site's git history" not in since
    # not in git: checked against the current version, and the message says so
    subprocess.run(["rm", "-rf", str(tmp_path / ".git")], check=True)
    code, out, err = cli("check", "--format", "json", "--base", "", cwd=tmp_path)
    msgs = {d["message"] for d in json.loads(out)}
    assert any("'announce'" in m and "not in the git history" in m for m in msgs), msgs
    assert re.search(r"<strong>1\.1\.0</strong>", since) and "announce" in since, since[:2000]


def test_record_tells_a_reset(site, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Reset on the page is an entry of the log (key @reset, issue 18): valid, checked clean, and the
    record's timeline says what it did."""
    log = a_run()["log"]
    log.insert(3, {"at": "2025-01-21T10:10:00.000+01:00", "by": "Ada", "key": "@reset", "value": ""})
    files = {"docs/deploy.runbook.yml": RUNBOOK, "runs/deploy/rel-1.run.json": json.dumps(a_run(log=log))}
    built = site(files, strict=True)
    timeline = re.search(r'<div class="rb-timeline"><table>.*?</table>', built.html("runs/deploy/rk1"), re.S).group(0)
    rows = re.findall(r"<tr><td><time[^>]*>[^<]*</time></td><td>[^<]*</td><td>(.*?)</td></tr>", timeline)
    assert rows[3] == "reset the run: every tick and value on the page cleared"
    code, out, _ = cli("check", "--strict", "runs/deploy/rel-1.run.json", cwd=built.site.parent)
    assert code == 0 and out == "", out
