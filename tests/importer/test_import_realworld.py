"""Checklists written the way teams write them (tests/fixtures/import/real/): German, Spanish,
French and Japanese, a GitHub issue template, a Confluence export with status tables, a
Helm deploy full of template braces, a database migration form, a mobile release with
CRLF line ends and quoted boxes, severity-grouped abort criteria. Each holds the
invariant; together they build as one site with ``mkdocs build --strict``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from test_import_helpers import FIX, SEEDS, assert_invariant, box_lines

from conftest import mkdocs_build
from mkdocs_runbooks.importer import import_markdown

REAL = sorted((FIX / "real").glob("*.md"))


def load(name: str) -> tuple[Any, Any]:
    raw = (FIX / "real" / name).read_bytes()
    result = import_markdown(raw, source=name)
    return result, assert_invariant(raw, result, name=name.removesuffix(".md")).runbook


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_world_checklist_holds_the_invariant(path: Path) -> None:
    raw = path.read_bytes()
    assert box_lines(raw.decode("utf-8")), "a fixture without checkbox lines tests little"
    assert_invariant(raw, import_markdown(raw, source=path.name), name=path.stem)


def test_all_imports_build_strict_as_one_site(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """`runbooks import --out-dir` over every fixture and seed, then a strict MkDocs build."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Imports\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, runbooks]\n"
        "markdown_extensions: [attr_list, md_in_html, pymdownx.highlight, pymdownx.superfences]\n", encoding="utf-8")
    inputs = [*REAL, *sorted(FIX.glob("*.md")), *(sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])]
    code, _out, err = cli("import", *map(str, inputs), "--out-dir", str(docs))
    assert code == 0, err
    code, out, err = cli("check", "--strict", str(docs))
    assert code == 0, out + err
    mkdocs_build(tmp_path, strict=True)
    ids = [yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in docs.glob("*.runbook.yml")]
    assert len(ids) == len(set(ids)) == len(inputs)
    page = (tmp_path / "site" / "confluence-export" / "index.html").read_text(encoding="utf-8")
    assert 'data-rb-item="warm-cdn-cache-3-owner-ops"' in page


def test_german() -> None:
    r, rb = load("de-bereitstellung.md")
    assert [c["role"] for c in r.data["contacts"]] == ["Bereitschaft", "DBA"]
    assert r.data["signoff"][0]["roles"] == ["Release Manager", "Teamleitung"]
    item = next(i for i in rb.sections[2].items if i.text.startswith("Zahlungen"))
    assert item.fields[0].type == "yesno"
    assert [t.text for t in rb.triggers] == ["Fehlerrate > 2 % für 5 Minuten", "Zahlungsabbrüche > 1 %"]
    assert r.data["sections"][1]["items"][0]["rollback"] == "rollback-verfahren"


def test_spanish_glyph_boxes_and_groups() -> None:
    r, rb = load("es-despliegue.md")
    first = r.data["sections"][0]["items"]
    assert [(i["text"], i.get("checked", False)) for i in first[:3]] == [
        ("Revisar el changelog de la versión", False), ("Confirmar copia de seguridad de la base de datos", False),
        ("Avisar al equipo de soporte", True)]
    assert r.data["signoff"][0]["roles"] == ["Jefe de producto", "QA"]
    assert all(t.text.startswith("Crítico") for t in rb.triggers)
    assert r.data["contacts"][0]["email"] == "lucia@example.es"


def test_japanese() -> None:
    r, rb = load("ja-release.md")
    assert r.data["vars"] == {"SERVICE_NAME": "{{SERVICE_NAME}}"}
    assert [c["name"] for c in r.data["contacts"]] == ["佐藤", "鈴木"]
    assert rb.triggers[1].text == "> 30秒以上の応答遅延"
    deploy = rb.sections[1].items
    assert deploy[1].command.code.startswith("kubectl set image") and "{{ .Values.tag }}" in deploy[1].command.code


def test_confluence_status_tables() -> None:
    r, _rb = load("confluence-export.md")
    tasks = r.data["sections"][0]["items"]
    assert [i.get("checked", False) for i in tasks] == [True, False, False, True]
    assert "'Done' in a checkbox column read as ticked" in r.yaml
    matrix = r.data["sections"][2]["items"][0]
    assert matrix["kind"] == "note" and [(s["text"], s.get("checked", False)) for s in matrix["items"]] == [
        ("Staging", True), ("Production", False)]
    assert [c["name"] for c in r.data["contacts"]] == ["Dana Smith", "Raj Patel"]


def test_database_form_and_rollback_plan() -> None:
    r, rb = load("db-migration.md")
    assert "next_review" not in r.data.get("meta", {}) and "2025-03-01" in r.data["intro"]
    assert [t.text for t in rb.triggers] == ["Migration takes more than 30 minutes", "Error rate > 1% after cutover"]
    assert "intro" not in r.data["procedures"][0]  # the trigger list is not repeated as the intro
    expected = next(i for i in rb.sections[2].items if i.text == "Expected output")
    assert expected.kind == "note" and expected.command is None


def test_mobile_crlf_quotes_and_nested() -> None:
    r, _rb = load("mobile-release.md")
    assert b"\r\n" in (FIX / "real" / "mobile-release.md").read_bytes()
    qa = r.data["sections"][1]["items"]
    assert [i["text"] for i in qa[:2]] == ["Smoke test on iPhone SE", "Smoke test on Pixel 6"]
    assert [f["options"] for i in r.data["sections"][2]["items"][:1] for f in i["fields"]] == [["submitted", "approved"]]


def test_severity_groups_and_fix_forward() -> None:
    r, rb = load("incident-severity.md")
    assert {t.procedure for t in rb.triggers} == {"rollback-steps"}
    assert len(rb.triggers) == 3 and not any("Cosmetic" in t.text for t in rb.triggers)
    assert any("Cosmetic" in i["text"] and i["kind"] == "note" for s in r.data["sections"] for i in s.get("items", []))


def test_github_template_keeps_angle_placeholders() -> None:
    r, rb = load("github-release-issue.md")
    assert rb.title == "Release v<version>"
    texts = [i.text for s in rb.sections for i in s.items]
    assert "Homebrew formula PR opened: <link>" in texts
    assert any(t.startswith("Note: If the PyPI upload fails") for t in texts)
    assert [i["text"] for i in r.data["sections"][1]["items"][2]["items"]] == ["Linux", "macOS", "Windows"]
