"""The `runbooks` CLI as users run it: help, exit codes, formats, python -m."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import write_tree

GOOD = "id: demo\ntitle: Demo\nsections:\n  - id: s\n    title: S\n    items:\n      - {id: a, text: Do A, checked: true}\n"


def test_every_subcommand_has_help(cli) -> None:
    from mkdocs_runbooks.cli.main import get_parser

    sub = next(a for a in get_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    assert {"check", "export", "import", "new", "schema", "diff"} <= set(sub.choices)
    for name in sub.choices:
        try:
            cli(name, "--help")
        except SystemExit as e:
            assert e.code == 0
        else:  # pragma: no cover - argparse always exits on --help
            raise AssertionError("--help did not exit")


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    (tmp_path / "ok.runbook.yml").write_text(GOOD)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs_runbooks", "check", "ok.runbook.yml"], cwd=tmp_path,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "checked 1 runbook: 0 errors, 0 warnings" in proc.stderr


def test_check_uses_mkdocs_yml_when_no_path(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "site_name: T\ndocs_dir: pages\nplugins: [runbooks]\n",
                          "pages/a.runbook.yml": GOOD, "pages/b.runbook.yml": GOOD.replace("id: demo", "id: Demo")})
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 1
    assert out.startswith("pages/b.runbook.yml:1:5: error: id 'Demo' is not a slug")
    assert "checked 2 runbooks" in err


def test_check_json_format(tmp_path: Path, cli) -> None:
    (tmp_path / "bad.runbook.yml").write_text(GOOD.replace("{id: a, text: Do A, checked: true}", "id: a\n        text: A\n        comand: ls"))
    rc, out, _ = cli("check", "--format", "json", "bad.runbook.yml", cwd=tmp_path)
    assert rc == 1
    [d] = json.loads(out)
    assert d == {"path": "bad.runbook.yml", "line": 9, "col": 9, "severity": "error", "code": "unknown-key",
                 "message": "unknown key 'comand' in item, did you mean 'command'?"}


def test_strict_turns_warnings_into_failure(tmp_path: Path, cli) -> None:
    text = GOOD.replace("{id: a, text: Do A, checked: true}", "{id: a, text: Do A, fields: [{id: f, unit: MB}]}")
    (tmp_path / "w.runbook.yml").write_text(text)
    assert cli("check", "w.runbook.yml", cwd=tmp_path)[0] == 0
    rc, out, _ = cli("check", "--strict", "w.runbook.yml", cwd=tmp_path)
    assert rc == 1 and "[unused-key]" in out


def test_export_json_contract(tmp_path: Path, cli) -> None:
    (tmp_path / "ok.runbook.yml").write_text(GOOD + "procedures:\n  - {id: p, title: P, steps: [{id: s1, text: S1}]}\n")
    rc, out, _ = cli("export", "ok.runbook.yml", cwd=tmp_path)
    data = json.loads(out)
    item = data["sections"][0]["items"][0]
    assert item == {"id": "a", "text": "Do A", "kind": "check", "checked": True, "origin": "demo", "fields": [], "items": []}
    step = data["procedures"][0]["steps"][0]
    assert step["kind"] == "check" and step["origin"] == "demo" and step["fields"] == []
    assert data["procedures"][0]["undoes"] == [] and data["extends"] == []


def test_export_markdown_and_output_file(tmp_path: Path, cli) -> None:
    (tmp_path / "ok.runbook.yml").write_text(GOOD)
    # issue 16: a missing folder is an error, not a silent mkdir -p
    rc, _, err = cli("export", "ok.runbook.yml", "--format", "markdown", "-o", "out/page.md", cwd=tmp_path)
    assert rc == 2 and "folder out does not exist" in err and not (tmp_path / "out").exists(), err
    (tmp_path / "out").mkdir()
    rc, _, err = cli("export", "ok.runbook.yml", "--format", "markdown", "-o", "out/page.md", cwd=tmp_path)
    assert rc == 0, err
    page = (tmp_path / "out" / "page.md").read_text()
    assert page.startswith("# Demo") and "- [x] Do A" in page


def test_export_refuses_a_broken_source_and_writes_nothing(tmp_path: Path, cli) -> None:
    (tmp_path / "bad.runbook.yml").write_text("id: demo\ntitle: [\n")
    (tmp_path / "out.json").write_text("previous good export")
    rc, out, err = cli("export", "bad.runbook.yml", "-o", "out.json", "--force", cwd=tmp_path)
    assert rc == 1 and "bad.runbook.yml:3:1: error: YAML syntax error" in err
    assert (tmp_path / "out.json").read_text() == "previous good export"


def test_usage_errors_exit_2(tmp_path: Path, cli) -> None:
    rc, _, err = cli("check", "nope.runbook.yml", cwd=tmp_path)
    assert rc == 2 and "no such file or directory: nope.runbook.yml" in err
    rc, _, err = cli("check", cwd=tmp_path)
    assert rc == 2 and "no mkdocs.yml here" in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback only
        return r.read().decode()


def test_serve_rebuilds_when_a_template_changes(tmp_path: Path) -> None:
    """A real `mkdocs serve`: editing templates/ (outside docs_dir) rebuilds the variant's page."""
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [runbooks]\n",
        "docs/index.md": "# Home\n",
        "templates/t.yml": "id: tmpl\ntitle: T\nsections:\n  - id: s\n    title: S\n    items: [{id: a, text: Version one}]\n",
        "docs/v.runbook.yml": "id: v\nextends: tmpl\n",
    })
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/v/"
        deadline = time.time() + 60
        page = ""
        while time.time() < deadline:
            try:
                page = _get(url)
                break
            except OSError:
                time.sleep(0.3)
        assert "Version one" in page
        (tmp_path / "templates" / "t.yml").write_text((tmp_path / "templates" / "t.yml").read_text().replace("one", "two"))
        while time.time() < deadline and "Version two" not in page:
            time.sleep(0.5)
            try:
                page = _get(url)
            except OSError:
                pass
        assert "Version two" in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_checking_one_file_sees_the_rest_of_the_project(tmp_path: Path, cli) -> None:
    """pre-commit passes single files: a cross-runbook rollback must not look dangling."""
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: docs\nplugins: [runbooks]\n",
        "docs/db.runbook.yml": "id: db\ntitle: DB\nprocedures:\n  - {id: restore, title: Restore, steps: [{id: r1, text: Restore}]}\n",
        "docs/app.runbook.yml": "id: app\ntitle: App\nsections:\n  - id: s\n    title: S\n    items:\n"
                                "      - {id: migrate, text: Migrate, rollback: db#restore}\n",
    })
    rc, out, err = cli("check", "--strict", "docs/app.runbook.yml", cwd=tmp_path)
    assert rc == 0, out + err
    assert "checked 1 runbook" in err
    rc, out, _ = cli("check", "--strict", "docs/db.runbook.yml", cwd=tmp_path)
    assert rc == 0, out  # used from app: not an unused procedure
    (tmp_path / "docs" / "app.runbook.yml").write_text(
        (tmp_path / "docs" / "app.runbook.yml").read_text().replace("db#restore", "db#restor"))
    rc, out, _ = cli("check", "docs/app.runbook.yml", cwd=tmp_path)
    assert rc == 1 and "runbook 'db' has no procedure 'restor', did you mean 'restore'?" in out
