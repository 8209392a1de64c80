"""Shared bits of the fillable-page browser tests: a runbook source and page helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RUNBOOK = """\
id: deploy
title: Deploy {{ project }}
version: "1.0.0"
vars: {project: Acme}
meta: {owner: DevOps Lead}
sections:
  - id: prep
    title: Prep
    items:
      - id: backup
        text: Take a backup
        severity: critical
        fields:
          - {id: size, type: number, label: Backup size, unit: MB}
          - {id: ok, type: yesno, label: Verified, na: true}
          - {id: result, type: choice, label: Result, options: [Success, Partial, Failed]}
          - {id: who, type: signature, label: Done by}
          - {id: notes, type: textarea, label: Notes}
          - {id: day, type: date, label: Day}
          - {id: at, type: time, label: At}
          - {id: ticket, type: text, label: Ticket}
        items:
          - id: backup-verify
            text: Verify the dump opens
      - id: announce
        text: Announce the window
        checked: true
      - id: info
        kind: note
        text: Remember the VPN.
  - id: ship
    title: Ship
    items:
      - id: migrate
        kind: step
        text: Run migrations
        severity: critical
        rollback: db-rollback
      - id: smoke
        kind: step
        text: Run smoke tests
        fields:
          - {id: count, type: number, label: Tests run, required: true}
procedures:
  - id: db-rollback
    title: Database rollback
    steps:
      - {id: stop-app, text: Stop the application, kind: step}
signoff:
  - {id: approval, title: Approval, roles: [QA Lead], fields: [name, signature, date]}
contacts:
  - {role: Primary on-call, name: "", phone: "", email: ""}
"""

PAGE = "deploy/"
HOME = "docs/index.md"


def files(source: str = RUNBOOK) -> dict[str, str]:
    return {"docs/deploy.runbook.yml": source, HOME: "# Home\n\nGo to the [deploy runbook](deploy.md).\n"}


def open_page(context: Any, url: str) -> Any:
    """Open a page and wait until runbooks.js has started on it and the page tools it fetches when idle
    (runs, Export, Reset, Print...) are there: a test of what works before them opens the page itself
    (test_tools_late.py); any other reading the tools' controls at once would race the fetch."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.rb_errors = errors  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector(".rb-runbook.rb-live")
    page.wait_for_function("() => !!(window.rbHooks && window.rbHooks.attach)")
    return page


def progress(page: Any) -> str:
    return page.text_content("[data-rb-progress]").strip()


def stored(page: Any) -> dict[str, Any]:
    """localStorage entries of runbooks.js: id -> record."""
    import json

    raw = page.evaluate("Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('rb|')))")
    return {k.rsplit("|", 1)[1]: json.loads(v) for k, v in raw.items()}


def export_run(page: Any) -> dict[str, Any]:
    """The page's run as its Export button downloads it (the context must accept downloads)."""
    with page.expect_download() as dl:
        page.click("[data-rb-action=export]")
    data: dict[str, Any] = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    return data


def import_run(page: Any, tmp_path: Path, data: object, name: str = "run.json") -> None:
    """Import ``data`` (JSON text, or a value written as JSON) as the file ``name`` through the page's Import."""
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    page.set_input_files("input[data-rb-action=import]", str(path))
