"""Finding and checking a project's run files (``runs_dir``, ``*.run.json``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_runbooks.diagnostics import Diagnostics
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.pipeline import Compiled, compile_source, display_path, find_sources
from mkdocs_runbooks.resolve.templates import Templates
from mkdocs_runbooks.runs.check import check_run
from mkdocs_runbooks.runs.read import RunFile, read_run

SUFFIX = ".run.json"


def is_run_file(path: Path | str) -> bool:
    return str(path).endswith(SUFFIX)


def find_runs(runs_dir: Path | None) -> list[Path]:
    """Every ``*.run.json`` under runs_dir, in path order; none when it does not exist."""
    if runs_dir is None or not runs_dir.is_dir():
        return []
    return sorted(p for p in runs_dir.rglob("*" + SUFFIX) if p.is_file())


@dataclass
class CheckedRun:
    path: Path
    display: str
    run: RunFile | None
    diagnostics: Diagnostics


def check_runs(paths: list[Path], runbooks: dict[str, Runbook], display: dict[Path, str] | None = None) -> list[CheckedRun]:
    """Read and check each run file against the runbook it names (``runbooks``: id -> runbook)."""
    out = []
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        shown = (display or {}).get(path, path.as_posix())
        run, diags = read_run(path, shown)
        if run is not None:
            check_run(run, runbooks.get(run.runbook), diags)
            first = seen.setdefault((run.runbook, run.id), shown)
            if first != shown:
                diags.error(run.at.get("id", run.pos), "duplicate-run",
                            f"run '{run.id}' of '{run.runbook}' is also in {first}; keep one of the two files")
        out.append(CheckedRun(path, shown, run, diags))
    return out


def runbooks_by_id(compiled: list[Compiled], docs_dir: Path | None, templates_dir: Path | None) -> dict[str, Runbook]:
    """The runbooks run files may name: the compiled ones, and the rest of docs_dir's (compiled here)."""
    out = {c.runbook.id: c.runbook for c in compiled if c.runbook is not None}
    if docs_dir is None or not docs_dir.is_dir():
        return out
    done = {c.source.resolve() for c in compiled}
    templates = Templates(templates_dir)
    for src in find_sources(docs_dir):
        if src.resolve() not in done:
            c = compile_source(src, templates, display_path(src))
            if c.runbook is not None:
                out.setdefault(c.runbook.id, c.runbook)
    return out
