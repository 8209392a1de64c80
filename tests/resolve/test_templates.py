"""Templates, fragments, variant operations, conditions and secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_tree

BASE = """\
id: base-deploy
title: Base deploy
description: The skeleton every deploy shares.
vars:
  project: {type: string, required: true, description: Project display name}
  database: {type: string, default: postgres}
  replicas: {type: number, default: 2}
  db_password: {type: string, secret: true, default: hunter2}
sections:
  - id: pre
    title: Pre-deploy for {{ project }}
    items:
      - {id: backup, text: "Back up {{ database }} with password {{ db_password }}", command: "pg_dump {{ project | lower }}"}
      - {id: mongo-only, text: Check the Mongo oplog, when: database == "mongodb"}
      - {id: pg-only, text: Check Postgres replication, when: database == "postgres"}
      - include: redis-checks
procedures:
  - id: db-rollback
    title: Database rollback
    steps: [{id: restore, text: Restore the dump}]
"""
PROD = """\
id: production-deploy
extends: base-deploy
title: Production deploy of {{ project }}
sections:
  - id: deploy
    title: Deploy
    items:
      - {id: ship, text: Ship it, kind: step, command: make deploy, rollback: db-rollback}
"""
REDIS = """\
id: redis-checks
fragment: true
title: Redis checks
items:
  - {id: redis-ping, text: Redis answers PING}
  - {id: redis-mem, text: Redis memory below 80%}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, runbooks]\n",
        "docs/index.md": "# Home\n",
        "templates/base.yml": BASE,
        "templates/prod.yml": PROD,
        "templates/fragments/redis.yml": REDIS,
    })
    return tmp_path


def export(cli, root: Path, rel: str) -> dict:
    rc, out, err = cli("export", rel, cwd=root)
    assert rc == 0, err
    return json.loads(out)


def items_of(data: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}

    def walk(sections: list[dict]) -> None:
        for s in sections:
            for i in s["items"]:
                out[i["id"]] = i
            walk(s["sections"])

    walk(data["sections"])
    return out


def variant(root: Path, text: str, name: str = "acme") -> str:
    rel = f"docs/{name}.runbook.yml"
    (root / rel).write_text(text)
    return rel


def test_multi_level_extends_and_provenance(project: Path, cli) -> None:
    rel = variant(project, "id: acme-production\nextends: production-deploy\nvars: {project: Acme}\n"
                           "sections:\n  - id: acme-extra\n    title: Acme only\n    items: [{id: acme-thing, text: Acme thing}]\n")
    data = export(cli, project, rel)
    assert data["extends"] == ["production-deploy", "base-deploy"]
    assert data["title"] == "Production deploy of Acme"
    items = items_of(data)
    assert items["backup"]["origin"] == "base-deploy"
    assert items["ship"]["origin"] == "production-deploy"
    assert items["redis-ping"]["origin"] == "redis-checks"
    assert items["acme-thing"]["origin"] == "acme-production"
    assert [s["id"] for s in data["sections"]] == ["pre", "deploy", "acme-extra"]
    assert data["sections"][0]["title"] == "Pre-deploy for Acme"
    assert items["backup"]["command"]["code"] == "pg_dump acme"
    assert data["procedures"][0]["undoes"] == ["ship"]


def test_conditions_follow_vars(project: Path, cli) -> None:
    rel = variant(project, "id: acme\nextends: production-deploy\nvars: {project: Acme, database: mongodb}\n")
    items = items_of(export(cli, project, rel))
    assert "mongo-only" in items and "pg-only" not in items
    rel = variant(project, "id: acme\nextends: production-deploy\nvars: {project: Acme}\n")
    items = items_of(export(cli, project, rel))
    assert "pg-only" in items and "mongo-only" not in items


def test_secret_is_never_rendered(project: Path, cli, site) -> None:
    rel = variant(project, "id: acme\nextends: production-deploy\nvars: {project: Acme, db_password: s3cr3t}\n")
    data = export(cli, project, rel)
    assert "s3cr3t" not in json.dumps(data) and "hunter2" not in json.dumps(data)
    assert "••••••" in items_of(data)["backup"]["text"]
    built = site({})
    html = built.html("acme")
    assert "s3cr3t" not in html and "hunter2" not in html
    assert "s3cr3t" not in (built.site / "search" / "search_index.json").read_text()


def test_operations(project: Path, cli) -> None:
    rel = variant(project, """\
id: acme
extends: production-deploy
vars: {project: Acme}
remove: [redis-mem]
replace:
  ship: {text: Ship with blue/green, kind: step, rollback: db-rollback}
insert:
  - {after: backup, items: [{id: verify-backup, text: Verify the backup}]}
  - {before: backup, items: [{id: announce, text: Announce the window}]}
  - {start: deploy, items: [{id: freeze, text: Freeze merges}]}
  - {end: deploy, items: [{id: smoke, text: Smoke tests}]}
  - {after: pre, sections: [{id: mid, title: Between, items: [{id: mid-1, text: Middle}]}]}
patch:
  backup: {command: "pg_dump -Fc acme", fields: [{id: size, type: number, unit: MB}]}
  restore: {text: Restore the Acme dump}
""")
    data = export(cli, project, rel)
    order = [i["id"] for i in data["sections"][0]["items"]]
    assert order == ["announce", "backup", "verify-backup", "pg-only", "redis-ping"]
    assert [s["id"] for s in data["sections"]] == ["pre", "mid", "deploy"]
    assert [i["id"] for i in data["sections"][2]["items"]] == ["freeze", "ship", "smoke"]
    items = items_of(data)
    assert items["ship"]["text"] == "Ship with blue/green" and items["ship"]["origin"] == "acme"
    assert items["backup"]["command"]["code"] == "pg_dump -Fc acme"
    assert items["backup"]["text"].startswith("Back up postgres")  # untouched keys survive a patch
    assert [f["id"] for f in items["backup"]["fields"]] == ["size"]
    assert data["procedures"][0]["steps"][0]["text"] == "Restore the Acme dump"


def test_patch_does_not_leak_into_other_variants(project: Path, cli) -> None:
    variant(project, "id: a\nextends: production-deploy\nvars: {project: A}\npatch: {backup: {text: Patched}}\n", "a")
    rel_b = variant(project, "id: b\nextends: production-deploy\nvars: {project: B}\n", "b")
    rc, out, err = cli("check", cwd=project)
    assert rc == 0, out + err
    assert items_of(export(cli, project, rel_b))["backup"]["text"].startswith("Back up")


ERRORS = [
    ("remove: [redis-men]\n", "5:10: error: remove: no element with id 'redis-men', did you mean 'redis-mem'? [unknown-target]"),
    ("patch:\n  bakup: {text: x}\n", "6:3: error: patch: no element with id 'bakup', did you mean 'backup'? [unknown-target]"),
    ("patch:\n  backup: {comand: x}\n", "6:12: error: cannot patch 'comand' of item, did you mean 'command'? [unknown-key]"),
    ("replace:\n  shipp: {text: x}\n", "6:3: error: replace: no element with id 'shipp', did you mean 'ship'? [unknown-target]"),
    ("insert:\n  - {after: bckup, items: [{id: z, text: Z}]}\n",
     "6:13: error: insert: no element with id 'bckup', did you mean 'backup'? [unknown-target]"),
    ("insert:\n  - {after: backup}\n", "6:5: error: an insert names one place"),
]


@pytest.mark.parametrize("ops,expected", ERRORS, ids=[e[0].split(":")[0] + str(i) for i, e in enumerate(ERRORS)])
def test_operation_errors_are_positioned(project: Path, cli, ops: str, expected: str) -> None:
    variant(project, "id: acme\nextends: production-deploy\nvars: {project: Acme}\n# ops\n" + ops)
    rc, out, _ = cli("check", cwd=project)
    assert rc == 1
    assert any(line.startswith("docs/acme.runbook.yml:" + expected) for line in out.splitlines()), out


def test_missing_required_var_is_one_error(project: Path, cli) -> None:
    variant(project, "id: acme\nextends: production-deploy\n")
    rc, out, _ = cli("check", cwd=project)
    assert rc == 1
    assert out.strip().splitlines() == [
        "docs/acme.runbook.yml:2:10: error: template 'base-deploy' requires var 'project' "
        "(Project display name); add it under vars [missing-var]"]


def test_wrong_var_type(project: Path, cli) -> None:
    variant(project, "id: acme\nextends: production-deploy\nvars: {project: Acme, replicas: many}\n")
    rc, out, _ = cli("check", cwd=project)
    assert "var 'replicas' must be a number, got 'many' [wrong-type]" in out


def test_undefined_var_in_condition(project: Path, cli) -> None:
    variant(project, "id: acme\ntitle: A\nsections:\n  - id: s\n    title: S\n    when: databse == 'x'\n")
    rc, out, _ = cli("check", cwd=project)
    assert rc == 1 and "docs/acme.runbook.yml:6:11: error: undefined variable 'databse' in condition" in out


def test_unknown_template_and_fragment(project: Path, cli) -> None:
    variant(project, "id: acme\nextends: prod-deploy\nvars: {project: A}\n", "a")
    variant(project, "id: b\ntitle: B\nsections:\n  - id: s\n    title: S\n    items:\n      - include: redis-chekcs\n", "b")
    rc, out, _ = cli("check", cwd=project)
    assert "docs/a.runbook.yml:2:10: error: unknown template 'prod-deploy'" in out and "did you mean 'production-deploy'?" in out
    assert "docs/b.runbook.yml:7:18: error: include: 'redis-chekcs' is not a known fragment, did you mean 'redis-checks'?" in out


def test_cycles_name_the_chain(project: Path, cli) -> None:
    write_tree(project, {
        "templates/a.yml": "id: cyc-a\nextends: cyc-b\ntitle: A\n",
        "templates/b.yml": "id: cyc-b\nextends: cyc-a\ntitle: B\n",
        "templates/loop.yml": "id: loop-frag\nfragment: true\nitems:\n  - include: loop-frag\n",
    })
    variant(project, "id: acme\nextends: cyc-a\n", "a")
    variant(project, "id: b\ntitle: B\nsections:\n  - id: s\n    title: S\n    items:\n      - include: loop-frag\n", "b")
    rc, out, _ = cli("check", cwd=project)
    assert rc == 1
    assert "extends cycle: cyc-a → cyc-b → cyc-a" in out
    assert "templates/loop.yml:4:14: error: include cycle: loop-frag → loop-frag [include-cycle]" in out


def test_template_pages_list_variants(project: Path, site) -> None:
    variant(project, "id: acme-production\nextends: production-deploy\nvars: {project: Acme}\n", "acme")
    variant(project, "id: globex-production\nextends: production-deploy\nvars: {project: Globex}\n", "globex")
    built = site({})
    page = built.html("runbook-templates/production-deploy")
    assert "acme-production" in page and "globex-production" in page and "Used by (2)" in page
    base = built.html("runbook-templates/base-deploy")
    assert "Used by (2)" in base and "Project display name" in base and "hunter2" not in base
    assert "Redis checks" in built.html("runbook-templates/redis-checks")
    assert "production-deploy" in built.html("runbook-templates")
    # provenance is on the page: template items vs project items
    html = built.html("acme")
    assert 'data-rb-origin="base-deploy"' in html and 'data-rb-origin="redis-checks"' in html
    assert "rb-from-project" not in html  # nothing project-specific in a plain variant
    assert 'class="rb-prov-toggle"' in html and 'href="../runbook-templates/production-deploy/"' in html


def test_project_items_are_marked(project: Path, site) -> None:
    variant(project, "id: acme\nextends: production-deploy\nvars: {project: Acme}\n"
                     "insert:\n  - {after: backup, items: [{id: verify-backup, text: Verify}]}\n")
    html = site({}).html("acme")
    assert html.count("rb-from-project") == 1
    assert "1 of 6 items is specific to this project" in html
    assert 'href="../runbook-templates/base-deploy/">base-deploy</a>' in html


def test_new_scaffolds_a_variant_that_checks_once_filled(project: Path, cli) -> None:
    rc, out, err = cli("new", "--template", "production-deploy", "--id", "acme-production", "-o", "docs", cwd=project)
    assert rc == 0, err
    path = project / "docs" / "acme-production.runbook.yml"
    text = path.read_text()
    assert "extends: production-deploy" in text and 'project: ""  # required: Project display name' in text
    assert "hunter2" not in text
    rc, out, _ = cli("check", cwd=project)
    assert rc == 1 and "requires var 'project'" in out  # an unfilled scaffold is not silently valid
    path.write_text(text.replace('project: ""', "project: Acme"))
    rc, out, err = cli("check", cwd=project)
    assert rc == 0, out + err
    rc, _, err = cli("new", "--template", "production-deploy", "--id", "acme-production", "-o", "docs", cwd=project)
    assert rc == 2 and "exists; pass --force" in err
    rc, _, err = cli("new", "--template", "production-deplo", "--id", "x", cwd=project)
    assert rc == 2 and "did you mean 'production-deploy'?" in err
