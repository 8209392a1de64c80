"""`runbooks diff` over git revisions in a real temporary repository, textconv and git-setup,
and template impact across variants."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import write_tree
from gitrepo import commit, git, init_repo

CONFIG = "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, runbooks]\n"
APP = """\
id: app
title: App deploy
version: 1.0.0
sections:
  - id: prep
    title: Prep
    items:
      - {id: backup, text: Take a full backup}
      - {id: disk, text: Check disk space}
      - {id: notify, text: Notify the team}
"""
TEMPLATE = """\
id: production-deploy
title: Production deploy of {{ project }}
vars:
  project: {type: string, required: true}
sections:
  - id: pre
    title: Pre-deploy
    items:
      - {id: backup, text: "Back up {{ project }}", command: pg_dump app}
      - {id: health, text: Check health}
"""


@pytest.fixture
def repo(git_repo: Path) -> Path:
    commit(git_repo, "first", {"mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "docs/app.runbook.yml": APP})
    return git_repo


def test_diff_between_revisions(repo: Path, cli) -> None:
    text = APP.replace("Take a full backup", "Take a fresh backup").replace(
        "      - {id: disk, text: Check disk space}\n", "").replace(
        "      - {id: notify, text: Notify the team}", "      - {id: notify, text: Notify the team}\n"
        "      - {id: disk, text: Check disk space}\n      - {id: lock, text: Lock deploys}")
    (repo / "docs/app.runbook.yml").write_text(text)
    commit(repo, "second")
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert rc == 0, err
    (entry,) = json.loads(out)["runbooks"]
    got = sorted((c["change"], c["id"]) for c in entry["changes"])
    assert got == [("added", "lock"), ("moved", "disk"), ("reworded", "backup")]
    assert entry["source"] == "HEAD:docs/app.runbook.yml"
    # --exit-code, and a revision against the working tree folder
    assert cli("diff", "HEAD~1", "HEAD", "--exit-code", cwd=repo)[0] == 1
    assert cli("diff", "HEAD", ".", "--exit-code", cwd=repo)[0] == 0
    rc, out, _ = cli("diff", "HEAD~1:docs/app.runbook.yml", "docs/app.runbook.yml", cwd=repo)
    assert rc == 0 and "~ reworded item backup: Take a [-full-]{+fresh+} backup" in out


def test_a_file_against_a_revision_compares_that_runbook_only(repo: Path, cli) -> None:
    (repo / "docs/other.runbook.yml").write_text("id: other\ntitle: Other\nsections: []\n")
    commit(repo, "another runbook")
    (repo / "docs/app.runbook.yml").write_text(APP.replace("Check disk space", "Check free disk space"))
    rc, out, _ = cli("diff", "HEAD", "docs/app.runbook.yml", "--format", "json", cwd=repo)
    assert rc == 0
    (entry,) = json.loads(out)["runbooks"]  # not "other": it is not the file named
    assert entry["id"] == "app" and [c["change"] for c in entry["changes"]] == ["reworded"]


def test_existing_path_wins_over_revision_and_rev_colon_forces_it(repo: Path, cli) -> None:
    (repo / "main").mkdir()  # a folder named like the branch: the folder wins
    (repo / "main/other.runbook.yml").write_text("id: other\ntitle: Other\nsections: []\n")
    rc, out, _ = cli("diff", "main", "main:", "--format", "json", cwd=repo)
    assert rc == 0
    data = json.loads(out)
    assert {(r["id"], r["status"]) for r in data["runbooks"]} == {("other", "removed"), ("app", "added")}


def test_bad_revision_and_broken_side(repo: Path, cli) -> None:
    rc, _, err = cli("diff", "no-such-rev", "HEAD", cwd=repo)
    assert rc == 2 and "'no-such-rev' is neither an existing file or folder nor a git revision" in err
    (repo / "docs/app.runbook.yml").write_text(APP.replace("title: Prep", "title: [unclosed"))
    rc, _, err = cli("diff", "HEAD", ".", cwd=repo)
    assert rc == 2 and "docs/app.runbook.yml:" in err and "cannot read ." in err
    assert "Traceback" not in err


def test_git_setup_and_textconv_make_git_diff_semantic(repo: Path, cli) -> None:
    rc, _, err = cli("git-setup", cwd=repo)
    assert rc == 0, err
    assert "*.runbook.yml diff=runbook" in (repo / ".gitattributes").read_text().splitlines()
    assert "textconv" in git(repo, "config", "diff.runbook.textconv")
    assert cli("git-setup", cwd=repo)[0] == 0  # idempotent
    lines = (repo / ".gitattributes").read_text().splitlines()  # one line per source extension, each once
    assert sorted(lines) == ["*.runbook.yaml diff=runbook", "*.runbook.yml diff=runbook"]
    rc, out, _ = cli("textconv", "docs/app.runbook.yml", cwd=repo)
    assert rc == 0 and "[ ] backup: Take a full backup" in out
    (repo / "docs/app.runbook.yml").write_text(APP.replace("Take a full backup", "Take a fresh backup"))
    diff = git(repo, "diff")
    assert "-  [ ] backup: Take a full backup" in diff and "+  [ ] backup: Take a fresh backup" in diff
    # a source that does not compile is shown raw: git diff never fails
    (repo / "docs/app.runbook.yml").write_text("id: [broken\n")
    rc, out, _ = cli("textconv", "docs/app.runbook.yml", cwd=repo)
    assert rc == 0 and out == "id: [broken\n"


def _templates_repo(root: Path) -> None:
    init_repo(root)
    files = {"mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "templates/prod.yml": TEMPLATE}
    for name in ("alpha", "beta", "gamma"):
        files[f"docs/{name}.runbook.yml"] = f"id: {name}\nextends: production-deploy\nvars: {{project: {name}}}\n"
    # delta replaces the item the template change touches: it is not affected
    files["docs/delta.runbook.yml"] = ("id: delta\nextends: production-deploy\nvars: {project: delta}\n"
                                       "remove: [health]\n")
    files["docs/solo.runbook.yml"] = APP.replace("id: app", "id: solo")
    write_tree(root, files)
    commit(root, "first")


def test_template_impact_across_variants(tmp_path: Path, cli) -> None:
    _templates_repo(tmp_path)
    (tmp_path / "templates/prod.yml").write_text(TEMPLATE.replace("Check health", "Check health endpoints"))
    commit(tmp_path, "template: reword health")
    rc, out, err = cli("diff", "HEAD~1", "HEAD", cwd=tmp_path)
    assert rc == 0, err
    assert "template production-deploy: 3 runbooks affected (alpha, beta, gamma)" in out
    rc, out, _ = cli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=tmp_path)
    data = json.loads(out)
    assert sorted(r["id"] for r in data["runbooks"]) == ["alpha", "beta", "gamma"]
    for r in data["runbooks"]:
        (c,) = r["changes"]
        assert (c["change"], c["id"], c["origin"]) == ("reworded", "health", "production-deploy")
        assert r["extends"] == ["production-deploy"]
    (impact,) = data["templates"]
    assert impact == {"template": "production-deploy", "runbooks": ["alpha", "beta", "gamma"], "changes": 3,
                      "file_changed": True, "summary": "template production-deploy: 3 runbooks affected"}
    rc, md, _ = cli("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=tmp_path)
    assert "- template production-deploy: 3 runbooks affected: `alpha`, `beta`, `gamma`" in md
    assert "*(from template `production-deploy`)*" in md


def test_git_setup_survives_the_virtualenv_going_away(repo: Path, cli) -> None:
    """The recorded command names no interpreter path: `git log -p` works from any install of
    runbooks on PATH, and shows raw YAML (never a fatal error) where there is none."""
    import os
    import sys

    rc, _, err = cli("git-setup", cwd=repo)
    assert rc == 0, err
    recorded = git(repo, "config", "diff.runbook.textconv").strip()
    assert sys.prefix not in recorded and sys.executable not in recorded and "runbooks textconv" in recorded
    commit(repo, "attributes")
    (repo / "docs/app.runbook.yml").write_text(APP.replace("Take a full backup", "Take a fresh backup"))
    commit(repo, "reword")
    venv_bin = os.path.dirname(sys.executable)
    with_runbooks = {**os.environ, "PATH": venv_bin + os.pathsep + "/usr/bin:/bin"}
    log = subprocess.run(["git", "log", "-p", "-1"], cwd=repo, env=with_runbooks, check=True,
                         capture_output=True, text=True).stdout
    assert "+  [ ] backup: Take a fresh backup" in log
    # the virtualenv is gone: no runbooks anywhere on PATH
    without = {**os.environ, "PATH": "/usr/bin:/bin"}
    assert subprocess.run(["sh", "-c", "command -v runbooks"], env=without, capture_output=True).returncode != 0
    proc = subprocess.run(["git", "log", "-p", "-1"], cwd=repo, env=without, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "+      - {id: backup, text: Take a fresh backup}" in proc.stdout  # the raw YAML
