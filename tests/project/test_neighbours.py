"""Living next to other plugins: mkdocs-macros (Jinja over every page), minify, techdocs-core."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, write_tree

SOURCE = """\
id: containers
title: Containers
sections:
  - id: inspect
    title: Inspect
    items:
      - id: list
        text: "List them: {% raw %}`docker ps --format '{{ .Names }}'`{% endraw %}"
        command: "docker ps --format '{% raw %}{{ .Names }}{% endraw %}'"
      - id: ok
        text: All running
        rollback: restart
procedures:
  - id: restart
    title: Restart
    steps:
      - id: again
        text: Restart the service
"""
CONFIG = """\
site_name: Neighbours
theme: {name: material}
plugins:
  - search
  - macros
  - runbooks
  - minify:
      minify_html: true
      minify_js: false
      htmlmin_opts: {remove_comments: true}
extra:
  team: Platform
"""


def test_macros_and_minify_leave_generated_pages_alone(site) -> None:
    built = site({"docs/c.runbook.yml": SOURCE, "docs/index.md": "# Home\n\nOwned by {{ extra.team }}.\n"},
                 strict=True, config=CONFIG)
    html = built.html("c")
    # the literal braces survive: neither eaten by a second Jinja pass nor an error
    assert html.count("docker ps --format '{{ .Names }}'") == 2, html
    # the page is whole: every control and the held-back blocks are in
    # (minify drops attribute quotes: the DOM is the same)
    assert re.search(r'data-rb-item="?list', html) and re.search(r'data-rb-item="?ok', html)
    assert "data-rb-toolbar" in html and "rb-held" not in html
    # one front matter block: its keys are read, never shown as page text
    assert "render_macros" not in html and "title:" not in html
    assert re.search(r"<title>Containers", html)
    # macros still render the user's own pages
    assert "Owned by Platform." in built.html("")
    assert re.search(r'id="?restart', html)


def test_generated_pages_have_no_jinja_comment_openers(site) -> None:
    """`{#` starts a Jinja comment: generated attribute lists never contain it."""
    from mkdocs_runbooks.project.neighbours import GENERATED_FRONT_MATTER

    built = site({"docs/c.runbook.yml": SOURCE})
    from mkdocs_runbooks.project.build import build_site

    out = build_site(built.root / "docs", built.root / "templates", built.root)
    assert out.pages and not out.errors
    for page in out.pages:
        assert "{#" not in page.markdown, page.src_uri
    assert GENERATED_FRONT_MATTER.startswith("---\n")


TECHDOCS_VENV = Path(os.environ.get("RUNBOOKS_TECHDOCS_VENV", str(REPO / ".venv-techdocs")))


def test_techdocs_core_build(tmp_path: Path) -> None:
    """Backstage TechDocs' plugin bundle pins its own MkDocs and Material, so it is built in a
    virtualenv of its own (scripts/setup makes it)."""
    mkdocs = TECHDOCS_VENV / "bin" / "mkdocs"
    if not mkdocs.is_file():
        pytest.skip(f"no techdocs-core virtualenv at {TECHDOCS_VENV}: run scripts/setup")
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: TD\nplugins:\n  - techdocs-core\n  - macros\n  - runbooks\n",
        "docs/index.md": "# Home\n", "docs/c.runbook.yml": SOURCE,
    })
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([str(mkdocs), "build", "--strict"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "c" / "index.html").read_text(encoding="utf-8")
    assert 'data-rb-item="list"' in html and "docker ps --format '{{ .Names }}'" in html
