"""The "Changes" section of runbook pages, from git history (real repositories, real MkDocs builds)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import BASE_CONFIG, write_tree
from gitrepo import commit, init_repo
from mkdocs_runbooks.project.cache import project_key

APP = """\
id: app
title: App deploy
version: 1.0.0
sections:
  - id: prep
    title: Prep
    items:
      - {id: backup, text: Take a full backup}
      - {id: disk, text: Check disk space, command: df -h}
"""
TEMPLATE = """\
id: base-deploy
title: Deploy of {{ project }}
vars:
  project: {type: string, required: true}
sections:
  - id: pre
    title: Pre-deploy
    items:
      - {id: health, text: Check health}
"""
VARIANT = "id: acme\nversion: 1.0.0\nextends: base-deploy\nvars: {project: Acme}\n"


def test_changes_section_lists_versions_and_tags(tmp_path: Path, site, monkeypatch) -> None:
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    monkeypatch.setenv("RUNBOOKS_CACHE_DIR", str(cache))
    init_repo(tmp_path)
    base = {"mkdocs.yml": BASE_CONFIG, "docs/index.md": "# Home\n"}
    commit(tmp_path, "v1", {**base, "docs/app.runbook.yml": APP, "templates/base.yml": TEMPLATE,
                      "docs/acme.runbook.yml": VARIANT})
    v11 = APP.replace("Take a full backup", "Take a fresh backup").replace("1.0.0", "1.1.0")
    commit(tmp_path, "reword backup, 1.1.0", {"docs/app.runbook.yml": v11})
    commit(tmp_path, "disk command", {"docs/app.runbook.yml": v11.replace("df -h", "df -h /var")})
    commit(tmp_path, "release", {"README": "release notes\n"}, tag="release-3")  # a tag after a change
    commit(tmp_path, "not released yet", {"docs/app.runbook.yml": v11.replace("df -h", "df -h /var") +
                      "      - {id: lock, text: Lock deploys}\n"})
    # a template change reaches its variant's page
    commit(tmp_path, "template wording", {"templates/base.yml": TEMPLATE.replace("Check health", "Check health endpoints"),
                      "docs/acme.runbook.yml": VARIANT.replace("1.0.0", "1.0.1")})

    built = site({})
    html = built.html("app")
    assert 'id="changes"' in html
    section = html[html.index('id="changes"'):]
    unreleased, released, first = (section.index(s) for s in ("Unreleased", "release-3", "1.1.0"))
    assert unreleased < released < first  # newest first
    assert 'Added item <a href="#lock">lock</a>: Lock deploys' in section
    assert 'Changed item <a href="#disk">disk</a>: command <code>df -h</code> → <code>df -h /var</code>' in section
    assert 'Reworded item <a href="#backup">backup</a>: Take a <del>full</del><ins>fresh</ins> backup' in section
    assert "1.0.0" not in section.split("1.1.0", 1)[1].split("</details>")[0]  # the version is the heading
    acme = built.html("acme")
    assert 'Reworded item <a href="#health">health</a>: Check health<ins> endpoints</ins>' in acme
    assert "<strong>1.0.1</strong>" in acme
    # a second build reads the diffs from the cache and shows the same thing
    (cached,) = cache.glob("*/changes.json")  # $RUNBOOKS_CACHE_DIR/<project>/, beside the page cache
    assert cached.parent == cache / project_key(tmp_path) and cached.stat().st_size > 0
    again = site({}).html("app")
    assert again[again.index('id="changes"'):] == section


def test_no_changes_section_outside_git(site) -> None:
    built = site({"docs/app.runbook.yml": APP})
    assert 'id="changes"' not in built.html("app")
    assert not built.warnings


def _german_repo(root: Path, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """A German site in a new repository, APP committed as v1 (a cache of its own); its config."""
    monkeypatch.setenv("RUNBOOKS_CACHE_DIR", str(root.parent / f"{root.name}-cache"))
    init_repo(root)
    german = BASE_CONFIG.replace("  name: material\n", "  name: material\n  language: de\n", 1)
    commit(root, "v1", {"mkdocs.yml": german, "docs/index.md": "# Home\n", "docs/app.runbook.yml": APP})
    return german


def test_changes_section_speaks_the_site_language(tmp_path: Path, site, monkeypatch) -> None:
    """A German site's "Changes" section: heading, version labels and phrases German; the runbook's words as written."""
    from langscan import english_found, english_pieces, visible_text

    german = _german_repo(tmp_path, monkeypatch)
    v11 = APP.replace("Take a full backup", "Take a fresh backup").replace("1.0.0", "1.1.0")
    commit(tmp_path, "reword backup, 1.1.0", {"docs/app.runbook.yml": v11})
    commit(tmp_path, "not released yet", {"docs/app.runbook.yml": v11.replace("df -h", "df -h /var") +
                      "      - {id: lock, text: Lock deploys}\n"})

    html = site({}, config=german).html("app")
    section = html[html.index(">", html.index('id="changes"')) + 1:]  # from the heading's text on
    assert ">Änderungen<" in html and "<strong>Unveröffentlicht</strong>" in section
    assert "2 Änderungen" in section and "1 Änderung<" in section
    assert 'Hinzugefügt: Punkt <a href="#lock">lock</a>: Lock deploys' in section
    assert 'Geändert: Punkt <a href="#disk">disk</a>: command <code>df -h</code> → <code>df -h /var</code>' in section
    assert 'Umformuliert: Punkt <a href="#backup">backup</a>: Take a <del>full</del><ins>fresh</ins> backup' in section
    # no English word of the table's changes.* texts (the runbook's own words are the author's)
    pieces = {p: k for p, k in english_pieces("de", APP).items() if k.startswith("changes.")}
    assert len(pieces) >= 8
    assert not english_found(visible_text(section), pieces)


def test_a_version_named_unreleased_is_shown_as_written(tmp_path: Path, site, monkeypatch) -> None:
    """Only the versions without a name of their own are translated: on a German site a version
    literally named "Unreleased" stays "Unreleased", and the changes after it are "Unveröffentlicht"."""
    german = _german_repo(tmp_path, monkeypatch)
    named = APP.replace("Take a full backup", "Take a fresh backup").replace("1.0.0", "Unreleased")
    commit(tmp_path, "a version named Unreleased", {"docs/app.runbook.yml": named})
    commit(tmp_path, "not released yet", {"docs/app.runbook.yml": named.replace("df -h", "df -h /var")})

    html = site({}, config=german).html("app")
    section = html[html.index('id="changes"'):]
    labels = re.findall(r"<summary><strong>([^<]*)</strong>", section)
    assert labels == ["Unveröffentlicht", "Unreleased"], labels  # newest first
    # the history: a run of the version named "Unreleased" is found as that version, not as "not released"
    from mkdocs_runbooks.diff.changelog import UNRELEASED, Entry, changes_markdown
    from mkdocs_runbooks.diff.history import ChangeHistory
    from mkdocs_runbooks.format.model import Runbook
    from mkdocs_runbooks.i18n import strings_for
    from mkdocs_runbooks.resolve.templates import Templates

    history = ChangeHistory(tmp_path, Templates(None, root=tmp_path))
    try:
        current = Runbook("app", "App deploy", version="Unreleased")
        at = history.runbook_at_version(tmp_path / "docs/app.runbook.yml", current, "Unreleased")
        assert at is not None and at.version == "Unreleased" and "fresh" in at.sections[0].items[0].text
        assert at.sections[0].items[1].command.code == "df -h"  # as released, before the unreleased change
    finally:
        history.close()
    # and as data: the label without a name is translated, the one named so is not
    de = strings_for("de")
    out = changes_markdown([Entry(UNRELEASED, "d", "abc1234", [], [], "def"), Entry("Unreleased", "d", "def", [], [], "")],
                           Runbook("app"), de)
    assert re.findall(r"<strong>([^<]*)</strong>", out) == ["Unveröffentlicht", "Unreleased"]


def _versioned(k: int) -> str:
    """APP at version 1.k.0, with an item only that version has."""
    return APP.replace("1.0.0", f"1.{k}.0") + f"      - {{id: only-{k}, text: Only in 1.{k}.0}}\n"


def test_a_run_of_an_old_version_is_checked_against_that_version(tmp_path: Path, cli, monkeypatch) -> None:
    """Eight versions; a run of the 7th-newest (1.1.0) ticks the item only 1.1.0 has: checked against
    1.1.0 from git, that is no warning; and the lookup finds every version, past the commits a
    build reads (max_commits) too, as the commit that set it."""
    import json

    from test_runs_files import a_run

    from mkdocs_runbooks.diff.history import ChangeHistory
    from mkdocs_runbooks.resolve.templates import Templates

    monkeypatch.setenv("RUNBOOKS_CACHE_DIR", str(tmp_path.parent / f"{tmp_path.name}-cache"))
    init_repo(tmp_path)
    commit(tmp_path, "1.0.0", {"mkdocs.yml": BASE_CONFIG, "docs/index.md": "# Home\n", "docs/app.runbook.yml": _versioned(0)})
    for k in range(1, 8):
        commit(tmp_path, f"1.{k}.0", {"docs/app.runbook.yml": _versioned(k)})
        if k == 3:  # an edit that keeps the version: the version is the commit that set it
            commit(tmp_path, "edit", {"docs/app.runbook.yml": _versioned(k) + "      - {id: later, text: Later}\n"})
        commit(tmp_path, "other work", {"docs/index.md": f"# Home {k}\n"})  # commits that leave the runbook alone

    run = a_run(runbook="app", version="1.1.0", items={"only-1": {"checked": True, "at": "2025-01-21T10:05:00+01:00", "by": "Ada"}},
                fields={}, log=[])
    write_tree(tmp_path, {"runs/r.run.json": json.dumps(run, indent=2)})
    code, out, _ = cli("check", "--format", "json", "--base", "", cwd=tmp_path)
    assert json.loads(out) == [] and code == 0, out

    history = ChangeHistory(tmp_path, Templates(None, root=tmp_path), max_commits=3)
    try:
        from mkdocs_runbooks.pipeline import compile_source

        source = tmp_path / "docs/app.runbook.yml"
        current = compile_source(source, Templates(None, root=tmp_path), "app").runbook
        assert current is not None
        for k in range(8):
            at = history.runbook_at_version(source, current, f"1.{k}.0")
            assert at is not None and at.version == f"1.{k}.0", k
            ids = {i.id for i in at.sections[0].items}
            assert f"only-{k}" in ids and not {f"only-{j}" for j in range(8) if j != k} & ids and "later" not in ids, (k, ids)
        assert history.runbook_at_version(source, current, "0.9.0") is None
    finally:
        history.close()
    # the record's "Changes since this run": every version after 1.1.0, past the five a page lists
    history = ChangeHistory(tmp_path, Templates(None, root=tmp_path))
    try:
        since = history.entries_since(source, current, "1.1.0")
        assert since is not None and [e.label for e in since] == [f"1.{k}.0" for k in range(7, 1, -1)]
        assert len(history.entries(source, current)) == 5
        assert history.entries_since(source, current, "0.9.0") is None
    finally:
        history.close()
