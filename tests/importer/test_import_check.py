"""Importer output passes the core's own checks (load -> parse -> resolve -> check)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_helpers import SEEDS  # noqa: E402  (shared/ beside the repository, or further up)

from conftest import FIXTURES
from mkdocs_runbooks.importer import import_markdown
from mkdocs_runbooks.pipeline import check_all, compile_text

FIX = FIXTURES / "import"
INPUTS = (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []) + sorted(FIX.glob("*.md"))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_import_output_checks_clean(path: Path) -> None:
    result = import_markdown(path.read_bytes(), source=path.name)
    compiled = compile_text(result.yaml, f"{path.stem}.runbook.yml")
    check_all([compiled])
    errors = [d.format() for d in compiled.diagnostics.errors]
    assert compiled.runbook is not None and not errors, errors
    # Strict-clean too: a site of imports must build with `mkdocs build --strict`. The importer
    # wires rollbacks and triggers by (marked) guess rather than leave lint warnings behind.
    assert not [d.format() for d in compiled.diagnostics.warnings]
