"""Hostile inputs found in review: each gives a clear message and a non-zero exit, never 'internal error'."""

from __future__ import annotations

from pathlib import Path

import pytest

OK = "id: ok\ntitle: OK\nsections:\n  - id: s\n    title: S\n    items: [{id: i, text: hi}]\n"


def _nested_items(levels: int) -> str:
    text = "id: deep\ntitle: Deep\nsections:\n  - id: s\n    title: S\n    items:\n"
    indent = "      "
    for n in range(levels):
        text += f"{indent}- id: a{n}\n{indent}  text: step {n}\n{indent}  items:\n"
        indent += "    "
    return text + f"{indent}- {{id: last, text: end}}\n"


# 300 levels, not 1,500: block YAML that deep is 13.6 MB, which the file-size limit (5 MB) now
# refuses first; the flow-style case below goes 500 levels deep in a kilobyte (libyaml itself stops at 1,000).
@pytest.mark.parametrize("text", [_nested_items(300), "id: d\ntitle: D\nvars: {x: " + "[" * 500 + "]" * 500 + "}\n"],
                         ids=["block", "flow"])
def test_too_deep_nesting_is_an_error_not_a_recursion_crash(tmp_path: Path, cli, text: str) -> None:
    (tmp_path / "deep.runbook.yml").write_text(text)
    rc, out, err = cli("check", "deep.runbook.yml", cwd=tmp_path)
    assert rc == 1, out + err
    assert "internal error" not in err
    line = next(x for x in out.splitlines() if "[too-deep]" in x)
    assert line.startswith("deep.runbook.yml:") and "nesting deeper than 100 levels" in line


def test_deep_but_allowed_nesting_compiles_and_exports(tmp_path: Path, cli) -> None:
    (tmp_path / "deep.runbook.yml").write_text(_nested_items(45))
    rc, out, err = cli("check", "deep.runbook.yml", cwd=tmp_path)
    assert rc == 0, out + err
    rc, out, err = cli("export", "deep.runbook.yml", "--format", "markdown", cwd=tmp_path)
    assert rc == 0 and "- [ ] end" in out, err


def test_control_character_is_positioned(tmp_path: Path, cli) -> None:
    (tmp_path / "ctl.runbook.yml").write_text("id: x\ntitle: \"a\x07b\"\n")
    rc, out, _ = cli("check", "ctl.runbook.yml", cwd=tmp_path)
    assert rc == 1
    assert out.startswith("ctl.runbook.yml:2:10: error: control character U+0007 is not allowed"), out


@pytest.mark.parametrize("config,message", [
    (b"site_name: x\nplugins:\n  - runbooks: 5\n", "the 'runbooks' plugin's options must be a mapping, got 5"),
    (b"site_name: x\n\xff\xfe\x00\n", "file is not valid UTF-8"),
    (b"site_name: [\n", "mkdocs.yml:2:1: cannot parse mkdocs config"),
    (b"site_name: x\ndocs_dir: [a]\n", "'docs_dir' must be a folder path, got ['a']"),
    (b"site_name: x\ndocs_dir: nope\n", "docs_dir"),
], ids=["options-not-mapping", "binary", "yaml-error", "docs-dir-list", "docs-dir-missing"])
def test_broken_mkdocs_yml(tmp_path: Path, cli, config: bytes, message: str) -> None:
    (tmp_path / "mkdocs.yml").write_bytes(config)
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 2, out + err
    assert "internal error" not in err and message in err, err


def test_missing_docs_dir_is_not_a_clean_check(tmp_path: Path, cli) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: nope\n")
    rc, _, err = cli("check", cwd=tmp_path)
    assert rc == 2 and "docs_dir" in err and "is not a folder" in err, err


def test_output_into_a_folder_or_under_a_file(tmp_path: Path, cli) -> None:
    (tmp_path / "ok.runbook.yml").write_text(OK)
    (tmp_path / "folder").mkdir()
    rc, _, err = cli("export", "ok.runbook.yml", "-o", "folder", cwd=tmp_path)
    assert rc == 2 and "cannot write folder: it is a folder" in err, err
    rc, _, err = cli("export", "ok.runbook.yml", "-o", "ok.runbook.yml/x.json", cwd=tmp_path)
    assert rc == 2 and "ok.runbook.yml is a file, not a folder" in err, err
    assert (tmp_path / "ok.runbook.yml").read_text() == OK


def test_import_out_dir_that_is_a_file(tmp_path: Path, cli) -> None:
    (tmp_path / "a.md").write_text("# A\n\n- [ ] one\n")
    (tmp_path / "b.md").write_text("# B\n\n- [ ] two\n")
    (tmp_path / "out").write_text("a file")
    rc, _, err = cli("import", "a.md", "b.md", "--out-dir", "out", cwd=tmp_path)
    assert rc == 2 and "out is a file, not a folder" in err and "internal error" not in err, err


def test_import_batch_writes_nothing_when_a_later_target_exists(tmp_path: Path, cli) -> None:
    (tmp_path / "a.md").write_text("# A\n\n- [ ] one\n")
    (tmp_path / "b.md").write_text("# B\n\n- [ ] two\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "b.runbook.yml").write_text("kept")
    rc, _, err = cli("import", "a.md", "b.md", "--out-dir", "out", cwd=tmp_path)
    assert rc == 2 and "exists; pass --force" in err
    assert not (tmp_path / "out" / "a.runbook.yml").exists()
    assert (tmp_path / "out" / "b.runbook.yml").read_text() == "kept"


def test_templates_dir_that_is_a_file_is_named(tmp_path: Path, cli) -> None:
    (tmp_path / "tpl").write_text("not a folder")
    (tmp_path / "v.runbook.yml").write_text("id: v\ntitle: V\nextends: base\n")
    # issue 16: a file given as --templates is a usage error, for every command
    rc, out, err = cli("check", "v.runbook.yml", "--templates", "tpl", cwd=tmp_path)
    assert rc == 2 and "--templates tpl: tpl is a file, not a folder" in err, out + err
    # the same file set as templates_dir in mkdocs.yml stays a positioned diagnostic
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: .\nplugins:\n  - runbooks: {templates_dir: tpl}\n")
    rc, out, _ = cli("check", "v.runbook.yml", cwd=tmp_path)
    assert rc == 1
    assert "v.runbook.yml:3:10: error: unknown template 'base' in " in out and "tpl is a file, not a folder" in out, out
    rc, _, err = cli("new", "--template", "base", "--id", "acme", "--templates", "tpl", cwd=tmp_path)
    assert rc == 2 and "tpl is a file, not a folder" in err, err


def test_non_ascii_id_gets_a_useful_suggestion_and_one_error(tmp_path: Path, cli) -> None:
    (tmp_path / "u.runbook.yml").write_text("id: ünï\ntitle: T\n", encoding="utf-8")
    rc, out, _ = cli("check", "u.runbook.yml", cwd=tmp_path)
    assert rc == 1
    assert out.splitlines() == [
        "u.runbook.yml:1:5: error: id 'ünï' is not a slug (lowercase letters, digits and '-'); try 'uni' [bad-id]"
    ]


def test_title_of_wrong_type_is_not_also_missing(tmp_path: Path, cli) -> None:
    (tmp_path / "t.runbook.yml").write_text("id: t\ntitle: [a, b]\n")
    rc, out, _ = cli("check", "t.runbook.yml", cwd=tmp_path)
    assert rc == 1
    assert [x.split(": error: ")[0] for x in out.splitlines()] == ["t.runbook.yml:2:8"], out
    assert "[missing-key]" not in out


def test_numeric_ids_keep_origin_in_the_export(tmp_path: Path, cli) -> None:
    """`id: 42` is the id '42'; the contract's `origin` must name it, never be empty."""
    import json

    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "t.yml").write_text("id: 42\ntitle: T\nsections: [{id: s, title: S, items: [{id: i, text: x}]}]\n")
    (tmp_path / "v.runbook.yml").write_text("id: 7\ntitle: V\nextends: 42\nsections: [{id: s2, title: S2, items: [{id: j, text: y}]}]\n")
    rc, out, err = cli("export", "v.runbook.yml", "--templates", "tpl", cwd=tmp_path)
    assert rc == 0, err
    data = json.loads(out)
    assert data["extends"] == ["42"]
    assert [(s["id"], s["origin"], s["items"][0]["origin"]) for s in data["sections"]] == [("s", "42", "42"), ("s2", "7", "7")]


FULL = """id: full
title: Full
sections:
  - id: deploy
    title: Deploy
    items:
      - {id: migrate, text: Migrate, kind: step, command: make migrate, rollback: undo,
         fields: [{id: took, type: number, unit: min}]}
procedures:
  - {id: undo, title: Undo, steps: [{id: revert, text: Revert}]}
triggers:
  - {id: errors, text: Errors up, procedure: undo}
signoff:
  - {id: approval, title: Approval, roles: [QA Lead], fields: [name, date]}
contacts:
  - {role: On call, name: "", phone: ""}
"""


def test_page_heading_ids_are_reserved(site) -> None:
    """Every id the page adds on its own is in check.PAGE_IDS, so a runbook id can never collide with it."""
    import re

    from mkdocs_runbooks.check.rules import PAGE_IDS

    html = site({"docs/full.runbook.yml": FULL}, strict=True).html("full/")
    body = html[html.index('class="rb-runbook"'):html.index("</article>")]
    own = {"deploy", "migrate", "undo", "revert", "errors", "approval"}
    extra = {i for i in re.findall(r'\bid="([^"]+)"', body)
             if i not in own and not i.startswith(("rb-", "__codelineno")) and "--from-" not in i
             and i != "approval-title"}
    assert extra, "the page has headings of its own (sign-off, contacts, ...)"
    assert extra <= set(PAGE_IDS), extra - set(PAGE_IDS)


def test_an_id_equal_to_a_page_heading_is_an_error(tmp_path: Path, cli) -> None:
    text = FULL.replace("id: deploy", "id: contacts").replace("id: revert", "id: approval-title")
    (tmp_path / "r.runbook.yml").write_text(text)
    rc, out, _ = cli("check", "r.runbook.yml", cwd=tmp_path)
    assert rc == 1
    assert "r.runbook.yml:4:9: error: id 'contacts' is used by the page's own 'contacts' heading" in out, out
    assert "duplicate id 'approval-title'" in out, out


def test_import_reads_utf16_with_a_bom(tmp_path: Path, cli) -> None:
    """Notepad and PowerShell write UTF-16; it was read as cp1252 and every line became NUL-laced prose."""
    (tmp_path / "win.md").write_bytes("# Déploiement\n\n## Avant\n\n- [ ] étape un\n- [x] two\n".encode("utf-16"))
    rc, out, err = cli("import", "win.md", cwd=tmp_path)
    assert rc == 0, err
    assert "title: Déploiement" in out and "text: étape un" in out and "checked: true" in out, out
    assert "input is UTF-16" in err and "cp1252" not in err, err


@pytest.mark.browser
@pytest.mark.parametrize("run,message", [
    ("not json at all", "it is not valid JSON"),
    ('{"format": "mkdocs-runbooks/run@1", "runbook": "other", "items": {}, "fields": {}}',
     'it is a run of runbook "other", not "full"'),
], ids=["not-json", "other-runbook"])
def test_pdf_refuses_a_state_file_the_page_rejects(site, tmp_path: Path, run: str, message: str) -> None:
    """--state went through the page's import and was waited for 300 ms: a rejected file printed an
    unfilled 'filled' sheet with exit 0. Now the page's verdict is awaited and a rejection is an error."""
    import subprocess
    import sys

    built = site({"docs/full.runbook.yml": FULL})
    (tmp_path / "run.json").write_text(run)
    out = tmp_path / "out.pdf"
    proc = subprocess.run([sys.executable, "-m", "mkdocs_runbooks", "pdf", "docs/full.runbook.yml", "-o", str(out),
                           "--site", str(built.site), "--state", str(tmp_path / "run.json")], cwd=built.root,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not out.exists()
