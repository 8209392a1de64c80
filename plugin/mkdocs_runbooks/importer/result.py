"""Result types of the importer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs_runbooks.format.spec import SCHEMA_COMMENT as SCHEMA_COMMENT  # re-exported: the one definition lives in spec.py


@dataclass(frozen=True)
class ImportWarning:
    """A warning about the Markdown input: 1-based line and column, and the message."""
    line: int  # 1-based line in the Markdown input
    col: int
    message: str

    def format(self, source: str) -> str:
        """`source:line:col: warning: message [import]` (the diagnostics format of DESIGN.md)."""
        return f"{source}:{self.line}:{self.col}: warning: {self.message} [import]"


@dataclass
class ImportResult:
    """What import_markdown made: the runbook tree, its YAML text and the warnings."""
    data: dict[str, Any]
    yaml: str
    warnings: list[ImportWarning] = field(default_factory=list)
