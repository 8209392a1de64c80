"""Semantic diff of resolved runbooks: added, removed, moved, reworded, changed.

The engine compares models (never YAML lines); formatters turn the result
into text, Markdown (for pull request comments) or JSON (a contract).
"""

from __future__ import annotations

from mkdocs_runbooks.diff.changes import KINDS, AttrChange, Change, ProjectDiff, RunbookDiff, TemplateImpact
from mkdocs_runbooks.diff.engine import diff_runbooks
from mkdocs_runbooks.diff.inputs import DiffInputError, Side, load_side, load_sides
from mkdocs_runbooks.diff.project import diff_sides

__all__ = [
    "KINDS", "AttrChange", "Change", "ProjectDiff", "RunbookDiff", "TemplateImpact",
    "diff_runbooks", "diff_sides", "load_side", "load_sides", "Side", "DiffInputError",
]
