"""One pipeline for every adapter: load -> parse -> resolve -> check.

The CLI and the MkDocs plugin both call these functions; neither
re-implements a stage.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_runbooks.check.rules import ProjectIndex, check
from mkdocs_runbooks.diagnostics import Diagnostic, Diagnostics, once
from mkdocs_runbooks.format.model import Runbook

# re-exported: callers of the pipeline find the source names here too (defined in format/names.py)
from mkdocs_runbooks.format.names import SOURCE_SUFFIX as SOURCE_SUFFIX
from mkdocs_runbooks.format.names import SOURCE_SUFFIXES as SOURCE_SUFFIXES
from mkdocs_runbooks.format.names import is_source_name as is_source_name
from mkdocs_runbooks.format.names import source_stem as source_stem
from mkdocs_runbooks.gcpause import gc_paused
from mkdocs_runbooks.load.parse import Parser
from mkdocs_runbooks.load.reader import load_file, load_text
from mkdocs_runbooks.resolve.resolver import resolve
from mkdocs_runbooks.resolve.rollback import referenced_elsewhere
from mkdocs_runbooks.resolve.templates import Templates


@dataclass
class Compiled:
    """One source after the pipeline; ``runbook`` is None when it has errors that stop it."""

    source: Path
    display: str
    runbook: Runbook | None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def ok(self) -> bool:
        """True when the source resolved and has no errors."""
        return self.runbook is not None and not self.diagnostics.errors


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a user would type it: relative to ``base`` (or cwd) when inside it."""
    base = base or Path.cwd()
    try:
        return os.path.relpath(path, base) if Path(path).resolve().is_relative_to(base.resolve()) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


@gc_paused
def compile_source(path: Path, templates: Templates | None = None, display: str | None = None) -> Compiled:
    """Load, parse and resolve one runbook source (checks run in ``check_all``)."""
    shown = display or display_path(path)
    loaded = load_file(str(path), shown)
    return _finish(path, shown, loaded.tree, loaded.diagnostics, templates)


@gc_paused
def compile_text(text: str, display: str, templates: Templates | None = None) -> Compiled:
    """Load, resolve and check ``text`` shown as ``display``; templates from ``templates``."""
    loaded = load_text(text, display)
    return _finish(Path(display), display, loaded.tree, loaded.diagnostics, templates)


def _finish(path: Path, shown: str, tree, diags: Diagnostics, templates: Templates | None) -> Compiled:  # type: ignore[no-untyped-def]
    if diags.errors and tree is None:
        return Compiled(path, shown, None, diags)
    parser = Parser(diags)
    runbook = parser.runbook(tree, shown)
    if runbook is None:
        return Compiled(path, shown, None, diags)
    resolved = resolve(runbook, parser.var_decls, templates, diags)
    return Compiled(path, shown, resolved, diags)


def index_of(compiled: list[Compiled]) -> ProjectIndex:
    """The project-wide index (runbook ids, procedures) of compiled sources, for cross-runbook checks."""
    index = ProjectIndex()
    for c in compiled:
        if c.runbook is not None:
            index.procedures[c.runbook.id] = {p.id for p in c.runbook.procedures}
            index.referenced |= referenced_elsewhere(c.runbook)
    return index


@gc_paused
def check_all(compiled: list[Compiled]) -> ProjectIndex:
    """Run the checks on every compiled source, with cross-runbook references."""
    index = index_of(compiled)
    seen: dict[str, Compiled] = {}
    pages: dict[str, Compiled] = {}
    for c in compiled:
        page = source_stem(str(c.source))
        if page in pages and c.runbook is not None:  # a.runbook.yml and a.runbook.yaml: one page, two sources
            c.diagnostics.error(
                c.runbook.pos, "duplicate-source",
                f"{pages[page].display} and this file would both make the page '{Path(page).name}'; "
                "keep one of them",
            )
        pages.setdefault(page, c)
        if c.runbook is None:
            continue
        first = seen.get(c.runbook.id)
        if first is not None:
            c.diagnostics.error(
                c.runbook.at.get("id", c.runbook.pos), "duplicate-runbook",
                f"runbook id '{c.runbook.id}' is already used by {first.display}; runbook ids must be unique",
            )
        seen.setdefault(c.runbook.id, c)
        check(c.runbook, c.diagnostics, index)
    return index


def all_diagnostics(compiled: list[Compiled]) -> list[Diagnostic]:
    """Every diagnostic, file by file, each once (a template's error recurs in each of its variants)."""
    return once(d for c in compiled for d in c.diagnostics.sorted())


def find_sources(docs_dir: Path) -> list[Path]:
    """Every ``*.runbook.yml`` and ``*.runbook.yaml`` under docs_dir, in a stable order."""
    return sorted(p for suffix in SOURCE_SUFFIXES for p in docs_dir.rglob(f"*{suffix}") if p.is_file())
