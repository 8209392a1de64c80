"""Every command of content/engines.md ("Choosing an engine"), run as written, per section, in a
small project. `pip install` lines are resolved with `pip install --dry-run` (this checkout stands
for `mkdocs-runbooks`); the engines' own virtualenvs come from scripts/setup."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, write_tree

PAGE = (REPO / "content" / "engines.md").read_text(encoding="utf-8")
RUNBOOK = """\
id: deploy
title: Deploy
version: "1.0"
sections:
  - id: prep
    title: Prepare
    items:
      - id: backup
        text: "List containers: {% raw %}`docker ps --format '{{ .Names }}'`{% endraw %}"
        rollback: restore
procedures:
  - id: restore
    title: Restore
    steps:
      - id: load
        text: Load the backup
"""
#: the virtualenv whose commands a section runs (besides .venv's `runbooks`)
SIDE = {"Backstage TechDocs": REPO / ".venv-techdocs", "Zensical": REPO / ".venv-zensical"}


def _sections() -> dict[str, list[tuple[str, str]]]:
    """Section title -> its fenced blocks in order, as (language, text)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for chunk in re.split(r"^## ", PAGE, flags=re.M)[1:]:
        title, _, body = chunk.partition("\n")
        out[title.strip()] = re.findall(r"```(\w+)\n(.*?)```", body, re.S)
    return out


SECTIONS = _sections()


def test_the_page_is_in_the_nav_and_has_every_engine() -> None:
    assert "engines.md" in (REPO / "mkdocs.yml").read_text()
    assert {"ProperDocs", "MkDocs 1.6", "Backstage TechDocs", "Zensical", "Engines without plugins"} <= set(SECTIONS)
    assert all(any(lang == "bash" for lang, _ in blocks) for blocks in SECTIONS.values())


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_command_of_the_section_runs(section: str, tmp_path: Path) -> None:
    side = SIDE.get(section)
    if side is not None and not (side / "bin" / "python").is_file():
        pytest.fail(f"{side} is missing: run ./scripts/setup")
    venv_bin = Path(sys.executable).parent
    path = [str(side / "bin")] if side else []
    env = {**os.environ, "PATH": os.pathsep.join([*path, str(venv_bin), os.environ["PATH"]]),
           "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "NO_COLOR": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    write_tree(tmp_path, {"docs/index.md": "# Home\n", "docs/deploy.runbook.yml": RUNBOOK})
    ran = 0
    for lang, text in SECTIONS[section]:
        if lang == "yaml" and text.startswith("# "):
            name = text.split("\n", 1)[0][2:].strip()
            (tmp_path / name).write_text(text, encoding="utf-8")
        if lang != "bash":
            continue
        for line in text.strip().splitlines():
            argv = shlex.split(line)
            if argv[:2] == ["pip", "install"]:  # resolve, do not install: this checkout stands in for the package
                pkgs = [a.replace("mkdocs-runbooks", str(REPO), 1) if a.startswith("mkdocs-runbooks") else a
                        for a in argv[2:]]
                python = (side or venv_bin.parent) / "bin" / "python"
                argv = [str(python), "-m", "pip", "install", "--dry-run", "--quiet", *pkgs]
            proc = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
            assert proc.returncode == 0, f"{line}\n{proc.stdout}\n{proc.stderr}"
            ran += 1
    assert ran >= 1
    for site in ("site", "zsite"):
        page = tmp_path / site / "deploy" / "index.html"
        if (tmp_path / site).is_dir():
            html = page.read_text(encoding="utf-8")
            assert re.search(r'data-rb-item="?backup', html) and "docker ps --format '{{ .Names }}'" in html
    if section in ("Zensical", "Engines without plugins"):
        assert (tmp_path / "rendered" / "deploy.md").is_file()
