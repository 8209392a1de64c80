"""Turn CLI paths (files, directories, a project) into compiled sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_runbooks.errors import InputError
from mkdocs_runbooks.format.names import is_source_name
from mkdocs_runbooks.gcpause import gc_paused
from mkdocs_runbooks.pipeline import Compiled, check_all, compile_source, display_path, find_sources
from mkdocs_runbooks.project.layout import Project, config_in, find_project, load_project
from mkdocs_runbooks.resolve.templates import Templates


@dataclass
class Selection:
    """The runbook files to compile, the templates folder, and the project they came from (if any)."""
    files: list[Path]
    templates_dir: Path | None
    project: Project | None


def select(paths: list[str], templates_dir: str | None = None) -> Selection:
    """Files to compile: the given ones, or the project found from the current folder upward."""
    project: Project | None = None
    files: list[Path] = []
    if not paths:
        project = find_project()
        if project is None:
            raise InputError("no PATH given and no mkdocs.yml here or above (nor properdocs.yml); "
                             "name runbook files or a directory")
        files = find_sources(_docs_dir(project))
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            config = config_in(p)
            if config is not None:
                project = load_project(config)
                files.extend(find_sources(_docs_dir(project)))
            else:
                files.extend(find_sources(p))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"no such file or directory: {raw}")
    if project is None:
        project = find_project()
    tdir = templates_option(templates_dir) if templates_dir else (project.templates_dir if project else None)
    return Selection(files, tdir, project)


def templates_option(raw: str | None) -> Path | None:
    """``--templates DIR`` checked: a file or a missing folder is a usage error, not "no templates"."""
    if raw is None:
        return None
    path = Path(raw)
    if not path.is_dir():
        what = "is a file, not a folder" if path.exists() else "does not exist"
        raise InputError(f"--templates {raw}: {raw} {what}; name the templates folder")
    return path


def _docs_dir(project: Project) -> Path:
    """The project's docs_dir; a missing one is a usage error, not "0 runbooks, all clean"."""
    if not project.docs_dir.is_dir():
        raise InputError(f"docs_dir '{project.docs_dir}' of {project.config_file} is not a folder")
    return project.docs_dir


@gc_paused  # every model is kept to the end: the collector would walk them after each file, to free nothing
def compile_selection(sel: Selection) -> list[Compiled]:
    """Compile the selected files; the rest of the project is compiled too, but only as context.

    Cross-runbook references (`other#procedure`) and "unused procedure" need the
    whole project, so `runbooks check one.runbook.yml` (as pre-commit runs it)
    judges that file exactly as a full check would.
    """
    templates = Templates(sel.templates_dir)
    compiled = [compile_source(f, templates, display_path(f)) for f in sel.files]
    context: list[Compiled] = []
    if sel.project is not None and sel.project.docs_dir.is_dir():
        chosen = {f.resolve() for f in sel.files}
        context = [compile_source(f, templates, display_path(f)) for f in find_sources(sel.project.docs_dir)
                   if f.resolve() not in chosen]
    check_all(compiled + context)
    templates.entries()  # template files are checked even when no runbook uses them yet
    if templates.diagnostics.items and sel.templates_dir is not None:
        compiled.append(Compiled(sel.templates_dir, display_path(sel.templates_dir), None, templates.diagnostics))
    return compiled


def is_source(path: Path) -> bool:
    """True when `path` is a runbook source file (by its name)."""
    return is_source_name(path.name)
