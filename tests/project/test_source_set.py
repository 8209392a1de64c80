"""`*.runbook.yaml` is a runbook source like `*.runbook.yml`, everywhere (issue 13, "The source set")."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import BASE_CONFIG, REPO

SRC = "id: {id}\ntitle: {title}\nsections: [{{id: s, title: S, items: [{{id: i, text: x}}]}}]\n"


def test_yaml_extension_is_a_page_and_never_published_raw(site) -> None:
    built = site({"docs/ops/a.runbook.yaml": SRC.format(id="a", title="From yaml"),
                  "docs/b.runbook.yml": SRC.format(id="b", title="From yml")},
                 strict=True, config=BASE_CONFIG + "nav:\n  - index.md\n  - ops/a.runbook.yaml\n  - b.runbook.yml\n")
    assert "From yaml" in built.html("ops/a") and "From yml" in built.html("b")
    published = [p.name for p in built.site.rglob("*") if p.is_file()]
    assert not [n for n in published if n.endswith((".runbook.yml", ".runbook.yaml"))], published
    assert 'href="ops/a/"' in built.html("") or 'href="./ops/a/"' in built.html("") or "ops/a/" in built.html("")


def test_check_sees_both_extensions(tmp_path: Path, cli) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(BASE_CONFIG)
    (tmp_path / "docs" / "a.runbook.yaml").write_text(SRC.format(id="a", title="A"))
    (tmp_path / "docs" / "b.runbook.yml").write_text("id: b\ntitle: B\nsections: [{id: s, title: S, items: [{id: i, text: x, checked: yes}]}]\n")
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 1 and "checked 2 runbooks" in err + out
    (tmp_path / "docs" / "b.runbook.yml").unlink()
    (tmp_path / "docs" / "c.runbook.yaml").write_text("id: c\ntitle: C\nsections: [{id: s, title: S, items: [{id: i, text: x, checked: yes}]}]\n")
    rc, out, err = cli("check", "docs", cwd=tmp_path)
    assert rc == 1 and "docs/c.runbook.yaml:3:" in out and "[wrong-type]" in out


def test_same_page_from_both_extensions_is_an_error(tmp_path: Path, cli) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(BASE_CONFIG)
    (tmp_path / "docs" / "a.runbook.yml").write_text(SRC.format(id="a", title="A"))
    (tmp_path / "docs" / "a.runbook.yaml").write_text(SRC.format(id="a2", title="A2"))
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 1 and "would both make the page 'a'; keep one of them [duplicate-source]" in out, out


def test_pre_commit_hook_pattern_matches_both() -> None:
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    pattern = re.compile(hook["files"])
    for name in ("content/a.runbook.yml", "content/x/a.runbook.yaml", "templates/t.yml", "templates/f/t.yaml"):
        assert pattern.search(name), name
