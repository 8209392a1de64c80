"""Finding and checking a project's run files (``runs_dir``, ``*.run.json``)."""

from __future__ import annotations

from collections.abc import Callable
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
    """True for a ``*.run.json`` path."""
    return str(path).endswith(SUFFIX)


def find_runs(runs_dir: Path | None) -> list[Path]:
    """Every ``*.run.json`` under runs_dir, in path order; none when it does not exist."""
    if runs_dir is None or not runs_dir.is_dir():
        return []
    return sorted(p for p in runs_dir.rglob("*" + SUFFIX) if p.is_file())


@dataclass
class CheckedRun:
    """One run file checked: the run as read (None if unreadable) and what is wrong with it."""

    path: Path
    display: str
    run: RunFile | None
    diagnostics: Diagnostics


#: (runbook id, version) -> that version of the runbook, from git (None: not found)
AtVersion = Callable[[str, str], "Runbook | None"]


def check_runs(paths: list[Path], runbooks: dict[str, Runbook], display: dict[Path, str] | None = None,
               at_version: AtVersion | None = None) -> list[CheckedRun]:
    """Read and check each run file against the runbook it names (``runbooks``: id -> runbook), at the
    version the run names when ``at_version`` finds it in git, else the current one."""
    out = []
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        shown = (display or {}).get(path, path.as_posix())
        run, diags = read_run(path, shown)
        if run is not None:
            rb = runbooks.get(run.runbook)
            then = at_version(run.runbook, run.version) if rb is not None and at_version is not None \
                and run.version != (rb.version or "") else None
            check_run(run, then or rb, diags)
            first = seen.setdefault((run.runbook, run.id), shown)
            if first != shown:
                diags.error(run.at.get("id", run.pos), "duplicate-run",
                            f"run '{run.id}' of '{run.runbook}' is also in {first}; keep one of the two files")
        out.append(CheckedRun(path, shown, run, diags))
    return out


def runbooks_by_id(compiled: list[Compiled], docs_dir: Path | None,
                   templates_dir: Path | None) -> tuple[dict[str, Runbook], dict[str, Path]]:
    """The runbooks run files may name (id -> runbook, id -> source): the compiled ones, and the rest
    of docs_dir's (compiled here)."""
    out = {c.runbook.id: c.runbook for c in compiled if c.runbook is not None}
    where = {c.runbook.id: c.source for c in compiled if c.runbook is not None}
    if docs_dir is None or not docs_dir.is_dir():
        return out, where
    done = {c.source.resolve() for c in compiled}
    templates = Templates(templates_dir)
    for src in find_sources(docs_dir):
        if src.resolve() not in done:
            c = compile_source(src, templates, display_path(src))
            if c.runbook is not None and c.runbook.id not in out:
                out[c.runbook.id], where[c.runbook.id] = c.runbook, src
    return out, where


def git_versions(root: Path, templates_dir: Path | None, sources: dict[str, Path],
                 runbooks: dict[str, Runbook]) -> tuple[AtVersion, Callable[[], None]]:
    """An ``at_version`` lookup over the project's git history (the pages' "Changes"), and its closer."""
    from mkdocs_runbooks.diff.history import ChangeHistory  # git and the diff machinery: only when needed

    history: list[ChangeHistory] = []

    def at(runbook_id: str, version: str) -> Runbook | None:
        if runbook_id not in sources or runbook_id not in runbooks:
            return None
        if not history:
            history.append(ChangeHistory(root, Templates(templates_dir, root=root)))
        try:
            return history[0].runbook_at_version(sources[runbook_id], runbooks[runbook_id], version)
        except Exception:  # noqa: BLE001  (git trouble: check against the current version)
            return None

    def close() -> None:
        for h in history:
            h.close()

    return at, close
