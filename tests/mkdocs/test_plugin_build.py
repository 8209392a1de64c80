"""Real MkDocs builds with the runbooks plugin."""

from __future__ import annotations

import json

import pytest
from mkdocs.exceptions import Abort

RUNBOOK = """\
# yaml-language-server: $schema=https://mkdocs-runbooks.dev/schema/runbook-v1.json
id: deploy
title: Deploy {{ project }}
version: 2.0.0
vars: {project: Acme}
meta: {owner: DevOps Lead, environment: production, last_updated: 2025-01-21, next_review: 2099-04-21}
sections:
  - id: db-migration
    title: "Phase 1: Database Migration"
    estimate: 10-15 min
    items:
      - id: run-migrations
        text: Run database **migrations** for {{ project }}
        kind: step
        command: npx prisma migrate deploy
        rollback: db-rollback
        fields:
          - {id: duration, type: number, label: Actual duration, unit: min}
          - {id: verified, type: yesno, na: true}
        items:
          - {id: check-logs, text: Check the migration logs}
      - {id: tell-team, text: Tell the team, kind: note}
procedures:
  - id: db-rollback
    title: Database Rollback
    steps: [{id: stop-app, text: Stop the application}]
triggers:
  - {id: error-rate, text: Error rate > 1% for 5 minutes, procedure: db-rollback}
signoff:
  - {id: approval, title: Approval, roles: [Engineering Manager, QA Lead]}
"""


def test_runbook_becomes_a_page(site) -> None:
    built = site({"docs/ops/deploy.runbook.yml": RUNBOOK})
    html = built.html("ops/deploy")
    assert "<h1" in html and "Deploy Acme" in html
    # anchors equal ids; hooks from DESIGN.md §5
    assert 'id="run-migrations"' in html
    assert 'data-rb-item="run-migrations"' in html
    assert 'data-rb-item="check-logs"' in html
    assert 'data-rb-item="tell-team"' not in html  # notes have no checkbox
    assert 'data-rb-field="run-migrations/duration"' in html
    assert html.count('data-rb-field="run-migrations/verified"') == 3  # yes, no, n/a radios
    assert 'data-rb-field="approval/engineering-manager/name"' in html
    assert 'data-rb-field="approval/qa-lead/date"' in html
    # inline Markdown went through the site's pipeline
    assert "Run database <strong>migrations</strong> for Acme" in html
    # the command is a highlighted block (Material adds the copy button to these)
    assert '<div class="highlight">' in html and "prisma" in html
    # sections in the TOC
    assert 'href="#db-migration"' in html
    # header metadata
    for text in ("2.0.0", "production", "DevOps Lead", "2025-01-21", "2099-04-21"):
        assert text in html
    # the YAML source is not published
    assert not (built.site / "ops" / "deploy.runbook.yml").exists()
    assert not list(built.site.rglob("*.runbook.yml"))


def test_search_finds_item_text(site) -> None:
    built = site({"docs/deploy.runbook.yml": RUNBOOK})
    index = json.loads((built.site / "search" / "search_index.json").read_text())
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Check the migration logs" in texts


def test_search_skips_form_controls_and_the_rollback_map(site) -> None:
    # Material's own data-search-exclude let text through after a nested </div>; these
    # blocks are now kept out of the page until search has indexed it.
    built = site({"docs/deploy.runbook.yml": RUNBOOK})
    index = json.loads((built.site / "search" / "search_index.json").read_text())
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Run database" in texts and "Stop the application" in texts
    for unindexed in ("Printed ____", "Your name", "Actual duration", "Rolled back by", "Undoes:", "DevOps Lead"):
        assert unindexed not in texts, unindexed
    html = built.html("deploy")  # ... and they are all on the page
    for shown in ("Printed", "Your name", "Actual duration", "Rolled back by", "Undoes:", "DevOps Lead"):
        assert shown in html, shown
    assert "rb-held-" not in html


def test_search_files_items_under_their_section(site) -> None:
    # Material ends a heading's search section where the heading's parent element ends: the
    # print wrapper around heading and first item made every later item a hit on the page's top
    two = RUNBOOK.replace("sections:\n", "sections:\n  - id: prep\n    title: Preparation\n    estimate: 7 min\n"
                          "    items:\n      - {id: freeze, text: Freeze the merges}\n"
                          "      - {id: announce, text: Announce the window, severity: critical}\n", 1)
    built = site({"docs/deploy.runbook.yml": two})
    docs = json.loads((built.site / "search" / "search_index.json").read_text())["docs"]
    by_location = {d["location"]: d for d in docs}
    assert by_location["deploy/"]["title"] == "Deploy Acme"  # the runbook's title
    prep, db = by_location["deploy/#prep"], by_location["deploy/#db-migration"]
    assert prep["title"] == "Preparation" and db["title"] == "Phase 1: Database Migration"
    assert "Freeze the merges" in prep["text"] and "Announce the window" in prep["text"]
    assert "Tell the team" in db["text"] and "Check the migration logs" in db["text"]
    assert "Freeze" not in by_location["deploy/"]["text"] and "Tell the team" not in by_location["deploy/"]["text"]
    # the section's counts and labels are not content: not indexed, still on the page
    texts = " ".join(d["text"] for d in docs)
    assert "2 items" not in texts and "7 min" not in texts
    assert by_location["deploy/#approval-title"]["text"] == ""  # a sign-off sheet is a form: its title only
    html = built.html("deploy")
    assert "2 items" in html and "7 min" in html and "Signature" in html and "Freeze the merges" in html


def test_nav_may_name_the_yaml_source(site) -> None:
    config = """\
site_name: T
docs_dir: docs
theme: {name: material}
nav:
  - Home: index.md
  - Deploy: ops/deploy.runbook.yml
plugins: [search, runbooks]
"""
    built = site({"docs/ops/deploy.runbook.yml": RUNBOOK}, config=config, strict=True)
    assert 'href="ops/deploy/"' in built.html("") or 'href="./ops/deploy/"' in built.html("")
    assert ">\n    Deploy\n" in built.html("") or "Deploy" in built.html("")


def test_required_extensions_are_added(site) -> None:
    config = "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [runbooks]\n"
    built = site({"docs/deploy.runbook.yml": RUNBOOK}, config=config)
    html = built.html("deploy")
    assert 'id="run-migrations"' in html and "<strong>migrations</strong>" in html
    assert "<pre><code" in html and "npx prisma migrate deploy" in html


def test_bad_source_fails_the_build_and_keeps_the_old_site(site, tmp_path) -> None:
    good = site({"docs/deploy.runbook.yml": RUNBOOK})
    before = good.html("deploy")
    (tmp_path / "docs" / "deploy.runbook.yml").write_text(RUNBOOK.replace("rollback: db-rollback", "rollback: db-rollbak"))
    with pytest.raises(Abort) as exc:
        site({})
    assert "docs/deploy.runbook.yml:16:19: error: item 'run-migrations': unknown procedure 'db-rollbak', " \
           "did you mean 'db-rollback'? [dangling-ref]" in exc.value.logs
    assert (tmp_path / "site" / "deploy" / "index.html").read_text() == before


def test_warnings_fail_strict_builds(site) -> None:
    text = RUNBOOK.replace("{id: duration, type: number, label: Actual duration, unit: min}",
                           "{id: duration, type: text, label: Actual duration, unit: min}")
    built = site({"docs/deploy.runbook.yml": text})
    assert any("'unit' only applies to number fields" in w for w in built.warnings)
    with pytest.raises(Abort):
        site({"docs/deploy.runbook.yml": text}, strict=True)


def test_generated_page_collides_with_real_page(site) -> None:
    with pytest.raises(Abort) as exc:
        site({"docs/deploy.runbook.yml": RUNBOOK, "docs/deploy.md": "# Hand-written\n"})
    assert "'docs/deploy.runbook.yml' would generate 'deploy.md', which already exists" in exc.value.logs


def test_plugin_can_be_disabled(site) -> None:
    config = "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins:\n  - runbooks: {enabled: false}\n"
    built = site({"docs/deploy.runbook.yml": RUNBOOK}, config=config)
    assert not (built.site / "deploy" / "index.html").exists()


def test_links_to_item_anchors_validate(site) -> None:
    """Deep links from other pages to items and triggers count as valid anchors (validation: anchors)."""
    config = """\
site_name: T
docs_dir: docs
theme: {name: material}
plugins: [search, runbooks]
validation:
  anchors: warn
"""
    page = "# Links\n\n[step](ops/deploy.md#run-migrations) [trigger](ops/deploy.md#error-rate) [section](ops/deploy.md#db-migration)\n"
    built = site({"docs/ops/deploy.runbook.yml": RUNBOOK, "docs/links.md": page}, config=config, strict=True)
    assert 'href="../ops/deploy/#run-migrations"' in built.html("links")
