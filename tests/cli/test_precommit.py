"""The pre-commit configs of content/reviewing.md, run as written by a real `pre-commit` in a
temporary git repository (offline: `repo: local`, and a repository given by its path)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, write_tree
from gitrepo import git, init_repo

DOC = (REPO / "content" / "reviewing.md").read_text(encoding="utf-8")
SECTION = DOC[DOC.index("## A pre-commit hook"):DOC.index("## Site versions with mike")]
CONFIGS = re.findall(r"```yaml\n(.*?)```", SECTION, re.S)
LOCAL = next(c for c in CONFIGS if "repo: local" in c)
REMOTE = next(c for c in CONFIGS if "repo: local" not in c)
BIN = Path(sys.executable).parent

GOOD = "id: app\ntitle: App\nversion: '1'\nsections:\n  - id: s\n    title: S\n    items:\n      - {id: a, text: A}\n"
TEMPLATE = "id: base\ntitle: Base\nsections:\n  - id: common\n    title: Common\n    items:\n      - {id: t, text: T}\n"


def _repo(root: Path, config: str) -> None:
    init_repo(root)
    write_tree(root, {
        # templates in a folder of the project's choosing: the hook must notice changes there
        "mkdocs.yml": "site_name: x\nplugins:\n  - runbooks:\n      templates_dir: shared/runbook-templates\n",
        "docs/app.runbook.yml": GOOD.replace("version: '1'\n", "version: '1'\nextends: base\n"),
        "shared/runbook-templates/base.yml": TEMPLATE,
    })
    (root / ".pre-commit-config.yaml").write_text(config)
    git(root, "add", "-A")


def _precommit(root: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([str(BIN / "pre-commit"), "run", "--color", "never"], cwd=root, env=env,
                          capture_output=True, text=True, check=False, timeout=900)


def test_documented_local_config_runs_and_honours_templates_dir(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    _repo(root, LOCAL)
    ok = _precommit(root, tmp_path / "cache")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "runbooks check" in ok.stdout and "Passed" in ok.stdout
    git(root, "commit", "-q", "-m", "first")
    # only a template in the configured templates_dir is staged, and it is broken
    (root / "shared/runbook-templates/base.yml").write_text(TEMPLATE.replace("id: t, text: T", "id: t, txt: T"))
    git(root, "add", "-A")
    bad = _precommit(root, tmp_path / "cache")
    assert bad.returncode == 1, bad.stdout
    assert "Failed" in bad.stdout and "shared/runbook-templates/base.yml:7" in bad.stdout


def test_hooks_file_matches_the_documented_local_hook() -> None:
    shipped = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    local = yaml.safe_load(LOCAL)["repos"][0]["hooks"][0]
    assert local["id"] == shipped["id"] and local["files"] == shipped["files"]
    assert local["pass_filenames"] is shipped["pass_filenames"] is False
    assert local["entry"].startswith(shipped["entry"])


@pytest.mark.skipif(os.environ.get("RUNBOOKS_SKIP_PRECOMMIT_INSTALL") == "1", reason="asked to skip")
def test_documented_repository_config_installs_and_runs(tmp_path: Path) -> None:
    """The second form: pre-commit clones the repository at `rev` and pip-installs the hook."""
    mirror = tmp_path / "mkdocs-runbooks"
    # a clone of this project as committed, beside the user's project, as the docs describe
    subprocess.run(["git", "clone", "-q", str(REPO), str(mirror)], check=True, capture_output=True)
    git(mirror, "checkout", "-q", "-B", "main")
    root = tmp_path / "project"
    root.mkdir()
    _repo(root, REMOTE)
    result = _precommit(root, tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "runbooks check" in result.stdout and "Passed" in result.stdout
