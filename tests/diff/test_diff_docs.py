"""The "Reviewing changes" page and the pre-commit hook stay true to the code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, write_tree

PAGE = REPO / "content" / "reviewing.md"


def block(marker: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    m = re.search(rf"<!-- diff-example:{marker} -->\n```[^\n]*\n(.*?)```", text, re.S)
    assert m, f"marker diff-example:{marker} missing from {PAGE}"
    return m.group(1)


def test_page_example_output_is_what_the_tool_prints(tmp_path: Path, cli) -> None:
    (tmp_path / "old.runbook.yml").write_text(block("old"))
    (tmp_path / "new.runbook.yml").write_text(block("new"))
    rc, out, err = cli("diff", "old.runbook.yml", "new.runbook.yml", cwd=tmp_path)
    assert rc == 0, err
    assert out == block("output")


def test_pre_commit_hook_runs_runbooks_check(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "runbooks-check" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    # any YAML: templates live wherever the config's templates_dir says (issue 16), not only in templates/
    for path in ("content/a.runbook.yml", "templates/base.yml", "mkdocs.yml", "docs/x/y.runbook.yaml",
                 "properdocs.yml", "shared/runbook-templates/base.yml"):
        assert files.search(path), path
    for path in ("content/index.md", "mkdocs.yml.bak"):
        assert not files.search(path), path
    # run the entry as pre-commit would: in the project root, on PATH
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: docs\nplugins: [runbooks]\n",
        "docs/a.runbook.yml": "id: a\ntitle: A\nsections:\n  - {id: s, title: S, items: [{id: i, text: X, rollback: nope}]}\n",
    })
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(hook["entry"].split(), cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "unknown procedure 'nope'" in proc.stdout
