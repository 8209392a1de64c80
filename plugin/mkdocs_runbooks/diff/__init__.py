"""Semantic diff of resolved runbooks: added, removed, moved, reworded, changed.

The engine compares models (never YAML lines); formatters turn the result
into text, Markdown (for pull request comments) or JSON (a contract).
"""

from __future__ import annotations

from .changes import KINDS, AttrChange, Change, ProjectDiff, RunbookDiff, TemplateImpact
from .engine import diff_runbooks
from .inputs import DiffInputError, Side, load_side, load_sides
from .project import diff_sides

__all__ = [
    "KINDS", "AttrChange", "Change", "ProjectDiff", "RunbookDiff", "TemplateImpact",
    "diff_runbooks", "diff_sides", "load_side", "load_sides", "Side", "DiffInputError",
]
