"""A compiled site is a tree: reference counting frees it, with no work for the cyclic GC.

The pipeline pauses the collector while it runs (gcpause.py) and the plugin drops the
compiled models after on_pre_build; both only pay off if nothing makes a cycle.
"""

from __future__ import annotations

import gc
from pathlib import Path

from test_plugin_build import RUNBOOK

from conftest import write_tree
from mkdocs_runbooks.project.build import build_site

VARIANT = """\
id: web
extends: base
vars: {project: Web}
"""
TEMPLATE = """\
id: base
title: Deploy {{ project }}
vars: {project: {required: true}}
sections:
  - id: go
    title: Deploy phase
    items:
      - {id: ship, text: Ship it, kind: step, command: ./ship, rollback: undo}
procedures:
  - id: undo
    title: Undo
    steps: [{id: u1, text: Undo it}]
triggers:
  - {id: alarm, text: Alarm fires, procedure: undo}
"""


def test_a_built_site_leaves_no_cyclic_garbage(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/deploy.runbook.yml": RUNBOOK, "docs/web.runbook.yml": VARIANT,
                          "templates/base.yml": TEMPLATE})
    # a first build, of another site, imports what the pipeline loads lazily (markdown-it): a
    # `dataclass(slots=True)` leaves the class it replaced as cyclic garbage, once per process, not
    # per build. Another site, so the measured build still fills its own caches.
    write_tree(tmp_path / "warm", {"docs/other.runbook.yml": RUNBOOK.replace("Deploy", "Ship")})
    build_site(tmp_path / "warm" / "docs", tmp_path / "warm" / "templates", tmp_path / "warm", changes=False)
    gc.collect()
    built = build_site(tmp_path / "docs", tmp_path / "templates", tmp_path, changes=False)
    assert not built.errors, [d.format() for d in built.errors]
    assert len(built.pages) >= 3  # two runbooks and the procedures page at least
    del built
    assert gc.collect() == 0
